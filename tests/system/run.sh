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
# its end, the machine powers itself off, and no line is torn.  Any further
# arguments go to run.sh.
default_boot() {   # name, smp, [run.sh options]
	local name=$1 smp=$2 log=$logdir/$1.log why=""
	shift 2
	scripts/run.sh --build "$BUILD" --smp "$smp" --timeout 120 --append mm_boot_check "$@" \
		>"$log" 2>&1 || why="exit $?"
	grep -q "(XEN) $smp CPU(s) online" "$log" || why="${why:+$why; }not $smp CPUs online"
	for d in 1 2; do
		grep -q "(d$d) domU $d: done, powering off" "$log" || why="${why:+$why; }d$d did not finish"
		grep -q "(d0) dom0: d$d (domU$d) shut down: poweroff" "$log" || why="${why:+$why; }dom0 did not see d$d end"
	done
	grep -q "Hardware domain shut down (poweroff): machine going off" "$log" ||
		why="${why:+$why; }no power-off"
	grep -q "(XEN) Frame table consistent after building 3 domain(s)" "$log" ||
		why="${why:+$why; }no frame-table check (mm_boot_check)"
	# Every console line after the hypervisor starts carries a source.
	if sed -n '/^(XEN) rvxen/,$p' "$log" | tr -d '\r' |
		grep -vE '^\((XEN|d[0-9]+)\) |^$|^run\.sh:|^qemu-system' | grep -q .; then
		why="${why:+$why; }a line without its (XEN)/(dN) prefix"
	fi
	grep -qE "Panic|crash" "$log" && why="${why:+$why; }panic or crash in the log"
	result "$name" "$why"
}

