# deb.sh: helpers of the Debian package tests. Source it after lib.sh.

# mkvar NAME: a variable of the Makefile, as make sees it.
mkvar() {
	printf 'print-var: ; @echo $(%s)\n' "$1" > "$T/print.mk"
	make -s --no-print-directory -C "$ROOT" -f Makefile -f "$T/print.mk" print-var
}

VERSION=$(mkvar VERSION)
DEB=$B/deb/indicatord_${VERSION}_$(dpkg --print-architecture 2>/dev/null).deb

# deb_build: make deb into this test run's build directory; its output goes
# to $T/deb.log and its last line, the path of the .deb, to stdout.
deb_build() {
	make -s --no-print-directory -C "$ROOT" deb B="$B" >"$T/deb.log" 2>&1 || return 1
	tail -1 "$T/deb.log"
}

# deb_current: the .deb of this build directory is newer than every file
# it is built from.
deb_current() {
	[ -f "$DEB" ] || return 1
	[ -z "$(cd "$ROOT" && find $(mkvar DEB_SRCS) -newer "$DEB" -print -quit)" ]
}
