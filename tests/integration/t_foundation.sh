#!/usr/bin/env bash
# The vertical slice: config check, csv feed -> journal -> RRD -> evaluation
# -> /metrics, revisions, bad lines, restart and kill -9 with no loss.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
indicator,period,value,source
growth,2015,100,test
growth,2017,121,test
flat,2016-Q1,50,test
flat,2016-Q3,55,"quoted, source"
growth,2016,oops,bad value
nosuch,2016,1,unknown indicator
CSV
write_conf "$T/ok.conf" '
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 1; } );
indicators = (
  { id = "growth"; unit = "count"; feed = "file";
    targets = ( { year = 2025; value = 200.0; kind = "min"; },
                { year = 2016; value = 500.0; } ); },
  { id = "flat"; unit = "usd"; frequency = "quarterly"; feed = "file";
    targets = ( { year = 2030; value = 40.0; kind = "max"; } ); }
);'

# -n: a good config, then bad ones naming file:line.
out=$("$BIN" -n -c "$T/ok.conf" 2>&1); rc=$?
is "$out/$rc" "configuration OK/0" "-n accepts a valid config"
check_bad() {	# check_bad DESCRIPTION EXPECTED_REGEX CONFIG_TEXT
	printf '%s\n' "$3" > "$T/bad.conf"
	out=$("$BIN" -n -c "$T/bad.conf" 2>&1); rc=$?
	like "$rc $out" "^1 $T/bad.conf:$2" "-n rejects $1"
}
check_bad "a syntax error" '2: syntax error' 'data_dir = "/x";
listen = ;'
check_bad "an unknown key" '2: unknown key "colour"' 'data_dir = "/x";
colour = "red";'
check_bad "a wrong type" '1: data_dir must be a string' 'data_dir = 5;'
check_bad "a truncated big integer" '3: integer 3000000000 does not fit' 'data_dir = "/x";
feeds = ( { name = "f"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "f"; targets = ( { year = 2025; value = 3000000000; } ); } );'
check_bad "a duplicate id" '4: duplicate indicator id "a"' 'data_dir = "/x";
feeds = ( { name = "f"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "f"; },
               { id = "a"; unit = "count"; feed = "f"; } );'
check_bad "a bad id" '3: bad indicator id "Bad-Id"' 'data_dir = "/x";
feeds = ( { name = "f"; type = "push"; } );
indicators = ( { id = "Bad-Id"; unit = "count"; feed = "f"; } );'
check_bad "an out-of-range number" '2: timeout 0 out of range' 'data_dir = "/x";
http = { timeout = 0; };'
check_bad "an unknown feed" '3: indicator "a": no feed named "nope"' 'data_dir = "/x";
feeds = ( { name = "f"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "nope"; } );'

start_daemon "$T/ok.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
ok "daemon starts on port $PORT"
wait_for grep -q 'feed file line 6' "$T/daemon.log"
ct=$(curl -s -o /dev/null -w '%{content_type}' "http://127.0.0.1:$PORT/metrics")
is "$ct" "text/plain; version=0.0.4; charset=utf-8" "/metrics content type"
is "$(curl -s "http://127.0.0.1:$PORT/healthz")" "ok" "/healthz"
is "$(metric 'indicatord_indicator_value{indicator="growth",unit="count"}')" "121" "latest value"
is "$(metric 'indicatord_indicator_period_end_timestamp_seconds{indicator="growth"}')" "1514764800" "period end of 2017"
r=$(metric 'indicatord_target_progress_ratio{indicator="growth",target_year="2025"}')
near "$r" "$(awk 'BEGIN { printf "%.15f", 0.1 / (2^(1/10) - 1) }')" 1e-9 "R = CAGR_a / CAGR_r"
near "$(metric 'indicatord_indicator_growth_ratio{indicator="growth"}')" 0.1 1e-12 "actual growth 10 %/yr"
near "$(metric 'indicatord_target_projected_value{indicator="growth",target_year="2025"}')" \
    "$(awk 'BEGIN { printf "%.9f", 121 * 1.1^8 }')" 1e-6 "projection to 2025"
is "$(metric 'indicatord_target_status{indicator="growth",target_year="2025",status="on_track"}')" 1 "2025 on track"
is "$(metric 'indicatord_target_status{indicator="growth",target_year="2016",status="missed"}')" 1 "2016 missed"
is "$(metric 'indicatord_target_status{indicator="flat",target_year="2030",status="moving_away"}')" 1 "rising value vs a max target moves away"
is "$(metric 'indicatord_feed_up{feed="file"}')" 1 "feed up"
# Each run re-reads the file and counts its two bad lines again.
for i in 1 2 3; do
	c1=$(grep -c 'feed file line 6' "$T/daemon.log")
	e=$(metric 'indicatord_feed_errors_total{feed="file"}')
	c2=$(grep -c 'feed file line 6' "$T/daemon.log")
	[ "$c1" = "$c2" ] && break
