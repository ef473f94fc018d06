#!/usr/bin/env bash
# kill -9 at random moments while 10,000 observations are pushed, 20 times
# over: after each restart every acknowledged observation is in the journal
# and in its RRD, and every RRD reads (rrdtool info).
. "$(dirname "$0")/lib.sh"

NIND=100	# indicators
NBATCH=100	# batches of NIND observations: batch k is month k after 2000-01 of each
ROUNDS=${CRASH_ROUNDS:-20}
{
	echo 'http = { push_token = "token-for-tests"; body_limit = 10485760; };'
	echo 'feeds = ( { name = "manual"; type = "push"; } );'
	echo 'indicators = ('
	for i in $(seq 0 $((NIND - 1))); do
		sep=,; [ "$i" -eq $((NIND - 1)) ] && sep=
		echo "  { id = \"i$i\"; unit = \"count\"; frequency = \"monthly\"; feed = \"manual\"; targets = ( { year = 2030; value = 1.0e9; } ); }$sep"
	done
	echo ');'
} > "$T/ind.conf"
write_conf "$T/c.conf" "$(cat "$T/ind.conf")"
: > "$T/ends"
for k in $(seq 0 $((NBATCH - 1))); do
	m=$(date -u -d "2000-01-01 +$k month" +%Y-%m)
	awk -v k="$k" -v n="$NIND" -v m="$m" 'BEGIN { for (i = 0; i < n; i++) printf "i%d,%s,%d\n", i, m, k * 1000 + i }' > "$T/batch.$k"
	echo "$(date -u -d "2000-01-01 +$((k + 1)) month" +%s) $k" >> "$T/ends"
done

# pusher: push batches from $1 on; record each acknowledged one.
pusher() {
	local k
	for k in $(seq "$1" $((NBATCH - 1))); do
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer token-for-tests" \
		    --data-binary @"$T/batch.$k" "http://127.0.0.1:$PORT/api/v1/observations") || break
		[ "$code" = 200 ] || break
		echo "$k" >> "$T/acked"
	done
}

: > "$T/acked"
bad=0
for r in $(seq 1 "$ROUNDS"); do
	next=$(( $(wc -l < "$T/acked") ))
	[ "$next" -ge "$NBATCH" ] && break
	start_daemon "$T/c.conf" || { not_ok "start in round $r"; break; }
	pusher "$next" & PP=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	kill -KILL "$PID"; wait "$PID" 2>/dev/null; PID=
	wait "$PP"
done
# Finish the push, then check every acknowledged batch.
start_daemon "$T/c.conf" || not_ok "final start"
pusher "$(wc -l < "$T/acked")"
nacked=$(sort -un "$T/acked" | wc -l)
is "$nacked" "$NBATCH" "all $NBATCH batches acknowledged in the end"
is "$(grep -v '^#' "$T/data/journal" | cut -f1-3 | sort -u | wc -l)" $((NIND * NBATCH)) "journal holds all $((NIND * NBATCH)) observations"
stop_daemon; is "$?" 0 "clean stop"

# Restart once more (replay) and compare every RRD row with the pushed value.
start_daemon "$T/c.conf" || not_ok "restart for checking"
for i in $(seq 0 $((NIND - 1))); do
	f=$T/data/rrd/i$i.rrd
	rrdtool info "$f" >/dev/null 2>&1 || { bad=$((bad + 1)); continue; }
	# The row ending at the end of month k holds k*1000+i.
	miss=$(rrdtool fetch "$f" AVERAGE -s 946684800 -e 1211328000 | awk -v i="$i" -v ends="$T/ends" '
		/^ *[0-9]+:/ { v[$1 + 0] = $2 }
		END {
			m = 0
			while ((getline line < ends) > 0) {
				split(line, a, " ")
				# (awk compares NaN equal to anything: test for it by name)
				if (!(a[1] in v) || v[a[1]] ~ /nan/ || v[a[1]] + 0 != a[2] * 1000 + i) m++
			}
			print m
		}')
	[ "$miss" = 0 ] || { bad=$((bad + 1)); echo "# i$i: $miss rows differ"; }
done
is "$bad" 0 "every RRD readable and holding every acknowledged value ($ROUNDS kill -9 rounds)"
is "$(metric 'indicatord_indicator_value{indicator="i7",unit="count"}')" $(((NBATCH - 1) * 1000 + 7)) "latest value after the crashes"
stop_daemon; is "$?" 0 "clean stop"
done_testing
