#!/usr/bin/env bash
# The command line as operators expect it: -h/--help, -V/--version, long
# options, -l/--listen over the config's listen, a port in use is fatal
# with a hint; push_token_file read at start and on SIGHUP, warned about
# when world-readable; the placeholder token refused off loopback.
. "$(dirname "$0")/lib.sh"

out=$("$BIN" --help); rc=$?
is "$rc" 0 "--help exits 0"
like "$out" '^usage: indicatord \[-hnvV\] \[-c file\] \[-l address\]' "--help prints the usage on stdout"
like "$out" '--listen ADDRESS' "the usage names the long options"
is "$("$BIN" -h | head -1)" "$(echo "$out" | head -1)" "-h is --help"
is "$("$BIN" --version)" "indicatord $("$BIN" -V | cut -d' ' -f2)" "--version is -V"
err=$("$BIN" --bogus 2>&1 >/dev/null); rc=$?
is "$rc" 2 "an unknown option exits 2"
like "$err" "unrecognized option '--bogus'" "and says which"
err=$("$BIN" -c /nonexistent/x.conf 2>&1); rc=$?
is "$rc" 1 "a missing config exits 1"
is "$err" "/nonexistent/x.conf: No such file or directory" "and names the file"

write_conf "$T/c.conf" '
http = { push_token = "change-me-demo-token"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual"; } );'
out=$("$BIN" --check --config "$T/c.conf"); rc=$?
is "$rc" 0 "--check --config: OK on loopback"
is "$out" "$T/c.conf: push_token is the shipped placeholder, accepted on a loopback address only; set your own before listening elsewhere
configuration OK" "--check notes the placeholder token"
err=$("$BIN" -n -c "$T/c.conf" --listen 0.0.0.0:9 2>&1); rc=$?
is "$rc" 1 "the placeholder token off loopback: refused"
is "$err" "$T/c.conf: push_token \"change-me...\" is the shipped placeholder, accepted only on a loopback address; set a token of your own (push_token_file) to listen on 0.0.0.0" "and says why"
err=$("$BIN" -n -c "$T/c.conf" -l nonsense 2>&1); rc=$?
is "$rc" 1 "a bad --listen exits 1"
is "$err" '--listen "nonsense": expected host:port' "and says why"

# -l overrides the config's listen; a reload keeps it.
echo "tok-from-file-1" > "$T/token"
chmod 0644 "$T/token"
write_conf "$T/c.conf" '
http = { push_token_file = "'"$T"'/token"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "pat"; unit = "count"; feed = "manual"; } );'
P1=$(free_port)
DAEMON_ARGS="--listen 127.0.0.1:$P1" start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
is "$PORT" "$P1" "--listen: listening on the port it names"
like "$(cat "$T/daemon.log")" "warn: $T/c.conf: push_token_file $T/token is readable by every user; chmod o-r it" "a world-readable token file is warned about"
push() {	# push TOKEN -> HTTP status
	curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" \
	    --data-binary 'pat,2020,1' "http://127.0.0.1:$PORT/api/v1/observations"
}
is "$(push tok-from-file-1)" 200 "the token from the file is accepted"
is "$(push change-me-demo-token)" 401 "another is not"
echo "tok-from-file-2" > "$T/token"
chmod 0600 "$T/token"
kill -HUP "$PID"
wait_until '[ "$(push tok-from-file-2)" = 200 ]'
is "$(push tok-from-file-2)" 200 "SIGHUP reads the token file again"
is "$(push tok-from-file-1)" 401 "the old token no longer works"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P1/healthz")" 200 "the reload kept --listen's port"
[[ "$(cat "$T/daemon.log")" == *"listen changes need a restart"* ]] &&
    not_ok "no listen warning on reload" || ok "no listen warning on reload"

# A port in use is fatal, with a hint (another data_dir: the journal's
# lock would refuse first).
sed "s|$T/data|$T/data2|" "$T/c.conf" > "$T/c2.conf"
err=$("$BIN" -c "$T/c2.conf" -l "127.0.0.1:$P1" 2>&1); rc=$?
is "$rc" 1 "a port in use exits 1"
like "$err" "fatal: cannot listen on 127.0.0.1:$P1: Address already in use \\(is another indicatord running\\? choose another port with -l/--listen or listen in the config\\)" "with a fatal line and a hint"
stop_daemon; is "$?" 0 "clean stop"
done_testing
