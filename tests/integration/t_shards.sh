#!/usr/bin/env bash
# Two shards (0 and 1 of 2) of one shared config write through one rrdcached
# on 127.0.0.1 TCP, and one real Prometheus scrapes both: every indicator
# appears exactly once, on the shard shard_of names; every observation
# reaches the one RRD tree under rrdcached's base directory; a shard killed
# with -9 leaves the other's data served and drawn; a file that lost its
# rows is rebuilt through rrdcached at the next start.
. "$(dirname "$0")/lib.sh"

RRD=$T/rrd
RP=$(free_port)
mkdir -p "$RRD"
# -P: the commands indicatord sends, on the one TCP socket; -w 3600 keeps
# updates queued, so the file on disk lags until a FLUSH or FETCH.
rrdc_start() {
	rrdcached -g -B -b "$RRD" -F -w 3600 -f 7200 -p "$T/rrdcached.pid" \
	    -P CREATE,UPDATE,LAST,FETCH,FLUSH,FORGET,PING -l "127.0.0.1:$RP" \
	    >>"$T/rrdcached.log" 2>&1 &
	RRDC=$!
	EXTRA_PIDS="${PROM:-} $RRDC"
	wait_until 'ss -Htln "sport = :$RP" | grep -q .'
}
rrdc_start || { not_ok "rrdcached listens"; done_testing; exit 1; }

# 16 indicators of a CSV feed both shards read, 4 of a push feed.
IDS="c00 c01 c02 c03 c04 c05 c06 c07 c08 c09 c10 c11 c12 c13 c14 c15 p0 p1 p2 p3"
# FNV-1a 32-bit of the id's bytes modulo 2, as README documents it.
owner() {
	local h=2166136261 i c
	for ((i = 0; i < ${#1}; i++)); do
		printf -v c '%d' "'${1:i:1}"
		h=$(( ((h ^ c) * 16777619) & 0xffffffff ))
	done
	echo $((h % 2))
}
declare -A OWN VAL
for id in $IDS; do OWN[$id]=$(owner "$id"); done
n0=0; for id in $IDS; do [ "${OWN[$id]}" = 0 ] && n0=$((n0 + 1)); done
is "$n0" 10 "shard_of splits the 20 ids 10 and 10"

: > "$T/feed.csv"
inds=
k=0
for id in $IDS; do
	k=$((k + 1))
	case $id in
	c*)	for y in 2018 2019 2020; do
			VAL[$id,$y]=$((k * 1000 + y - 2000)).25
			echo "$id,$y,${VAL[$id,$y]}" >> "$T/feed.csv"
		done
		feed=file;;
	p*)	feed=manual;;
	esac
	inds="$inds { id = \"$id\"; unit = \"count\"; feed = \"$feed\";
	  targets = ( { year = 2030; value = 99999.0; } ); },"
done
conf() {	# conf INDEX: shard INDEX's config, data in $T/dINDEX
	cat > "$T/c$1.conf" <<CONF
listen = "127.0.0.1:0";
data_dir = "$T/d$1";
rrdcached = "127.0.0.1:$RP";
shard = { index = $1; count = 2; };
http = { push_token = "token-for-tests"; };
feeds = ( { name = "file"; type = "csv"; path = "$T/feed.csv"; interval = 3600; },
          { name = "manual"; type = "push"; } );
indicators = ( ${inds%,} );
CONF
}
start_shard() {	# start_shard INDEX: PIDn, PORTn, log in $T/dINDEX.log
	start_daemon "$T/c$1.conf" || return 1
	mv "$T/daemon.log" "$T/d$1.log"
	eval "PID$1=\$PID PORT$1=\$PORT"
}
conf 0; conf 1
start_shard 0 || { not_ok "shard 0 starts"; done_testing; exit 1; }
start_shard 1 || { not_ok "shard 1 starts"; done_testing; exit 1; }
# One Prometheus scrapes both shards (started now: it takes seconds).
PP=$(free_port)
cat > "$T/prom.yml" <<YML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: indicatord
    static_configs: [ { targets: ["127.0.0.1:$PORT0", "127.0.0.1:$PORT1"] } ]
YML
prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/prom" \
    --web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
