#!/usr/bin/env bash
# Split scrapes: /metrics?feed=NAME and /metrics?shard=i&of=n serve exactly
# the indicators they select (the shard of an id: FNV-1a 32-bit of its
# bytes modulo n), the union of the shards is the whole, gzip and plain
# agree, a change shows in every selection, bad parameters get a 400
# naming them, the 17th selection a 503, and a real Prometheus scraping
# the shards as jobs with params gets every indicator exactly once.
. "$(dirname "$0")/lib.sh"

N=40
{
	echo 'http = { push_token = "tok-0123456789abcdef"; };'
	echo 'feeds = ( { name = "push"; type = "push"; },'
	echo "          { name = \"file\"; type = \"csv\"; path = \"$T/feed.csv\"; interval = 3600; } );"
	echo 'indicators = ('
	for i in $(seq 1 $N); do
		f=push; [ $((i % 4)) = 0 ] && f=file
		sep=,; [ "$i" = $N ] && sep=
		printf '  { id = "ind_%02d"; unit = "count"; feed = "%s"; targets = ( { year = 2025; value = %d.0; } ); }%s\n' \
		    "$i" "$f" $((200 + i)) "$sep"
	done
	echo ');'
} > "$T/ind.conf"
: > "$T/feed.csv"
for i in $(seq 4 4 $N); do printf 'ind_%02d,2020,%d\nind_%02d,2021,%d\n' "$i" $((100 + i)) "$i" $((110 + i)); done > "$T/feed.csv"
write_conf "$T/c.conf" "$(cat "$T/ind.conf")"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
U=http://127.0.0.1:$PORT
for i in $(seq 1 $N); do
	[ $((i % 4)) = 0 ] && continue
	printf 'ind_%02d,2020,%d\nind_%02d,2021,%d\n' "$i" $((100 + i)) "$i" $((110 + i))
done > "$T/push.csv"
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer tok-0123456789abcdef' \
    -H 'Content-Type: text/csv' --data-binary @"$T/push.csv" "$U/api/v1/observations")" 200 "push of 30 indicators"
wait_until '[ "$(curl -s "$U/metrics" | grep -c "^indicatord_indicator_value{")" = '$N' ]'

