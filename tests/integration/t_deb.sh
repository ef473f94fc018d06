#!/usr/bin/env bash
# make deb: the package's contents, control fields, conffiles and
# maintainer scripts (dpkg-deb), and lintian without errors or warnings.
# t_deb_root.sh installs it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/deb.sh"

if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null; then
	echo "ok 1 # skip dpkg-buildpackage or debhelper missing: make check-deps installs them"
	done_testing; exit 0
fi
status_before=$(git -C "$ROOT" status --porcelain 2>/dev/null)
start=$(date +%s)
got=$(deb_build); rc=$?
is "$rc" 0 "make deb succeeds ($(( $(date +%s) - start )) s)"
[ "$rc" -eq 0 ] || { sed 's/^/# /' "$T/deb.log" | tail -30; done_testing; exit 1; }
is "$got" "$DEB" "make deb prints the path of indicatord_${VERSION}_ARCH.deb"
is "$(git -C "$ROOT" status --porcelain 2>/dev/null)" "$status_before" "the source tree stays as it was"
is "$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version)" "$VERSION" "debian/changelog has the Makefile's VERSION"

field() { dpkg-deb -f "$DEB" "$1"; }
is "$(field Package) $(field Version) $(field Architecture)" "indicatord $VERSION $(dpkg --print-architecture)" "control: package, version, architecture"
deps=$(field Depends)
for d in 'systemd | systemd-standalone-sysusers | systemd-sysusers' 'libmicrohttpd12 (>= ' 'librrd8 (>= ' libconfig9 'libjansson4 (>= ' 'zlib1g (>= ' 'libc6 (>= '; do
	[[ "$deps" == *"$d"* ]] && ok "Depends: $d" || not_ok "Depends: $d" "$deps"
done
is "$(field Recommends)" "fonts-dejavu-core, fonts-noto-cjk, libcurl4, libxlsxwriter4, rrdtool" "Recommends: the graphs' fonts, the dlopened libcurl and libxlsxwriter, rrdtool"

# Every file (not directory) of the package, with its mode and owner.
dpkg-deb -c "$DEB" | awk '$1 !~ /^d/ { print $1, $2, $6 }' | sort -k3 > "$T/files"
cat > "$T/want" <<'WANT'
-rw-r--r-- root/root ./etc/indicatord/indicatord.conf
-rw-r--r-- root/root ./lib/systemd/system/indicatord.service
-rwxr-xr-x root/root ./usr/bin/indicatord
-rw-r--r-- root/root ./usr/lib/sysusers.d/indicatord.conf
-rw-r--r-- root/root ./usr/lib/tmpfiles.d/indicatord.conf
-rw-r--r-- root/root ./usr/share/doc/indicatord/README.md.gz
-rw-r--r-- root/root ./usr/share/doc/indicatord/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/indicatord/copyright
-rw-r--r-- root/root ./usr/share/indicatord/data/shenzhen.csv
-rw-r--r-- root/root ./usr/share/indicatord/prometheus/indicatord.rules.test.yml
-rw-r--r-- root/root ./usr/share/indicatord/prometheus/indicatord.rules.yml
-rw-r--r-- root/root ./usr/share/indicatord/prometheus/prometheus.yml
-rw-r--r-- root/root ./usr/share/man/man5/indicatord.conf.5.gz
-rw-r--r-- root/root ./usr/share/man/man8/indicatord.8.gz
WANT
is "$(cat "$T/files")" "$(cat "$T/want")" "dpkg-deb -c: the files, modes and owners ($(wc -l < "$T/want") files)"
is "$(dpkg-deb -c "$DEB" | grep -c ' ./var/')" 0 "no /var in the package: postinst makes /var/lib/indicatord"

dpkg-deb -e "$DEB" "$T/ctl"
is "$(cat "$T/ctl/conffiles")" "/etc/indicatord/indicatord.conf" "conffiles: the config, and only it"
dpkg-deb -x "$DEB" "$T/x"
C=$T/x/etc/indicatord/indicatord.conf
is "$(grep '^data_dir' "$C")" 'data_dir = "/var/lib/indicatord";' "packaged config keeps state in /var/lib/indicatord"
is "$(grep -c 'change-me\|^ *push_token' "$C")" 0 "packaged config ships without a push token"
like "$(cat "$C")" 'path = "/usr/share/indicatord/data/shenzhen.csv"' "packaged config reads the packaged demo data"
is "$("$T/x/usr/bin/indicatord" -V)" "indicatord $VERSION" "packaged binary runs"
U=$T/x/lib/systemd/system/indicatord.service
is "$(grep '^ExecStart=' "$U")" "ExecStart=/usr/bin/indicatord -c /etc/indicatord/indicatord.conf" "unit starts /usr/bin/indicatord"
is "$(grep -v '^#' "$T/x/usr/lib/sysusers.d/indicatord.conf")" 'u indicatord - "indicatord daemon" /var/lib/indicatord' "sysusers.d file"

# Maintainer scripts: user, then state directory, then the unit enabled;
# started only under a running systemd; purge removes the state.
P=$T/ctl/postinst
for s in postinst prerm postrm; do
	sh -n "$T/ctl/$s" && ok "$s parses (sh -n)" || not_ok "$s parses (sh -n)"
done
order=$(grep -n -e '^[[:space:]]*systemd-sysusers .* indicatord.conf$' -e '^[[:space:]]*systemd-tmpfiles .* --create indicatord.conf' \
    -e "^[[:space:]]*deb-systemd-helper enable 'indicatord.service'" -e "^[[:space:]]*deb-systemd-invoke \$_dh_action 'indicatord.service'" "$P" | sed 's/:.*//' | tr '\n' ' ')
is "$(echo "$order" | wc -w)" 4 "postinst: sysusers, tmpfiles, enable and start lines"
is "$(echo "$order" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')" "$order" "postinst: the user before the directory, both before the unit"
like "$(cat "$P")" "if \[ -d /run/systemd/system \]; then[^#]*deb-systemd-invoke \\\$_dh_action 'indicatord.service'" "postinst starts the unit only under a running systemd"
like "$(cat "$T/ctl/prerm")" "deb-systemd-invoke stop 'indicatord.service'" "prerm stops the unit"
like "$(cat "$T/ctl/postrm")" 'if \[ "\$1" = "purge" \]; then[[:space:]]+rm -rf /var/lib/indicatord' "postrm purge removes /var/lib/indicatord"
like "$(cat "$T/ctl/postrm")" "deb-systemd-helper purge 'indicatord.service'" "postrm purge forgets the unit's enablement"

if command -v lintian >/dev/null; then
	lintian "$DEB" "${DEB%.deb}.changes" > "$T/lintian" 2>/dev/null
	is "$(grep -c '^E:' "$T/lintian")" 0 "lintian: no errors"
	is "$(grep '^W:' "$T/lintian")" "" "lintian: no warnings"
	sed 's/^/# /' "$T/lintian"
else
	not_ok "lintian is installed (make check-deps installs it)"
fi
done_testing
