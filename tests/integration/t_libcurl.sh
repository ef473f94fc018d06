#!/usr/bin/env bash
# libcurl is loaded with dlopen, not linked: a daemon without http feeds or
# HTTP hooks never maps it; one with them loads it at start-up (and -n
# checks it); a libcurl that cannot be loaded or lacks a function is an
# error naming the feed or hook, at start, and at the first use after a
# reload, never a crash. The broken libraries are found first through
# LD_LIBRARY_PATH: one that is not ELF, and build/tests/nocurl/libcurl.so.4
# with none of libcurl's functions. t_http.sh covers fetching itself.
. "$(dirname "$0")/lib.sh"

NOCURL=$B/tests/nocurl
[ -f "$NOCURL/libcurl.so.4" ] || (cd "$ROOT" && make -s "${INDICATORD_BUILD:-build}/tests/nocurl/libcurl.so.4" >/dev/null)
mkdir -p "$T/notelf"
echo 'not a library' > "$T/notelf/libcurl.so.4"
FS=${FIXTURE_SERVER:-$B/tests/fixture_server}
mkdir -p "$T/www"
printf 'indicator,period,value\nremote,2024,9\n' > "$T/www/data.csv"
"$FS" -d "$T/www" -p "$T/port" >"$T/fs.log" 2>&1 & EXTRA_PIDS=$!
wait_for test -s "$T/port" || { not_ok "fixture server starts"; done_testing; exit 1; }
W="http://127.0.0.1:$(cat "$T/port")"

is "$(readelf -d "$BIN" | grep NEEDED | grep -c libcurl)" 0 "indicatord has no NEEDED libcurl"

# conf [HTTP_FEED [HOOK]]: a push feed, plus an http feed and a webhook.
conf() {
	local feed='' ind='' hook=''
	if [ -n "${1:-}" ]; then
		feed=', { name = "wb"; type = "http"; format = "csv"; url = "'"$W"'/data.csv"; interval = 3600; }'
		ind=', { id = "remote"; unit = "count"; feed = "wb"; }'
	fi
	[ -z "${2:-}" ] || hook='alerts = ( { name = "wh"; type = "webhook"; url = "http://127.0.0.1:1/hook"; timeout = 1; } );'
	write_conf "$T/c.conf" '
http = { push_token = "s3cret-token-123"; };
feeds = ( { name = "manual"; type = "push"; }'"$feed"' );
indicators = (
  { id = "patents"; unit = "count"; feed = "manual"; targets = ( { year = 2025; value = 200.0; kind = "min"; } ); }'"$ind"'
);
'"$hook"
}
mapped() { grep -c 'libcurl\.so' "/proc/$PID/maps"; }

# No http feed, no hook: never loaded.
conf
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
is "$(mapped)" 0 "no http feed or hook: libcurl not mapped"
stop_daemon; is "$?" 0 "clean stop"

# An http feed: loaded at start-up, and the feed works.
conf http
start_daemon "$T/c.conf" || { not_ok "daemon starts with an http feed"; done_testing; exit 1; }
like "$(mapped)" '^[1-9]' "http feed: libcurl mapped"
wait_until '[ "$(metric '"'"'indicatord_indicator_value{indicator="remote",unit="count"}'"'"')" = 9 ]'
is "$(metric 'indicatord_indicator_value{indicator="remote",unit="count"}')" 9 "http feed fetched"
stop_daemon; is "$?" 0 "clean stop"

# Broken libcurl: -n and start-up fail, naming the first feed or hook.
feedline=$(grep -n '"wb"; type = "http"' "$T/c.conf" | cut -d: -f1)
out=$(LD_LIBRARY_PATH=$NOCURL "$BIN" -n -c "$T/c.conf" 2>&1); rc=$?
is "$rc" 1 "-n fails when libcurl lacks its functions"
is "$out" "$T/c.conf:$feedline: feed \"wb\": cannot load libcurl.so.4: $NOCURL/libcurl.so.4: undefined symbol: curl_global_init" \
    "-n names the feed and the missing function"
conf '' hook
hookline=$(grep -n '"wh"; type = "webhook"' "$T/c.conf" | cut -d: -f1)
out=$(LD_LIBRARY_PATH=$T/notelf "$BIN" -n -c "$T/c.conf" 2>&1); rc=$?
is "$rc" 1 "-n fails when libcurl cannot be loaded"
like "$out" "^$T/c.conf:$hookline: alert \"wh\": cannot load libcurl.so.4: $T/notelf/libcurl.so.4: " \
    "-n names the hook and dlopen's reason"
out=$(LD_LIBRARY_PATH=$NOCURL timeout 10 "$BIN" -c "$T/c.conf" 2>&1); rc=$?
is "$rc" 1 "the daemon does not start with a broken libcurl"
like "$out" "alert \"wh\": cannot load libcurl.so.4: .*undefined symbol: curl_global_init" "start-up error names the hook"
conf
out=$(LD_LIBRARY_PATH=$NOCURL "$BIN" -n -c "$T/c.conf" 2>&1)
is "$out" "configuration OK" "a config without http needs no libcurl"

# Added by a reload: loaded at first use; the feed and the hook fail with the reason.
LD_LIBRARY_PATH=$NOCURL start_daemon "$T/c.conf" || { not_ok "daemon starts without libcurl"; done_testing; exit 1; }
conf http hook
kill -HUP "$PID"
wait_until 'grep -q "feed wb: " "$T/daemon.log"'
like "$(cat "$T/daemon.log")" "feed wb: cannot load libcurl.so.4: $NOCURL/libcurl.so.4: undefined symbol: curl_global_init" \
    "http feed's error names libcurl"
is "$(metric 'indicatord_feed_up{feed="wb"}')" 0 "http feed down"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer s3cret-token-123' \
    --data-binary $'patents,2015,100\npatents,2018,90\n' "http://127.0.0.1:$PORT/api/v1/observations")
is "$code" 200 "push makes the target slip"
wait_until 'grep -q "hook wh: .* not delivered" "$T/daemon.log"'
like "$(cat "$T/daemon.log")" "hook wh: .* not delivered after 3 attempts: cannot load libcurl.so.4: .*undefined symbol: curl_global_init" \
    "webhook delivery error names libcurl"
is "$(metric 'indicatord_alert_failures_total{hook="wh"}')" 1 "failed delivery counted"
stop_daemon; is "$?" 0 "clean stop"
done_testing