# ids NAME QUERY: the indicators with a value sample in the answer, sorted.
ids() { curl -s "$U/metrics$1" | sed -n 's/^indicatord_indicator_value{indicator="\([^"]*\)".*/\1/p' | sort; }
# FNV-1a 32-bit of each id, modulo n: the documented owner.
owner() { python3 -c '
import sys
h = 2166136261
for b in sys.argv[1].encode(): h = ((h ^ b) * 16777619) & 0xffffffff
print(h % int(sys.argv[2]))' "$1" "$2"; }

is "$(ids '' | wc -l)" $N "the whole: every indicator"
is "$(ids '?feed=file' | tr '\n' ' ')" "$(seq 4 4 $N | xargs printf 'ind_%02d ')" "feed=file: exactly the csv feed's ten"
is "$(ids '?feed=push' | wc -l)" 30 "feed=push: the other thirty"
: > "$T/union"
for s in 0 1 2; do
	ids "?shard=$s&of=3" > "$T/shard$s"
	cat "$T/shard$s" >> "$T/union"
	bad=0
	while read -r id; do [ "$(owner "$id" 3)" = "$s" ] || bad=$((bad + 1)); done < "$T/shard$s"
	is "$bad" 0 "shard $s of 3: every id hashes to it ($(wc -l < "$T/shard$s") ids)"
done
is "$(sort "$T/union" | uniq -d | wc -l)" 0 "no indicator in two shards"
cmp -s <(sort "$T/union") <(ids '') && ok "the shards together are the whole" || not_ok "the shards together are the whole"
# Every indicator sample of the whole is in exactly one shard, unchanged.
fams='^indicatord_(indicator|target)_'
curl -s "$U/metrics?format=prometheus" | grep -E "$fams" | sort > "$T/whole.txt"
for s in 0 1 2; do curl -s "$U/metrics?format=prometheus&shard=$s&of=3" | grep -E "$fams"; done | sort > "$T/parts.txt"
cmp -s "$T/whole.txt" "$T/parts.txt" && ok "every sample of the whole, once, in the shards ($(wc -l < "$T/whole.txt"))" ||
	not_ok "every sample of the whole, once, in the shards" "$(diff "$T/whole.txt" "$T/parts.txt" | head -5)"
# The selection of a feed and a shard together.
is "$(ids '?feed=file&shard=1&of=3' | tr '\n' ' ')" "$(comm -12 <(ids '?feed=file') "$T/shard1" | tr '\n' ' ')" "feed and shard together: their intersection"

# gzip and plain, both formats, of a selection.
for fmt in openmetrics prometheus; do
	curl -s -H 'Accept-Encoding: gzip' "$U/metrics?shard=2&of=3&format=$fmt" > "$T/gz"
	gzip -t "$T/gz" 2>/dev/null && ok "gzip -t of shard 2 ($fmt)" || not_ok "gzip -t of shard 2 ($fmt)"
	cmp -s <(gunzip -c "$T/gz" | grep -v '^process_') <(curl -s "$U/metrics?shard=2&of=3&format=$fmt" | grep -v '^process_') &&
		ok "shard 2 ($fmt): gzip decodes to the plain body" || not_ok "shard 2 ($fmt): gzip decodes to the plain body"
done
curl -s "$U/metrics?feed=file&format=openmetrics" > "$T/om.txt"
is "$(tail -1 "$T/om.txt")" "# EOF" "a selection in OpenMetrics ends with # EOF"
like "$(cat "$T/om.txt")" 'indicatord_feed_up\{feed="file"\} 1' "a selection keeps the feed families"
curl -s "$U/metrics?feed=file&format=prometheus" > "$T/prom.txt"
if command -v promtool >/dev/null; then
	out=$(promtool check metrics < "$T/prom.txt" 2>&1) && ok "promtool check metrics of a selection" ||
		not_ok "promtool check metrics of a selection" "$out"
fi

# A change shows in the selections asked for before it.
id=$(head -1 "$T/shard0")
[ $(( 10#${id#ind_} % 4 )) = 0 ] && id=$(sed -n 2p "$T/shard0")
curl -s -o /dev/null -H 'Authorization: Bearer tok-0123456789abcdef' -H 'Content-Type: text/csv' \
    --data-binary "$id,2022,4321.5" "$U/api/v1/observations"
is "$(curl -s "$U/metrics?shard=0&of=3" | awk -v k="indicatord_indicator_value{indicator=\"$id\",unit=\"count\"}" '$1 == k { print $2 }')" \
    4321.5 "a push shows in shard 0 at the next scrape"
is "$(curl -s "$U/metrics" | awk -v k="indicatord_indicator_value{indicator=\"$id\",unit=\"count\"}" '$1 == k { print $2 }')" \
    4321.5 "and in the whole"

# Bad parameters: a 400 naming the parameter.
code_body() { local b; b=$(curl -s -w ' %{http_code}' "$U/metrics$1"); echo "${b//$'\n'/}"; }
is "$(code_body '?shard=3&of=3')" "bad parameter shard: must be less than of 400" "shard=3&of=3: 400"
is "$(code_body '?shard=1')" "bad parameter of: shard and of go together 400" "shard without of: 400"
is "$(code_body '?feed=nope')" "bad parameter feed: no feed of that name 400" "an unknown feed: 400"
is "$(code_body '?feed=%3Cx%3E')" "bad parameter feed: expected a feed's name (1-64 of a-z, 0-9, _ and -) 400" "a hostile feed: 400, not echoed"
is "$(code_body '?x=1')" "bad parameter: /metrics takes format, feed, shard and of 400" "an unknown parameter: 400"
is "$(code_body '?format=json')" "bad parameter format: expected openmetrics or prometheus 400" "format=json: 400"

# A real Prometheus scraping the two shards of 2 as two jobs.
if command -v prometheus >/dev/null; then
	PP=$(free_port)
	cat > "$T/prom.yml" <<YML
global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: shard0
    params: { shard: ['0'], of: ['2'] }
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
  - job_name: shard1
    params: { shard: ['1'], of: ['2'] }
    static_configs: [ { targets: ["127.0.0.1:$PORT"] } ]
YML
	prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/prom" \
	    --web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
	EXTRA_PIDS="$!"
	q() { curl -s "http://127.0.0.1:$PP/api/v1/query" --data-urlencode "query=$1" | jq -r '.data.result[0].value[1] // empty'; }
	wait_until '[ "$(q "count(indicatord_indicator_value)")" = '$N' ]'
	is "$(q 'count(indicatord_indicator_value)')" $N "Prometheus: $N indicators from the two shard jobs"
	is "$(q 'count(count by (indicator) (indicatord_indicator_value) > 1)')" "" "Prometheus: none from both"
	is "$(q 'count(indicatord_indicator_value{job="shard0"})')" "$(ids '?shard=0&of=2' | wc -l)" "Prometheus: job shard0 has shard 0's"
	kill -TERM "$EXTRA_PIDS"; wait "$EXTRA_PIDS" 2>/dev/null
fi
# 16 selections at once: the whole, feed=file, feed=push, feed=file&shard=1&of=3,
# the three shards of 3, Prometheus's two shards of 2; seven more fill them;
# the next is refused.
for s in $(seq 0 6); do curl -s -o /dev/null "$U/metrics?shard=$s&of=20"; done
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/metrics?shard=7&of=20")" 503 "the 17th selection: 503"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/metrics?shard=6&of=20")" 200 "a selection in use still served"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/metrics")" 200 "the whole still served"

stop_daemon; is "$?" 0 "clean stop"

# Past 4 MiB of text a plain answer is inflated from the segments in
# blocks of 256 KiB, not kept, and past 256 KiB of deflate a gzip one is
# copied from them: 2,000 indicators make about 4.6 MB of text, 400 KB
# of deflate, in 900 segments; the plain body must be the gzip one's
# text, byte for byte, in both formats.
{
	echo 'http = { push_token = "tok-0123456789abcdef"; body_limit = 4194304; };'
	echo 'feeds = ( { name = "push"; type = "push"; } );'
	echo 'indicators = ('
	awk 'BEGIN { for (i = 1; i <= 2000; i++) printf "  { id = \"big_%04d\"; unit = \"count\"; feed = \"push\"; targets = ( { year = 2025; value = %d.0; }, { year = 2035; value = %d.0; } ); }%s\n", i, 300 + i, 900 + i, i < 2000 ? "," : "" }'
	echo ');'
} > "$T/big.conf"
rm -rf "$T/data"
write_conf "$T/c2.conf" "$(cat "$T/big.conf")"
start_daemon "$T/c2.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
U=http://127.0.0.1:$PORT
awk 'BEGIN { for (i = 1; i <= 2000; i++) printf "big_%04d,2020,%d\nbig_%04d,2021,%d.5\n", i, 100 + i, i, 110 + i }' > "$T/big.csv"
is "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer tok-0123456789abcdef' \
    -H 'Content-Type: text/csv' --data-binary @"$T/big.csv" "$U/api/v1/observations")" 200 "push of 2,000 indicators"
for fmt in openmetrics prometheus; do
	curl -s "$U/metrics?format=$fmt" | grep -v '^process_' > "$T/plain.txt"
	curl -s -H 'Accept-Encoding: gzip' "$U/metrics?format=$fmt" > "$T/body.gz"
	gzip -t "$T/body.gz" 2>/dev/null && ok "$fmt: gzip -t of the gzip body ($(wc -c < "$T/body.gz") bytes)" ||
		not_ok "$fmt: gzip -t of the gzip body"
	gunzip -c "$T/body.gz" | grep -v '^process_' > "$T/gunzip.txt"
	n=$(wc -c < "$T/plain.txt")
	[ "$n" -gt 4194304 ] && ok "$fmt plain body of $n bytes (past 4 MiB)" || not_ok "$fmt plain body past 4 MiB" "$n bytes"
	cmp -s "$T/plain.txt" "$T/gunzip.txt" && ok "$fmt: the plain body is the gzip body's text" ||
		not_ok "$fmt: the plain body is the gzip body's text" "$(cmp "$T/plain.txt" "$T/gunzip.txt" 2>&1)"
done
is "$(curl -s "$U/metrics" | grep -c '^indicatord_indicator_value{')" 2000 "every indicator in the plain body"
# The segments keep only their deflate: the plain body is inflated as it
# is sent; after a change, new and shared segments read as one text; a
# selection past 4 MiB (feed=push: every indicator) reads the same way.
curl -s -o /dev/null -H 'Authorization: Bearer tok-0123456789abcdef' -H 'Content-Type: text/csv' \
    --data-binary 'big_1000,2022,98765.25' "$U/api/v1/observations"
plain_gz() {
	curl -s "$U/metrics$1" | grep -v '^process_' > "$T/plain.txt"
	curl -s -H 'Accept-Encoding: gzip' "$U/metrics$1" | gunzip | grep -v '^process_' > "$T/gunzip.txt"
	cmp -s "$T/plain.txt" "$T/gunzip.txt" && ok "$1: the plain body ($(wc -c < "$T/plain.txt") bytes) is the gzip body's text" ||
		not_ok "$1: the plain body is the gzip body's text" "$(cmp "$T/plain.txt" "$T/gunzip.txt" 2>&1)"
}
plain_gz '?format=prometheus'
is "$(grep -c '^indicatord_indicator_value{indicator="big_1000",unit="count"} 98765.25$' "$T/plain.txt")" 1 "the change in the plain body"
is "$(grep -c '^indicatord_indicator_value{' "$T/plain.txt")" 2000 "and every other indicator"
plain_gz '?feed=push&format=openmetrics'
is "$(tail -1 "$T/plain.txt")" "# EOF" "the selection's plain body ends with # EOF"
is "$(sed -n 's/^# UNIT \([a-z_]*\) .*/\1/p' "$T/plain.txt" | tr '\n' ' ')" \
    "indicatord_indicator_period_end_timestamp_seconds indicatord_indicator_age_seconds indicatord_indicator_growth_ratio indicatord_target_probability_ratio indicatord_target_progress_ratio indicatord_target_required_growth_ratio indicatord_feed_last_success_timestamp_seconds " \
    "and its UNIT lines (six of the indicators, one of the feeds)"
# HEAD: the status and the body's length, no body (read to the close).
head_of() { python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
d = b""
while True:
    c = s.recv(65536)
    if not c: break
    d += c
h, _, body = d.partition(b"\r\n\r\n")
n = [l.split(b":")[1].strip() for l in h.split(b"\r\n") if l.lower().startswith(b"content-length:")]
print(h.split(b" ")[1].decode(), int(n[0]) > 4194304 if n else "none", len(body))' "$PORT"; }
is "$(head_of)" "200 True 0" "HEAD of a plain /metrics past 4 MiB: 200, its length, no body"
# The indicator list of 2,000 (2.6 MB) is streamed, 64 KiB a piece.
curl -s -D "$T/list.h" -o "$T/list.json" "$U/api/v1/indicators"
like "$(tr -d '\r' < "$T/list.h")" "Transfer-Encoding: chunked" "the indicator list is sent in chunks"
is "$(jq -r '[.indicators[].id] | "\(length) \(.[0]) \(.[1999])"' "$T/list.json")" \
    "2000 big_0001 big_2000" "every indicator in the list, in the config's order"
is "$(jq -r '.indicators[41].targets[1].value' "$T/list.json")" 942 "an indicator's target in it"
stop_daemon; is "$?" 0 "clean stop"
done_testing
