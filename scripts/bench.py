#!/usr/bin/env python3
"""Benchmarks: print one `BENCH <name> <value> <unit>` line per figure.

Every boot runs with -icount shift=0,sleep=off, so the guests' `time` CSR
counts virtual time that depends only on the instructions executed: the
virtual figures repeat exactly between runs and machines.  Wall-clock
figures are printed beside them for reference.

Figures:
  - boot_to_dom0: the default system (dom0 + two domUs) until dom0 prints
    "dom0: rvxen Domain-0 up (time counter N)"; virtual ms from the counter
    (timebase 10 MHz on QEMU virt) and wall ms since QEMU was started.
  - domain_overhead_dN: from the hypervisor's boot-log lines
    "(XEN) dN: <pages> pages RAM, <K> KiB hypervisor overhead".
  - hv_image_size: text + data + bss of the hypervisor image.
  - whatever the host-built programs in BUILD/bench/host/ print (scheduler
    decision cost and simulated accuracy: tests/bench/host/sched_bench.c).
  - whatever the bench kernels print: BUILD/bench/bench.list names them, one
    a line, `<kernel.elf> [smp=N]`; each boots as domU 1 under the standard
    dom0 and prints BENCH lines, then "Test result: ..." or "BENCH done"
    when it has finished (otherwise it runs to the time-out).  Its figures
    are published only if it ended with "Test result: SUCCESS" or "BENCH
    done"; otherwise none is, and make bench fails.  Optional
    words: extra=ARGS (domU 1's command line), peer=<elf> (a second domU,
    domain 2, booted after it), peer_extra=ARGS (the peer's command
    line; '+' separates its words) and npeer=N (N such peers, domains
    2..N+1, all with that command line); role=dom0 boots the kernel as dom0
    itself, alone (a bench that drives the devices, as dom0's drivers do).
    Every boot has the virtio disk (snapshot=on) and NIC scripts/run.sh
    attaches.

Logs go to BUILD/bench/logs/, the figures also to BUILD/bench/results.txt.
"""

import argparse
import os
import re
import signal
import subprocess
import sys

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
import qemu_boot  # noqa: E402

TIMEBASE_HZ = 10_000_000
DOM0_UP = re.compile(r"dom0: rvxen Domain-0 up \(time counter (\d+)\)")
OVERHEAD = re.compile(r"d(\d+): (\d+) pages RAM, (\d+) KiB hypervisor overhead")
BENCH = re.compile(r"BENCH (\S+) (\S+) (\S+)\s*$")
DONE = re.compile(r"Test result:|BENCH done")
DEFAULT_DOMAINS = 3


def emit(results, name, value, unit):
    line = f"BENCH {name} {value} {unit}"
    results.append(line)
    print(line, flush=True)


def bench_boot(opts, logdir, results):
    """Boot the default system; time dom0's first line, collect overheads."""
    seen = {"counter": None, "wall": None, "overhead": {}}

    def on_line(line, wall):
        text = qemu_boot.hypervisor_line(line)
        m = OVERHEAD.match(text) if text is not None else None
        if m:
            seen["overhead"][int(m.group(1))] = int(m.group(3))
        dl = qemu_boot.domain_line(line)
        m = DOM0_UP.search(dl[1]) if dl and dl[0] == 0 else None
        if m and seen["counter"] is None:
            seen["counter"], seen["wall"] = int(m.group(1)), wall
        return (seen["counter"] is not None
                and len(seen["overhead"]) >= DEFAULT_DOMAINS)

    log = os.path.join(logdir, "boot.log")
    qemu_boot.boot(["--icount"], opts.timeout, log, on_line, opts.build)
    ok = True
    if seen["counter"] is None:
        print(f"bench: dom0 never said it was up; see {log}", file=sys.stderr)
        ok = False
    else:
        emit(results, "boot_to_dom0",
             f"{seen['counter'] * 1000 / opts.timebase:.3f}", "virtual_ms")
        emit(results, "boot_to_dom0_wall", f"{seen['wall'] * 1000:.0f}",
             "wall_ms")
    for dom, kib in sorted(seen["overhead"].items()):
        emit(results, f"domain_overhead_d{dom}", kib, "KiB")
    return ok


def bench_image(opts, results):
    elf = os.path.join(opts.build, "hv", "hypervisor.elf")
    out = subprocess.run(["riscv64-unknown-elf-size", elf], check=True,
                         capture_output=True, text=True).stdout
    text, data, bss = (int(v) for v in out.splitlines()[1].split()[:3])
    emit(results, "hv_image_size", text + data + bss, "bytes")


def read_bench_list(path):
    kernels = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            opts = dict(w.split("=", 1) for w in words[1:] if "=" in w)
            kernels.append((words[0], opts))
    return kernels


