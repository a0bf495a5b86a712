#!/usr/bin/env bash
# Boot the hypervisor and its guest kernels in QEMU's virt machine.
#
# Guest kernels are loaded whole (the ELF file as it is) by QEMU's
# guest-loader device, which also creates the /chosen/module@ADDR node the
# hypervisor finds them by.  The first module is dom0, the rest are domUs.
#
# Devices: a virtio-blk disk (the image --disk names, by default
# build/disk.img, which `make` writes with scripts/mkdisk.py) and a
# virtio-net NIC on QEMU's user-mode network (the gateway is 10.0.2.2, DNS
# 10.0.2.3), both on virtio-mmio in its modern (version 2) form, as dom0's
# drivers require.  The image is attached with snapshot=on: the guests may
# write, but their writes go to a temporary overlay and the image stays as
# it was, so any number of boots can share it; --writable-disk writes
# through to the file instead (one boot at a time: QEMU locks it).
#
# Headless mode (--timeout N) reads nothing from the terminal, prints the
# console on stdout and stops QEMU after N seconds of wall time (exit 124);
# with --stdin it passes its standard input on to the console (a runner
# typing into it through a pipe).
# Otherwise the exit status is QEMU's own.
set -euo pipefail

usage() {
	[ "${1:-0}" -eq 0 ] || exec >&2
	cat <<'EOF'
usage: scripts/run.sh [options]
  --smp N               harts (default 2)
  --mem SIZE            RAM, QEMU syntax: 256M, 1G, ... (default 256M)
  --sched POLICY        add sched=POLICY to the hypervisor command line
  --append "OPTS"       extra hypervisor command-line options
  --timeout SECONDS     headless; kill QEMU after SECONDS (exit status 124)
  --icount              deterministic virtual time (-icount shift=0,sleep=off)
  --module FILE[::ARGS] a guest kernel and its bootargs; repeatable; the first
                        is dom0 (default: dom0 plus two 16 MiB domUs)
  --ramdisk FILE        dom0's ramdisk (a cpio archive, scripts/mkramdisk.py),
                        loaded just after dom0's kernel (default with the
                        default modules: BUILD/dom0-ramdisk.cpio if it exists)
  --build DIR           build directory (default build)
  --disk FILE           the virtio-blk disk image (default BUILD/disk.img)
  --writable-disk       write through to the disk image (default: snapshot=on)
  --no-devices          no disk, no NIC
  --gdb                 wait for gdb on localhost:1234 (-s -S)
  --dry-run             print the QEMU command and exit
  --stdin               headless: keep standard input as the console's input
EOF
	exit "${1:-0}"
}

die() { echo "run.sh: $*" >&2; exit 2; }

RAM_BASE=$((0x80000000))
MODULE_BASE=$((RAM_BASE + 96 * 1024 * 1024))
MODULE_ALIGN=4096
# QEMU puts the DTB just under the end of RAM, or under 3 GiB if RAM goes
# past it; modules must stay clear of the last 16 MiB below that point.
DTB_CEILING=$((0xC0000000))
DTB_RESERVE=$((16 * 1024 * 1024))
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin

smp=2 mem=256M sched='' append='' timeout='' icount='' gdb='' dry_run='' stdin=/dev/null
build=build disk='' writable='' with_devices=1 ramdisk=''
modules=()

while [ $# -gt 0 ]; do
	case $1 in
	--smp)     smp=${2?"$1 needs a value"}; shift ;;
	--mem)     mem=${2?"$1 needs a value"}; shift ;;
	--sched)   sched=${2?"$1 needs a value"}; shift ;;
	--append)  append=${2?"$1 needs a value"}; shift ;;
	--timeout) timeout=${2?"$1 needs a value"}; shift ;;
	--module)  modules+=("${2?"$1 needs a value"}"); shift ;;
	--ramdisk) ramdisk=${2?"$1 needs a value"}; shift ;;
	--build)   build=${2?"$1 needs a value"}; shift ;;
	--disk)    disk=${2?"$1 needs a value"}; shift ;;
	--writable-disk) writable=1 ;;
	--no-devices) with_devices='' ;;
	--icount)  icount=1 ;;
	--gdb)     gdb=1 ;;
	--dry-run) dry_run=1 ;;
	--stdin)   stdin=/dev/stdin ;;
	-h|--help) usage ;;
	*)         echo "run.sh: unknown option '$1'" >&2; usage 2 ;;
	esac
	shift
done

[[ $smp =~ ^[1-9][0-9]*$ ]] || die "--smp wants a positive number, not '$smp'"
[[ -z $timeout || $timeout =~ ^[1-9][0-9]*$ ]] ||
	die "--timeout wants a number of seconds, not '$timeout'"

