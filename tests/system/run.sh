#!/usr/bin/env bash
# System tests: whole-system boots on the host's clock (real SMP under
# QEMU's multi-threaded TCG, unlike the conformance tests, which run under
# -icount).  Each prints "PASS system/<name>" or "FAIL system/<name>: why",
# then "N passed, N failed".
#
#   BUILD   build directory (default build)
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
logdir=$BUILD/system
mkdir -p "$logdir"
passed=0 failed=0

result() {   # name, why (empty = pass)
	if [ -z "$2" ]; then
		echo "PASS system/$1"
		passed=$((passed + 1))
	else
		echo "FAIL system/$1: $2 (log: $logdir/$1.log)"
		failed=$((failed + 1))
	fi
}

# The default system (dom0 + two domUs) on SMP harts: every domain runs to
# its end, the machine powers itself off, and no line is torn.
default_boot() {   # name, smp
	local log=$logdir/$1.log why=""
	scripts/run.sh --build "$BUILD" --smp "$2" --timeout 60 >"$log" 2>&1 || why="exit $?"
	for d in 1 2; do
		grep -q "(d$d) domU $d: done, powering off" "$log" || why="${why:+$why; }d$d did not finish"
		grep -q "(d0) dom0: d$d (?) shut down: poweroff" "$log" || why="${why:+$why; }dom0 did not see d$d end"
	done
	grep -q "Hardware domain shut down (poweroff): machine going off" "$log" ||
		why="${why:+$why; }no power-off"
	# Every console line after the hypervisor starts carries a source.
	if sed -n '/^(XEN) rvxen/,$p' "$log" | tr -d '\r' |
		grep -vE '^\((XEN|d[0-9]+)\) |^$|^run\.sh:|^qemu-system' | grep -q .; then
		why="${why:+$why; }a line without its (XEN)/(dN) prefix"
	fi
	grep -qE "Panic|crash" "$log" && why="${why:+$why; }panic or crash in the log"
	result "$1" "$why"
}

# Multi-VCPU domains on 8 harts: dom0 with 2 VCPUs, domUs with 4 and 3,
# each VCPU doing the domU's rounds; every VCPU finishes, and so does the
# machine.
vcpus_boot() {   # name
	local log=$logdir/$1.log why=""
	scripts/run.sh --build "$BUILD" --smp 8 --timeout 90 --append dom0_max_vcpus=2 \
		--module "$BUILD/guests/dom0.elf" \
		--module "$BUILD/guests/domu.elf::name=\"wide\" memory=16 vcpus=4" \
		--module "$BUILD/guests/domu.elf::name=\"mid\" memory=16 vcpus=3" \
		>"$log" 2>&1 || why="exit $?"
	grep -q "(d0) dom0: wall clock .* UTC, 2 VCPU(s)" "$log" || why="${why:+$why; }dom0 lacks its 2 VCPUs"
	for v in 1 2 3; do
		grep -q "(d1) domU 1: vcpu $v: 5 rounds done" "$log" || why="${why:+$why; }d1 vcpu $v did not finish"
	done
	for v in 1 2; do
		grep -q "(d2) domU 2: vcpu $v: 5 rounds done" "$log" || why="${why:+$why; }d2 vcpu $v did not finish"
	done
	for d in 1 2; do
		grep -q "(d$d) domU $d: done, powering off" "$log" || why="${why:+$why; }d$d did not finish"
	done
	grep -q "Hardware domain shut down (poweroff): machine going off" "$log" ||
		why="${why:+$why; }no power-off"
	grep -qE "Panic|crash" "$log" && why="${why:+$why; }panic or crash in the log"
	result "$1" "$why"
}

default_boot boot_smp2 2
default_boot boot_smp4 4
vcpus_boot boot_smp8_vcpus
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
