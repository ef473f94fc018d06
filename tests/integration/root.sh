# root.sh: a throwaway root for the tests that install Debian packages for
# real (dpkg and apt with their maintainer scripts): an overlay whose lower
# layer is this machine's / (so what make deps installed is there) and
# whose upper layer is a tmpfs, in a mount namespace of the test's own, so
# that nothing of an install reaches this machine. Source it before lib.sh:
# it runs the test again under unshare.
if [ -z "${ROOT_NS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	ROOT_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi

# root_skip REASON: the whole test is skipped.
root_skip() { echo "ok 1 # skip $1"; echo "1..1"; exit 0; }

# root_mount: mount the root at $M, with /proc, /dev and /sys of this
# machine, an empty /run (no /run/systemd/system: maintainer scripts start
# nothing) and /tmp, and this repository at its own path. The mounts live
# outside $T, whose removal must not reach into them, and go at exit.
root_mount() {
	[ -n "${ROOT_NS:-}" ] || root_skip "needs root and unshare for a private mount namespace"
	O=$(mktemp -d /tmp/indicatord-root.XXXXXX)
	M=$O/merged
	trap root_umount EXIT
	mount -t tmpfs -o mode=0755 indicatord-root "$O" && mkdir "$O/upper" "$O/work" "$M" &&
	    mount -t overlay overlay -o "lowerdir=/,upperdir=$O/upper,workdir=$O/work" "$M" ||
	    root_skip "no overlay mount here"
	for d in proc dev sys; do mount --rbind "/$d" "$M/$d"; done
	mount -t tmpfs tmpfs "$M/run"
	mount -t tmpfs tmpfs "$M/tmp"
	mkdir -p "$M$ROOT" && mount --bind "$ROOT" "$M$ROOT"
}

root_umount() {
	umount -R "$O" 2>/dev/null
	if findmnt -rn -o TARGET | grep -q "^$O"; then
		echo "# $O still mounted: left in place"
	else
		rmdir "$O"
	fi
	cleanup
}

inroot() { chroot "$M" "$@"; }
