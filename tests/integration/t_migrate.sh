#!/usr/bin/env bash
# The RRD layout of issue 23: a data_dir whose RRDs have the old four
# archives (AVERAGE and LAST at 1 and 30 days, 217,208 bytes) or the two
# of 12,000 daily and 400 thirty-day rows (99,992 bytes), written here with
# rrdtool as store.c wrote them, beside a journal of the same records is
# moved at start to 10,000 daily and 800 thirty-day rows (87,192 bytes),
# logged once with its counts; every daily row of the daily reach, every
# 30-day row and a long graph's data read as before, /metrics is
# unchanged, a file already in the new layout is not touched, a second
# start moves nothing; a file that holds a year the journal lacks keeps
# its layout (a warning names it) until --rebuild. Through rrdcached too.
. "$(dirname "$0")/lib.sh"

DAY=86400
OLD_RRAS="RRA:AVERAGE:0.99:1:12000 RRA:LAST:0.99:1:12000 RRA:AVERAGE:0.99:30:1500 RRA:LAST:0.99:30:1500"
MID_RRAS="RRA:AVERAGE:0.99:1:12000 RRA:AVERAGE:0.99:30:400"
conf() {	# conf FILE [extra top-level text]
	write_conf "$1" "${2:-}"'
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = (
  { id = "ann"; unit = "count"; frequency = "annual"; feed = "manual"; },
  { id = "mon"; unit = "count"; frequency = "monthly"; feed = "manual"; },
  { id = "qtr"; unit = "usd"; frequency = "quarterly"; feed = "manual"; },
  { id = "held"; unit = "count"; frequency = "annual"; feed = "manual"; },
  { id = "fresh"; unit = "count"; frequency = "annual"; feed = "manual"; }
);'
}
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary @"$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
values() { curl -s "http://127.0.0.1:$PORT/metrics" | grep '^indicatord_indicator_value'; }

