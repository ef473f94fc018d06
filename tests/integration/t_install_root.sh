#!/usr/bin/env bash
# make install without DESTDIR, for real, in a throwaway root (root.sh):
# it makes the system user and /var/lib/indicatord from its sysusers.d and
# tmpfiles.d files, and the daemon starts from the installed files as
# that user.
. "$(dirname "$0")/root.sh"
. "$(dirname "$0")/lib.sh"

root_mount
inroot make -s --no-print-directory -C "$ROOT" install B="${INDICATORD_BUILD:-build}" PREFIX=/usr/local \
    ${INDICATORD_CC:+CC="$INDICATORD_CC"} ${INDICATORD_CFLAGS:+CFLAGS="$INDICATORD_CFLAGS"} >"$T/install.log" 2>&1
is "$?" 0 "make install succeeds"
IFS=: read -r name _ uid gid gecos home shell <<<"$(inroot getent passwd indicatord)"
is "$name|$gecos|$home|$shell" "indicatord|indicatord daemon|/var/lib/indicatord|/usr/sbin/nologin" "it made the system user indicatord"
[ -n "$uid" ] && [ "$uid" -lt 1000 ] && [ "$uid" -gt 0 ] && ok "its uid $uid is a system uid" || not_ok "its uid '$uid' is a system uid"
is "$(inroot stat -c '%U:%G %a' /var/lib/indicatord)" "indicatord:indicatord 750" "it made /var/lib/indicatord, 0750, owned by it"
is "$(getent passwd indicatord)" "" "this machine has no such user"
U=/usr/local/lib/systemd/system/indicatord.service
out=$(inroot systemd-analyze verify "$U" 2>&1); rc=$?
is "$rc|$out" "0|" "systemd-analyze verify passes on the installed unit"
inroot systemd-analyze security --offline=yes --threshold=35 "$U" >/dev/null 2>&1
is "$?" 0 "systemd-analyze security: exposure at most 3.5"

C=$M/usr/local/etc/indicatord/indicatord.conf
sed -i 's|^listen .*|listen = "127.0.0.1:0";|' "$C"
chroot --userspec=indicatord:indicatord "$M" /usr/local/bin/indicatord -c /usr/local/etc/indicatord/indicatord.conf >"$T/daemon.log" 2>&1 &
PID=$!; ALL_PIDS="$ALL_PIDS $PID"
wait_until 'grep -q "listening on" "$T/daemon.log"'
PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/daemon.log")
is "$(curl -s "http://127.0.0.1:${PORT:-1}/healthz")" "ok" "the installed daemon answers /healthz"
is "$(ps -o uid= -p "$PID" | tr -d ' ')" "$uid" "as indicatord"
wait_until '[ "$(metric "indicatord_feed_up{feed=\"shenzhen\"}")" = 1 ]'
is "$(metric 'indicatord_feed_up{feed="shenzhen"}')" 1 "it reads the installed demo data"
kill -TERM "$PID"; wait "$PID"; is "$?" 0 "SIGTERM stops it cleanly"
PID=
done_testing
