#!/usr/bin/env bash
# The Debian package installed for real with dpkg -i, its maintainer
# scripts run, into a throwaway root (root.sh). The daemon then starts from
# the installed files as the user the package made; purge removes it again.
. "$(dirname "$0")/root.sh"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/deb.sh"

command -v dpkg-buildpackage >/dev/null || root_skip "dpkg-buildpackage missing: make check-deps installs it"
root_mount
printf '#!/bin/sh\nexit 101\n' > "$M/usr/sbin/policy-rc.d" && chmod 755 "$M/usr/sbin/policy-rc.d"

if deb_current; then echo "# using $DEB"; else
	deb_build >/dev/null || { not_ok "make deb" "$(tail -20 "$T/deb.log")"; done_testing; exit 1; }
fi
cp "$DEB" "$M/tmp/indicatord.deb"
inroot dpkg -i /tmp/indicatord.deb >"$T/dpkg.log" 2>&1
is "$?" 0 "dpkg -i installs the package in the throwaway root"
is "$(inroot dpkg-query -W -f='${Status} ${Version}' indicatord)" "install ok installed $VERSION" "dpkg knows it as installed"
is "$(dpkg-query -W -f='${Status}' indicatord 2>/dev/null)" "" "this machine's dpkg does not"

# postinst: the system user, its state directory, the unit enabled.
IFS=: read -r name _ uid gid gecos home shell <<<"$(inroot getent passwd indicatord)"
is "$name|$gecos|$home|$shell" "indicatord|indicatord daemon|/var/lib/indicatord|/usr/sbin/nologin" "postinst made the system user indicatord"
[ -n "$uid" ] && [ "$uid" -lt 1000 ] && [ "$uid" -gt 0 ] && ok "its uid $uid is a system uid" || not_ok "its uid '$uid' is a system uid"
is "$(inroot getent group indicatord | cut -d: -f1,3)" "indicatord:$gid" "and its group"
is "$(inroot stat -c '%U:%G %a' /var/lib/indicatord)" "indicatord:indicatord 750" "postinst made /var/lib/indicatord, 0750, owned by it"
is "$(readlink "$M/etc/systemd/system/multi-user.target.wants/indicatord.service")" "/lib/systemd/system/indicatord.service" "the unit is enabled (multi-user.target.wants)"
is "$(systemctl --root="$M" is-enabled indicatord.service)" "enabled" "systemctl --root: enabled"
is "$(getent passwd indicatord)" "" "this machine has no such user"

# The installed unit: systemd-analyze verify (with its binary and man
# pages) and its exposure.
out=$(inroot systemd-analyze verify /lib/systemd/system/indicatord.service 2>&1); rc=$?
is "$rc|$out" "0|" "systemd-analyze verify passes on the installed unit"
sec=$(inroot systemd-analyze security --offline=yes /lib/systemd/system/indicatord.service 2>&1 |
    sed -n 's/.*Overall exposure level for indicatord.service: \([0-9.]*\).*/\1/p')
awk -v s="$sec" 'BEGIN { exit !(s != "" && s + 0 <= 3.5) }' && ok "systemd-analyze security: exposure $sec, at most 3.5" ||
    not_ok "systemd-analyze security: exposure at most 3.5" "got '$sec'"
inroot systemd-analyze security --offline=yes --threshold=35 /lib/systemd/system/indicatord.service >/dev/null 2>&1
is "$?" 0 "systemd-analyze security --threshold=35 passes"

# Start it as the unit would: the installed binary and config, as the
# user indicatord. The operator's edit of the conffile: a free port.
C=$M/etc/indicatord/indicatord.conf
sed -i 's|^listen .*|listen = "127.0.0.1:0";|' "$C"
is "$(inroot /usr/bin/indicatord -n -c /etc/indicatord/indicatord.conf)" "configuration OK" "the installed config checks"
: > "$T/daemon.log"
chroot --userspec=indicatord:indicatord "$M" /usr/bin/indicatord -c /etc/indicatord/indicatord.conf >"$T/daemon.log" 2>&1 &
PID=$!; ALL_PIDS="$ALL_PIDS $PID"
wait_until 'grep -q "listening on" "$T/daemon.log"'
PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/daemon.log")
like "$(grep 'listening on' "$T/daemon.log")" "info: indicatord $VERSION listening on 127.0.0.1:$PORT \(10 indicators, 2 feeds, data in /var/lib/indicatord\)" "the installed daemon starts"
is "$(ps -o uid=,gid= -p "$PID" | tr -s ' ')" " $uid $gid" "it runs as indicatord ($uid:$gid)"
is "$(curl -s "http://127.0.0.1:$PORT/healthz")" "ok" "/healthz"
wait_until '[ "$(metric "indicatord_feed_up{feed=\"shenzhen\"}")" = 1 ]'
is "$(metric 'indicatord_feed_up{feed="shenzhen"}')" 1 "it reads the installed demo data"
is "$(metric 'indicatord_build_info{version="'"$VERSION"'"}')" 1 "/metrics: indicatord_build_info $VERSION"
is "$(curl -s -o /dev/null -w '%{http_code}' --data-binary 'modern_service_share,2024,0.74,x' "http://127.0.0.1:$PORT/api/v1/observations")" 403 \
    "a push gets 403: the installed config has no token"
is "$(curl -s "http://127.0.0.1:$PORT/graph/patent_authorizations.png" | head -c 8 | od -An -c | tr -d ' ')" '211PNG\r\n032\n' "a graph renders with the installed fonts"
is "$(inroot stat -c '%U' /var/lib/indicatord/journal)" "indicatord" "its journal belongs to indicatord"
kill -TERM "$PID"; wait "$PID"; is "$?" 0 "SIGTERM stops it cleanly"
PID=

# An upgrade (here the same version again) keeps the edited conffile.
inroot dpkg -i /tmp/indicatord.deb >"$T/dpkg2.log" 2>&1
is "$?" 0 "dpkg -i again"
is "$(grep '^listen' "$C")" 'listen = "127.0.0.1:0";' "the edited conffile is kept"

inroot dpkg --purge indicatord >"$T/purge.log" 2>&1
is "$?" 0 "dpkg --purge"
gone=0
for f in usr/bin/indicatord etc/indicatord var/lib/indicatord lib/systemd/system/indicatord.service \
    etc/systemd/system/multi-user.target.wants/indicatord.service; do
	[ -e "$M/$f" ] && { not_ok "purge removes /$f"; gone=1; }
done
is "$gone" 0 "purge removed the binary, config, state directory, unit and its enablement"
is "$(inroot getent passwd indicatord | cut -d: -f1)" "indicatord" "the system user stays, as Debian's policy has it"
done_testing
