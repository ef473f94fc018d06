#!/usr/bin/env bash
# exec feeds: stdout as CSV, stderr logged, exit status and timeout as feed
# errors; a hung feed delays neither another feed nor the HTTP server.
. "$(dirname "$0")/lib.sh"

cat > "$T/good.sh" <<'SH'
#!/bin/sh
echo "exec_ind,2019,50,from exec"
echo "exec_ind,2021,72"
echo "exec_ind,2020,oops"
echo "a warning on stderr" >&2
SH
cat > "$T/fail.sh" <<'SH'
#!/bin/sh
echo "fail_ind,2020,1"
echo "cannot reach upstream" >&2
exit 3
SH
cat > "$T/hang.sh" <<'SH'
#!/bin/sh
echo "hang_ind,2020,1"
sleep 60
SH
chmod +x "$T"/*.sh
echo "csv_ind,2020,1" > "$T/tick.csv"
write_conf "$T/c.conf" '
feeds = (
  { name = "good"; type = "exec"; command = ["/bin/sh", "'"$T"'/good.sh"]; interval = 3600; timeout = 10; },
  { name = "fail"; type = "exec"; command = ["'"$T"'/fail.sh"]; interval = 1; timeout = 10; },
  { name = "hang"; type = "exec"; command = ["'"$T"'/hang.sh"]; interval = 3600; timeout = 8; },
  { name = "tick"; type = "csv"; path = "'"$T"'/tick.csv"; interval = 1; }
);
indicators = (
  { id = "exec_ind"; unit = "count"; feed = "good"; },
  { id = "fail_ind"; unit = "count"; feed = "fail"; },
  { id = "hang_ind"; unit = "count"; feed = "hang"; },
  { id = "csv_ind"; unit = "count"; feed = "tick"; }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_for grep -q 'feed good stderr' "$T/daemon.log"
is "$(metric 'indicatord_indicator_value{indicator="exec_ind",unit="count"}')" 72 "exec output stored"
is "$(metric 'indicatord_observations_total{feed="good"}')" 2 "two good lines stored"
is "$(metric 'indicatord_feed_errors_total{feed="good"}')" 1 "bad line counted"
like "$(cat "$T/daemon.log")" 'feed good line 3: bad value "oops"' "bad exec line names feed and line"
like "$(cat "$T/daemon.log")" 'feed good stderr: a warning on stderr' "stderr logged"
is "$(metric 'indicatord_feed_up{feed="good"}')" 1 "good feed up"

wait_for grep -q 'feed fail: exited with status 3' "$T/daemon.log"
like "$(cat "$T/daemon.log")" 'feed fail: exited with status 3' "non-zero exit is a feed error"
is "$(metric 'indicatord_feed_up{feed="fail"}')" 0 "failing feed down"
is "$(metric 'indicatord_indicator_value{indicator="fail_ind",unit="count"}')" "" "output of a failed run is not stored"
like "$(cat "$T/daemon.log")" 'feed fail stderr: cannot reach upstream' "failing feed's stderr logged"

# While hang.sh sleeps (until its 8 s timeout), other feeds and HTTP go on.
echo "csv_ind,2020,2" > "$T/tick.csv"
t0=$(date +%s%N)
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="csv_ind",unit="count"}'"'"')" = 2 ]' 
is "$(metric 'indicatord_indicator_value{indicator="csv_ind",unit="count"}')" 2 "csv feed runs while the exec feed hangs"
grep -q 'feed hang: timed out' "$T/daemon.log" && not_ok "csv update seen before the hung feed timed out" || ok "csv update seen before the hung feed timed out"
wait_for grep -q 'feed hang: timed out after 8 s' "$T/daemon.log"
like "$(cat "$T/daemon.log")" 'feed hang: timed out after 8 s' "hung feed killed at its timeout"
pgrep -f "$T/hang.sh" >/dev/null && not_ok "hung command and its children are gone" || ok "hung command and its children are gone"
is "$(metric 'indicatord_indicator_value{indicator="hang_ind",unit="count"}')" "" "output of a timed-out run is not stored"
e1=$(metric 'indicatord_feed_errors_total{feed="fail"}')
sleep 2.5
e2=$(metric 'indicatord_feed_errors_total{feed="fail"}')
[ "$e2" -gt "$e1" ] && ok "failing feed retried ($e1 -> $e2 errors)" || not_ok "failing feed retried" "$e1 -> $e2"
stop_daemon; is "$?" 0 "clean stop"

# Processes a feed or hook command leaves behind (setsid, a double fork, an
# orphan in another session) die with its run: at its exit, its timeout,
# the daemon's stop. left.sh PIDFILE [hang] starts three, each writing its
# pid to PIDFILE, and exits (or hangs).
cat > "$T/left.sh" <<'SH'
#!/bin/sh
f=$1
setsid sh -c "echo \$\$ >> $f; exec sleep 300" &
( sh -c "echo \$\$ >> $f; exec sleep 301" & ) &
setsid sh -c "(sh -c 'echo \$\$ >> $f; exec sleep 302' &); exec sleep 303" &
while [ "$(cat "$f" 2>/dev/null | wc -l)" != 3 ]; do sleep 0.05; done
echo "left_ind,2020,3"
[ "$2" = hang ] && exec sleep 60
exit 0
SH
chmod +x "$T/left.sh"
# alive PIDFILE: how many of its processes live (after it has 3 lines).
alive() {
	local n=0 p f=$1
	wait_until '[ "$(wc -l < "$f")" = 3 ]'
	for p in $(cat "$f"); do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done
	echo "$n"
}
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = (
  { name = "left"; type = "exec"; command = ["'"$T"'/left.sh", "'"$T"'/exit.pids"]; interval = 3600; timeout = 10; },
  { name = "lefthang"; type = "exec"; command = ["'"$T"'/left.sh", "'"$T"'/timeout.pids", "hang"]; interval = 3600; timeout = 3; },
  { name = "leftstop"; type = "exec"; command = ["'"$T"'/left.sh", "'"$T"'/stop.pids", "hang"]; interval = 3600; timeout = 60; },
  { name = "manual"; type = "push"; }
);
indicators = (
  { id = "left_ind"; unit = "count"; feed = "left"; },
  { id = "lh_ind"; unit = "count"; feed = "lefthang"; },
  { id = "ls_ind"; unit = "count"; feed = "leftstop"; },
  { id = "pushed"; unit = "count"; feed = "manual"; targets = ( { year = 2025; value = 200.0; } ); }
);
alerts = ( { name = "ops"; type = "exec"; command = ["'"$T"'/left.sh", "'"$T"'/hook.pids"]; timeout = 10; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="left_ind",unit="count"}'"'"')" = 3 ]'
is "$(metric 'indicatord_indicator_value{indicator="left_ind",unit="count"}')" 3 "a run that leaves processes behind ends at its exit and is stored"
is "$(alive "$T/exit.pids")" 0 "what it left behind is killed"
wait_for grep -q 'feed lefthang: timed out after 3 s' "$T/daemon.log"
like "$(cat "$T/daemon.log")" 'feed lefthang: timed out after 3 s' "a hung run with leftovers times out"
is "$(alive "$T/timeout.pids")" 0 "its leftovers are killed with it"
curl -s -o /dev/null -H 'Authorization: Bearer token-for-tests' --data-binary $'pushed,2015,100\npushed,2020,50\n' \
    "http://127.0.0.1:$PORT/api/v1/observations"
# The hook's end is not logged: wait (10 s at most) for its leftovers to go.
wait_until '[ -s "$T/hook.pids" ] && [ "$(alive "$T/hook.pids")" = 0 ]'
is "$(alive "$T/hook.pids")" 0 "an exec hook's leftovers are killed too"
is "$(alive "$T/stop.pids")" 3 "a running feed's processes live while it runs"
is "$(ps -o stat= --ppid "$PID" | grep -c Z)" 0 "the daemon has no zombie children"
stop_daemon; is "$?" 0 "clean stop with a feed running"
is "$(alive "$T/stop.pids")" 0 "its processes are gone once the daemon has stopped"
done_testing
