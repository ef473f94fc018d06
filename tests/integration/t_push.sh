#!/usr/bin/env bash
# POST /api/v1/observations: bearer token, CSV and JSON, all-or-nothing,
# body limit, and the push feed's metrics.
. "$(dirname "$0")/lib.sh"

write_conf "$T/c.conf" '
http = { push_token = "s3cret-token-123"; body_limit = 4096; };
feeds = ( { name = "manual"; type = "push"; },
          { name = "file"; type = "csv"; path = "'"$T"'/empty.csv"; interval = 3600; } );
indicators = (
  { id = "platforms"; unit = "count"; feed = "manual"; method = "linear";
    targets = ( { year = 2025; value = 20.0; } ); },
  { id = "share"; unit = "ratio"; feed = "manual";
    targets = ( { year = 2025; value = 0.77; } ); },
  { id = "monthly"; unit = "count"; frequency = "monthly"; feed = "manual"; },
  { id = "fromfile"; unit = "count"; feed = "file"; }
);'
# An empty file, not a missing one: a failing feed's retries (5 s, 10 s,
# ...) would change its counters between the parallel scrapes below.
: > "$T/empty.csv"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
U="http://127.0.0.1:$PORT/api/v1/observations"
post() {	# post [curl args...] -> "STATUS BODY"
	curl -s -o "$T/body" -w '%{http_code}' "$@" "$U"; echo " $(tr -d '\n' < "$T/body")"
}
TOK=(-H "Authorization: Bearer s3cret-token-123")

is "$(post --data-binary 'platforms,2020,4')" "401 missing or wrong bearer token" "no token: 401"
is "$(post -H 'Authorization: Bearer wrong-token-1234' --data-binary 'platforms,2020,4')" \
    "401 missing or wrong bearer token" "wrong token: 401"
is "$(post -H 'Authorization: Bearer s3cret-token-12' --data-binary 'platforms,2020,4')" \
    "401 missing or wrong bearer token" "token prefix: 401"
hdr=$(curl -s -D - -o /dev/null --data-binary 'x' "$U" | tr -d '\r' | grep -i '^www-authenticate')
is "$hdr" 'WWW-Authenticate: Bearer realm="indicatord"' "401 carries WWW-Authenticate"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U")" 405 "GET on the push endpoint: 405"

# All-or-nothing: a bad third line stores nothing.
is "$(post "${TOK[@]}" -H 'Content-Type: text/csv' --data-binary $'platforms,2020,4\nplatforms,2021,6\nplatforms,2022,x\n')" \
    '400 line 3: bad value "x"' "bad CSV line: 400 naming line 3"
is "$(post "${TOK[@]}" --data-binary $'platforms,2020,4\nfromfile,2021,6\n')" \
    '400 line 2: indicator "fromfile" belongs to feed "file", not to a push feed' "indicator of a pulled feed: 400"
is "$(post "${TOK[@]}" --data-binary $'monthly,2024,4\n')" \
    '400 line 1: period 2024 does not match the monthly frequency of "monthly"' "wrong frequency: 400"
is "$(post "${TOK[@]}" --data-binary $'nosuch,2024,4\n')" '400 line 1: unknown indicator "nosuch"' "unknown indicator: 400"
is "$(post "${TOK[@]}" -H 'Content-Type: application/json' --data-binary '[{"indicator":"share","period":"2020","value":0.7},{"indicator":"share","period":"2021"}]')" \
    '400 observation 2: "value" must be a finite number' "bad JSON element: 400 naming it"
is "$(post "${TOK[@]}" -H 'Content-Type: application/json' --data-binary '{"observations": [')" \
    '400 line 1: bad JSON: '"'"']'"'"' expected near end of file' "truncated JSON: 400"
is "$(grep -vc '^#' "$T/data/journal")" 0 "nothing journaled after rejected pushes"
is "$(metric 'indicatord_observations_total{feed="manual"}')" 0 "nothing counted"

# Body limit: 413, declared or streamed.
big=$(head -c 5000 /dev/zero | tr '\0' 'a')
is "$(post "${TOK[@]}" --data-binary "$big" | cut -c1-3)" 413 "body over http.body_limit: 413"
is "$(printf '%s' "$big" | curl -s -o /dev/null -w '%{http_code}' "${TOK[@]}" -H 'Transfer-Encoding: chunked' --data-binary @- "$U")" \
    413 "chunked body over the limit: 413"

# Good pushes.
is "$(post "${TOK[@]}" --data-binary $'indicator,period,value,source\nplatforms,2020,4,press\nplatforms,2022,10,press\n')" \
    '200 {"received":2,"stored":2,"unchanged":0}' "CSV push stored"