# Multi-VCPU domains on 8 harts: dom0 with 2 VCPUs, domUs with 4 and 3,
# each VCPU doing the domU's rounds; every VCPU finishes, and so does the
# machine.
vcpus_boot() {   # name
	local log=$logdir/$1.log why=""
	scripts/run.sh --build "$BUILD" --smp 8 --timeout 90 --append "mm_boot_check dom0_max_vcpus=2" \
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

# Many domUs on 4 harts under -icount (issue 13, item 6): harts waiting on
# one another doze instead of spinning away QEMU's turns, so the run takes
# a bounded virtual time per domU and dom0 hears of each shutdown soon
# (tests/system/icount_stall_check.py).  64 domUs: as many as dom0 serves
# (its xenstored and console back end; README).  Each is the conformance
# peer waiting 150 ms (for dom0 to finish its own start), then computing
# 20 ms, sleeping 10 and computing 20 more (the demo domU
# would time the network demo instead).
icount_many_domus() {   # name, domUs, MiB each, bound per domU (ms), bound on dom0 hearing (ms)
	local log=$logdir/$1.log why="" mods=()
	for i in $(seq 1 "$2"); do
		mods+=(--module "$BUILD/conformance/peer.elf::name=\"u$i\" memory=$3 extra=\"sleep=150+spin=20+sleep=10+spin=20\"")
	done
	scripts/run.sh --build "$BUILD" --smp 4 --mem 512M --icount --append "mm_boot_check console_timestamps" \
		--timeout 120 --module "$BUILD/guests/dom0.elf" "${mods[@]}" >"$log" 2>&1 || why="exit $?"
	why="${why:+$why; }$(tests/system/icount_stall_check.py "$log" "$2" "$4" "$5" | paste -sd';' || true)"
	why="${why%; }"
	grep -qE "Panic|crash" "$log" && why="${why:+$why; }panic or crash in the log"
	result "$1" "$why"
}

# Xen's noreboot (issue 13, item 7): a crashed dom0 halts the machine at
# once with noreboot, and otherwise resets it after 5 s (QEMU runs with
# -no-reboot, so the reset ends it too).  dom0 here is the conformance
# peer kernel told to take an exception it cannot handle.
noreboot_boot() {   # name
	local log=$logdir/$1.log why="" t0 t1
	scripts/run.sh --build "$BUILD" --smp 1 --no-devices --timeout 30 --append noreboot \
		--module "$BUILD/conformance/peer.elf::fault=stvec0" >"$log" 2>&1 || why="exit $?"
	grep -q "(XEN) Hardware domain crashed: 'noreboot' set - not rebooting" "$log" ||
		why="${why:+$why; }noreboot: no halt"
	t0=$(date +%s%N)
	scripts/run.sh --build "$BUILD" --smp 1 --no-devices --timeout 30 \
		--module "$BUILD/conformance/peer.elf::fault=stvec0" >"$log.reboot" 2>&1 || why="${why:+$why; }exit $?"
	t1=$(date +%s%N)
	grep -q "(XEN) Hardware domain crashed: rebooting machine in 5 seconds" "$log.reboot" ||
		why="${why:+$why; }default: no reboot message"
	[ $(( (t1 - t0) / 1000000 )) -ge 4900 ] || why="${why:+$why; }default: reset before 5 s"
	result "$1" "$why"
}

default_boot boot_smp2 2
default_boot boot_smp4 4
vcpus_boot boot_smp8_vcpus
# QEMU virt's 64 harts (issue 13, item 1), under -icount (64 vCPU threads
# on a 2-core host are slow).
default_boot boot_smp64 64 --mem 512M --icount
noreboot_boot dom0_crash_noreboot
icount_many_domus icount_15domus_smp4 15 4 40 400
icount_many_domus icount_64domus_smp4 64 1 20 1000

# The scheduling trace (issue 4, item 6): scripts/sched-trace.py draws a
# known log as it should, and a real dump from dom0 (trace_dump=) of two
# spinning domUs becomes a PNG with both of them on it.
trace_png_sample() {
	local log=$logdir/$1.log why=""
	python3 -B tests/system/sched_trace_check.py tests/system/data/sched-trace-sample.log \
		"$logdir/$1.png" >"$log" 2>&1 || why="sched_trace_check failed"
	result "$1" "$why"
}

trace_dump_boot() {
	local log=$logdir/$1.log why="" peer=$BUILD/conformance/peer.elf
	scripts/run.sh --build "$BUILD" --smp 2 --timeout 60 \
		--module "$BUILD/guests/dom0.elf::trace_dump=150" \
		--module "$peer::name=\"s1\" memory=8 extra=\"spin=300+reason=0\"" \
		--module "$peer::name=\"s2\" memory=8 extra=\"spin=300+reason=0\"" \
		>"$log" 2>&1 || why="exit $?"
	grep -q "(d0) TRACE-END records=[1-9]" "$log" || why="${why:+$why; }no trace dump"
	for d in 1 2; do
		grep -qE "^\(d0\) TRACE [0-9]+ cpu[0-9]+ d${d}v0 switch_in" "$log" ||
			why="${why:+$why; }d$d never switched in"
	done
	python3 -B scripts/sched-trace.py "$log" -o "$logdir/$1.png" >>"$log" 2>&1 ||
		why="${why:+$why; }sched-trace.py failed"
	result "$1" "$why"
}

# Debug key 'r' pressed by dom0 (XEN_SYSCTL_debug_keys, the conformance
# kernel sched/trace_dump as dom0): the hypervisor prints the run queues and
# the whole trace, by its timer, and the script draws it.
trace_debug_key() {
	local log=$logdir/$1.log why="" peer=$BUILD/conformance/peer.elf
	scripts/run.sh --build "$BUILD" --smp 2 --timeout 60 --append tevt_mask=15 \
		--module "$BUILD/conformance/sched/trace_dump.elf" \
		--module "$peer::name=\"hog\" memory=8 extra=\"spin=0\"" \
		--module "$peer::name=\"nap\" memory=8 extra=\"sleep=10000\"" \
		>"$log" 2>&1 || why="exit $?"
	grep -q "Test result: SUCCESS" "$log" || why="${why:+$why; }test did not succeed"
	grep -q "^(XEN) credit: cpu1:" "$log" || why="${why:+$why; }no run queues"
	grep -q "^(XEN) TRACE-END records=[1-9][0-9]* lost=0" "$log" ||
		why="${why:+$why; }no whole trace dump"
	python3 -B scripts/sched-trace.py "$log" -o "$logdir/$1.png" >>"$log" 2>&1 ||
		why="${why:+$why; }sched-trace.py failed"
	result "$1" "$why"
}

trace_png_sample trace_png_sample
trace_dump_boot trace_dump_boot
trace_debug_key trace_debug_key
# xl in dom0 (issue 11)
. tests/system/xl.sh
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
