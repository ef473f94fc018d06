#!/usr/bin/env bash
# Runs every test: the cmocka unit test binaries, then the integration
# scripts against the real daemon. Ends with one line "N passed, N failed"
# and exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
B=${INDICATORD_BUILD:-build}
export INDICATORD_BUILD=$B
export FIXTURE_SERVER=${FIXTURE_SERVER:-$B/tests/fixture_server}
passed=0
failed=0
failures=()

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed below:"
run_unit() {
	local bin=$1 out rc p f
	out=$("$bin" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	[ "$f" -eq 0 ] || failures+=("$(basename "$bin")")
}

# Integration scripts print TAP-style "ok - ..." / "not ok - ..." lines.
run_integration() {
	local t=$1 out rc p f
	echo "== $t"
	out=$(timeout 300 bash "$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
	[ "$f" -eq 0 ] || failures+=("$t")
}

# With arguments: only those integration scripts.
if [ $# -gt 0 ]; then
	for t in "$@"; do
		run_integration "$t"
	done
else
	for bin in "$B"/tests/test_*; do
		[ -x "$bin" ] && run_unit "$bin"
	done
	for t in tests/integration/t_*.sh; do
		run_integration "$t"
	done
fi
if [ "${#failures[@]}" -gt 0 ]; then
	echo "failures in: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
