#!/usr/bin/env bash
# Show a scheduler at work: boot dom0 and three CPU-bound domUs under the
# chosen policy, let dom0 dump the scheduling trace (trace_dump=), and draw
# it with scripts/sched-trace.py.
#
#   scripts/trace-demo.sh credit|sedf [--smp N] [--window MS] [--build DIR]
#
# Writes BUILD/trace-<sched>.log (the console), BUILD/trace-<sched>.png and
# BUILD/trace-<sched>-zoom.png (the first 100 ms), and prints each domain's
# share of the CPU time.  One pCPU by default: on more, each CPU-bound
# single-VCPU domain can take a pCPU of its own and the policies look
# alike; and -icount runs the harts in turn in one thread, so
# a hart waiting for another (a lock, an IPI) waits for its turn: on 2 pCPUs
# dom0's 20 ms polls then take 4-15 ms of CPU (about 0.3 ms without -icount).
# The domUs are the conformance peer kernel spinning for longer than the
# window.  Credit: weights 256, 512, 1024 (1:2:4).  SEDF: slice/period
# 10/100, 15/50 and 8/20 ms (10%, 30%, 40%), with extra time.  Virtual time
# (-icount), so on one pCPU the picture repeats exactly (on more, nearly).
set -euo pipefail
cd "$(dirname "$0")/.."

sched=${1:-}
shift || true
smp=1 window=600 build=build
while [ $# -gt 0 ]; do
	case $1 in
	--smp)    smp=$2; shift ;;
	--window) window=$2; shift ;;
	--build)  build=$2; shift ;;
	*) echo "trace-demo.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done
peer=$build/conformance/peer.elf
spin=$((window + 400))
case $sched in
credit)
	params=('name="w256" weight=256' 'name="w512" weight=512' 'name="w1024" weight=1024')
	title="credit, weights 1:2:4, $smp pcpus" ;;
sedf)
	params=('name="s10-100" period=100 slice=10' 'name="s15-50" period=50 slice=15'
		'name="s8-20" period=20 slice=8')
	title="sedf, slice/period 10/100 15/50 8/20 ms, $smp pcpus" ;;
*)
	echo "usage: scripts/trace-demo.sh credit|sedf [--smp N] [--window MS]" >&2
	exit 2 ;;
esac
[ -f "$peer" ] || { echo "trace-demo.sh: no $peer (run make)" >&2; exit 2; }

modules=(--module "$build/guests/dom0.elf::trace_dump=$window")
for p in "${params[@]}"; do
	modules+=(--module "$peer::$p memory=8 extra=\"spin=$spin+reason=0\"")
done
log=$build/trace-$sched.log png=$build/trace-$sched.png
scripts/run.sh --build "$build" --smp "$smp" --sched "$sched" --icount --timeout 120 \
	"${modules[@]}" >"$log" 2>&1 || { echo "trace-demo.sh: boot failed, see $log" >&2; exit 1; }
grep -q "TRACE-END" "$log" || { echo "trace-demo.sh: no trace dump in $log" >&2; exit 1; }
python3 -B scripts/sched-trace.py "$log" -o "$png" --title "$title"
python3 -B scripts/sched-trace.py "$log" -o "${png%.png}-zoom.png" --window 0:100 \
	--title "$title, first 100 ms" | tail -n 1
