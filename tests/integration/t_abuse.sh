#!/usr/bin/env bash
# Attacks on the HTTP server from 127.0.0.1, where every client shares one
# address, with the default limits: 500 slowloris and 2,000 idle
# connections that reconnect at once when closed, and a flood of distinct
# 4000x2000 graph renders. A normal client's scrapes, health checks and
# cached graphs stay answered (p99 under 100 ms, 200 ms beside renders),
# no file descriptor leaks, RSS stays bounded. Then the same connections
# against max_connections 1024 (eviction), the request deadline against a
# lone slowloris, the 413 a raw client reads without Expect, and %00 in a
# path or query.
. "$(dirname "$0")/lib.sh"

ABUSE=$B/tests/abuse
TOKEN=secret-token-42
write_conf "$T/c.conf" '
http = { push_token = "'$TOKEN'"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
U=http://127.0.0.1:$PORT
is "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    --data-binary $'a,2015,1\na,2018,3\na,2020,5\na,2022,9' "$U/api/v1/observations")" 200 "data pushed"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/graph/a.png")" 200 "a graph rendered (and cached)"
fds() { ls "/proc/$PID/fd" | wc -l; }
FD0=$(fds)

# check_probe LINE P99_LIMIT WHAT: no failure (each request answered
# within 2 s), p99 under the limit; an empty limit is reported, not checked.
check_probe() {
	local n fail p99
	n=$(awk '{ print $4 }' <<<"$1"); fail=$(awk '{ print $6 }' <<<"$1")
	p99=$(awk '{ print $10 }' <<<"$1")
	echo "# $1"
	if [ -z "$2" ]; then
		[ "${n:-0}" -ge 10 ] && [ "$fail" = 0 ] &&
		    ok "$3: $n requests, 0 failed (p99 $p99 ms)" || not_ok "$3" "$1"
		return
	fi
	[ "${n:-0}" -ge 100 ] && [ "$fail" = 0 ] && awk -v p="$p99" -v l="$2" 'BEGIN { exit !(p < l) }' &&
	    ok "$3: $n requests, 0 failed, p99 $p99 ms < $2 ms" || not_ok "$3" "$1"
}

# 1. 500 slowloris + 2,000 idle connections within the default limit (4096).
"$ABUSE" hold -p "$PORT" -s 500 -i 2000 -t 12 > "$T/hold.out" & H=$!
EXTRA_PIDS="$H"
sleep 1
"$ABUSE" probe -p "$PORT" -t 10 -u /metrics -u /healthz > "$T/probe.out"
check_probe "$(grep ' /metrics ' "$T/probe.out")" 100 "/metrics beside 500 slowloris + 2,000 idle"
check_probe "$(grep ' /healthz ' "$T/probe.out")" 100 "/healthz beside 500 slowloris + 2,000 idle"
wait "$H"
echo "# hold: $(cat "$T/hold.out")"
wait_until '[ "$(fds)" -le "$FD0" ]'
is "$(fds)" "$FD0" "every attack connection closed: $FD0 open files as before"

# 2. Renders: distinct 4000x2000 graphs for 8 s, 16 at a time.
"$ABUSE" render -p "$PORT" -n 200 -c 16 -u a -t 8 > "$T/render.out" & R=$!
EXTRA_PIDS="$R"
"$ABUSE" probe -p "$PORT" -t 8 -u /metrics -u /graph/a.png > "$T/probe2.out"
check_probe "$(grep ' /metrics ' "$T/probe2.out")" 200 "/metrics beside a render flood"
check_probe "$(grep ' /graph/a.png ' "$T/probe2.out")" 200 "a cached graph beside a render flood"
wait "$R"
read -r _ rok _ rbusy _ rretry _ rother < "$T/render.out"
echo "# render: $(cat "$T/render.out")"
[ "$rbusy" -gt 0 ] && [ "$rok" -gt 0 ] && ok "renders past the queue get 503 ($rbusy), the rest 200 ($rok)" || not_ok "render budget" "$(cat "$T/render.out")"
is "$rretry" "$rbusy" "every 503 carries Retry-After"
is "$rother" 0 "no render request failed otherwise"
is "$(metric 'indicatord_http_requests_rejected_total{reason="render_busy"}')" "$rbusy" "503s counted"
rss=$(ps -o rss= -p "$PID" | tr -d ' ')
if [[ "${INDICATORD_CFLAGS:-}" == *-fsanitize=* ]]; then
	ok "RSS bound # SKIP under the sanitizers ($((rss / 1024)) MiB: shadow memory and quarantine)"
elif [ "$rss" -lt 163840 ]; then
	ok "RSS after the render flood under 160 MiB ($((rss / 1024)) MiB)"
else
	not_ok "RSS bound" "$rss KiB"
fi
# Equivalent queries share a cache entry.
xc() { curl -s -D - -o /dev/null "$U/graph/a.png$1" | tr -d '\r' | sed -n 's/^X-Cache: //p'; }
is "$(xc '?height=300&width=800&to=2035&from=2015')" hit "defaults spelled out, other order: same entry"
is "$(xc '?width=0800')" hit "zero-padded width: same entry"
# SIGTERM while renders wait: they are cancelled (503), the stop is clean.
"$ABUSE" render -p "$PORT" -n 200 -c 16 -u a -t 3 > "$T/render2.out" & R=$!
EXTRA_PIDS="$R"
sleep 1
stop_daemon; is "$?" 0 "clean stop during a render flood"
wait "$R"
echo "# render during the stop: $(cat "$T/render2.out")"

# 3. The same 2,500 against max_connections 1024: the oldest waiting ones
# are evicted for each newcomer (and reconnect at once: churn, and the
# accept queue a scrape waits in). Then a lone slowloris against a 2 s
# request deadline; 413; NUL.
write_conf "$T/c2.conf" '
http = { max_connections = 1024; request_timeout = 2; body_limit = 1000;
         push_token = "'$TOKEN'"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/c2.conf"
U=http://127.0.0.1:$PORT
FD0=$(fds)
"$ABUSE" hold -p "$PORT" -s 500 -i 2000 -t 8 > "$T/hold3.out" & H=$!
EXTRA_PIDS="$H"
sleep 1
"$ABUSE" probe -p "$PORT" -t 6 -u /metrics -u /healthz > "$T/probe3.out"
check_probe "$(grep ' /metrics ' "$T/probe3.out")" "" "/metrics beside 2,500 hostile connections past max_connections 1024"
wait "$H"
echo "# hold: $(cat "$T/hold3.out")"
ev=$(metric 'indicatord_http_connections_closed_total{reason="evicted"}')
[ "${ev:-0}" -gt 1476 ] && ok "waiting connections evicted to make room ($ev)" || not_ok "evictions counted" "$ev"
wait_until '[ "$(fds)" -le "$FD0" ]'
is "$(fds)" "$FD0" "every attack connection closed: $FD0 open files as before"
to0=$(metric 'indicatord_http_connections_closed_total{reason="request_timeout"}')
"$ABUSE" hold -p "$PORT" -s 1 -i 0 -t 5 > "$T/hold2.out"
read -r _ opened _ closed < "$T/hold2.out"
[ "$closed" -ge 2 ] && ok "a slowloris (1 byte / 2 s) closed at the deadline, again and again ($closed in 5 s)" || not_ok "request deadline" "$(cat "$T/hold2.out")"
to=$(metric 'indicatord_http_connections_closed_total{reason="request_timeout"}')
is "$((to - to0))" "$closed" "each of those closes counted as request_timeout"
# A raw client: 2 MiB body, no Expect: 100-continue, reads after sending.
out=$(python3 - "$PORT" "$TOKEN" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
body = b"x" * (2 << 20)
s.sendall(b"POST /api/v1/observations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
          + sys.argv[2].encode() + b"\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n\r\n" % len(body))
try:
    s.sendall(body)
    print("sent")
except OSError as e:
    print("send failed:", e)
data = b""
try:
    while True:
        d = s.recv(65536)
        if not d:
            break
        data += d
except OSError as e:
    print("recv failed:", e)
print(data.split(b"\r\n")[0].decode())
EOF
)
is "$out" "sent
HTTP/1.1 413 Content Too Large" "raw client without Expect: whole body sent, 413 read"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/metrics%00")" 404 "/metrics%00: 404"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/healthz%00x")" 404 "/healthz%00x: 404"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/graph/a.png?width=800%00")" 400 "%00 in a query: 400"
is "$(curl -s -o /dev/null -w '%{http_code}' "$U/metrics")" 200 "/metrics still 200"
wait_until '[ "$(fds)" -le "$FD0" ]'
is "$(fds)" "$FD0" "no open file left behind ($FD0)"
stop_daemon; is "$?" 0 "clean stop"
done_testing
