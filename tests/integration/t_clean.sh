#!/usr/bin/env bash
# The start-up RRD check after a clean stop: a clean stop leaves
# DATA_DIR/rrd.clean, the next start takes it away and checks each RRD by
# its header alone (current layout, last update the journal's last end).
# A removed RRD, or one whose last update is behind (made with rrdtool), is
# rebuilt after a clean stop; one whose rows differ from the journal inside
# the series but with the right last update is not seen after a clean stop,
# is rebuilt after a kill -9 (no mark: every row is compared), and with
# --rebuild after a clean stop.
. "$(dirname "$0")/lib.sh"

DAY=86400
E2018=1546300800	# 2019-01-01: the end of 2018
E2024=1735689600	# 2025-01-01: every series' last update
conf() {
	write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = (
  { id = "a"; unit = "count"; frequency = "annual"; feed = "manual"; },
  { id = "b"; unit = "count"; frequency = "annual"; feed = "manual"; },
  { id = "c"; unit = "count"; frequency = "annual"; feed = "manual"; },
  { id = "d"; unit = "count"; frequency = "annual"; feed = "manual"; }
);'
}
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary @"$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
# Values: id a..d, 2015-2024, value = year + 0.25.
for id in a b c d; do for y in $(seq 2015 2024); do echo "$id,$y,$y.25"; done; done > "$T/body"
# mk_rrd ID LAST_YEAR [Y V]: the file as store.c writes it, to LAST_YEAR, year Y holding V.
mk_rrd() {
	local f=$T/data/rrd/$1.rrd y v args=""
	for y in $(seq 2015 "$2"); do
		v=$y.25; [ "$y" = "${3:-}" ] && v=$4
		args="$args $(date -u -d "$((y + 1))-01-01" +%s):$v"
	done
	rm -f "$f"
	rrdtool create "$f" --step $DAY --start $((1420070400 - DAY)) DS:value:GAUGE:$((400 * DAY)):U:U \
	    RRA:AVERAGE:0.99:1:10000 RRA:AVERAGE:0.99:30:800
	rrdtool update "$f" 1420070400:U $args
}
rebuilt() { grep -o "info: rebuilding [a-d]: .*" "$T/daemon.log" | sort | tr '\n' '|'; }

conf
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
is "$(push "$T/body")" '{"received":40,"stored":40,"unchanged":0}' "40 observations pushed"
stop_daemon; is "$?" 0 "clean stop"
[ -e "$T/data/rrd.clean" ] && ok "a clean stop leaves rrd.clean" || not_ok "a clean stop leaves rrd.clean"

# After a clean stop: a missing file and one behind are rebuilt; one whose
# rows differ with the right last update is taken as it is.
rm "$T/data/rrd/a.rrd"
mk_rrd b 2023
mk_rrd c 2024 2018 999
is "$(rrdtool last "$T/data/rrd/c.rrd") $(rrd_value "$T/data/rrd/c.rrd" $E2018)" "$E2024 9.9900000000e+02" "c: the right last update, 2018 another value"
md5_c=$(md5sum < "$T/data/rrd/c.rrd")
start_daemon "$T/c.conf" || { not_ok "start after a clean stop"; done_testing; exit 1; }
[ -e "$T/data/rrd.clean" ] && not_ok "the start takes rrd.clean away" || ok "the start takes rrd.clean away"
is "$(rebuilt)" "info: rebuilding a: $T/data/rrd/a.rrd: No such file or directory|info: rebuilding b: 1 periods of the journal missing from its RRD, 0 holding other values|" \
    "the missing and the behind file are rebuilt, and only they"
is "$(grep -c 'rebuilt 2 RRD files from the journal' "$T/daemon.log")" 1 "2 files rebuilt"
is "$(rrd_value "$T/data/rrd/a.rrd" $E2018) $(rrd_value "$T/data/rrd/b.rrd" $E2024)" "2.0182500000e+03 2.0242500000e+03" "a's 2018 and b's 2024 are back"
is "$(md5sum < "$T/data/rrd/c.rrd")" "$md5_c" "c, checked by its header alone, is untouched"
stop_daemon; is "$?" 0 "clean stop"

# After a kill -9 every file's rows are compared: c is rebuilt.
start_daemon "$T/c.conf" || not_ok "start"
is "$(rebuilt)" "" "nothing rebuilt after the clean stop"
kill -KILL "$PID"; wait "$PID" 2>/dev/null; PID=
[ -e "$T/data/rrd.clean" ] && not_ok "no rrd.clean after kill -9" || ok "no rrd.clean after kill -9"
start_daemon "$T/c.conf" || { not_ok "start after kill -9"; done_testing; exit 1; }
is "$(rebuilt)" "info: rebuilding c: 0 periods of the journal missing from its RRD, 1 holding other values|" "after kill -9 the file whose rows differ is rebuilt"
is "$(rrd_value "$T/data/rrd/c.rrd" $E2018)" "2.0182500000e+03" "c's 2018 is the journal's"
stop_daemon; is "$?" 0 "clean stop"

# --rebuild after a clean stop compares every file's rows too.
mk_rrd d 2024 2018 999
DAEMON_ARGS=--rebuild start_daemon "$T/c.conf" || { not_ok "start with --rebuild"; done_testing; exit 1; }
is "$(rebuilt)" "info: rebuilding d: 0 periods of the journal missing from its RRD, 1 holding other values|" "--rebuild: the file whose rows differ is rebuilt"
is "$(rrd_value "$T/data/rrd/d.rrd" $E2018)" "2.0182500000e+03" "d's 2018 is the journal's"
stop_daemon; is "$?" 0 "clean stop"
done_testing
