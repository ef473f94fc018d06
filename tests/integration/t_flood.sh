#!/usr/bin/env bash
# 1,000 concurrent connections and slowloris clients from other addresses do
# not stop /metrics from answering; the connection, per-IP and idle-timeout
# limits of the config hold.
. "$(dirname "$0")/lib.sh"

FLOOD=$B/tests/flood
write_conf "$T/c.conf" '
http = { max_connections = 256; per_ip_connections = 32; timeout = 4; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }

# scrape N: N scrapes from 127.0.0.1, each allowed 2 s; prints how many got 200.
scrape() {
	local i okc=0
	for i in $(seq 1 "$1"); do
		[ "$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")" = 200 ] && okc=$((okc + 1))
		sleep 0.2
	done
	echo "$okc"
}

"$FLOOD" -a 127.0.0.2 -p "$PORT" -n 1000 -t 8 > "$T/idle.out" & F1=$!
"$FLOOD" -a 127.0.0.3 -p "$PORT" -n 200 -t 8 -s > "$T/slow.out" & F2=$!
EXTRA_PIDS="$F1 $F2"
sleep 1
is "$(scrape 20)" 20 "/metrics answers during 1,000 idle connections and a slowloris"
wait "$F1" "$F2"
like "$(cat "$T/idle.out")" '^connected [0-9]+ closed [0-9]+$' "flood ran"
read -r _ c1 _ s1 < "$T/idle.out"
read -r _ c2 _ s2 < "$T/slow.out"
[ $((c1 - s1)) -le 32 ] && ok "per-IP limit: at most 32 idle connections kept ($((c1 - s1)))" || not_ok "per-IP limit" "$c1 connected, $s1 closed"
[ $((c2 - s2)) -le 32 ] && ok "per-IP limit holds for the slowloris ($((c2 - s2)) kept)" || not_ok "per-IP limit (slowloris)" "$c2 connected, $s2 closed"
stop_daemon; is "$?" 0 "clean stop"

# Without a per-IP limit: 1,000 idle connections are accepted, /metrics still
# answers, and the idle timeout (2 s) closes them.
write_conf "$T/c2.conf" '
http = { max_connections = 2000; per_ip_connections = 0; timeout = 2; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "manual"; } );'
start_daemon "$T/c2.conf"
"$FLOOD" -a 127.0.0.2 -p "$PORT" -n 1000 -t 6 > "$T/idle2.out" & F1=$!
EXTRA_PIDS="$F1"
sleep 1
is "$(scrape 10)" 10 "/metrics answers beside 1,000 open connections"
wait "$F1"
read -r _ c1 _ s1 < "$T/idle2.out"
is "$c1" 1000 "1,000 connections accepted"
is "$s1" 1000 "the idle timeout closed every one of them"
stop_daemon; is "$?" 0 "clean stop"
done_testing
