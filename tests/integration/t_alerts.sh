#!/usr/bin/env bash
# Alert hooks end to end: pushes make a target slip, change status and
# recover; a real Alertmanager (started here), an exec hook and a webhook
# receiver see fire / update / resolve; a dead receiver and a hanging one
# neither block ingestion nor /metrics and are counted as failures; a
# restart repeats nothing; a reload with a narrower slipping set resolves;
# with evaluation.alert_stale, old data fires IndicatorDataStale and new
# data resolves it.
. "$(dirname "$0")/lib.sh"

AM_BIN=$(command -v prometheus-alertmanager || command -v alertmanager)
SINK=$B/tests/http_sink
[ -x "$SINK" ] || (cd "$ROOT" && make -s "${INDICATORD_BUILD:-build}/tests/http_sink" >/dev/null)
if [ -z "$AM_BIN" ] || [ ! -x "$SINK" ]; then
	not_ok "prometheus-alertmanager and build/tests/http_sink available"
	done_testing; exit 1
fi

# Alertmanager on a private port, no clustering, a receiver that drops all.
cat > "$T/am.yml" <<'YML'
route:
  receiver: blackhole
  group_wait: 1s
receivers:
  - name: blackhole
YML
# A free port can be taken before Alertmanager binds it: try another then.
for try in 1 2 3; do
	AP=$(free_port)
	"$AM_BIN" --config.file="$T/am.yml" --storage.path="$T/am" \
	    --web.listen-address="127.0.0.1:$AP" --cluster.listen-address= >"$T/am.log" 2>&1 &
	EXTRA_PIDS="$!"
	wait_for curl -sf "http://127.0.0.1:$AP/-/ready" && break
	grep -q 'address already in use' "$T/am.log" || break
	kill "$EXTRA_PIDS" 2>/dev/null; wait "$EXTRA_PIDS" 2>/dev/null
done
# A webhook receiver, and one that answers only after 20 s.
"$SINK" -p "$T/wh.port" -o "$T/wh.out" >"$T/wh.log" 2>&1 &
EXTRA_PIDS="$EXTRA_PIDS $!"
"$SINK" -p "$T/hang.port" -o "$T/hang.out" -stall 20 >"$T/hang.log" 2>&1 &
HANG_PID=$!
disown "$HANG_PID"	# killed at exit; no "Killed" notice
trap 'kill -KILL $HANG_PID 2>/dev/null; cleanup' EXIT
wait_for curl -sf "http://127.0.0.1:$AP/-/ready" || { not_ok "alertmanager starts" "$(cat "$T/am.log")"; done_testing; exit 1; }
wait_until "[ -s '$T/wh.port' ] && [ -s '$T/hang.port' ]" || { not_ok "http_sink starts"; done_testing; exit 1; }
WP=$(cat "$T/wh.port"); HP=$(cat "$T/hang.port"); DEAD=$(free_port)

# The exec hook records its INDICATORD_* variables and its stdin.
cat > "$T/hook.sh" <<'SH'
#!/bin/sh
out=$(dirname "$0")/exec.out
{ echo "== $INDICATORD_EVENT"; env | grep '^INDICATORD_' | sort; cat; echo; } >> "$out"
SH
chmod 755 "$T/hook.sh"

conf() {	# conf SLIPPING [MORE EVALUATION SETTINGS]
	write_conf "$T/c.conf" '
http = { push_token = "s3cret-token-123"; };
evaluation = { slipping = ['"$1"']; '"${2:-}"' };
feeds = ( { name = "manual"; type = "push"; } );
indicators = (
  { id = "patents"; name = "Patent authorizations"; unit = "count"; feed = "manual";
    targets = ( { year = 2025; value = 200.0; kind = "min"; } ); },
  { id = "fdi"; name = "Foreign direct investment"; unit = "usd"; feed = "manual";
    frequency = "monthly"; }
);
alerts = (
  { name = "ops";  type = "exec"; command = ["'"$T"'/hook.sh"]; timeout = 5; },
  { name = "am";   type = "alertmanager"; url = "http://127.0.0.1:'"$AP"'/"; resend = 2; timeout = 5; },
  { name = "wh";   type = "webhook"; url = "http://127.0.0.1:'"$WP"'/hook"; timeout = 5; },
  { name = "dead"; type = "webhook"; url = "http://127.0.0.1:'"$DEAD"'/hook"; timeout = 2; },
  { name = "hang"; type = "webhook"; url = "http://127.0.0.1:'"$HP"'/hook"; timeout = 2; }
);'
}
conf '"insufficient", "moving_away", "missed"'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }

