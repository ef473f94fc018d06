#!/usr/bin/env bash
# rrdcached mode: updates go through a real rrdcached, reads and graphs flush
# through it first, and the daemon survives an rrdcached restart.
. "$(dirname "$0")/lib.sh"

SOCK=$T/rrdcached.sock
start_rrdcached() {
	# -w 3600: keep updates queued, so a direct read of the file would miss them.
	rrdcached -g -l "unix:$SOCK" -p "$T/rrdcached.pid" -j "$T/rrdj" -F -w 3600 -f 7200 \
	    -b "$T" >>"$T/rrdcached.log" 2>&1 &
	RRDC=$!
	EXTRA_PIDS="$RRDC"
	wait_for test -S "$SOCK"
}
mkdir -p "$T/rrdj"
start_rrdcached || { not_ok "rrdcached starts"; done_testing; exit 1; }
write_conf "$T/c.conf" '
rrdcached = "unix:'"$SOCK"'";
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual";
                 targets = ( { year = 2025; value = 250000.0; } ); } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
R=$T/data/rrd/pat.rrd
is "$(push $'pat,2018,140000\npat,2019,166600')" '{"received":2,"stored":2,"unchanged":0}' "first push"
is "$(push 'pat,2020,222400')" '{"received":1,"stored":1,"unchanged":0}' "an append goes through rrdcached"
is "$(rrd_value "$R" 1609459200)" "-nan" "direct read: the append is still queued in rrdcached"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$R" AVERAGE -s 1609372800 -e 1609459200 | awk '$1 == "1609459200:" { print $2 }')" \
    "2.2240000000e+05" "read through rrdcached sees it"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/graph/pat.png")" 200 "graph renders with --daemon"
is "$(rrd_value "$R" 1609459200)" "2.2240000000e+05" "the graph's flush wrote it to the file"

# rrdcached restarts: the next update reconnects.
kill -TERM "$RRDC"; wait "$RRDC" 2>/dev/null
start_rrdcached || not_ok "rrdcached restarts"
is "$(push 'pat,2021,279200')" '{"received":1,"stored":1,"unchanged":0}' "push after an rrdcached restart"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$R" AVERAGE -s 1640908800 -e 1640995200 | awk '$1 == "1640995200:" { print $2 }')" \
    "2.7920000000e+05" "the update after the restart is stored"
is "$(push 'pat,2019,170000')" '{"received":1,"stored":1,"unchanged":0}' "a revision rebuilds beside rrdcached"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$R" AVERAGE -s 1577750400 -e 1577836800 | awk '$1 == "1577836800:" { print $2 }')" \
    "1.7000000000e+05" "revised value"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$R" AVERAGE -s 1640908800 -e 1640995200 | awk '$1 == "1640995200:" { print $2 }')" \
    "2.7920000000e+05" "later values survive the rebuild"

# rrdcached down: pushes are still acknowledged (journal first) and the RRD catches up.
kill -TERM "$RRDC"; wait "$RRDC" 2>/dev/null
is "$(push 'pat,2022,275800')" '{"received":1,"stored":1,"unchanged":0}' "push while rrdcached is down is journaled"
stop_daemon; is "$?" 0 "clean stop"
start_rrdcached
start_daemon "$T/c.conf"
is "$(metric 'indicatord_indicator_value{indicator="pat",unit="count"}')" 275800 "value after restart"
is "$(rrdtool fetch --daemon "unix:$SOCK" "$R" AVERAGE -s 1672444800 -e 1672531200 | awk '$1 == "1672531200:" { print $2 }')" \
    "2.7580000000e+05" "the RRD caught up from the journal"
stop_daemon; is "$?" 0 "clean stop"
kill -TERM "$RRDC"; wait "$RRDC" 2>/dev/null
is "$(rrd_value "$R" 1672531200)" "2.7580000000e+05" "rrdcached flushed everything to the file at its exit"
done_testing