# The points: "id period value start end heartbeat" lines, with gaps
# (ann 2005, mon 2020-04), and held's 2025 that only its old file gets.
python3 - > "$T/points" <<'EOF'
from datetime import datetime, timezone
def t(y, m): return int(datetime(y, m, 1, tzinfo=timezone.utc).timestamp())
def nxt(y, m, k): return (y + (m - 1 + k) // 12, (m - 1 + k) % 12 + 1)
for y in range(1994, 2026):
    if y != 2005:
        print("ann", y, repr(1000 / 3 + (y - 1994) * 0.1), t(y, 1), t(y + 1, 1), 400 * 86400)
for y in range(2015, 2026):
    for m in range(1, 13):
        if (y, m) != (2020, 4):
            print("mon", "%d-%02d" % (y, m), repr(y * 100 + m + 0.25), t(y, m), t(*nxt(y, m, 1)), 35 * 86400)
for y in range(2010, 2026):
    for q in range(4):
        print("qtr", "%d-Q%d" % (y, q + 1), repr(1e6 / 7 * (q + 1) + y), t(y, 3 * q + 1), t(*nxt(y, 3 * q + 1, 3)), 100 * 86400)
for y in range(2000, 2026):
    print("held" if y < 2025 else "held-extra", y, repr(y + 0.5), t(y, 1), t(y + 1, 1), 400 * 86400)
for y in range(2020, 2026):
    print("fresh", y, repr(y * 3.0), t(y, 1), t(y + 1, 1), 400 * 86400)
EOF
awk '$1 != "held-extra" { print $1 "," $2 "," $3 }' "$T/points" > "$T/body"

# old_rrd ID [ID_IN_POINTS...]: the file of the old layout, as store.c made it
# (RRAS=$MID_RRAS: of the 12000/400 one).
old_rrd() {
	local f=$T/data/rrd/$1.rrd id
	shift
	awk -v ids=" $* " 'index(ids, " " $1 " ")' "$T/points" > "$T/pts"
	rm -f "$f"
	rrdtool create "$f" --step $DAY --start $(($(head -1 "$T/pts" | cut -d' ' -f4) - DAY)) \
	    "DS:value:GAUGE:$(head -1 "$T/pts" | cut -d' ' -f6):U:U" ${RRAS:-$OLD_RRAS}
	awk 'BEGIN { prev = 0 } { if (prev < $4) print $4 ":U"; print $5 ":" $3; prev = $5 }' "$T/pts" |
	    xargs rrdtool update "$f"
}
# last_up FILE: its last update.
last_up() { rrdtool last "$1"; }
# reach FILE CF [RES]: the rows of the daily reach, 10,000 days to its last update.
reach() {
	local e; e=$(last_up "$1")
	rrdtool fetch "$1" "$2" -s $((e - 9999 * DAY)) -e "$e" ${3:+-r $3}
}
# graph_data FILE: what a graph of 1995 to 2030, 800 pixels wide, draws.
graph_data() {
	rrdtool xport --start 788918400 --end 1924992000 --maxrows 800 \
	    "DEF:raw=$1:value:AVERAGE" XPORT:raw | grep '<row>'
}

conf "$T/c.conf"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
is "$(push "$T/body")" '{"received":257,"stored":257,"unchanged":0}' "the journal's records pushed"
values > "$T/values.before"
stop_daemon; is "$?" 0 "clean stop"
is "$(stat -c %s "$T/data/rrd/fresh.rrd")" 87192 "a new RRD takes 87,192 bytes"

# The old layouts beside the same journal (qtr's the 12000/400 one);
# held's file has 2025 too.
for id in ann mon; do old_rrd $id $id; done
RRAS=$MID_RRAS old_rrd qtr qtr
old_rrd held held held-extra
for id in ann mon qtr; do
	f=$T/data/rrd/$id.rrd
	cp "$f" "$T/$id.old"
	[ $id = qtr ] || reach "$f" LAST > "$T/$id.last"
	reach "$f" AVERAGE > "$T/$id.avg"
	reach "$f" AVERAGE 2592000 > "$T/$id.avg30"
	graph_data "$f" > "$T/$id.graph"
done
is "$(stat -c %s "$T"/data/rrd/{ann,mon,held}.rrd | sort -u) $(stat -c %s "$T/data/rrd/qtr.rrd")" "217208 99992" "old files are 217,208 and 99,992 bytes"
is "$(grep -c e+ "$T/ann.last") $(grep -c e+ "$T/mon.last")" \
    "9634 3988" "the old files' daily rows hold every day of the daily reach (1998-08 to 2025 but 2005; 2015-2025 but 2020-04)"
is "$(grep -c e+ "$T/qtr.avg")" 5844 "the 12000/400 file's daily rows hold every day of 2010-2025"
cmp -s "$T/ann.last" "$T/ann.avg" && ok "old daily LAST rows are the daily AVERAGE rows" || not_ok "old daily LAST rows are the daily AVERAGE rows"
md5_held=$(md5sum < "$T/data/rrd/held.rrd")
ino_fresh=$(stat -c %i "$T/data/rrd/fresh.rrd")

start_daemon "$T/c.conf" || { not_ok "daemon starts on the old layout"; done_testing; exit 1; }
like "$(grep 'rrd: migrated' "$T/daemon.log")" \
    '^[^ ]+ info: rrd: migrated 3 RRD files to the current layout \(2 of 217208 and 1 of 99992 -> 87192 bytes each, 0\.5 MB -> 0\.3 MB\) from the journal in [0-9]+\.[0-9] s$' \
    "one info line: 3 files of both older layouts migrated, their sizes"
is "$(grep -c 'migrated' "$T/daemon.log")" 1 "logged once"
like "$(grep 'held.rrd' "$T/daemon.log")" \
    "warn: rrd: $T/data/rrd/held.rrd keeps the old 4-archive layout: it holds values the journal lacks, so it is not rebuilt in the current one" \
    "the held file is named in a warning"
like "$(grep 'indicator held:' "$T/daemon.log")" 'held: its RRD holds 365 daily rows the journal lacks \(2025-01-01 to 2025-12-31\); kept as it is' "and held as before"
for id in ann mon qtr; do
	f=$T/data/rrd/$id.rrd
	is "$(rrdtool info "$f" | grep -E '^rra\[[0-9]+\]\.(cf|rows|pdp_per_row) ' | tr '\n' ' ')" \
	    'rra[0].cf = "AVERAGE" rra[0].rows = 10000 rra[0].pdp_per_row = 1 rra[1].cf = "AVERAGE" rra[1].rows = 800 rra[1].pdp_per_row = 30 ' \
	    "$id: the new layout"
	is "$(stat -c %s "$f")" 87192 "$id: 87,192 bytes"
	is "$(last_up "$f")" "$(last_up "$T/$id.old")" "$id: the same last update"
	[ $id = qtr ] || { diff "$T/$id.last" <(reach "$f" AVERAGE) > "$T/diff" && ok "$id: fetch AVERAGE gives every row of the daily reach the old LAST did" || not_ok "$id: daily rows" "$(head -5 "$T/diff")"; }
	diff "$T/$id.avg" <(reach "$f" AVERAGE) > "$T/diff" && ok "$id: and the old AVERAGE did" || not_ok "$id: daily AVERAGE rows" "$(head -5 "$T/diff")"
	diff "$T/$id.avg30" <(reach "$f" AVERAGE 2592000) > "$T/diff" && ok "$id: the same 30-day rows over the daily reach" || not_ok "$id: 30-day rows" "$(head -5 "$T/diff")"
	diff "$T/$id.graph" <(graph_data "$f") > "$T/diff" && ok "$id: a 1995-2030 graph draws the same data" || not_ok "$id: graph data" "$(head -5 "$T/diff")"
done
is "$(wc -l < "$T/ann.avg30") $(grep -c e+ "$T/ann.avg30")" "336 322" "30-day rows compared: 334 (and 2 header lines), 322 known (12 all in 2005)"
is "$(md5sum < "$T/data/rrd/held.rrd")" "$md5_held" "the held file is untouched"
is "$(rrdtool info "$T/data/rrd/held.rrd" | grep -c 'cf = "LAST"')" 2 "and keeps its LAST archives"
is "$(stat -c %i "$T/data/rrd/fresh.rrd")" "$ino_fresh" "a file in the new layout is not rebuilt"
is "$(values)" "$(cat "$T/values.before")" "/metrics values unchanged"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/graph/ann.png?from=1995&to=2030")" 200 "graph renders from the new file"
stop_daemon; is "$?" 0 "clean stop"

start_daemon "$T/c.conf" || not_ok "second start"
is "$(grep -c 'rrd: migrated\|info: rebuilding\|rebuilt [0-9]' "$T/daemon.log")" 0 "a second start migrates and rebuilds nothing"
like "$(grep 'held.rrd' "$T/daemon.log")" 'keeps the old 4-archive layout' "the held file is still named"
stop_daemon; is "$?" 0 "clean stop"

DAEMON_ARGS=--rebuild start_daemon "$T/c.conf" || not_ok "start with --rebuild"
like "$(grep 'rrd: migrated' "$T/daemon.log")" 'migrated 1 RRD files to the current layout \(217208 -> 87192 bytes each, 0\.2 MB -> 0\.1 MB\)' "--rebuild migrates the held file too"
is "$(rrdtool info "$T/data/rrd/held.rrd" | grep -c 'cf = "LAST"')" 0 "from the journal, without LAST archives"
stop_daemon; is "$?" 0 "clean stop"

# Through rrdcached: the old files are flushed and forgotten, then moved.
SOCK=$T/rrdcached.sock
mkdir -p "$T/rrdj"
rrdcached -g -l "unix:$SOCK" -p "$T/rrdcached.pid" -j "$T/rrdj" -F -w 3600 -f 7200 -b "$T" >>"$T/rrdcached.log" 2>&1 &
RRDC=$!
EXTRA_PIDS="$RRDC"
wait_for test -S "$SOCK" || not_ok "rrdcached starts"
for id in ann mon; do old_rrd $id $id; done
RRAS=$MID_RRAS old_rrd qtr qtr
conf "$T/r.conf" 'rrdcached = "unix:'"$SOCK"'";'
start_daemon "$T/r.conf" || { not_ok "daemon starts with rrdcached"; done_testing; exit 1; }
like "$(grep 'rrd: migrated' "$T/daemon.log")" 'migrated 3 RRD files to the current layout \(2 of 217208 and 1 of 99992 -> 87192 bytes each, 0\.5 MB -> 0\.3 MB\)' "migrated through rrdcached"
is "$(stat -c %s "$T"/data/rrd/{ann,mon,qtr}.rrd | sort -u)" 87192 "new files"
for id in ann mon qtr; do
	diff "$T/$id.avg" <(rrdtool fetch --daemon "unix:$SOCK" "$T/data/rrd/$id.rrd" AVERAGE \
	    -s $(($(last_up "$T/$id.old") - 9999 * DAY)) -e "$(last_up "$T/$id.old")") > "$T/diff" \
	    && ok "$id: read through rrdcached, the same daily rows" || not_ok "$id: through rrdcached" "$(head -5 "$T/diff")"
done
echo "ann,2026,7" > "$T/b2026"
is "$(push "$T/b2026")" '{"received":1,"stored":1,"unchanged":0}' "a push after the migration"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$T/data/rrd/ann.rrd" AVERAGE -s 1798675200 -e 1798761600 | awk '$1 == "1798761600:" { print $2 }')" \
    "7.0000000000e+00" "goes through rrdcached into the new file"
stop_daemon; is "$?" 0 "clean stop"
kill -TERM "$RRDC"; wait "$RRDC" 2>/dev/null
done_testing