PROM=$!
EXTRA_PIDS="$PROM $RRDC"
q() { curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
qall() { curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[] | .metric.indicator + " " + .metric.instance + " " + .value[1]' | sort; }
like "$(cat "$T/d0.log")" "info: shard 0 of 2: 10 of 20 indicators" "shard 0 logs what it owns"
like "$(cat "$T/d1.log")" "info: shard 1 of 2: 10 of 20 indicators" "shard 1 logs what it owns"
[ -e "$T/d0/rrd" ] && not_ok "no local RRD directory over TCP" || ok "no local RRD directory over TCP"

mval() {	# mval PORT ID: the indicator's value on that shard's /metrics
	curl -s "http://127.0.0.1:$1/metrics" | awk -v k="indicatord_indicator_value{indicator=\"$2\",unit=\"count\"}" '$1 == k { print $2 }'
}
served() {	# served PORT: "id value" of each indicator on that shard's /metrics
	curl -s "http://127.0.0.1:$1/metrics" | sed -n 's/^indicatord_indicator_value{indicator="\([^"]*\)",unit="count"} /\1 /p' | sort
}
wait_until '[ -n "$(mval $PORT0 c00)" ] && [ -n "$(mval $PORT1 c01)" ]'
wait_until 'grep -q "feed file: 24 observations of indicators other shards own skipped" "$T/d0.log"'
like "$(cat "$T/d0.log")" "info: feed file: 24 observations of indicators other shards own skipped" "shard 0 skips the feed's 24 records of shard 1's indicators, at info"
like "$(cat "$T/d1.log")" "info: feed file: 24 observations of indicators other shards own skipped" "and shard 1 those of shard 0's"
is "$(grep -c 'warn' "$T/d0.log" "$T/d1.log" | awk -F: '{ s += $2 } END { print s }')" 0 "no warning on either shard"

# The same push to both: each stores what it owns, skips the rest.
PUSH=$'p0,2019,11.5\np0,2020,12.5\np1,2019,21.5\np1,2020,22.5\np2,2019,31.5\np2,2020,32.5\np3,2019,41.5\np3,2020,42.5'
for i in 0 1; do
	eval "port=\$PORT$i"
	is "$(curl -s -H 'Authorization: Bearer token-for-tests' --data-binary "$PUSH" "http://127.0.0.1:$port/api/v1/observations")" \
	    '{"received":8,"stored":4,"unchanged":0,"skipped":4}' "push to shard $i: its 4 stored, 4 skipped"
done
for i in 0 1; do
	eval "port=\$PORT$i"
	is "$(curl -s "http://127.0.0.1:$port/metrics" | grep '^indicatord_observations_skipped_total')" \
	    'indicatord_observations_skipped_total 28' "shard $i counts the 24 of the feed and 4 of the push it skipped"
done
VAL[p0,2019]=11.5; VAL[p0,2020]=12.5; VAL[p1,2019]=21.5; VAL[p1,2020]=22.5
VAL[p2,2019]=31.5; VAL[p2,2020]=32.5; VAL[p3,2019]=41.5; VAL[p3,2020]=42.5

# Each shard serves exactly its own indicators.
for i in 0 1; do
	eval "port=\$PORT$i"
	want=$(for id in $IDS; do [ "${OWN[$id]}" = $i ] && echo "$id ${VAL[$id,2020]}"; done | sort)
	is "$(served "$port")" "$want" "shard $i serves its 10 indicators and no other"
	bad=
	for id in $IDS; do
		[ "${OWN[$id]}" = $i ] && continue
		[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/indicator/$id")" = 404 ] || bad="$bad $id"
	done
	is "$bad" "" "shard $i has no page of the other's"
done
is "$(curl -s "http://127.0.0.1:$PORT0/metrics" | grep '^indicatord_shard_info')" 'indicatord_shard_info{index="0",count="2"} 1' "shard 0's shard_info"
is "$(curl -s "http://127.0.0.1:$PORT1/metrics" | grep '^indicatord_shard_info')" 'indicatord_shard_info{index="1",count="2"} 1' "shard 1's shard_info"

wait_until '[ "$(q "count(count by (indicator) (indicatord_indicator_value))")" = 20 ]' ||
	wait_until '[ "$(q "count(count by (indicator) (indicatord_indicator_value))")" = 20 ]'
is "$(q 'count(count by (indicator) (indicatord_indicator_value))')" 20 "Prometheus: 20 indicators across the shards"
is "$(q 'max(count by (indicator) (indicatord_indicator_value))')" 1 "Prometheus: each exactly once"
want=$(for id in $IDS; do o=${OWN[$id]}; eval "p=\$PORT$o"; echo "$id 127.0.0.1:$p ${VAL[$id,2020]}"; done | sort)
is "$(qall 'indicatord_indicator_value')" "$want" "Prometheus: each on the shard shard_of names, with its value"
is "$(q 'count(indicatord_shard_info)')" 2 "Prometheus: both shards' shard_info"
wait_until '[ "$(q "sum(indicatord_observations_skipped_total)")" = 56 ]'
is "$(q 'sum(indicatord_observations_skipped_total) + sum(indicatord_observations_total)')" 112 \
    "Prometheus: the 56 records read by both shards: 56 stored (each by its owner), 56 skipped (by the other)"

# Every observation is in the one RRD tree: written out, then read from disk.
is "$(ls "$RRD" | sort | tr '\n' ' ')" "$(for id in $IDS; do echo "$id.rrd"; done | sort | tr '\n' ' ')" "one file per indicator under rrdcached's base directory, nothing else"
( cd "$RRD" && rrdtool flushcached --daemon "127.0.0.1:$RP" $(ls) ) 2>"$T/flush.err"
is "$(cat "$T/flush.err")" "" "FLUSH of every file"
# The rows that end each year, 2018 to 2020 (annual periods end on Jan 1).
bad=
for id in $IDS; do
	got=$(rrdtool fetch "$RRD/$id.rrd" LAST -s 1546214400 -e 1609459200 |
	    awk '$1 == "1546300800:" || $1 == "1577836800:" || $1 == "1609459200:" { printf "%s ", $2 }')
	want=
	for y in 2018 2019 2020; do
		v=${VAL[$id,$y]:-}
		[ -n "$v" ] && want="$want$(printf '%.10e' "$v") " || want="${want}-nan "
	done
	[ "$got" = "$want" ] || bad="$bad $id: $got"
done
is "$bad" "" "all 56 observations in the files on disk, exact"

# kill -9 shard 1: shard 0's indicators stay served, in Prometheus too.
kill -KILL "$PID1"; wait "$PID1" 2>/dev/null
is "$(mval "$PORT0" c00)" "${VAL[c00,2020]}" "shard 0 serves on"
wait_until '[ "$(q "up{instance=\"127.0.0.1:$PORT1\"}")" = 0 ]'
is "$(q "up{instance=\"127.0.0.1:$PORT1\"}")" 0 "Prometheus: shard 1 down"
is "$(q "up{instance=\"127.0.0.1:$PORT0\"}")" 1 "Prometheus: shard 0 up"
is "$(q "count(indicatord_indicator_value{instance=\"127.0.0.1:$PORT0\"})")" 10 "Prometheus: shard 0's 10 series still there"
for id in c00 p1; do
	curl -s -o "$T/g.png" -w '%{http_code}' "http://127.0.0.1:$PORT0/graph/$id.png" > "$T/code"
	is "$(cat "$T/code") $(od -An -tx1 -N4 "$T/g.png" | tr -d ' ')" "200 89504e47" "shard 0 draws $id through rrdcached: a PNG"
done

# A revision on shard 0 rebuilds through rrdcached: forget, create, update.
is "$(curl -s -H 'Authorization: Bearer token-for-tests' --data-binary 'p1,2019,20.75' "http://127.0.0.1:$PORT0/api/v1/observations")" \
    '{"received":1,"stored":1,"unchanged":0}' "a revision of p1"
fetchd() { rrdtool fetch --daemon "127.0.0.1:$RP" "$1.rrd" LAST -s $(($2 - 86400)) -e "$2" | awk -v t="$2:" '$1 == t { print $2 }'; }
is "$(fetchd p1 1577836800)" "2.0750000000e+01" "revised value through rrdcached"
is "$(fetchd p1 1609459200)" "2.2500000000e+01" "the later value survives the rebuild"
is "$(grep -c 'warn' "$T/d0.log")" 0 "no warning on shard 0"

# A crash in a rebuild over TCP, between CREATE and the UPDATEs, leaves a
# file without rows: made so here (FORGET, CREATE through rrdcached). The
# restart finds it behind through rrdcached and rebuilds it.
exec 3<>"/dev/tcp/127.0.0.1/$RP"
printf 'FORGET c01.rrd\n' >&3; read -r line <&3; exec 3>&-
is "$line" "0 Gone!" "FORGET c01.rrd"
rrdtool create --daemon "127.0.0.1:$RP" c01.rrd --start 1500000000 --step 86400 DS:value:GAUGE:864000:U:U RRA:LAST:0.99:1:100
# And a revision journaled just before the kill whose rebuild never ran:
# c03's 2020 is another value in its file, its last update the same. Only
# a fetch of the rows finds that: after a kill -9 (no rrd.clean) every
# file's are fetched.
[ -e "$T/d1/rrd.clean" ] && not_ok "no rrd.clean after kill -9" || ok "no rrd.clean after kill -9"
exec 3<>"/dev/tcp/127.0.0.1/$RP"
printf 'FORGET c03.rrd\n' >&3; read -r line <&3; exec 3>&-
rrdtool create --daemon "127.0.0.1:$RP" c03.rrd --start 1514678400 --step 86400 DS:value:GAUGE:34560000:U:U RRA:LAST:0.99:1:1200
rrdtool update --daemon "127.0.0.1:$RP" c03.rrd 1514764800:U "1546300800:${VAL[c03,2018]}" "1577836800:${VAL[c03,2019]}" 1609459200:7
start_shard 1 || not_ok "shard 1 restarts"
like "$(cat "$T/d1.log")" "info: rebuilding c01: 3 periods of the journal missing from its RRD, 0 holding other values" "the emptied file is rebuilt from the journal"
like "$(cat "$T/d1.log")" "info: rebuilding c03: 0 periods of the journal missing from its RRD, 1 holding other values" "the file with another value too"
is "$(grep -c 'rebuilding' "$T/d1.log")" 2 "and no other"
is "$(fetchd c03 1609459200)" "$(printf '%.10e' "${VAL[c03,2020]}")" "c03's value is the journal's again"
is "$(fetchd c01 1609459200)" "$(printf '%.10e' "${VAL[c01,2020]}")" "its values are back"
is "$(mval "$PORT1" c01)" "${VAL[c01,2020]}" "shard 1 serves again"

# A reload that would change the shard is refused as a whole.
sed -i 's/shard = { index = 0; count = 2; };/shard = { index = 1; count = 2; };/' "$T/c0.conf"
kill -HUP "$PID0"
wait_until 'grep -q "reload failed" "$T/d0.log"'
like "$(cat "$T/d0.log")" "warn: reload failed, keeping the running configuration: shard changes need a restart \(running shard 0 of 2, $T/c0.conf says 1 of 2\)" "a reload that changes the shard is refused"
is "$(served "$PORT0" | wc -l)" 10 "shard 0 serves its 10 indicators still"

# rrdcached killed with an append of p1 queued, started again without it:
# shard 0's monitor (PING over TCP) notices, and the check of what went
# through it finds p1 behind (LAST from the file) and rebuilds it.
pushp1() { curl -s -H 'Authorization: Bearer token-for-tests' --data-binary "$1" "http://127.0.0.1:$PORT0/api/v1/observations"; }
is "$(pushp1 'p1,2021,23.25')" '{"received":1,"stored":1,"unchanged":0}' "an append to p1, queued in rrdcached"
kill -KILL "$RRDC"; wait "$RRDC" 2>/dev/null
rrdc_start
wait_until 'grep -q "rrdcached 127.0.0.1:$RP is back" "$T/d0.log"'
like "$(cat "$T/d0.log")" "warn: indicator p1: 1 periods written through rrdcached are missing from its RRD and 0 hold other values \(rrdcached lost its queue\); rebuilding from the journal" "shard 0 finds p1's lost append"
like "$(cat "$T/d0.log")" "info: rrdcached 127.0.0.1:$RP is back after a restart: checked the 10 files written through it since the last check, rebuilt 1" "checked its 10 files (created and rebuilt through rrdcached too), rebuilt p1 alone"
is "$(fetchd p1 1640995200)" "2.3250000000e+01" "p1's append is back"

# The same with shard 0 stopped: its start finds p1 behind and rebuilds
# it (after a clean stop, rrd.clean, the start-up check over TCP fetches
# only the files whose last update is not the journal's last point).
is "$(pushp1 'p1,2022,24.25')" '{"received":1,"stored":1,"unchanged":0}' "another append to p1, queued"
kill -TERM "$PROM"; wait "$PROM" 2>/dev/null
for i in 0 1; do
	eval "PID=\$PID$i"
	stop_daemon; is "$?" 0 "shard $i stops cleanly"
done
kill -KILL "$RRDC"; wait "$RRDC" 2>/dev/null
rrdc_start
is "$(fetchd p1 1672531200)" "-nan" "p1's queued append is lost"
[ -e "$T/d0/rrd.clean" ] && ok "rrd.clean after a clean stop" || not_ok "rrd.clean after a clean stop"
conf 0
start_shard 0 || not_ok "shard 0 restarts"
like "$(cat "$T/d0.log")" "info: rebuilding p1: 1 periods of the journal missing from its RRD, 0 holding other values" "shard 0 rebuilds p1 at its start"
is "$(grep -c 'rebuilding' "$T/d0.log")" 1 "and no other file"
is "$(fetchd p1 1577836800) $(fetchd p1 1609459200) $(fetchd p1 1640995200) $(fetchd p1 1672531200)" \
    "2.0750000000e+01 2.2500000000e+01 2.3250000000e+01 2.4250000000e+01" "p1's values are back"
stop_daemon; is "$?" 0 "shard 0 stops cleanly"
kill -TERM "$RRDC"; wait "$RRDC" 2>/dev/null
is "$(rrd_value "$RRD/p1.rrd" 1672531200)" "2.4250000000e+01" "on disk after rrdcached's exit (-F)"
done_testing