push() {	# push CSV -> "STATUS SECONDS"
	curl -s -o /dev/null -w '%{http_code} %{time_total}' -H 'Authorization: Bearer s3cret-token-123' \
	    --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"
}
# am_alerts: "status state" of our alerts in Alertmanager (resolved ones are not listed).
am_alerts() {
	curl -s "http://127.0.0.1:$AP/api/v2/alerts" |
	    jq -r '[.[] | select(.labels.alertname == "IndicatorTargetSlipping" and .labels.indicator == "patents")
	        | .labels.status + " " + .status.state] | sort | join(",")'
}
am_field() {	# am_field JQ: a field of our one alert
	curl -s "http://127.0.0.1:$AP/api/v2/alerts" |
	    jq -r '.[] | select(.labels.alertname == "IndicatorTargetSlipping" and .labels.indicator == "patents") | '"$1"
}
events() {	# events: the exec hook's events so far, comma-separated
	grep '^== ' "$T/exec.out" 2>/dev/null | cut -c4- | paste -sd, -
}
last_event() {	# last_event VAR: a variable of the exec hook's last event
	awk -v k="INDICATORD_$1=" 'index($0, k) == 1 { v = substr($0, length(k) + 1) } END { print v }' "$T/exec.out"
}
last_stdin() {	# last_stdin JQ: from the JSON on the last event's stdin
	grep '^{' "$T/exec.out" | tail -1 | jq -r "$1"
}
last_webhook() {	# last_webhook JQ
	tail -1 "$T/wh.out" | cut -d' ' -f3- | jq -r "$1"
}
wait_long() {	# wait_long 'SHELL EXPRESSION': up to 40 s
	local i
	for i in $(seq 1 400); do
		eval "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}
status() {
	metric "indicatord_target_status{indicator=\"patents\",target_year=\"2025\",status=\"$1\"}"
}

# On track: no alert anywhere.
is "$(push $'patents,2015,100\npatents,2017,121\n' | cut -d' ' -f1)" 200 "push 2015, 2017"
is "$(status on_track)" 1 "on_track"
sleep 1
is "$(events)" "" "on track: the exec hook was not run"
is "$(am_alerts)" "" "on track: nothing in Alertmanager"

# 2018 falls: moving_away fires every hook.
read -r code secs <<<"$(push 'patents,2018,90')"
is "$code" 200 "push 2018 = 90"
is "$(status moving_away)" 1 "moving_away"
wait_until '[ "$(am_alerts)" = "moving_away active" ]'
is "$(am_alerts)" "moving_away active" "Alertmanager: the alert is active"
is "$(am_field '.labels.severity')" critical "severity critical for moving_away"
is "$(am_field '.labels.target_year')" 2025 "target_year label"
is "$(am_field '.annotations.summary')" "patents 2025 target slipping: moving_away" "summary"
like "$(am_field '.annotations.description')" '^needs 7\.2 %/yr from 100 \(2015\) to reach 200 by 2025; achieving -3\.5 %/yr since 2015 \(trend -1\.6 %/yr\); projected 70\.38; latest data 2018, stale \(expected within 18 months\)$' \
    "description explains the gap"
is "$(am_field '.generatorURL')" "http://127.0.0.1:$PORT/indicator/patents" "generatorURL is the indicator's page"
is "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$(am_field '.generatorURL')")" "200 text/html; charset=utf-8" "the page it links to answers"
ends=$(date -d "$(am_field '.endsAt')" +%s); now=$(date +%s)
like "$((ends - now))" '^[3-9]$' "endsAt = now + 4 x resend (8 s)"
wait_until '[ "$(events)" = "firing" ]'
is "$(events)" firing "exec hook: fired once"
is "$(last_event STATUS)" moving_away "INDICATORD_STATUS"
is "$(last_event PREVIOUS_STATUS)" on_track "INDICATORD_PREVIOUS_STATUS"
is "$(last_event INDICATOR)" patents "INDICATORD_INDICATOR"
is "$(last_event TARGET_YEAR)" 2025 "INDICATORD_TARGET_YEAR"
is "$(last_event VALUE)" 90 "INDICATORD_VALUE"
is "$(last_event TARGET)" 200 "INDICATORD_TARGET"
like "$(last_event PROJECTED)" '^70\.[0-9]+$' "INDICATORD_PROJECTED"
is "$(last_stdin '.event + " " + .status + " " + .severity')" "firing moving_away critical" "JSON event on stdin"
wait_until "[ -s '$T/wh.out' ]"
is "$(last_webhook '.version + " " + .status + " " + .receiver')" "4 firing wh" "webhook v4: firing"
is "$(last_webhook '.alerts[0].labels.status + " " + .alerts[0].status')" "moving_away firing" "webhook alert"
is "$(head -1 "$T/wh.out" | cut -d' ' -f1,2)" "POST /hook" "webhook is a POST to its URL"