is "$(post "${TOK[@]}" -H 'Content-Type: application/json' --data-binary '{"observations":[{"indicator":"share","period":"2020","value":0.70,"source":"s"},{"indicator":"share","period":"2022","value":0.74}]}')" \
    '200 {"received":2,"stored":2,"unchanged":0}' "JSON push stored"
is "$(post "${TOK[@]}" --data-binary $'platforms,2022,10,press\n')" \
    '200 {"received":1,"stored":0,"unchanged":1}' "identical push is a no-op"
is "$(metric 'indicatord_indicator_value{indicator="platforms",unit="count"}')" 10 "pushed value in /metrics"
near "$(metric 'indicatord_target_progress_ratio{indicator="platforms",target_year="2025"}')" \
    "$(awk 'BEGIN { printf "%.15f", 3 / (16 / 5) }')" 1e-9 "linear R = slope_a / slope_r"
near "$(metric 'indicatord_target_projected_value{indicator="platforms",target_year="2025"}')" 19 1e-9 "linear projection"
near "$(metric 'indicatord_target_progress_ratio{indicator="share",target_year="2025"}')" \
    "$(awk 'BEGIN { a = (0.74/0.70)^(1/2) - 1; r = (0.77/0.70)^(1/5) - 1; printf "%.15f", a / r }')" 1e-9 "CAGR R of the share"
is "$(metric 'indicatord_observations_total{feed="manual"}')" 4 "push feed counts stored observations"
is "$(metric 'indicatord_feed_up{feed="manual"}')" 1 "push feed up"
like "$(metric 'indicatord_feed_last_success_timestamp_seconds{feed="manual"}')" '^1[0-9]{9}$' "push feed last success set"
is "$(grep -vc '^#' "$T/data/journal")" 4 "four journal records"
# The gzip answer is kept between scrapes: a push must still show at once.
gzmetric() {
	curl -s --compressed -H 'Accept: application/openmetrics-text;version=1.0.0' \
	    "http://127.0.0.1:$PORT/metrics" | awk -v k="$1" '$1 == k { print $2 }'
}
is "$(gzmetric 'indicatord_observations_total{feed="manual"}')" 4 "gzip scrape: 4 observations"
is "$(gzmetric 'indicatord_observations_total{feed="manual"}')" 4 "gzip scrape again (kept answer): 4"
is "$(post "${TOK[@]}" --data-binary $'platforms,2023,12,press\n' | cut -c1-3)" 200 "one more push"
is "$(gzmetric 'indicatord_observations_total{feed="manual"}')" 5 "next gzip scrape counts it"
is "$(gzmetric 'indicatord_indicator_value{indicator="platforms",unit="count"}')" 12 "and shows its value"
is "$(rrd_value "$T/data/rrd/platforms.rrd" 1672531200)" "1.0000000000e+01" "pushed value in the RRD"
is "$(rrd_value "$T/data/rrd/platforms.rrd" 1704067200)" "1.2000000000e+01" "the later push in the RRD"
# Plain OpenMetrics scrapes 8 at a time while the tail (process_*) changes
# every 100 ms: whether a response is sent from the room after the
# snapshot's text or in pieces, each is whole and, but for process_*, the
# same.
pids=()
for i in $(seq 1 40); do
	curl -s -H 'Accept: application/openmetrics-text;version=1.0.0' \
	    -o "$T/par.$i" "http://127.0.0.1:$PORT/metrics" & pids+=($!)
	[ $((i % 8)) -ne 0 ] || { wait "${pids[@]}"; pids=(); sleep 0.12; }
done
grep -v '^process_' "$T/par.1" > "$T/par.ref"
bad=0
for i in $(seq 1 40); do
	{ [ "$(tail -n 1 "$T/par.$i")" = "# EOF" ] &&
	    [ "$(grep -c '^# EOF' "$T/par.$i")" = 1 ] &&
	    [ "$(grep '^process_' "$T/par.$i" | awk 'NF != 2 || $2 !~ /^[0-9.e+]+$/' | wc -l)" = 0 ] &&
	    grep -v '^process_' "$T/par.$i" | cmp -s - "$T/par.ref"; } || bad=$((bad + 1))
done
is "$bad" 0 "40 parallel OpenMetrics scrapes: each whole, the same but for process_*"
like "$(grep -c '^indicatord_' "$T/par.ref")" '^[1-9][0-9]+$' "and they hold the samples"
stop_daemon; is "$?" 0 "clean stop"

# Push disabled without a token.
write_conf "$T/n.conf" '
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "platforms"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/n.conf"
U="http://127.0.0.1:$PORT/api/v1/observations"
is "$(post --data-binary 'platforms,2020,4')" "403 push is disabled: no http.push_token in the config" "no push_token: 403"
stop_daemon
done_testing
