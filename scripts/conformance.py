#!/usr/bin/env python3
"""Run the in-guest conformance tests, each in its own QEMU.

The tests come from the manifest the conformance build writes,
BUILD/conformance/tests.list, one test a line:

    <family>/<test> <role> [option ...] <kernel.elf> [peer.elf[::bootargs] ...]

Options (before the kernel): smp=N, vcpus=N, dom0_vcpus=N, append=OPT,OPT
(hypervisor command-line options, commas standing for blanks, e.g.
append=sched=sedf), icount=0 (always on the host's clock: the race family,
whose VCPUs must run on really parallel harts), repeat=N (boot the test
N times; it passes only if every boot passes; --repeat overrides N for
every test that has it, the long mode of the race family), alone=1 (run
after the others, with no other test beside it: its harts get the host's
cores to themselves), timeout=N (wall seconds per boot, instead of
--timeout), disk=copy (the boot gets its own writable copy of the disk
image, and the "Disk expect:" lines of the test's domain are checked on
that file once QEMU has exited: scripts/blk_image.py; a range that is not
there fails the test) and ramdisk=FILE (dom0's ramdisk, run.sh --ramdisk:
the toolstack's cpio archive).

role `domu`: the standard dom0 boots first, the test kernel is domU 1 (with
bootargs name="test", plus any given as <kernel.elf>::<bootargs>), peers follow as further domUs; the result is read
from domain 1.  role `dom0`: the test kernel is dom0 and the result is read
from domain 0.  Bootargs are key=value words, so a word without "::" that
contains "=" continues the bootargs of the module before it:
`peer.elf::name="peer" memory=16`.  Lines starting with # are comments.

Options, right after the role: `smp=N` boots QEMU with N harts (default
2); `vcpus=N` gives the test kernel N VCPUs (its domain description for a
domu test, dom0_max_vcpus= for a dom0 test); `dom0_vcpus=N` gives the
standard dom0 of a domu test N VCPUs.

A test that prints a line "Console input: TEXT" gets TEXT and a carriage
return typed on the physical console (QEMU's serial input) at once.

A test prints one line "Test result: SUCCESS|SKIP|ERROR|FAILURE" (XTF's
contract).  Read from the right domain's "(dN) " console lines it gives PASS,
SKIP, ERROR or FAIL; no such line (a crash, a hang, the time-out) or a
hypervisor panic is CRASH.  Anything but PASS and SKIP fails the run.
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import sys
import threading
import time
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
import qemu_boot  # noqa: E402
import blk_image  # noqa: E402

RESULTS = {"SUCCESS": "PASS", "SKIP": "SKIP", "ERROR": "ERROR",
           "FAILURE": "FAIL"}
ORDER = ["PASS", "SKIP", "FAIL", "ERROR", "CRASH"]
TEST_RESULT = re.compile(r"Test result: (.*)")
CONSOLE_INPUT = re.compile(r"Console input: (.*)")
# Xen's panic banner; a test that "passed" on a hypervisor that then died
# did not pass.
PANIC = re.compile(r"Panic on CPU|PANIC")
LOG_TAIL = 40


OPTIONS = ("smp", "vcpus", "dom0_vcpus", "append", "icount", "repeat", "alone",
           "timeout", "disk", "ramdisk")
STRING_OPTIONS = ("append", "disk", "ramdisk")


class Test:
    def __init__(self, name, role, kernel, peers, options=None):
        self.name = name
        self.options = options or {}
        self.family, _, self.test = name.partition("/")
        self.role = role
        self.kernel = kernel
        self.peers = peers          # [(kernel, bootargs or None)]
        self.result = None
        self.detail = ""
        self.seconds = 0.0
        self.log = None

    def matches(self, pattern):
        if pattern.endswith("/"):
            return self.name.startswith(pattern)
        if "/" in pattern:
            return self.name == pattern
        return pattern in (self.family, self.test)


def parse_modules(words):
    modules = []
    for w in words:
        if "::" in w:
            kernel, _, args = w.partition("::")
            modules.append([kernel, args])
        elif "=" in w and modules and modules[-1][1] is not None:
            modules[-1][1] += " " + w
        else:
            modules.append([w, None])
    return [tuple(m) for m in modules]


def read_manifest(path):
    tests = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            options = {}
            while len(words) > 2 and words[2].partition("=")[0] in OPTIONS:
                key, _, value = words.pop(2).partition("=")
                if key in STRING_OPTIONS:
                    options[key] = value
                    continue
                if key == "icount" and value in ("0", "1"):
                    options[key] = int(value)
                    continue
                if not value.isdigit() or int(value) < 1:
                    sys.exit(f"{path}:{n}: {key}= wants a positive number")
                options[key] = int(value)
            if len(words) < 3 or words[1] not in ("domu", "dom0") \
                    or "/" not in words[0]:
                sys.exit(f"{path}:{n}: expected "
                         f"'<family>/<test> domu|dom0 [options] <kernel> "
                         f"[peers]'")
            tests.append(Test(words[0], words[1], words[2],
                              parse_modules(words[3:]), options))
    return tests


def run_args(test, build):
    opts = test.options
    dom0_vcpus = opts.get("vcpus" if test.role == "dom0" else "dom0_vcpus")
    if test.role == "dom0":
        modules = [(test.kernel, None)]
    else:
        kernel, _, extra = test.kernel.partition("::")
        desc = 'name="test"'
        if "vcpus" in opts:
            desc += f" vcpus={opts['vcpus']}"
        modules = [(os.path.join(build, "guests", "dom0.elf"), None),
                   (kernel, (desc + " " + extra).strip())]
    modules += test.peers
    args = ["--icount"] if test.icount and opts.get("icount", 1) else []
    if "smp" in opts:
        args += ["--smp", str(opts["smp"])]
    # Every test boot checks the frame table after building (off by default:
    # it costs O(RAM); hv/cmdline.h), and halts at once on a panic or a
    # crashed dom0 instead of waiting 5 s to reset (noreboot).
    append = ["mm_boot_check", "noreboot"] + opts.get("append", "").replace(",", " ").split()
    if dom0_vcpus:
        append.append(f"dom0_max_vcpus={dom0_vcpus}")
    if append:
        args += ["--append", " ".join(append)]
    for kernel, bootargs in modules:
        args += ["--module", qemu_boot.module_arg(kernel, bootargs)]
    if "ramdisk" in opts:       # dom0's ramdisk (issue 11: the toolstack's files)
        args += ["--ramdisk", opts["ramdisk"]]
    return args


def run_test(test, build, timeout, logdir):
    """Boot the test `repeat` times (1 by default, --repeat for the tests
    that have the option); the worst result wins, with that boot's log."""
    runs = test.options.get("repeat", 1)
    if test.repeat and "repeat" in test.options:
        runs = test.repeat
    worst, seconds, bad = None, 0.0, 0
    timeout = test.options.get("timeout", timeout)
    for i in range(runs):
        run_once(test, build, timeout, logdir, f"_{i + 1}" if runs > 1 else "")
        seconds += test.seconds
        bad += test.result not in ("PASS", "SKIP")
        if worst is None or ORDER.index(test.result) > ORDER.index(worst[0]):
            worst = (test.result, test.detail, test.log)
    test.result, test.detail, test.log = worst
    if runs > 1:
        test.detail += f" ({bad} of {runs} boots failed)"
    test.seconds = seconds
    return test


