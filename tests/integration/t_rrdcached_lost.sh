#!/usr/bin/env bash
# rrdcached killed with updates queued (-w 3600; it refuses -z 0, and 0 is
# its default) and started again without its journal: indicatord notices the
# restart, re-checks every file it wrote through rrdcached since the last
# check against its own journal, and rebuilds those that lost rows, so every
# acknowledged value is in the RRDs.
. "$(dirname "$0")/lib.sh"

SOCK=$T/rrdcached.sock
NIND=10
start_rrdcached() {	# start_rrdcached JOURNAL_DIR
	rm -f "$SOCK" "$T/rrdcached.pid"
	mkdir -p "$1"
	rrdcached -g -l "unix:$SOCK" -p "$T/rrdcached.pid" -j "$1" -w 3600 -f 7200 \
	    -b "$T" >>"$T/rrdcached.log" 2>&1 &
	RRDC=$!
	EXTRA_PIDS="$RRDC"
	wait_for test -S "$SOCK"
}
start_rrdcached "$T/rrdj1" || { not_ok "rrdcached starts"; done_testing; exit 1; }
{
	echo 'rrdcached = "unix:'"$SOCK"'";'
	echo 'http = { push_token = "token-for-tests"; };'
	echo 'feeds = ( { name = "manual"; type = "push"; } );'
	echo 'indicators = ('
	for i in $(seq 1 $NIND); do
		sep=,; [ "$i" -eq $NIND ] && sep=
		echo "  { id = \"m$i\"; unit = \"count\"; frequency = \"monthly\"; feed = \"manual\"; }$sep"
	done
	echo ');'
} > "$T/ind.conf"
write_conf "$T/c.conf" "$(cat "$T/ind.conf")"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
# months FROM TO (YYYY-MM, inclusive) as push lines, value i*10000 + YYYYMM
months() {
	local d=$1-01 i
	while [[ "$d" < "$2-02" ]]; do
		for i in $(seq 1 $NIND); do echo "m$i,${d%-01},$((i * 10000 + $(date -u -d "$d" +%Y%m) % 100000))"; done
		d=$(date -u -d "$d +1 month" +%Y-%m-01)
	done
}
push() {
	months "$1" "$2" > "$T/batch"
	cat "$T/batch" >> "$T/acked"
	curl -s -H "Authorization: Bearer token-for-tests" --data-binary @"$T/batch" \
	    "http://127.0.0.1:$PORT/api/v1/observations"
}
: > "$T/acked"
is "$(push 2019-01 2019-12)" '{"received":120,"stored":120,"unchanged":0}' "first push (files created)"
is "$(push 2020-01 2020-06)" '{"received":60,"stored":60,"unchanged":0}' "appends through rrdcached"
is "$(push 2020-07 2020-12)" '{"received":60,"stored":60,"unchanged":0}' "more appends"
R1=$T/data/rrd/m1.rrd
is "$(rrd_value "$R1" 1609459200)" "-nan" "2020-12 is still queued in rrdcached, not in the file"

# kill -9: the queue is lost; a new rrdcached with an empty journal.
kill -KILL "$RRDC"; wait "$RRDC" 2>/dev/null
start_rrdcached "$T/rrdj2" || not_ok "rrdcached restarts"
is "$(push 2021-01 2021-03)" '{"received":30,"stored":30,"unchanged":0}' "push after the restart"
wait_until 'grep -q "rrdcached unix:.* is back after a restart: checked the 10 files written through it since the last check, rebuilt 10" "$T/daemon.log"' \
    && ok "the restart is noticed, the files written through it re-checked" \
    || not_ok "the restart is noticed, the files written through it re-checked" "$(cat "$T/daemon.log")"
# 12 months of 2020 lost; 13 when the recheck comes after the push that
# followed, whose first update then spans 2021-01 too (over the heartbeat).
like "$(grep "indicator m1:" "$T/daemon.log")" 'warn: indicator m1: 1[23] periods written through rrdcached are missing from its RRD and 0 hold other values \(rrdcached lost its queue\); rebuilding from the journal' "each rebuild is logged with what was lost"

# Every acknowledged value, read through rrdcached (which flushes first).
miss=0
for i in $(seq 1 $NIND); do
	rrdtool fetch --daemon "unix:$SOCK" "$T/data/rrd/m$i.rrd" AVERAGE -s 1543622400 -e 1617235200 > "$T/fetch" || miss=$((miss + 1000))
	miss=$((miss + $(awk -F, -v id="m$i" -v f="$T/fetch" '
		BEGIN { while ((getline l < f) > 0) if (l ~ /^ *[0-9]+:/) { split(l, a, ": "); v[a[1] + 0] = a[2] } }
		# (awk compares NaN equal to anything: test for it by name)
		$1 == id { cmd = "date -u -d \"" $2 "-01 +1 month\" +%s"; cmd | getline t; close(cmd)
			if (!(t in v) || v[t] ~ /nan/ || v[t] + 0 != $3) m++ }
		END { print m + 0 }' "$T/acked")))
done
is "$miss" 0 "all $(wc -l < "$T/acked") acknowledged values are in the RRDs"
stop_daemon; is "$?" 0 "clean stop"
done_testing