def bench_kernel(opts, kernel, kopts, logdir, results):
    """kopts from bench.list: smp=N, role=dom0, extra= (the kernel's command line),
    peer= and peer_extra= (a peer kernel and its command line), npeer=N
    (that many copies of the peer, default 1), and for
    scheduler figures append= (hypervisor options), peers=N (CPU-bound peer
    domains), cfg= (the kernel's domain-description words); in append=,
    cfg= and extra= commas stand for blanks.  icount=0 boots on the host's
    clock (figures named _wall: real parallel harts)."""
    name = os.path.splitext(os.path.basename(kernel))[0]
    smp = kopts.get("smp")
    dom = 0 if kopts.get("role") == "dom0" else 1
    lines = []
    end = {"line": None}

    def on_line(line, _):
        dl = qemu_boot.domain_line(line)
        if dl is None:
            return False
        m = BENCH.match(dl[1])
        if m and dl[0] == dom and m.group(1) != "done":
            lines.append(m.groups())
        if dl[0] == dom and DONE.match(dl[1]):
            end["line"] = dl[1].strip()
            return True
        return False

    desc = f'name="{name}"'
    if "cfg" in kopts:
        desc += " " + kopts["cfg"].replace(",", " ")
    if "extra" in kopts:
        desc += f' extra="{kopts["extra"].replace(",", " ")}"'
    args = ["--icount"] if kopts.get("icount", "1") != "0" else []
    if dom == 0:
        args += ["--module", qemu_boot.module_arg(
            kernel, kopts.get("extra", "").replace(",", " "))]
    else:
        args += ["--module", os.path.join(opts.build, "guests", "dom0.elf"),
                 "--module", qemu_boot.module_arg(kernel, desc)]
    for i in range(int(kopts.get("npeer", 1)) if "peer" in kopts else 0):
        peer_args = (f'name="peer{i + 1 if i else ""}" memory=8 '
                     f'extra="{kopts.get("peer_extra", "")}"')
        args += ["--module", qemu_boot.module_arg(kopts["peer"], peer_args)]
    peer = os.path.join(opts.build, "conformance", "peer.elf")
    for i in range(int(kopts.get("peers", 0))):
        args += ["--module", qemu_boot.module_arg(
            peer, f'name="hog{i}" memory=8 extra="spin=0"')]
    if smp:
        args += ["--smp", smp]
    if "append" in kopts:
        args += ["--append", kopts["append"].replace(",", " ")]
    tag = kopts.get("extra", "")
    log = os.path.join(logdir, name + (f"_{tag}" if tag else "") + ".log")
    qemu_boot.boot(args, opts.timeout, log, on_line, opts.build)
    # A kernel's figures count only if its own checks passed: it ends with
    # "Test result: SUCCESS" or "BENCH done", nothing else.
    passed = end["line"] in ("Test result: SUCCESS", "BENCH done")
    if not passed:
        print(f"bench: {kernel} ended with {end['line'] or 'no end line'}: "
              f"its {len(lines)} figure(s) are not published; see {log}",
              file=sys.stderr)
        return False
    for figure in lines:
        emit(results, *figure)
    if not lines:
        print(f"bench: {kernel} printed no BENCH line; see {log}",
              file=sys.stderr)
    return bool(lines)


def bench_host(opts, results):
    """Host-built figure programs (tests/bench/build.mk: BUILD/bench/host/)."""
    ok = True
    hostdir = os.path.join(opts.build, "bench", "host")
    for prog in sorted(os.listdir(hostdir)) if os.path.isdir(hostdir) else []:
        path = os.path.join(hostdir, prog)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        run = subprocess.run([path], capture_output=True, text=True,
                             timeout=opts.timeout)
        figures = [BENCH.match(line) for line in run.stdout.splitlines()]
        for m in filter(None, figures):
            emit(results, *m.groups())
        if run.returncode != 0 or not any(figures):
            print(f"bench: {path} failed ({run.returncode}): {run.stderr}",
                  file=sys.stderr)
            ok = False
    return ok


def bench_xl(opts, logdir, results):
    """issue 11: xl in dom0 runs its bench script (tests/system/data/xl/
    bench.xl, from BUILD/dom0-ramdisk.cpio) on a 1 GiB machine and prints
    BENCH lines: xl_create_{16,256}m_virtual_ms, xl_destroy_*_virtual_ms,
    create_destroy_cycles_per_s_virtual."""
    got = []

    def on_line(line, _):
        dl = qemu_boot.domain_line(line)
        m = BENCH.match(dl[1]) if dl and dl[0] == 0 else None
        if m:
            got.append(m.groups())
        return bool(m) and m.group(1).startswith("create_destroy_cycles")

    ramdisk = os.path.join(opts.build, "dom0-ramdisk.cpio")
    dom0 = os.path.join(opts.build, "guests", "dom0.elf")
    qemu_boot.boot(["--icount", "--no-devices", "--mem", "1G", "--ramdisk", ramdisk,
                    "--module", dom0 + "::xl_script=/etc/xen/bench.xl"],
                   opts.timeout, os.path.join(logdir, "xl.log"), on_line, opts.build)
    for name, value, unit in got:
        emit(results, name, value, unit)
    return any(n.startswith("create_destroy_cycles") for n, _, _ in got)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--timeout", type=int, default=120,
                    help="wall seconds per boot (default 120)")
    ap.add_argument("--timebase", type=int, default=TIMEBASE_HZ,
                    help="time CSR frequency in Hz (default 10 MHz)")
    opts = ap.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    os.chdir(qemu_boot.ROOT)
    outdir = os.path.join(opts.build, "bench")
    logdir = os.path.join(outdir, "logs")
    os.makedirs(logdir, exist_ok=True)

    results = []
    ok = True
    try:
        bench_image(opts, results)
        ok = bench_boot(opts, logdir, results)
        ok = bench_host(opts, results) and ok
        ok = bench_xl(opts, logdir, results) and ok
        listing = os.path.join(outdir, "bench.list")
        if os.path.exists(listing):
            for kernel, kopts in read_bench_list(listing):
                ok = bench_kernel(opts, kernel, kopts, logdir, results) and ok
        else:
            print(f"bench: no {listing}; no bench kernels run",
                  file=sys.stderr)
    except KeyboardInterrupt:
        qemu_boot.stop_all()
        return 130
    with open(os.path.join(outdir, "results.txt"), "w",
              encoding="utf-8") as f:
        f.write("".join(r + "\n" for r in results))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
