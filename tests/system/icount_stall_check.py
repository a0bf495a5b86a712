#!/usr/bin/env python3
"""Check a boot of many domUs under -icount (console_timestamps on) for
stalls: harts that wait on one another must not turn QEMU's round robin of
harts into whole time slices (issue 13, item 6).

    tests/system/icount_stall_check.py LOG NR_DOMUS PER_DOMU_MS NOTICE_MS
    (exit 0 = pass)

Passes when every domU shut down, dom0 saw each shutdown within NOTICE_MS
of virtual time of the hypervisor's line for it, the machine went off, and
the whole run took at most PER_DOMU_MS of virtual time per domU.  A stalled
run (a hart spinning on a lock held by a hart QEMU is not running) took
about 100 ms more for each stall, and dom0 heard of shutdowns 300-600 ms
late.  (dom0 shares the harts with every domU at the same weight, and the
credit scheduler gives it no more than its share: under many CPU-bound
domUs it hears of them several time slices late.  The bounds allow for
that, about 1.5 times what a healthy run takes.)
"""
import re
import sys

STAMP = r"\[(\d+\.\d+)\]"
HV_DOWN = re.compile(r"^\(XEN\) " + STAMP + r" Domain (\d+) \(.*\) shut down: ")
DOM0_SAW = re.compile(r"^\(d0\) " + STAMP + r" dom0: d(\d+) \(.*\) shut down: ")
OFF = re.compile(r"^\(XEN\) " + STAMP + r" Hardware domain shut down .*machine going off")


def main():
    log, nr = sys.argv[1], int(sys.argv[2])
    per_domu_ms, notice_ms = float(sys.argv[3]), float(sys.argv[4])
    down, saw, off = {}, {}, None
    for line in open(log, encoding="utf-8", errors="replace"):
        line = line.rstrip("\r\n")
        for pattern, table in ((HV_DOWN, down), (DOM0_SAW, saw)):
            m = pattern.match(line)
            if m:
                table.setdefault(int(m.group(2)), float(m.group(1)))
        m = OFF.match(line)
        if m:
            off = float(m.group(1))
    problems = []
    domus = [d for d in down if d != 0]
    if len(domus) != nr:
        problems.append(f"{len(domus)} of {nr} domUs shut down")
    for d in sorted(domus):
        if d not in saw:
            problems.append(f"dom0 never saw d{d} shut down")
        elif (saw[d] - down[d]) * 1000 > notice_ms:
            problems.append(f"dom0 saw d{d} shut down {(saw[d] - down[d]) * 1000:.1f} ms late")
    if off is None:
        problems.append("the machine did not go off")
    elif off * 1000 > per_domu_ms * nr:
        problems.append(f"{off * 1000:.1f} virtual ms for {nr} domUs "
                        f"(bound {per_domu_ms:g} ms each)")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
