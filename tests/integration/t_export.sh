#!/usr/bin/env bash
# History into Prometheus: GET /api/v1/export?format=openmetrics (and
# indicatord --export on the data_dir) gives every stored observation with
# its timestamp at the period's end; promtool turns it into TSDB blocks,
# and a real Prometheus started on them answers a query for the 2018 value
# at 2019-01-01.
. "$(dirname "$0")/lib.sh"

write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = (
  { id = "patents"; name = "Patents"; unit = "count"; feed = "manual";
    labels = { city = "Shen\"zhen" }; },
  { id = "fdi"; name = "FDI"; unit = "usd"; feed = "manual"; frequency = "quarterly"; },
  { id = "empty"; name = "Nothing yet"; unit = "count"; feed = "manual"; }
);'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
push() {
	curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer token-for-tests' \
	    --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"
}
is "$(push $'patents,2018,140000\npatents,2017,121000.5\nfdi,2019-Q2,0.1\nfdi,2019-Q1,1e-7\npatents,2018,140001')" 200 "push"

h=$(curl -s -D - -o "$T/exp.om" "http://127.0.0.1:$PORT/api/v1/export?format=openmetrics" | tr -d '\r')
like "$h" 'Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8' "OpenMetrics content type"
is "$(cat "$T/exp.om")" '# HELP indicatord_indicator_value Observed value of the indicator in its base unit, at the end of its period.
# TYPE indicatord_indicator_value gauge
indicatord_indicator_value{indicator="patents",unit="count",city="Shen\"zhen"} 121000.5 1514764800
indicatord_indicator_value{indicator="patents",unit="count",city="Shen\"zhen"} 140001 1546300800
indicatord_indicator_value{indicator="fdi",unit="usd"} 1e-07 1554076800
indicatord_indicator_value{indicator="fdi",unit="usd"} 0.1 1561939200
# EOF' "every observation, latest revision, in time order, at the period ends"
cmp -s "$T/exp.om" <(curl -s "http://127.0.0.1:$PORT/api/v1/export") &&
    ok "no format: openmetrics" || not_ok "no format: openmetrics"
is "$(curl -s -w ' %{http_code}' "http://127.0.0.1:$PORT/api/v1/export?format=csv")" \
    "format must be openmetrics
 400" "another format: 400"
"$BIN" --export -c "$T/c.conf" > "$T/cli.om" 2>"$T/cli.err"; rc=$?
is "$rc" 0 "--export exits 0 beside the running daemon"
cmp -s "$T/exp.om" "$T/cli.om" && ok "--export reads the journal to the same text as the API" ||
    not_ok "--export reads the journal to the same text as the API" "$(diff "$T/exp.om" "$T/cli.om" | head -5)"
is "$(cat "$T/cli.err")" "" "and says nothing on stderr"
# A damaged line is skipped and counted; the file is not touched.
cp -r "$T/data" "$T/data2"
sed -i '3s/121000.5/121000.6/' "$T/data2/journal"
sum=$(md5sum < "$T/data2/journal")
sed "s|$T/data|$T/data2|" "$T/c.conf" > "$T/c2.conf"
"$BIN" --export -c "$T/c2.conf" > "$T/cli2.om" 2>"$T/cli2.err"; rc=$?
is "$rc" 0 "--export of a damaged journal exits 0"
is "$(cat "$T/cli2.err")" "$T/data2/journal: 1 damaged lines skipped" "and counts the damaged line"
is "$(diff "$T/exp.om" "$T/cli2.om" | grep '^[<>]')" '< indicatord_indicator_value{indicator="patents",unit="count",city="Shen\"zhen"} 121000.5 1514764800' "a flipped digit is left out (its checksum fails), never exported as 121000.6"
is "$(md5sum < "$T/data2/journal")" "$sum" "--export leaves the journal as it was"
is "$("$BIN" --export -c "$T/c.conf" -l 127.0.0.1:1 >/dev/null; echo $?)" 0 "--export ignores listen"

# Backfill a real Prometheus and query the 2018 value back.
promtool tsdb create-blocks-from openmetrics "$T/exp.om" "$T/prom" >"$T/promtool.log" 2>&1 &&
    ok "promtool tsdb create-blocks-from openmetrics takes it" ||
    not_ok "promtool tsdb create-blocks-from openmetrics takes it" "$(tail -3 "$T/promtool.log")"
PP=$(free_port)
printf 'global: { scrape_interval: 1h }\n' > "$T/prom.yml"
prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/prom" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
EXTRA_PIDS="$!"
q() {	# q QUERY TIME
	curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" --data-urlencode "time=$2" |
	    jq -r '.data.result[0].value[1] // empty'
}
wait_until '[ -n "$(q "indicatord_indicator_value{indicator=\"patents\"}" 1546300800)" ]'
is "$(q 'indicatord_indicator_value{indicator="patents"}' 1546300800)" 140001 "Prometheus: patents at 2019-01-01 is the 2018 value"
is "$(q 'indicatord_indicator_value{indicator="patents",city="Shen\"zhen"}' 1514764800)" 121000.5 "Prometheus: 2017 value with its labels"
is "$(q 'indicatord_indicator_value{indicator="fdi"}' 1554076800)" 1e-07 "Prometheus: 2019-Q1 value"
stop_daemon; is "$?" 0 "clean stop"
done_testing
