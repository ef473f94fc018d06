#!/usr/bin/env bash
# make install into a DESTDIR: binary, config, unit, man pages.
. "$(dirname "$0")/lib.sh"

D=$T/root
# The build flags of this test run (make asan sets them), so nothing relinks.
mk() { make -s -C "$ROOT" install B="${INDICATORD_BUILD:-build}" DESTDIR="$D" PREFIX=/usr/local \
    ${INDICATORD_CC:+CC="$INDICATORD_CC"} ${INDICATORD_CFLAGS:+CFLAGS="$INDICATORD_CFLAGS"}; }
mk >"$T/install.log" 2>&1
is "$?" 0 "make install succeeds"
for f in usr/local/bin/indicatord usr/local/etc/indicatord/indicatord.conf \
    usr/local/lib/systemd/system/indicatord.service usr/local/share/man/man8/indicatord.8 \
    usr/local/share/man/man5/indicatord.conf.5 usr/local/share/indicatord/data/shenzhen.csv \
    usr/local/lib/sysusers.d/indicatord.conf usr/local/lib/tmpfiles.d/indicatord.conf; do
	[ -f "$D/$f" ] && ok "installed /$f" || not_ok "installed /$f"
done
C=$D/usr/local/etc/indicatord/indicatord.conf
is "$(grep '^data_dir' "$C")" 'data_dir = "/var/lib/indicatord";' "installed config keeps state in /var/lib/indicatord"
like "$(cat "$C")" 'path = "/usr/local/share/indicatord/data/shenzhen.csv"' "installed config reads the installed demo data"
is "$(grep -c 'push_token' "$C")" 1 "installed config names push_token once"
is "$(grep -n 'push_token' "$C" | sed 's/:.*//')" "$(grep -n 'push_token' "$ROOT/conf/indicatord.conf" | sed 's/:.*//')" "on the line of the shipped one"
like "$(grep 'push_token' "$C")" '^ *# push_token = "\.\.\.";' "installed config ships without a token (commented out)"
is "$(grep -c 'change-me' "$C")" 0 "no demo token in the installed config"
is "$("$D/usr/local/bin/indicatord" -n -c "$C")" "configuration OK" "installed config checks OK"
is "$("$D/usr/local/bin/indicatord" -V)" "indicatord 0.1.0" "installed binary runs"
U=$D/usr/local/lib/systemd/system/indicatord.service
like "$(cat "$U")" 'ExecStart=/usr/local/bin/indicatord -c /usr/local/etc/indicatord/indicatord.conf' "unit starts the installed binary"
for k in User=indicatord Group=indicatord StateDirectory=indicatord ProtectSystem=strict NoNewPrivileges=yes \
    SystemCallFilter=@system-service 'ExecReload=/bin/kill -HUP $MAINPID'; do
	grep -qxF "$k" "$U" && ok "unit has $k" || not_ok "unit has $k"
done
if command -v systemd-analyze >/dev/null; then
	# Only syntax matters here: this sandbox has no running systemd.
	out=$(systemd-analyze verify "$U" 2>&1 | grep -iE 'unknown (key|section)|invalid|failed to parse|bad|assignment' )
	is "$out" "" "systemd-analyze verify: no unknown keys or bad values"
fi
is "$(grep -v '^#' "$D/usr/local/lib/sysusers.d/indicatord.conf")" 'u indicatord - "indicatord daemon" /var/lib/indicatord' "sysusers.d: the system user indicatord"
is "$(grep -v '^#' "$D/usr/local/lib/tmpfiles.d/indicatord.conf")" 'd /var/lib/indicatord 0750 indicatord indicatord -' "tmpfiles.d: /var/lib/indicatord, 0750, owned by it"
for m in man8/indicatord.8 man5/indicatord.conf.5; do
	out=$(groff -man -ww -z "$D/usr/local/share/man/$m" 2>&1)
	is "$out" "" "man page $m renders without warnings"
done
mk >"$T/install2.log" 2>&1
like "$(cat "$T/install2.log")" 'keeping .*indicatord.conf; new one is indicatord.conf.new' "reinstall keeps an existing config"
done_testing