if [ ${#modules[@]} -eq 0 ]; then
	modules=(
		"$build/guests/dom0.elf"
		"$build/guests/domu.elf::name=\"domU1\" memory=16"
		"$build/guests/domu.elf::name=\"domU2\" memory=16"
	)
	[ -n "$ramdisk" ] || [ ! -f "$build/dom0-ramdisk.cpio" ] || ramdisk=$build/dom0-ramdisk.cpio
fi

# QEMU's size syntax: a bare number is MiB.
mem_bytes() {
	local n=${1%[kKmMgGtT]} unit=${1:${#1}-1}
	[[ $n =~ ^[0-9]+$ ]] || die "--mem: cannot read size '$1'"
	case $unit in
	[kK]) echo $((n << 10)) ;;
	[gG]) echo $((n << 30)) ;;
	[tT]) echo $((n << 40)) ;;
	*)    echo $((n << 20)) ;;
	esac
}

# QEMU's option parser ends a value at a single comma; ",," is a literal one.
qemu_escape() { printf '%s' "${1//,/,,}"; }

hv=$build/hv/hypervisor.elf
[ -n "$dry_run" ] || [ -f "$hv" ] || die "no hypervisor image $hv (run make)"
disk=${disk:-$build/disk.img}
[ -z "$with_devices" ] || [ -n "$dry_run" ] || [ -f "$disk" ] || die "no disk image $disk (run make)"

ram_end=$((RAM_BASE + $(mem_bytes "$mem")))
limit=$(( (ram_end < DTB_CEILING ? ram_end : DTB_CEILING) - DTB_RESERVE ))

# dom0's ramdisk is the module right after dom0's kernel: the hypervisor
# gives a ramdisk to the kernel below it (hypervisor/core/fdt.c).
if [ -n "$ramdisk" ]; then
	modules=("${modules[0]}" "initrd:$ramdisk" "${modules[@]:1}")
fi

devices=()
addr=$MODULE_BASE
for m in "${modules[@]}"; do
	kind=kernel
	if [[ $m == initrd:* ]]; then
		kind=initrd
		m=${m#initrd:}
	fi
	file=${m%%::*}
	args=
	[[ $m == *::* ]] && args=${m#*::}
	if [ -f "$file" ]; then
		size=$(stat -c %s "$file")
	elif [ -n "$dry_run" ]; then
		echo "run.sh: warning: $file missing, sized as empty" >&2
		size=0
	else
		die "no guest kernel $file (run make)"
	fi
	end=$(( addr + (size > 0 ? size : 1) ))
	next=$(( (end + MODULE_ALIGN - 1) & ~(MODULE_ALIGN - 1) ))
	if [ "$next" -gt "$limit" ]; then
		die "$(printf 'module %s at 0x%x..0x%x reaches the DTB area above 0x%x; use a larger --mem' \
			"$file" "$addr" "$end" "$limit")"
	fi
	dev=$(printf 'guest-loader,addr=0x%x,%s=%s' "$addr" "$kind" "$(qemu_escape "$file")")
	[ -n "$args" ] && dev+=",bootargs=$(qemu_escape "$args")"
	devices+=(-device "$dev")
	addr=$next
done

cmdline=${sched:+sched=$sched}
[ -n "$append" ] && cmdline+="${cmdline:+ }$append"

cmd=(qemu-system-riscv64 -M virt -cpu rv64 -smp "$smp" -m "$mem" -nographic
     -bios "$OPENSBI" -kernel "$hv")
[ -n "$cmdline" ] && cmd+=(-append "$cmdline")
cmd+=(-no-reboot "${devices[@]}")
if [ -n "$with_devices" ]; then
	drive="if=none,id=d0,format=raw,file=$(qemu_escape "$disk")"
	[ -z "$writable" ] && drive+=",snapshot=on"
	cmd+=(-global virtio-mmio.force-legacy=false
	      -drive "$drive" -device virtio-blk-device,drive=d0
	      -netdev user,id=n0 -device virtio-net-device,netdev=n0)
fi
[ -n "$icount" ] && cmd+=(-icount 'shift=0,sleep=off')
[ -n "$gdb" ] && cmd+=(-s -S)

# The command as one could paste it into a shell.
show() {
	local a out=
	for a in "$@"; do
		[[ $a =~ ^[-A-Za-z0-9_./=:,+@]+$ ]] || a="'${a//\'/\'\\\'\'}'"
		out+="${out:+ }$a"
	done
	echo "$out"
}

if [ -n "$dry_run" ]; then
	show "${cmd[@]}"
	exit 0
fi

echo "run.sh: $(show "${cmd[@]}")" >&2

if [ -z "$timeout" ]; then
	exec "${cmd[@]}"
fi

# --foreground keeps QEMU in our process group, so ^C and a runner killing
# the group reach it.  If QEMU ignores TERM it gets KILL 5 s later.
start=$SECONDS
rc=0
timeout --foreground -k 5 "$timeout" "${cmd[@]}" <"$stdin" || rc=$?
if [ "$rc" -eq 137 ] && [ $((SECONDS - start)) -ge "$timeout" ]; then
	rc=124
fi
[ "$rc" -eq 124 ] && echo "run.sh: timed out after ${timeout}s" >&2
exit "$rc"
