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
done_testing
