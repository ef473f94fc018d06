#!/usr/bin/env bash
# A real Prometheus scrapes the daemon every second, once in OpenMetrics
# (its default) and once in text 0.0.4; both are parsed without error and
# the queried values are the expected ones.
. "$(dirname "$0")/lib.sh"

cat > "$T/feed.csv" <<'CSV'
growth,2015,100
growth,2017,121
CSV
write_conf "$T/c.conf" '
feeds = ( { name = "file"; type = "csv"; path = "'"$T"'/feed.csv"; interval = 3600; } );
indicators = ( { id = "growth"; unit = "count"; feed = "file";
                 targets = ( { year = 2025; value = 200.0; } ); } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="growth",unit="count"}'"'"')" = 121 ]'

# The daemon's own answer to each format.
h=$(curl -s -D - -o "$T/om.txt" -H 'Accept: application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1' "http://127.0.0.1:$PORT/metrics" | tr -d '\r')
like "$h" 'Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8' "Prometheus's Accept header gets OpenMetrics"
is "$(tail -1 "$T/om.txt")" "# EOF" "OpenMetrics ends with # EOF"
like "$(cat "$T/om.txt")" $'# TYPE indicatord_feed_errors counter\nindicatord_feed_errors_total\\{feed="file"\\} 0' "OpenMetrics counter: family without _total, sample with"
like "$(cat "$T/om.txt")" '# UNIT indicatord_indicator_period_end_timestamp_seconds seconds' "OpenMetrics UNIT metadata"
h=$(curl -s -D - -o "$T/gz" -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/metrics" | tr -d '\r')
like "$h" 'Content-Encoding: gzip' "gzip when accepted"
cmp -s <(gunzip -c "$T/gz" | grep -v '^process_') <(curl -s "http://127.0.0.1:$PORT/metrics" | grep -v '^process_') \
    && ok "gzip body decodes to the plain body" || not_ok "gzip body decodes to the plain body"
# One gzip member: libcurl (curl --compressed) decodes only the first.
OMA='Accept: application/openmetrics-text;version=1.0.0'
cmp -s <(curl -s --compressed -H "$OMA" "http://127.0.0.1:$PORT/metrics" | grep -v '^process_') \
    <(curl -s -H "$OMA" "http://127.0.0.1:$PORT/metrics" | grep -v '^process_') \
    && ok "curl --compressed reads the whole OpenMetrics body" || not_ok "curl --compressed reads the whole OpenMetrics body"
is "$(curl -s --compressed -H "$OMA" "http://127.0.0.1:$PORT/metrics" | tail -1)" "# EOF" "gzip OpenMetrics ends with # EOF"
curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/metrics" > "$T/gz2"
gzip -t "$T/gz2" 2>"$T/gzip.err" && ok "gzip -t: CRC and length check" || not_ok "gzip -t: $(cat "$T/gzip.err")"
is "$(od -An -tx1 -N3 "$T/gz2" | tr -d ' ')" "1f8b08" "gzip magic and deflate"
h=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip;q=0' "http://127.0.0.1:$PORT/metrics" | tr -d '\r')
[[ "$h" == *"Content-Encoding"* ]] && not_ok "no gzip with q=0" || ok "no gzip with q=0"

PP=$(free_port)
cat > "$T/prom.yml" <<YML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: openmetrics
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
  - job_name: text
    params: { format: [prometheus] }
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
YML
prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/prom" \
    --web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
PROM=$!
EXTRA_PIDS="$PROM"
q() { curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
targets() { curl -s "http://127.0.0.1:$PP/api/v1/targets" | jq -r --arg j "$1" '.data.activeTargets[] | select(.labels.job == $j) | .health + " [" + .lastError + "]"'; }
wait_until '[ "$(targets openmetrics)" = "up []" ] && [ "$(targets text)" = "up []" ] && [ -n "$(q "indicatord_indicator_value{job=\"text\"}")" ] && [ -n "$(q "indicatord_indicator_value{job=\"openmetrics\"}")" ]' ||
	wait_until '[ -n "$(q "indicatord_indicator_value{job=\"text\"}")" ]'
is "$(targets openmetrics)" "up []" "Prometheus: OpenMetrics target up, no error"
is "$(targets text)" "up []" "Prometheus: text 0.0.4 target up, no error"
for job in openmetrics text; do
	is "$(q "indicatord_indicator_value{job=\"$job\",indicator=\"growth\"}")" 121 "Prometheus ($job): indicator value"
	is "$(q "indicatord_target_status{job=\"$job\",indicator=\"growth\",target_year=\"2025\",status=\"on_track\"}")" 1 "Prometheus ($job): target status"
	near "$(q "indicatord_target_progress_ratio{job=\"$job\",target_year=\"2025\"}")" \
	    "$(awk 'BEGIN { printf "%.15f", 0.1 / (2^(1/10) - 1) }')" 1e-9 "Prometheus ($job): R"
	is "$(q "indicatord_feed_errors_total{job=\"$job\",feed=\"file\"}")" 0 "Prometheus ($job): counter"
	like "$(q "process_resident_memory_bytes{job=\"$job\"}")" '^[0-9]+$' "Prometheus ($job): process metrics"
done
kill -TERM "$PROM"; wait "$PROM" 2>/dev/null
stop_daemon; is "$?" 0 "clean stop"
done_testing
