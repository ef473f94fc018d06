#!/usr/bin/env bash
# SIGTERM under load (pushes, scrapes, a hung command, a hung HTTP source)
# exits 0 within 5 s, and every acknowledged push is there after a restart.
. "$(dirname "$0")/lib.sh"

FS=${FIXTURE_SERVER:-$B/tests/fixture_server}
mkdir -p "$T/www"; echo "slow_ind,2020,1" > "$T/www/d.csv"
"$FS" -d "$T/www" -p "$T/port" -delay 60 >/dev/null 2>&1 & FSP=$!
EXTRA_PIDS="$FSP"
wait_for test -s "$T/port"
printf '#!/bin/sh\nsleep 120\n' > "$T/hang.sh"; chmod +x "$T/hang.sh"
write_conf "$T/c.conf" '
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; },
          { name = "hang"; type = "exec"; command = ["'"$T"'/hang.sh"]; timeout = 600; },
          { name = "slow"; type = "http"; format = "csv"; url = "http://127.0.0.1:'"$(cat "$T/port")"'/d.csv"; timeout = 600; } );
indicators = ( { id = "a"; unit = "count"; frequency = "daily"; feed = "manual"; },
               { id = "hang_ind"; unit = "count"; feed = "hang"; },
               { id = "slow_ind"; unit = "count"; feed = "slow"; } );'
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
: > "$T/acked"
(
	d=0
	while :; do
		day=$(date -u -d "2020-01-01 +$d day" +%F)
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer token-for-tests" \
		    --data-binary "a,$day,$d" "http://127.0.0.1:$PORT/api/v1/observations") || break
		[ "$code" = 200 ] || break
		echo "$day $d" >> "$T/acked"
		d=$((d + 1))
	done
) & P1=$!
( while curl -s -o /dev/null "http://127.0.0.1:$PORT/metrics"; do :; done ) & P2=$!
sleep 2
t0=$(date +%s%N)
kill -TERM "$PID"
wait "$PID"; rc=$?
t1=$(date +%s%N)
PID=
wait "$P1" "$P2" 2>/dev/null
ms=$(( (t1 - t0) / 1000000 ))
is "$rc" 0 "SIGTERM under load exits 0"
[ "$ms" -lt 5000 ] && ok "exited within 5 s (${ms} ms) despite a hung command and a hung HTTP source" || not_ok "exited within 5 s" "${ms} ms"
pgrep -f "$T/hang.sh" >/dev/null && not_ok "the hung command was killed" || ok "the hung command was killed"
n=$(wc -l < "$T/acked")
[ "$n" -gt 10 ] && ok "load was real ($n pushes acknowledged)" || not_ok "load was real" "$n pushes"
start_daemon "$T/c.conf"
# Every acknowledged push is stored; a push stored while SIGTERM cut its
# answer short may be there too (stored, never acknowledged).
curl -s "http://127.0.0.1:$PORT/api/v1/indicators/a" | jq -r '.series[] | "\(.period) \(.value)"' | sort > "$T/stored"
sort "$T/acked" > "$T/acked.sorted"
is "$(comm -23 "$T/acked.sorted" "$T/stored" | wc -l)" 0 "every acknowledged push kept"
s=$(wc -l < "$T/stored")
[ "$s" -ge "$n" ] && [ "$s" -le $((n + 1)) ] && ok "at most the one push in flight stored beyond them ($s stored, $n acknowledged)" ||
	not_ok "stored vs acknowledged" "$s stored, $n acknowledged"
kill -KILL "$PID"; PID=
done_testing
