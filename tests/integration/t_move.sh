#!/usr/bin/env bash
# Moving an indicator between instances (shards) with its journal records:
# instance A holds x and y; --journal-export x (beside the running A) gives
# x's records byte for byte under the header; --journal-import into B
# (whose config has x) is refused while B runs, appends them once B is
# stopped, and B then serves x's values with A's stored times. A second
# import appends nothing; a changed digit, and an id B does not have, are
# refused with FILE:LINE and leave B's journal as it was.
. "$(dirname "$0")/lib.sh"

conf() {	# conf FILE DATA_DIR INDICATORS...
	local f=$1 d=$2 id ind=""
	shift 2
	for id in "$@"; do
		ind="$ind${ind:+,} { id = \"$id\"; unit = \"count\"; feed = \"manual\"; }"
	done
	cat > "$f" <<CONF
listen = "127.0.0.1:0";
data_dir = "$d";
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( $ind );
CONF
}
push() {
	curl -s -H 'Authorization: Bearer token-for-tests' --data-binary "$1" \
	    "http://127.0.0.1:$PORT/api/v1/observations"
}
series() {	# series ID: [period, value, stored, revised] of each point
	curl -s "http://127.0.0.1:$PORT/api/v1/indicators/$1" |
	    jq -c '[.series[] | [.period, .value, .stored, .revised]]'
}
H3='# indicatord journal 3: indicator period value feed source stored crc32c'
conf "$T/a.conf" "$T/a" x y
conf "$T/b.conf" "$T/b" x z
JA=$T/a/journal
JB=$T/b/journal

start_daemon "$T/a.conf" || { not_ok "A starts"; done_testing; exit 1; }
is "$(push $'x,2018,10.5\nx,2019,20\ny,2019,7\nx,2020,1e-7')" \
    '{"received":4,"stored":4,"unchanged":0}' "A: push x and y"
sleep 1.1	# the revision in a later second: its own stored time
is "$(push $'x,2019,21\ny,2020,8')" '{"received":2,"stored":2,"unchanged":0}' \
    "A: revise x 2019"
sa=$(series x)
is "$(jq -c '[.[] | [.[0], .[1], .[3]]]' <<<"$sa")" \
    '[["2018",10.5,false],["2019",21,true],["2020",1e-07,false]]' "A serves x"

"$BIN" --journal-export x -c "$T/a.conf" > "$T/moved.journal" 2> "$T/exp.err"
is "$?" 0 "--journal-export x beside the running A exits 0"
is "$(cat "$T/exp.err")" "exported 4 records of 1 indicator from $JA" \
    "and says what it wrote on stderr"
is "$(cat "$T/moved.journal")" "$H3"$'\n'"$(grep -P '^x\t' "$JA")" \
    "the header, then x's records byte for byte in journal order"
"$BIN" --journal-export x,nope,y,other -c "$T/a.conf" > "$T/none.journal" 2> "$T/none.err"
is "$?" 1 "an id without records: exit 1"
is "$(cat "$T/none.err")" "$JA: no record of \"nope\", \"other\": nothing exported" \
    "naming every such id"
is "$(wc -c < "$T/none.journal")" 0 "and nothing on stdout"
"$BIN" --journal-export 'x,Bad!' -c "$T/a.conf" > /dev/null 2> "$T/bad.err"
is "$?-$(cat "$T/bad.err")" '1---journal-export: "Bad!" is not an indicator id' \
    "a malformed id is named"
"$BIN" --journal-export x --journal-import "$T/moved.journal" -c "$T/a.conf" > /dev/null 2> "$T/both.err"
is "$?-$(head -1 "$T/both.err")" "2-indicatord: --journal-export or --journal-import, not both" \
    "both at once: a usage error"
stop_daemon || not_ok "A exits 0"

# B runs with x (no data yet) and z.
start_daemon "$T/b.conf" || { not_ok "B starts"; done_testing; exit 1; }
is "$(push 'z,2021,3')" '{"received":1,"stored":1,"unchanged":0}' "B: push z"
sz=$(series z)
sum=$(md5sum < "$JB")
"$BIN" --journal-import "$T/moved.journal" -c "$T/b.conf" > "$T/imp.out" 2> "$T/imp.err"
is "$?" 1 "--journal-import while B runs on that data_dir: exit 1"
is "$(cat "$T/imp.err")" \
    "$JB: in use by process $PID (an indicatord or an import on this data_dir): stop it first" \
    "refused, naming the daemon's pid"
