# lib.sh: helpers for integration tests. Source it; every test gets a private
# temp dir ($T), a daemon on a free port of 127.0.0.1 ($PORT) and TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=$ROOT/${INDICATORD_BUILD:-build}
BIN=$B/indicatord
T=$(mktemp -d /tmp/indicatord-test.XXXXXX)
PID=
PORT=
NTEST=0
NFAIL=0

ALL_PIDS=
cleanup() {
	local p
	# Every daemon this test started, whatever became of $PID.
	for p in $ALL_PIDS; do
		kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
	done
	for p in ${EXTRA_PIDS:-}; do kill -TERM "$p" 2>/dev/null; done
	# A server still busy with a delayed request gets no more grace.
	for p in ${EXTRA_PIDS:-}; do
		kill -0 "$p" 2>/dev/null && sleep 0.3 && kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT

ok() {	# ok DESCRIPTION
	NTEST=$((NTEST + 1)); echo "ok $NTEST - $1"
}
not_ok() {	# not_ok DESCRIPTION [DETAILS]
	NTEST=$((NTEST + 1)); NFAIL=$((NFAIL + 1)); echo "not ok $NTEST - $1"
	[ $# -lt 2 ] || printf '#   %s\n' "$2"
}
is() {	# is GOT EXPECTED DESCRIPTION
	if [ "$1" == "$2" ]; then ok "$3"; else not_ok "$3" "got '$1', expected '$2'"; fi
}
like() {	# like GOT REGEX DESCRIPTION
	if [[ "$1" =~ $2 ]]; then ok "$3"; else not_ok "$3" "'$1' does not match /$2/"; fi
}
# Compare two numbers within an absolute tolerance.
near() {	# near GOT EXPECTED TOL DESCRIPTION
	if awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; then
		ok "$4"; else not_ok "$4" "got '$1', expected '$2' ± $3"; fi
}

# free_port: a TCP port of 127.0.0.1 that no socket holds now, taken below
# the kernel's ephemeral range: a port in that range can be handed to any
# test's outgoing connection (curl, Prometheus) between this check and the
# server's bind, and the bind then fails with "Address already in use".
free_port() {
	local p lo
	read -r lo _ < /proc/sys/net/ipv4/ip_local_port_range
	[ "$lo" -gt 12000 ] 2>/dev/null || lo=32768
	while :; do
		p=$((10000 + RANDOM % (lo - 10000)))
		ss -Htan "sport = :$p" | grep -q . || { echo "$p"; return; }
	done
}

# write_conf FILE [extra top-level text]: listen on a free port, data in $T/data.
write_conf() {
	local f=$1; shift
	cat > "$f" <<CONF
listen = "127.0.0.1:0";
data_dir = "$T/data";
$*
CONF
}

# start_daemon CONF: start, wait for "listening on", set PID and PORT.
start_daemon() {
	local conf=$1 i
	: > "$T/daemon.log"
	if [ -n "${INDICATORD_VALGRIND:-}" ]; then
		# make valgrind: errors or definite leaks make the exit status 99.
		# Not for forked children (exec keepers): copies of the daemon,
		# their exit-time leak check finds the memory of the daemon's
		# other threads, unreachable there.
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite \
		    --child-silent-after-fork=yes \
		    --error-exitcode=99 --suppressions="$ROOT/tests/valgrind.supp" \
		    --log-file="$T/valgrind.%p.log" \
		    "$BIN" -c "$conf" ${DAEMON_ARGS:-} >>"$T/daemon.log" 2>&1 &
	else
		"$BIN" -c "$conf" ${DAEMON_ARGS:-} >>"$T/daemon.log" 2>&1 &
	fi
	PID=$!
	ALL_PIDS="$ALL_PIDS $PID"
	for i in $(seq 1 300); do
		PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/daemon.log" | tail -1)
		[ -n "$PORT" ] && return 0
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "# daemon did not start:"; sed 's/^/#   /' "$T/daemon.log"
	return 1
}

# stop_daemon: SIGTERM, wait, return its exit status.
stop_daemon() {
	local rc f
	kill -TERM "$PID"
	wait "$PID"; rc=$?
	for f in "$T"/valgrind.*.log; do
		[ -s "$f" ] && sed 's/^/# /' "$f" | head -60
		rm -f "$f"
	done
	PID=
	return $rc
}

# metric NAME_WITH_LABELS: the value of one sample from /metrics.
metric() {
	curl -s "http://127.0.0.1:$PORT/metrics" | awk -v k="$1" '$1 == k { print $2 }'
}

# wait_for CMD...: retry a command for up to 10 s.
wait_for() {
	local i
	for i in $(seq 1 100); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# wait_until 'SHELL EXPRESSION': re-evaluate it for up to 10 s.
wait_until() {
	local i
	for i in $(seq 1 100); do
		eval "$1" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# rrd_value FILE TIMESTAMP: the daily AVERAGE row ending at TIMESTAMP.
rrd_value() {
	rrdtool fetch "$1" AVERAGE -s $(($2 - 86400)) -e "$2" | awk -v t="$2:" '$1 == t { print $2 }'
}

done_testing() {
	echo "1..$NTEST"
	[ "$NFAIL" -eq 0 ]
}