def run_once(test, build, timeout, logdir, suffix):
    domid = 0 if test.role == "dom0" else 1
    seen = {"result": None, "panic": None}

    def on_line(line, _):
        hv = qemu_boot.hypervisor_line(line)
        if hv is not None and PANIC.search(hv):
            seen["panic"] = hv
            return True
        dl = qemu_boot.domain_line(line)
        if dl and dl[0] == domid:
            m = TEST_RESULT.match(dl[1])
            if m:
                seen["result"] = m.group(1).strip()
                return True
        return False

    def type_for(line):
        dl = qemu_boot.domain_line(line)
        m = CONSOLE_INPUT.match(dl[1]) if dl and dl[0] == domid else None
        return (m.group(1) + "\r").encode() if m else None

    test.log = os.path.join(logdir, f"{test.family}_{test.test}{suffix}.log")
    args = run_args(test, build)
    image = None
    if test.options.get("disk") == "copy":
        image = test.log[:-len(".log")] + ".img"
        shutil.copyfile(os.path.join(build, "disk.img"), image)
        args += ["--disk", image, "--writable-disk"]
    boot = qemu_boot.boot(args, timeout, test.log, on_line, build, type_for)
    test.seconds = boot.wall
    # Let a panic printed within the grace period still count.
    with open(test.log, encoding="utf-8") as f:
        for line in f:
            hv = qemu_boot.hypervisor_line(line)
            if hv is not None and PANIC.search(hv) and not seen["panic"]:
                seen["panic"] = hv
    if seen["panic"]:
        test.result, test.detail = "CRASH", "hypervisor: " + seen["panic"]
    elif seen["result"] is None:
        test.result = "CRASH"
        test.detail = (f"no result line: timed out after {timeout}s"
                       if boot.timed_out
                       else f"no result line: QEMU exited with {boot.rc}")
    else:
        word = next((w for w in RESULTS if w in seen["result"]), None)
        test.result = RESULTS.get(word, "CRASH")
        test.detail = "Test result: " + seen["result"]
    if image:
        check_image(test, image, domid)
    return test


def check_image(test, image, domid):
    """The "Disk expect:" ranges must be on the boot's image copy."""
    with open(test.log, encoding="utf-8") as f:
        texts = [dl[1] for dl in map(qemu_boot.domain_line, f)
                 if dl and dl[0] == domid]
    checked, problems = blk_image.check_lines(image, texts)
    if test.result == "PASS" and (problems or not checked):
        test.result = "FAIL"
        test.detail = "disk image: " + ("; ".join(problems) or
                                        "no Disk expect: line to check")
    if test.result == "PASS":
        os.remove(image)


