#!/usr/bin/env bash
# SIGHUP: a valid new config takes effect without losing stored data; a
# broken one is logged with file:line and the old one keeps serving.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
a,2015,100
a,2017,121
b,2016,5
CSV
conf_with() {	# conf_with EXTRA_INDICATOR_TEXT
	write_conf "$T/c.conf" '
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 1; } );
indicators = (
  { id = "a"; unit = "count"; feed = "file"; targets = ( { year = 2025; value = 200.0; } ); }'"$1"'
);'
}
conf_with ''
DAEMON_ARGS=-v start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="a",unit="count"}'"'"')" = 121 ]'
is "$(metric 'indicatord_indicator_value{indicator="a",unit="count"}')" 121 "a before reload"
like "$(cat "$T/daemon.log")" 'debug: feed file: 3 observations' "-v logs debug lines"
is "$(metric 'indicatord_indicator_value{indicator="b",unit="count"}')" "" "b not configured yet"

conf_with ',
  { id = "b"; unit = "count"; feed = "file"; targets = ( { year = 2030; value = 10.0; kind = "max"; } ); }'
kill -HUP "$PID"
wait_until 'grep -q "reloaded" "$T/daemon.log"'
like "$(cat "$T/daemon.log")" "reloaded $T/c.conf: 2 indicators, 1 feeds" "reload logged"
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="b",unit="count"}'"'"')" = 5 ]'
is "$(metric 'indicatord_indicator_value{indicator="b",unit="count"}')" 5 "new indicator appears after SIGHUP"
is "$(metric 'indicatord_target_status{indicator="b",target_year="2030",status="achieved"}')" 1 "new target evaluated"
is "$(metric 'indicatord_indicator_value{indicator="a",unit="count"}')" 121 "stored data kept"
is "$(rrd_value "$T/data/rrd/b.rrd" 1483228800)" "5.0000000000e+00" "new indicator's RRD written"

printf 'data_dir = "%s";\nindicators = (\n  { id = "a"; unit = ; }\n);\n' "$T/data" > "$T/c.conf"
kill -HUP "$PID"
wait_until 'grep -q "reload failed" "$T/daemon.log"'
like "$(cat "$T/daemon.log")" "reload failed, keeping the running configuration: $T/c.conf:3: syntax error" "broken config logged with file:line"
is "$(metric 'indicatord_indicator_value{indicator="b",unit="count"}')" 5 "old config keeps serving"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/graph/b.png")" 200 "old config's graphs still served"
kill -0 "$PID" && ok "daemon alive after a failed reload" || not_ok "daemon alive after a failed reload"
stop_daemon; is "$?" 0 "clean stop"

# A reload keeps a feed whose settings are unchanged running: its run in
# progress completes and is stored, and it is not started again. A feed the
# reload removes is cancelled with its processes; one whose indicators
# change runs again at once.
cat > "$T/slow.sh" <<SH
#!/bin/sh
echo run >> "$T/runs"
sleep 3
printf 's,2020,%d\ns2,2020,7\n' "\$(wc -l < "$T/runs")"
SH
cat > "$T/gone.sh" <<SH
#!/bin/sh
echo \$\$ > "$T/gone.pid"
exec sleep 60
SH
chmod +x "$T/slow.sh" "$T/gone.sh"
echo "f,2020,3" > "$T/fresh.csv"
feeds_conf() {	# feeds_conf FEEDS INDICATORS
	write_conf "$T/c.conf" "
feeds = ( { name = \"slow\"; type = \"exec\"; command = [\"$T/slow.sh\"]; interval = 3600; timeout = 20; }$1 );
indicators = ( { id = \"s\"; unit = \"count\"; feed = \"slow\"; }$2 );"
}
rm -rf "$T/data"
feeds_conf ', { name = "gone"; type = "exec"; command = ["'"$T"'/gone.sh"]; interval = 3600; timeout = 20; }' \
    ', { id = "g"; unit = "count"; feed = "gone"; }'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_until '[ -s "$T/runs" ] && [ -s "$T/gone.pid" ]'
feeds_conf ', { name = "fresh"; type = "csv"; path = "'"$T"'/fresh.csv"; interval = 3600; }' \
    ', { id = "f"; unit = "count"; feed = "fresh"; }'
kill -HUP "$PID"
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="s",unit="count"}'"'"')" = 1 ]'
is "$(metric 'indicatord_indicator_value{indicator="s",unit="count"}')" 1 "the unchanged feed's run across the reload is stored"
is "$(wc -l < "$T/runs")" 1 "and the feed was not started again"
is "$(grep -c 'feed slow: run cancelled' "$T/daemon.log")" 0 "its run was not cancelled"
like "$(cat "$T/daemon.log")" "info: feed gone: run cancelled, it was removed: cancelled" "the removed feed's run cancelled, logged"
wait_until '! kill -0 "$(cat "$T/gone.pid")"'
kill -0 "$(cat "$T/gone.pid")" 2>/dev/null && not_ok "the removed feed's command is gone" || ok "the removed feed's command is gone"
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="f",unit="count"}'"'"')" = 3 ]'
is "$(metric 'indicatord_indicator_value{indicator="f",unit="count"}')" 3 "a new feed runs"

# An indicator added to the kept feed: it runs again now.
feeds_conf ', { name = "fresh"; type = "csv"; path = "'"$T"'/fresh.csv"; interval = 3600; }' \
    ', { id = "f"; unit = "count"; feed = "fresh"; }, { id = "s2"; unit = "count"; feed = "slow"; }'
kill -HUP "$PID"
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="s2",unit="count"}'"'"')" = 7 ]'
is "$(metric 'indicatord_indicator_value{indicator="s2",unit="count"}')" 7 "a feed whose indicators changed runs again at once"
is "$(wc -l < "$T/runs")" 2 "once"
is "$(grep -c 'run cancelled' "$T/daemon.log")" 1 "no other run was cancelled"
stop_daemon; is "$?" 0 "clean stop"
done_testing
