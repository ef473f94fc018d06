#!/usr/bin/env bash
# make deps installs packages without starting their services, for real:
# in a throwaway root (root.sh) whose apt sees only a local repository of
# three packages built here with debhelper, each with a systemd unit and
# an init script that records its start. Control: plain apt-get starts one
# of them; make deps starts none, disables what it enabled, removes its
# policy-rc.d again, keeps an operator's own, and leaves what was there.
. "$(dirname "$0")/root.sh"
. "$(dirname "$0")/lib.sh"

command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null ||
    root_skip "dpkg-buildpackage or debhelper missing: make check-deps installs them"

# svc_source DIR: the source of indicatord-test-svc-{a,b,c}.
svc_source() {
	local d=$1 p
	mkdir -p "$d/debian/source"
	echo '3.0 (native)' > "$d/debian/source/format"
	printf '%%:\n\tdh $@\n' > "$d/debian/rules"; chmod 755 "$d/debian/rules"
	cat > "$d/debian/changelog" <<'CL'
indicatord-test-svc (1.0) unstable; urgency=medium

  * A service for indicatord's tests.

 -- indicatord tests <tests@indicatord.invalid>  Fri, 04 Dec 2026 14:00:00 +0000
CL
	printf 'Source: indicatord-test-svc\nMaintainer: indicatord tests <tests@indicatord.invalid>\nBuild-Depends: debhelper-compat (= 13)\n' > "$d/debian/control"
	for p in a b c; do
		printf '\nPackage: indicatord-test-svc-%s\nArchitecture: all\nDepends: ${misc:Depends}\nDescription: a service that records its start\n for the tests of indicatord\n' "$p" >> "$d/debian/control"
		printf '[Unit]\nDescription=test %s\n[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n' "$p" \
		    > "$d/debian/indicatord-test-svc-$p.service"
		cat > "$d/debian/indicatord-test-svc-$p.init" <<INIT
#!/bin/sh
### BEGIN INIT INFO
# Provides:          indicatord-test-svc-$p
# Required-Start:    \$remote_fs
# Required-Stop:     \$remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: test $p
### END INIT INFO
[ "\$1" = start ] && echo started >> /var/tmp/indicatord-test-svc-$p.started
exit 0
INIT
	done
}

svc_source "$T/svc"
(cd "$T/svc" && env -u MAKEFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc -b) >"$T/svc.log" 2>&1
is "$?" 0 "the three test packages build"
root_mount
rm -f "$M/usr/sbin/policy-rc.d"	# the guard of make deps is what is tested
# A booted machine at runlevel 2, for invoke-rc.d: it starts what it may.
rm -f "$M/sbin/runlevel" && printf '#!/bin/sh\necho N 2\n' > "$M/sbin/runlevel" && chmod 755 "$M/sbin/runlevel"
mkdir "$M/tmp/repo" && cp "$T"/indicatord-test-svc-?_1.0_all.deb "$M/tmp/repo/"
(cd "$M/tmp/repo" && dpkg-scanpackages . > Packages 2>/dev/null)
rm -f "$M"/etc/apt/sources.list.d/*
echo 'deb [trusted=yes] file:/tmp/repo ./' > "$M/etc/apt/sources.list"
inroot apt-get update -qq >"$T/update.log" 2>&1
is "$?" 0 "apt in the root sees only the local repository"

started() { [ -f "$M/var/tmp/indicatord-test-svc-$1.started" ] && echo yes || echo no; }
enabled() { systemctl --root="$M" is-enabled "indicatord-test-svc-$1.service" 2>/dev/null; }

# Control: without a guard the package starts its service and enables it.
DEBIAN_FRONTEND=noninteractive inroot apt-get install -y -qq indicatord-test-svc-c >"$T/c.log" 2>&1
is "$?" 0 "control: apt-get install indicatord-test-svc-c"
is "$(started c)" yes "control: its postinst started it"
is "$(enabled c)" enabled "control: and enabled it"

# make deps with no policy-rc.d in place; c was there before.
inroot make -s --no-print-directory -C "$ROOT" deps RUN_PKGS="indicatord-test-svc-c indicatord-test-svc-a" >"$T/a.log" 2>&1
is "$?" 0 "make deps installs indicatord-test-svc-a"
like "$(cat "$T/a.log")" $'installing: indicatord-test-svc-a\n' "it installs only the missing package"
is "$(inroot dpkg-query -W -f='${Status}' indicatord-test-svc-a)" "install ok installed" "indicatord-test-svc-a is installed"
is "$(started a)" no "its service was not started"
is "$(enabled a)" disabled "its unit is disabled again"
like "$(cat "$T/a.log")" 'disabling what these packages enabled: indicatord-test-svc-a.service' "make deps says what it disabled"
is "$(ls "$M"/etc/rc?.d/ | grep -c '^S..indicatord-test-svc-a$')" 0 "no runlevel starts its init script"
[ -e "$M/usr/sbin/policy-rc.d" ] && not_ok "make deps removed its policy-rc.d" || ok "make deps removed its policy-rc.d"
is "$(enabled c)" enabled "the service installed before is left enabled"

# An operator's own policy-rc.d is kept as it is.
printf '#!/bin/sh\n# the operator'"'"'s own\nexit 101\n' > "$M/usr/sbin/policy-rc.d"; chmod 755 "$M/usr/sbin/policy-rc.d"
cp "$M/usr/sbin/policy-rc.d" "$T/policy"
inroot make -s --no-print-directory -C "$ROOT" deps RUN_PKGS=indicatord-test-svc-b >"$T/b.log" 2>&1
is "$?" 0 "make deps installs indicatord-test-svc-b under an operator's policy-rc.d"
is "$(started b)$(enabled b)" nodisabled "it is neither started nor enabled"
cmp -s "$T/policy" "$M/usr/sbin/policy-rc.d" && ok "the operator's policy-rc.d is untouched" || not_ok "the operator's policy-rc.d is untouched"
inroot make -s --no-print-directory -C "$ROOT" deps RUN_PKGS="indicatord-test-svc-a indicatord-test-svc-b" >"$T/n.log" 2>&1
is "$(cat "$T/n.log")" "all Debian packages present" "nothing missing: nothing done"
done_testing