# Neither a dead receiver nor a hanging one blocks ingestion or /metrics.
read -r code secs <<<"$(push 'patents,2019,95')"
is "$code" 200 "push while the hooks retry"
like "$secs" '^0\.[0-4]' "push answered in under 0.5 s while a receiver hangs ($secs s)"
secs=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/metrics")
like "$secs" '^0\.[0-4]' "/metrics answered in under 0.5 s ($secs s)"
is "$(events)" firing "moving_away again: no repeat"
read -r code secs <<<"$(push 'patents,2019,90')"

# 2018 revised to 105: insufficient updates the alert.
is "$(push 'patents,2018,105' | cut -d' ' -f1)" 200 "revise 2018 to 105"
is "$(push 'patents,2019,105' | cut -d' ' -f1)" 200 "revise 2019 to 105"
is "$(status insufficient)" 1 "insufficient"
wait_until '[ "$(am_alerts)" = "insufficient active" ]'
is "$(am_alerts)" "insufficient active" "Alertmanager: updated (old status resolved, new one active)"
is "$(am_field '.labels.severity')" warning "severity warning for insufficient"
wait_until '[ "$(events)" = "firing,updated" ]'
is "$(events)" "firing,updated" "exec hook: updated"
is "$(last_event STATUS) $(last_event PREVIOUS_STATUS)" "insufficient moving_away" "update: status and previous"
wait_until '[ "$(last_webhook .alerts[1].labels.status)" = insufficient ]'
is "$(last_webhook '[.alerts[] | .labels.status + ":" + .status] | join(",")')" \
    "moving_away:resolved,insufficient:firing" "webhook: old alert resolved, new one firing"

# Revised to 140, 150: on track again, resolved everywhere.
is "$(push $'patents,2018,140\npatents,2019,150\n' | cut -d' ' -f1)" 200 "revise 2018, 2019 upwards"
is "$(status on_track)" 1 "on_track again"
wait_until '[ -z "$(am_alerts)" ]'
is "$(am_alerts)" "" "Alertmanager: resolved"
wait_until '[ "$(events)" = "firing,updated,resolved" ]'
is "$(events)" "firing,updated,resolved" "exec hook: resolved"
is "$(last_event STATUS) $(last_event PREVIOUS_STATUS)" "on_track insufficient" "resolve: status and previous"
wait_until '[ "$(last_webhook .status)" = resolved ]'
is "$(last_webhook '.status + " " + .alerts[0].labels.status')" "resolved insufficient" "webhook: resolved"

# Counters: successes, and failures of the dead and the hanging receiver.
is "$(metric 'indicatord_alerts_sent_total{hook="ops"}')" 3 "sent: exec 3"
is "$(metric 'indicatord_alerts_sent_total{hook="wh"}')" 3 "sent: webhook 3"
like "$(metric 'indicatord_alerts_sent_total{hook="am"}')" '^([3-9]|[1-9][0-9]+)$' "sent: alertmanager (with re-sends)"
is "$(metric 'indicatord_alerts_sent_total{hook="dead"}')" 0 "sent: dead receiver 0"
wait_long '[ "$(metric "indicatord_alert_failures_total{hook=\"dead\"}")" = 3 ]'
is "$(metric 'indicatord_alert_failures_total{hook="dead"}')" 3 "dead receiver: 3 failures counted"
is "$(metric 'indicatord_alert_failures_total{hook="ops"}')" 0 "exec: no failures"
like "$(grep -c 'hook dead: firing alert for patents 2025 not delivered after 3 attempts' "$T/daemon.log")" '^1$' \
    "failure logged with its reason"
wait_long '[ "$(metric "indicatord_alert_failures_total{hook=\"hang\"}")" -ge 1 ]'
like "$(metric 'indicatord_alert_failures_total{hook="hang"}')" '^[1-3]$' "hanging receiver: timeouts counted"
if command -v promtool >/dev/null; then
	curl -s "http://127.0.0.1:$PORT/metrics" > "$T/metrics.txt"
	out=$(promtool check metrics < "$T/metrics.txt" 2>&1); is "$?$out" 0 "promtool check metrics"
