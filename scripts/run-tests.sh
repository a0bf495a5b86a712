#!/usr/bin/env bash
# Run every test: the host unit tests (`make check`, cmocka), the fuzz
# harnesses' smoke runs (`make fuzz-smoke`), Xen's xenstore-utils against
# the host xenstored (tests/xs-interop/run.sh), the system boots
# (tests/system/run.sh), the block crash test (scripts/blk_crash.py), then
# the conformance tests in
# QEMU (scripts/conformance.py, which gets this script's arguments).  The
# last line sums them all: "N passed, N failed".
#
#   BUILD   build directory (default build)
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Sum the N of every cmocka summary line "[  <WORD>  ] N test(s)...".
cmocka_sum() {
	sed -n "s/^\[ *$1 *\] \([0-9][0-9]*\) test(s).*/\1/p" "$2" |
		awk '{ n += $1 } END { print n + 0 }'
}

echo "== unit tests (make check)"
unit_rc=0
CMOCKA_MESSAGE_OUTPUT=stdout make -k --no-print-directory check BUILD="$BUILD" \
	2>&1 | tee "$tmp/unit" || unit_rc=$?
unit_passed=$(cmocka_sum PASSED "$tmp/unit")
unit_failed=$(cmocka_sum FAILED "$tmp/unit")
if [ "$unit_rc" -ne 0 ] && [ "$unit_failed" -eq 0 ]; then
	echo "run-tests: make check failed (exit $unit_rc) outside any test"
	unit_failed=1
fi

echo "== fuzz smoke runs (make fuzz-smoke)"
fuzz_rc=0
make --no-print-directory fuzz-smoke BUILD="$BUILD" 2>&1 | tee "$tmp/fuzz" || fuzz_rc=$?
fuzz_passed=$(grep -c '^fuzz-smoke: .*: Done' "$tmp/fuzz" || true)
fuzz_failed=$(grep -c '^\*\*\* FAILED' "$tmp/fuzz" || true)
if [ "$fuzz_rc" -ne 0 ] && [ "$fuzz_failed" -eq 0 ]; then
	echo "run-tests: make fuzz-smoke failed (exit $fuzz_rc) outside any harness"
	fuzz_failed=1
fi

echo "== xs-interop tests (tests/xs-interop/run.sh)"
xs_rc=0
BUILD="$BUILD" tests/xs-interop/run.sh 2>&1 | tee "$tmp/xs" || xs_rc=$?
xs_passed=$(grep -c '^PASS xs-interop/' "$tmp/xs" || true)
xs_failed=$(grep -c '^FAIL xs-interop/' "$tmp/xs" || true)
if [ "$xs_rc" -ne 0 ] && [ "$xs_failed" -eq 0 ]; then
	xs_failed=1
fi

echo "== system tests (tests/system/run.sh)"
sys_rc=0
BUILD="$BUILD" tests/system/run.sh 2>&1 | tee "$tmp/sys" || sys_rc=$?
sys_passed=$(grep -c '^PASS system/' "$tmp/sys" || true)
sys_failed=$(grep -c '^FAIL system/' "$tmp/sys" || true)
if [ "$sys_rc" -ne 0 ] && [ "$sys_failed" -eq 0 ]; then
	sys_failed=1
fi

echo "== block crash test (scripts/blk_crash.py, 100 runs)"
crash_rc=0
scripts/blk_crash.py --build "$BUILD" --runs 100 2>&1 | tee "$tmp/crash" || crash_rc=$?
if [ "$crash_rc" -eq 0 ] && grep -q '^BLK-CRASH .* lost=0$' "$tmp/crash"; then
	crash_passed=1 crash_failed=0
else
	crash_passed=0 crash_failed=1
fi

echo "== conformance tests"
conf_rc=0
scripts/conformance.py --build "$BUILD" "$@" 2>&1 | tee "$tmp/conf" ||
	conf_rc=$?
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' \
	"$tmp/conf" | tail -1 || true)
if [ -n "$summary" ]; then
	read -r conf_passed _ conf_failed _ conf_skipped _ <<<"${summary//,/}"
	conf_skipped=${conf_skipped:-0}
else
	echo "run-tests: the conformance runner gave no summary (exit $conf_rc)"
	conf_passed=0 conf_failed=1 conf_skipped=0
fi

echo "== summary"
echo "unit tests:        $unit_passed passed, $unit_failed failed"
echo "fuzz smoke runs:    $fuzz_passed passed, $fuzz_failed failed"
echo "xs-interop tests:  $xs_passed passed, $xs_failed failed"
echo "system tests:      $sys_passed passed, $sys_failed failed"
echo "blk crash test:    $crash_passed passed, $crash_failed failed"
echo "conformance tests: $conf_passed passed, $conf_failed failed, $conf_skipped skipped"
passed=$((unit_passed + fuzz_passed + xs_passed + sys_passed + crash_passed + conf_passed))
failed=$((unit_failed + fuzz_failed + xs_failed + sys_failed + crash_failed + conf_failed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