def log_tail(path):
    try:
        with open(path, encoding="utf-8") as f:
            return "".join(f.readlines()[-LOG_TAIL:])
    except OSError:
        return ""


def write_junit(tests, path, seconds):
    count = {r: sum(t.result == r for t in tests) for r in ORDER}
    suite = ET.Element("testsuite", name="conformance", tests=str(len(tests)),
                       failures=str(count["FAIL"]),
                       errors=str(count["ERROR"] + count["CRASH"]),
                       skipped=str(count["SKIP"]), time=f"{seconds:.3f}")
    for t in tests:
        case = ET.SubElement(suite, "testcase", classname=t.family,
                             name=t.test, time=f"{t.seconds:.3f}")
        if t.result == "SKIP":
            ET.SubElement(case, "skipped", message=t.detail)
        elif t.result != "PASS":
            tag = "failure" if t.result == "FAIL" else "error"
            el = ET.SubElement(case, tag, type=t.result,
                               message=f"{t.result}: {t.detail}")
            el.text = log_tail(t.log)
    tree = ET.ElementTree(suite)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def summary_line(tests):
    passed = sum(t.result == "PASS" for t in tests)
    skipped = sum(t.result == "SKIP" for t in tests)
    failed = len(tests) - passed - skipped
    line = f"{passed} passed, {failed} failed"
    return line + (f", {skipped} skipped" if skipped else "")


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("filters", nargs="*", metavar="FILTER",
                    help="family/ (a family), family/test, or a bare "
                         "family or test name; default: every test")
    ap.add_argument("-j", "--jobs", type=int, default=2,
                    help="tests run at once (default 2)")
    ap.add_argument("--timeout", type=int, default=60,
                    help="wall seconds per test (default 60)")
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"),
                    help="build directory (default $BUILD or build)")
    ap.add_argument("--no-icount", dest="icount", action="store_false",
                    help="run on the host's clock instead of QEMU's "
                         "-icount shift=0,sleep=off (the default: virtual "
                         "time then counts instructions, so a loaded host "
                         "cannot upset a test's timing)")
    ap.add_argument("--repeat", type=int, default=0, metavar="N",
                    help="boot every test that has a repeat= option N "
                         "times instead (the race family's long mode)")
    ap.add_argument("--list", action="store_true",
                    help="print the selected tests and exit")
    opts = ap.parse_args()

    signal.signal(signal.SIGTERM, _interrupt)
    os.chdir(qemu_boot.ROOT)
    outdir = os.path.join(opts.build, "conformance")
    manifest = os.path.join(outdir, "tests.list")
    if not os.path.exists(manifest):
        sys.exit(f"conformance: no {manifest}; build the tests first (make)")
    tests = read_manifest(manifest)
    for t in tests:
        t.icount = opts.icount
        t.repeat = opts.repeat
    if opts.filters:
        tests = [t for t in tests if any(t.matches(f) for f in opts.filters)]
        if not tests:
            sys.exit(f"conformance: no test matches {' '.join(opts.filters)}")
    if opts.list:
        for t in tests:
            print(t.name)
        return 0

    logdir = os.path.join(outdir, "logs")
    os.makedirs(logdir, exist_ok=True)
    print(f"conformance: {len(tests)} tests, {opts.jobs} at a time, "
          f"{opts.timeout}s each", flush=True)
    start = time.monotonic()
    lock = threading.Lock()
    pool = concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs))
    def report(t):
        with lock:
            print(f"{t.result} {t.name} ({t.seconds:.1f}s"
                  f"{', ' + t.detail if t.result not in ('PASS', 'SKIP') else ''})",
                  flush=True)

    try:
        jobs = [pool.submit(run_test, t, opts.build, opts.timeout, logdir)
                for t in tests if not t.options.get("alone")]
        for job in concurrent.futures.as_completed(jobs):
            report(job.result())
        for t in tests:
            if t.options.get("alone"):
                report(run_test(t, opts.build, opts.timeout, logdir))
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        qemu_boot.stop_all()
        print("conformance: interrupted", file=sys.stderr)
        return 130
    pool.shutdown()
    seconds = time.monotonic() - start

    junit = os.path.join(outdir, "junit.xml")
    write_junit(tests, junit, seconds)
    print(f"\nconformance results ({seconds:.1f}s, logs in {logdir}, "
          f"JUnit in {junit}):")
    for t in sorted(tests, key=lambda t: t.name):
        print(f"  {t.name:<40} {t.result}")
    counts = ", ".join(f"{sum(t.result == r for t in tests)} {r}"
                       for r in ORDER if any(t.result == r for t in tests))
    print(f"  {counts}")
    print(summary_line(tests), flush=True)
    return 0 if all(t.result in ("PASS", "SKIP") for t in tests) else 1


if __name__ == "__main__":
    sys.exit(main())
