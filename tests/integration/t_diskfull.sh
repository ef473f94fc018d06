#!/usr/bin/env bash
# A full disk: pushes get 503 and store nothing (no half-written journal
# record), /metrics keeps answering, and ingest recovers when space returns.
# Simulated with RLIMIT_FSIZE (prlimit on the running daemon: writes past the
# limit fail with EFBIG), and, where this user may mount, a real full tmpfs.
. "$(dirname "$0")/lib.sh"

conf() {	# conf DATA_DIR
	cat > "$T/c.conf" <<CONF
listen = "127.0.0.1:0";
data_dir = "$1";
http = { push_token = "token-for-tests"; };
feeds = ( { name = "manual"; type = "push"; } );
indicators = ( { id = "a"; unit = "count"; feed = "manual"; targets = ( { year = 2025; value = 10.0; } ); } );
CONF
}
push() { curl -s -o "$T/body" -w '%{http_code}' -H "Authorization: Bearer token-for-tests" --data-binary "$1" "http://127.0.0.1:$PORT/api/v1/observations"; }
big_batch() { awk -v y="$1" 'BEGIN { printf "a,%d,1,%s\n", y, sprintf("%0200d", 0) }'; }

exercise() {	# exercise "how full": ask FILL to make writes fail, FREE to undo it
	is "$(push 'a,2015,1')" 200 "$1: push before the disk fills"
	j0=$(stat -c %s "$D/journal")
	$FILL
	is "$(push "$(for y in $(seq 2016 2040); do big_batch "$y"; done)")" 503 "$1: push on a full disk: 503"
	like "$(cat "$T/body")" '^not stored: journal .*journal: (File too large|No space left on device)' "$1: 503 says why"
	is "$(stat -c %s "$D/journal")" "$j0" "$1: journal unchanged (nothing half-written)"
	tail -c 1 "$D/journal" | od -An -c | grep -q '\\n' && ok "$1: journal ends with a whole record" || not_ok "$1: journal ends with a whole record"
	is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")" 200 "$1: /metrics still answers"
	is "$(metric 'indicatord_indicator_value{indicator="a",unit="count"}')" 1 "$1: metrics show only stored data"
	$FREE
	is "$(push "$(for y in $(seq 2020 2040); do big_batch "$y"; done)")" 200 "$1: the big push after space returns"
	is "$(push 'a,2017,3')" 200 "$1: a revision after space returns"
	is "$(metric 'indicatord_indicator_value{indicator="a",unit="count"}')" 1 "$1: latest value (2040) served"
	is "$(rrd_value "$D/rrd/a.rrd" 1514764800)" "3.0000000000e+00" "$1: revised value in the RRD"
	stop_daemon; is "$?" 0 "$1: clean stop"
	start_daemon "$T/c.conf"
	is "$(rrd_value "$D/rrd/a.rrd" 1514764800)" "3.0000000000e+00" "$1: value after restart"
	stop_daemon
}

D=$T/data
conf "$D"
start_daemon "$T/c.conf" || { not_ok "daemon starts"; done_testing; exit 1; }
fill_fsize() { prlimit --pid "$PID" --fsize=$(( $(stat -c %s "$D/journal") + 64 )):unlimited; }
free_fsize() { prlimit --pid "$PID" --fsize=unlimited:unlimited; }
FILL=fill_fsize FREE=free_fsize exercise "RLIMIT_FSIZE"

mkdir -p "$T/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m tmpfs "$T/small" 2>/dev/null; then
	D=$T/small/data
	conf "$D"
	start_daemon "$T/c.conf"
	fill_tmpfs() { dd if=/dev/zero of="$T/small/filler" bs=64k 2>/dev/null; sync; }
	free_tmpfs() { rm -f "$T/small/filler"; }
	FILL=fill_tmpfs FREE=free_tmpfs exercise "full tmpfs"
	umount "$T/small"
else
	echo "# not root or no mount permission: the tmpfs variant is skipped"
fi
done_testing
