#!/usr/bin/env bash
# Each point's source, read while pushes add new ones: 25 pushes of 20
# monthly points, each point with its own source ("s" and its value: 500
# sources, through the source table's first chunks of 64, 128 and 256),
# while readers fetch the JSON series and the CSV download; every point
# they see names its own source. A new source alone does not revise a
# point; a restart gives back every source. Under ThreadSanitizer
# (INDICATORD_BUILD of clang -fsanitize=thread) the daemon's exit status
# shows any race.
. "$(dirname "$0")/lib.sh"

write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; frequency = "monthly"; feed = "manual"; } );'
push() { curl -s -H "Authorization: Bearer token-for-tests" --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
# wrong: how many points of the JSON series do not name their own source.
wrong() { curl -s "http://127.0.0.1:$PORT/api/v1/indicators/a" | jq '[.series[] | select(.source != "s\(.value | floor)")] | length'; }
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }

# reader KIND PATH: until $T/stop exists, fetch PATH into $T/KIND.1, 2, ...
reader() {
	local i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		curl -s -o "$T/$1.$i" "http://127.0.0.1:$PORT$2"
		sleep 0.02
	done
}
reader json /api/v1/indicators/a & R1=$!
reader csv /indicator/a.csv & R2=$!
EXTRA_PIDS="$R1 $R2"
okp=0
for k in $(seq 0 24); do
	body=
	for j in $(seq 0 19); do
		m=$((k * 20 + j))
		v=$((m + 1))
		printf -v body '%sa,%d-%02d,%d,s%d\n' "$body" $((1990 + m / 12)) $((m % 12 + 1)) "$v" "$v"
	done
	[ "$(push "$body")" = '{"received":20,"stored":20,"unchanged":0}' ] && okp=$((okp + 1))
done
touch "$T/stop"
wait "$R1" "$R2"
is "$okp" 25 "25 pushes of 20 points, each with a new source"
nj=$(ls "$T"/json.* | wc -l)
nc=$(ls "$T"/csv.* | wc -l)
lens=$(cat "$T"/json.* | jq '.series | length')
is "$(wc -l <<<"$lens")" "$nj" "every JSON read ($nj) was a series"
[ "$(sort -un <<<"$lens" | wc -l)" -ge 2 ] && ok "reads saw the series grow ($(sort -un <<<"$lens" | wc -l) lengths)" || not_ok "reads saw the series grow" "$(sort -un <<<"$lens" | tr '\n' ' ')"
is "$(cat "$T"/json.* | jq -c '.series[] | select(.source != "s\(.value | floor)")' | wc -l)" 0 "no JSON series read during the pushes showed another point's source"
is "$(awk -F, 'FNR > 1 && $6 != "s" $4 { n++ } FNR > 1 { rows++ } END { print n + 0, (rows > 0) }' "$T"/csv.*)" "0 1" "no CSV download read during the pushes ($nc) did"
is "$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/a" | jq -c '[(.series | length), .series[0].source, .series[499].source, .latest.source]')" '[500,"s1","s500","s500"]' "500 points, the first and last sources"
is "$(push 'a,1990-01,1,elsewhere')" '{"received":1,"stored":1,"unchanged":0}' "a new source alone is stored"
is "$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/a" | jq -c '.series[0] | [.source, .revised]')" '["elsewhere",false]' "it shows, and does not revise the point"
stop_daemon || not_ok "daemon exits 0"
start_daemon "$T/c.conf" || not_ok "restart"
is "$(curl -s "http://127.0.0.1:$PORT/api/v1/indicators/a" | jq -c '[.series[0].source, .series[1].source, .series[499].source]')" '["elsewhere","s2","s500"]' "after a restart: the same sources"
is "$(wrong)" 1 "and only the changed one names another"
stop_daemon || not_ok "daemon exits 0"
done_testing
