# xl in dom0 (issue 11), sourced by tests/system/run.sh: dom0 runs an xl
# script from its ramdisk (build/dom0-ramdisk.cpio: the domU kernel and
# tests/system/data/xl/), then powers off once every domain has finished.
# Each check greps dom0's output for xl's own formats and messages.

xl_expect() {   # log, fixed string, what
	grep -qF -- "$2" "$1" || why="${why:+$why; }$3"
}

xl_expect_re() {   # log, extended regex, what (lines without their CR)
	tr -d '\r' <"$1" | grep -qE -- "$2" || why="${why:+$why; }$3"
}

# Every command's success and its documented errors (data/xl/basic.xl).
xl_basic() {
	local log=$logdir/$1.log
	why=""
	scripts/run.sh --build "$BUILD" --smp 2 --timeout 120 --no-devices \
		--module "$BUILD/guests/dom0.elf::xl_script=/etc/xen/basic.xl" \
		--ramdisk "$BUILD/dom0-ramdisk.cpio" >"$log" 2>&1 || why="exit $?"
	xl_expect "$log" "$(printf '(d0) Name                                        ID   Mem VCPUs\tState\tTime(s)')" "no list header"
	xl_expect_re "$log" '^\(d0\) Domain-0 {32}     0 +[0-9]+     1     [r-][b-]----  +[0-9]+\.[0-9]$' "no dom0 row"
	xl_expect "$log" "(d0) Parsing config from /etc/xen/web.cfg" "no parsing line"
	xl_expect_re "$log" '^\(d0\) web {37}     1    16     1     -.p---  +[0-9]+\.[0-9]$' "web not listed paused"
	xl_expect_re "$log" '^\(d0\) xen_caps +: xen-3.0-riscv64' "no info"
	xl_expect_re "$log" '^\(d[0-9]+\) domU [0-9]+: my name in XenStore is keep' "keep did not see its name"
	xl_expect "$log" 'xl: domain with name "web" already exists.' "no duplicate-name error"
	xl_expect "$log" "xl: /etc/xen/bad-syntax.cfg:3: memory: not a number" "no cfg error"
	xl_expect "$log" "xl: kernel: cannot read /boot/missing.elf" "no missing-kernel error"
	xl_expect "$log" "badkernel: bad kernel:" "no bad-kernel error"
	xl_expect "$log" "huge: out of memory" "no memory-exhaustion error"
	xl_expect "$log" "disk and vif devices are parsed but not supported yet" "no device refusal"
	xl_expect "$log" "xl: Failed to read config file: /etc/xen/missing.cfg" "no missing-cfg error"
	xl_expect_re "$log" '^\(d0\) web {29}     1     0     ' "no vcpu-list row"
	xl_expect_re "$log" '^\(d0\) web +1 +512 +0$' "no credit parameters"
	xl_expect "$log" "(d0) www" "rename not seen by domname"
	xl_expect "$log" "xl: Domain 'www' does not exist." "no error for a destroyed domain"
	xl_expect_re "$log" 'Domain [0-9]+ has been shut down, reason code 0' "shutdown -w did not wait"
	# Shut down and preserved; the hypervisor gives a domU's memory back as it
	# shuts down, so Mem may read 8 or 0 depending on when dom0 looks.
	xl_expect_re "$log" '^\(d0\) keep {36} +[0-9]+ +[08]     [01]     -.-s-[d-]  ' "preserved domain not listed"
	xl_expect "$log" "xl: command not implemented: nonsense" "no unknown-command error"
	xl_expect "$log" "dom0: all domains finished, powering off" "dom0 did not power off"
	if grep -q "not built\|Panic\|PANIC" "$log"; then
		why="${why:+$why; }hypervisor error"
	fi
	result "$1" "$why"
}

# The create/destroy cycle test: N cycles of a domU that uses events,
# grants and XenStore (data/xl/cycle.cfg), run under -icount; every
# resource must be back at its level after the first cycle.
xl_cycles() {   # name, cycles
	local log=$logdir/$1.log
	why=""
	scripts/run.sh --build "$BUILD" --smp 2 --timeout $(( $2 * 2 + 60 )) --no-devices --icount \
		--module "$BUILD/guests/dom0.elf::xl_script=/etc/xen/cycles$2.xl" \
		--ramdisk "$BUILD/dom0-ramdisk.cpio" >"$log" 2>&1 || why="exit $?"
	xl_expect_re "$log" "^\(d0\) CREATE-DESTROY cycles=$2 frames=0 ports=0 grants=0 maptrack=0 xs_nodes=0 watches=0 heap=0$" \
		"resources not back at their baseline"
	xl_expect_re "$log" '^\(d0\) CREATE-DESTROY dom0_free_pages=0$' "dom0's own memory not back"
	tr -d '\r' <"$log" | grep -E "CREATE-DESTROY|create/destroy cycles in" | sed 's/^(d0) /  /'
	result "$1" "$why"
}

if [ -n "${XL_CYCLES:-}" ]; then
	xl_cycles "xl_cycles_$XL_CYCLES" "$XL_CYCLES"
else
	xl_basic xl_basic
	xl_cycles xl_cycles_100 100
fi
