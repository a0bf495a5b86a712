#!/usr/bin/env python3
"""The block crash test: QEMU killed under a domU writing with flushes.

Each run boots dom0 and the crash writer (tests/conformance/blk/
crash_writer) on a fresh, sparse, writable disk image, waits until the
writer has acknowledged a random number of records (BLK-ACK lines, each
printed only once a flush covering those records was answered), and kills
QEMU (SIGKILL to its process group) GRACE seconds later, while the writer
is still writing.  Then every acknowledged record must be on the image file
(scripts/blk_image.py's pattern, seed n mod 251, at the writer's slice).

The last line is

    BLK-CRASH runs=<n> acked=<records> lost=<records>

(acked: records acknowledged, summed over the runs; lost: acknowledged
records not found on the image).  The test fails if lost > 0 or a run never
got as far as its first acknowledgement.

    scripts/blk_crash.py [--runs N] [--jobs J] [--build DIR] [--seed S]
"""

import argparse
import concurrent.futures
import os
import random
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
import blk_image  # noqa: E402
import qemu_boot  # noqa: E402

FIRST = re.compile(r"BLK-FIRST (\d+)$")
ACK = re.compile(r"BLK-ACK (\d+)$")
IMAGE_BYTES = 32 << 20
MAX_TARGET = 120        # the kill comes after 1..MAX_TARGET acknowledgements
TIMEOUT = 40            # wall seconds a boot may take to get there


def run_once(index, build, tmpdir, target):
    """One boot killed after `target` acknowledgements: (acked, lost, note)."""
    image = os.path.join(tmpdir, f"crash{index}.img")
    log = os.path.join(tmpdir, f"crash{index}.log")
    with open(image, "wb") as f:
        f.truncate(IMAGE_BYTES)
    seen = {"first": None, "acked": 0}

    def on_line(line, _):
        dl = qemu_boot.domain_line(line)
        if not dl or dl[0] != 1:
            return False
        m = FIRST.match(dl[1])
        if m:
            seen["first"] = int(m.group(1))
        m = ACK.match(dl[1])
        if m:
            seen["acked"] = int(m.group(1))
            return seen["acked"] >= target
        return False

    writer = os.path.join(build, "conformance", "blk", "crash_writer.elf")
    # One hart, as the blk conformance tests (tests/conformance/build.mk).
    args = ["--smp", "1", "--disk", image, "--writable-disk",
            "--module", os.path.join(build, "guests", "dom0.elf"),
            "--module", qemu_boot.module_arg(writer, 'name="writer" memory=8')]
    qemu_boot.boot(args, TIMEOUT, log, on_line, build)
    try:
        if seen["first"] is None or not seen["acked"]:
            return 0, 0, f"run {index}: the writer acknowledged nothing (log {log})"
        lost = blk_image.check_pattern(image, seen["first"], 1, seen["acked"],
                                       lambda n: n % 251)
        if lost:
            return seen["acked"], lost, f"run {index}: {lost} acknowledged records lost"
        os.remove(log)
        return seen["acked"], 0, None
    finally:
        os.remove(image)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    ap.add_argument("--seed", type=int, default=None,
                    help="seed of the kill points (default: random)")
    opts = ap.parse_args()
    os.chdir(qemu_boot.ROOT)
    rng = random.Random(opts.seed)
    targets = [rng.randint(1, MAX_TARGET) for _ in range(opts.runs)]
    acked = lost = 0
    notes = []
    tmpdir = tempfile.mkdtemp(prefix="blk-crash-")
    with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
        jobs = [pool.submit(run_once, i, opts.build, tmpdir, t)
                for i, t in enumerate(targets)]
        for job in concurrent.futures.as_completed(jobs):
            a, l, note = job.result()
            acked += a
            lost += l
            if note:
                notes.append(note)
                print(note, flush=True)
    if not notes:
        os.rmdir(tmpdir)
    print(f"BLK-CRASH runs={opts.runs} acked={acked} lost={lost}", flush=True)
    return 0 if not notes else 1


if __name__ == "__main__":
    sys.exit(main())