is "$(md5sum < "$JB")" "$sum" "B's journal unchanged"
err=$("$BIN" -c "$T/b.conf" 2>&1); rc=$?
is "$rc-${err#* }" \
    "1-fatal: $JB: in use by process $PID (an indicatord or an import on this data_dir): stop it first" \
    "a second indicatord on B's data_dir is refused too"
stop_daemon || not_ok "B exits 0"

# Damaged or foreign input: nothing appended.
sed '3s/\t20\t/\t29\t/' "$T/moved.journal" > "$T/tampered.journal"
is "$(cmp -s "$T/moved.journal" "$T/tampered.journal"; echo $?)" 1 "(one digit of line 3 changed)"
sum=$(md5sum < "$JB")
"$BIN" --journal-import "$T/tampered.journal" -c "$T/b.conf" > "$T/imp.out" 2> "$T/imp.err"
is "$?-$(cat "$T/imp.err")" \
    "1-$T/tampered.journal:3: the checksum does not match the record (changed or damaged): nothing imported" \
    "a changed digit: refused with FILE:LINE"
is "$(md5sum < "$JB")" "$sum" "B's journal unchanged"
"$BIN" --journal-export y -c "$T/a.conf" > "$T/y.journal" 2>/dev/null
cat "$T/moved.journal" <(tail -n +2 "$T/y.journal") > "$T/xy.journal"
"$BIN" --journal-import "$T/xy.journal" -c "$T/b.conf" > "$T/imp.out" 2> "$T/imp.err"
is "$?-$(cat "$T/imp.err")" \
    "1-$T/xy.journal:6: indicator \"y\" is not one of this instance's ($T/b.conf): nothing imported" \
    "an id B does not have: refused with FILE:LINE and the id"
is "$(md5sum < "$JB")" "$sum" "B's journal unchanged"

# As a clean stop over rrdcached on TCP leaves it: the files are trusted.
: > "$(dirname "$JB")/rrd.clean"
"$BIN" --journal-import "$T/moved.journal" -c "$T/b.conf" > "$T/imp.out" 2> "$T/imp.err"
is "$?" 0 "--journal-import into the stopped B exits 0"
[ -e "$(dirname "$JB")/rrd.clean" ] && not_ok "the import takes rrd.clean away" ||
	ok "the import takes rrd.clean away (the files lack what it appended)"
is "$(cat "$T/imp.out")" "imported 4 records of 1 indicator (0 already present) into $JB" \
    "and prints what it did"
is "$(cat "$T/imp.err")" "" "nothing on stderr"
is "$(tail -n +2 "$JB" | grep -vP '^z\t')" "$(tail -n +2 "$T/moved.journal")" \
    "B's journal has x's records byte for byte, with A's stored times"
sum=$(md5sum < "$JB")
"$BIN" --journal-import "$T/moved.journal" -c "$T/b.conf" > "$T/imp.out" 2> "$T/imp.err"
is "$?-$(cat "$T/imp.out")" "0-imported 0 records of 1 indicator (4 already present) into $JB" \
    "a second import: all present"
is "$(md5sum < "$JB")" "$sum" "and the journal unchanged"
"$BIN" --journal-import - -c "$T/b.conf" < "$T/moved.journal" > "$T/imp.out"
is "$?-$(cat "$T/imp.out")" "0-imported 0 records of 1 indicator (4 already present) into $JB" \
    "- reads the standard input"

# B made x's RRD, empty, when it started with x: it is behind the journal.
start_daemon "$T/b.conf" || { not_ok "B starts after the import"; done_testing; exit 1; }
is "$(series x)" "$sa" "B serves x with A's values, stored times and revisions"
is "$(series z)" "$sz" "and z as before"
like "$(cat "$T/daemon.log")" "rebuilding x: 3 periods of the journal missing from its RRD" \
    "x's empty RRD is rebuilt from the journal at start"
is "$(rrd_value "$T/b/rrd/x.rrd" 1577836800)" "2.1000000000e+01" "x's RRD holds 2019's revised value"
is "$(metric 'indicatord_indicator_value{indicator="x",unit="count"}')" 1e-07 \
    "/metrics serves x's latest value"
stop_daemon || not_ok "B exits 0"
# A shard that never had x has no RRD of it: made from the journal too.
rm "$T/b/rrd/x.rrd"
start_daemon "$T/b.conf" || { not_ok "B starts without x's RRD"; done_testing; exit 1; }
is "$(series x)" "$sa" "without x's RRD: the same values and stored times"
is "$(rrd_value "$T/b/rrd/x.rrd" 1546300800)" "1.0500000000e+01" "and an RRD with 2018's value"
stop_daemon || not_ok "B exits 0"
done_testing