fi
om=$(curl -s -H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$PORT/metrics")
is "$(printf '%s\n' "$om" | tail -1)" "# EOF" "OpenMetrics still ends with # EOF"
like "$(printf '%s\n' "$om" | grep '^# TYPE indicatord_alert_failures ')" 'counter$' "OpenMetrics family without _total"

# Slip again, restart: nothing repeats, Alertmanager keeps the alert.
is "$(push 'patents,2019,80' | cut -d' ' -f1)" 200 "2019 falls to 80"
wait_until '[ "$(events)" = "firing,updated,resolved,firing" ]'
is "$(events)" "firing,updated,resolved,firing" "fired again"
wait_until '[ "$(am_alerts)" = "moving_away active" ]'
starts=$(am_field .startsAt)
t0=$(date +%s%N)
stop_daemon; is "$?" 0 "clean stop"
ms=$((($(date +%s%N) - t0) / 1000000))
like "$ms" '^[0-9]{1,4}$' "stop bounded by the hook timeout ($ms ms)"
is "$(jq -r '.targets[0].firing.status' "$T/data/alerts.state")" moving_away "state file holds the open alert"
start_daemon "$T/c.conf" || { not_ok "daemon restarts"; done_testing; exit 1; }
sleep 5
is "$(events)" "firing,updated,resolved,firing" "restart: the exec hook is not run again"
is "$(am_alerts)" "moving_away active" "restart: Alertmanager still has the alert (re-sent)"
is "$(am_field .startsAt)" "$starts" "restart: same startsAt"
like "$(metric 'indicatord_alerts_sent_total{hook="am"}')" '^[1-9]' "restart: the open alert was re-sent to Alertmanager"

# Reload with slipping = ["missed"]: moving_away no longer slips.
conf '"missed"'
kill -HUP "$PID"
wait_until '[ "$(events)" = "firing,updated,resolved,firing,resolved" ]'
is "$(events)" "firing,updated,resolved,firing,resolved" "reload: narrower slipping set resolves"
wait_until '[ -z "$(am_alerts)" ]'
is "$(am_alerts)" "" "reload: resolved in Alertmanager"

# Stale data: nothing without alert_stale; with it, IndicatorDataStale per
# indicator (patents' latest is 2019, fdi's January 2025: both past due).
stale_events() {	# "EVENT INDICATOR" of the stale alerts, sorted, comma-separated
	grep '^{' "$T/exec.out" | jq -r 'select(.alertname == "IndicatorDataStale") |
	    .event + " " + .indicator' | sort | paste -sd, -
}
am_stale() {	# "indicator state" of the stale alerts in Alertmanager
	curl -s "http://127.0.0.1:$AP/api/v2/alerts" |
	    jq -r '[.[] | select(.labels.alertname == "IndicatorDataStale")
	        | .labels.indicator + " " + .status.state] | sort | join(",")'
}
is "$(push 'fdi,2025-01,5' | cut -d' ' -f1)" 200 "push fdi for January 2025"
is "$(metric 'indicatord_indicator_stale{indicator="fdi"}')" 1 "fdi is stale"
sleep 1
is "$(stale_events)" "" "alert_stale off: no stale alert"
conf '"missed"' 'alert_stale = true;'
kill -HUP "$PID"
wait_until '[ "$(stale_events)" = "firing fdi,firing patents" ]'
is "$(stale_events)" "firing fdi,firing patents" "alert_stale on: each stale indicator fires once"
is "$(grep '^{' "$T/exec.out" | jq -r 'select(.indicator == "fdi") | .summary + " | " + .stale_after + " | " + .severity')" \
    "fdi data stale: latest 2025-01 | 3 months | warning" "exec hook: the stale event's summary, lag, severity"
wait_until '[ "$(am_stale)" = "fdi active,patents active" ]'
is "$(am_stale)" "fdi active,patents active" "Alertmanager has both stale alerts"
is "$(curl -s "http://127.0.0.1:$AP/api/v2/alerts" | jq -r '[.[] | select(.labels.alertname == "IndicatorDataStale" and .labels.indicator == "fdi") | .labels | keys[]] | join(",")')" \
    "alertname,indicator,severity" "the stale alert's labels: no target_year, no status"
recent=$(date -u -d "$(date -u +%Y-%m-15) -1 month" +%Y-%m)
is "$(push "fdi,$recent,6" | cut -d' ' -f1)" 200 "push fdi for $recent"
wait_until '[ "$(stale_events)" = "firing fdi,firing patents,resolved fdi" ]'
is "$(stale_events)" "firing fdi,firing patents,resolved fdi" "current data resolves the stale alert"
wait_until '[ "$(am_stale)" = "patents active" ]'
is "$(am_stale)" "patents active" "resolved in Alertmanager"
stop_daemon; is "$?" 0 "clean stop"
done_testing
