#!/usr/bin/env bash
# The Debian package installed for real with dpkg -i, its maintainer
# scripts run, into a throwaway root: an overlay whose lower layer is this
# machine's / (so the package's dependencies are those make deps
# installed) and whose upper layer is a tmpfs, in a mount namespace of its
# own, so nothing of the install reaches this machine. The daemon then
# starts from the installed files as the user the package made; purge
# removes it again.
if [ -z "${DEB_ROOT_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	DEB_ROOT_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/deb.sh"

skip() { echo "ok 1 # skip $1"; done_testing; exit 0; }
[ -n "${DEB_ROOT_NS:-}" ] || skip "needs root and unshare for a private mount namespace"
command -v dpkg-buildpackage >/dev/null || skip "dpkg-buildpackage missing: make check-deps installs it"

# The overlay lives outside $T: lib.sh's cleanup removes $T, which must
# not reach into the mounted root (its /dev is this machine's).
O=$(mktemp -d /tmp/indicatord-root.XXXXXX)
M=$O/merged
umount_root() {
	umount -R "$O" 2>/dev/null
	if findmnt -rn -o TARGET | grep -q "^$O"; then
		echo "# $O still mounted: left in place"
	else
		rmdir "$O"
	fi
	cleanup
}
trap umount_root EXIT
mount -t tmpfs -o mode=0755 indicatord-root "$O" && mkdir "$O/upper" "$O/work" "$M" &&
    mount -t overlay overlay -o "lowerdir=/,upperdir=$O/upper,workdir=$O/work" "$M" ||
    skip "no overlay mount here"
for d in proc dev sys; do mount --rbind "/$d" "$M/$d"; done
mount -t tmpfs tmpfs "$M/run"	# no /run/systemd/system: nothing is started
mount -t tmpfs tmpfs "$M/tmp"
printf '#!/bin/sh\nexit 101\n' > "$M/usr/sbin/policy-rc.d" && chmod 755 "$M/usr/sbin/policy-rc.d"
inroot() { chroot "$M" "$@"; }

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