done
is "$e" "$((2 * c1))" "two bad lines counted per run ($c1 runs)"
is "$(metric 'indicatord_observations_total{feed="file"}')" 4 "four observations stored"
like "$(cat "$T/daemon.log")" 'feed file line 6: bad value "oops"' "bad value names feed and line"
like "$(cat "$T/daemon.log")" 'feed file line 7: unknown indicator "nosuch"' "unknown indicator names feed and line"
out=$(curl -s "http://127.0.0.1:$PORT/metrics" | promtool check metrics 2>&1); rc=$?
is "$rc:$out" "0:" "promtool check metrics: no errors, no warnings"

# RRD contents as rrdtool reads them: 2015 = 100, 2016 unknown, 2017 = 121.
R=$T/data/rrd/growth.rrd
is "$(rrd_value "$R" 1451606400)" "1.0000000000e+02" "rrd: last day of 2015"
is "$(rrd_value "$R" 1483228800)" "-nan" "rrd: 2016 (not reported) stays unknown"
is "$(rrd_value "$R" 1514764800)" "1.2100000000e+02" "rrd: last day of 2017"
is "$(rrd_value "$T/data/rrd/flat.rrd" 1467331200)" "-nan" "rrd: 2016-Q2 unknown"
is "$(rrd_value "$T/data/rrd/flat.rrd" 1475280000)" "5.5000000000e+01" "rrd: 2016-Q3"
like "$(rrdtool info "$R")" 'ds\[value\]\.minimal_heartbeat = 34560000' "rrd: annual heartbeat 400 d"
jlines=$(grep -vc '^#' "$T/data/journal")
is "$jlines" 4 "journal holds the 4 stored observations"

# Re-reading an unchanged file is a no-op; a revision of an old period rebuilds.
sleep 1.5
is "$(grep -vc '^#' "$T/data/journal")" 4 "unchanged re-read adds nothing to the journal"
sed -i 's/^growth,2015,100,test/growth,2015,90,revised/' "$T/feed.csv"
echo "growth,2016,110,late" >> "$T/feed.csv"
wait_until '[ "$(grep -vc "^#" "$T/data/journal")" -eq 6 ]' 
is "$(grep -vc '^#' "$T/data/journal")" 6 "revision and late period journaled"
wait_until '[ "$(rrd_value "$R" 1451606400)" = "9.0000000000e+01" ]' 
is "$(rrd_value "$R" 1451606400)" "9.0000000000e+01" "rrd rebuilt with the revised 2015"
is "$(rrd_value "$R" 1483228800)" "1.1000000000e+02" "rrd rebuilt with the late 2016"
is "$(rrd_value "$R" 1514764800)" "1.2100000000e+02" "rrd keeps 2017"
ls "$T/data/rrd/"*.tmp >/dev/null 2>&1 && not_ok "no temp file left" || ok "no temp file left"

# Clean stop, then restart with a deleted and a stale RRD: both rebuilt.
stop_daemon; is "$?" 0 "SIGTERM exits 0"
rm "$R"
cp "$T/data/rrd/flat.rrd" "$T/flat.bak"
rrdtool create "$T/data/rrd/flat.rrd" --start 1000000000 --step 86400 DS:value:GAUGE:172800:U:U RRA:LAST:0.99:1:10
sed -i 's/interval = 1;/interval = 3600;/' "$T/ok.conf"
mv "$T/feed.csv" "$T/feed.csv.off"
start_daemon "$T/ok.conf" || not_ok "restart"
is "$(rrd_value "$R" 1451606400)" "9.0000000000e+01" "missing rrd replayed from the journal"
is "$(rrd_value "$R" 1483228800)" "1.1000000000e+02" "replayed 2016"
is "$(rrd_value "$T/data/rrd/flat.rrd" 1475280000)" "5.5000000000e+01" "stale rrd rebuilt"
is "$(metric 'indicatord_indicator_value{indicator="growth",unit="count"}')" "121" "value after restart"
like "$(cat "$T/daemon.log")" "feed file: $T/feed.csv: No such file" "missing feed file is a feed error"
is "$(metric 'indicatord_feed_up{feed="file"}')" 0 "feed down when its file is missing"

# kill -9: nothing acknowledged is lost.
kill -KILL "$PID"; wait "$PID" 2>/dev/null; PID=
start_daemon "$T/ok.conf" || not_ok "restart after kill -9"
is "$(metric 'indicatord_indicator_value{indicator="flat",unit="usd"}')" "55" "value after kill -9"
is "$(rrd_value "$R" 1514764800)" "1.2100000000e+02" "rrd after kill -9"
stop_daemon; is "$?" 0 "SIGTERM exits 0 again"
done_testing
