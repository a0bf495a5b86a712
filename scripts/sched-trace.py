#!/usr/bin/env python3
"""Turn the hypervisor's scheduling trace into a PNG timeline.

The trace is what debug key 'r' prints (XEN_SYSCTL_debug_keys from dom0,
e.g. the conformance test sched/trace_dump), one console line a run:

    (XEN) sched-trace: cpu C dD vV START END REASON

Usage:
    scripts/sched-trace.py LOG [-o out.png] [--width PIXELS]

The PNG has one row per pCPU, time running left to right over the traced
span, one colour per domain (idle time is white; light grey where a pCPU's
ring of the last 512 runs no longer reaches); a dark tick marks the end
of a run that blocked.  The legend (domain -> colour) and a summary
per pCPU are printed on stdout.  Python's standard library only: the PNG
is written with zlib and struct.
"""

import argparse
import re
import struct
import sys
import zlib

LINE = re.compile(r"sched-trace: cpu (\d+) d(\d+) v(\d+) (-?\d+) (-?\d+) (\w+)")
PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
           (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127),
           (188, 189, 34), (23, 190, 207)]
ROW, GAP, MARGIN = 40, 8, 10
RING = 512          # SCHED_TRACE_LEN: runs kept per pCPU (hv/sched.h)


def read_runs(path):
    runs = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.search(line)
            if m:
                cpu, dom, vcpu, start, end = (int(g) for g in m.groups()[:5])
                runs.append((cpu, dom, vcpu, start, end, m.group(6)))
    return runs


def png(width, height, rows):
    """rows: list of bytearrays of width*3 RGB bytes."""
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind, data):
        body = kind + data
        return (struct.pack(">I", len(data)) + body
                + struct.pack(">I", zlib.crc32(body) & 0xffffffff))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def draw(runs, width):
    cpus = sorted({r[0] for r in runs})
    doms = sorted({r[1] for r in runs})
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(doms)}
    t0 = min(r[3] for r in runs)
    t1 = max(r[4] for r in runs)
    span = max(t1 - t0, 1)
    plot = width - 2 * MARGIN
    height = 2 * MARGIN + len(cpus) * (ROW + GAP) - GAP
    img = [bytearray(b"\xff" * (width * 3)) for _ in range(height)]

    def fill(x0, x1, y0, y1, rgb):
        for y in range(y0, y1):
            row = img[y]
            for x in range(x0, x1):
                row[3 * x:3 * x + 3] = bytes(rgb)

    for i, cpu in enumerate(cpus):
        y0 = MARGIN + i * (ROW + GAP)
        fill(MARGIN, MARGIN + plot, y0 + ROW - 1, y0 + ROW, (200, 200, 200))
        mine = [r for r in runs if r[0] == cpu]
        if len(mine) >= RING:       # the ring wrapped: no record before its oldest
            first = min(r[3] for r in mine)
            fill(MARGIN, MARGIN + (first - t0) * plot // span, y0, y0 + ROW - 1,
                 (225, 225, 225))
        for r in mine:
            x0 = MARGIN + (r[3] - t0) * plot // span
            x1 = max(MARGIN + (r[4] - t0) * plot // span, x0 + 1)
            fill(x0, x1, y0, y0 + ROW - 1, colour[r[1]])
            if r[5] == "blocked":
                fill(x1 - 1, x1, y0, y0 + ROW // 4, (0, 0, 0))
    return png(width, height, img), colour, cpus, t0, t1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", help="console log with sched-trace: lines")
    ap.add_argument("-o", "--output", default="sched-trace.png")
    ap.add_argument("--width", type=int, default=1200)
    opts = ap.parse_args()

    runs = read_runs(opts.log)
    if not runs:
        sys.exit(f"sched-trace: no 'sched-trace:' lines in {opts.log}")
    data, colour, cpus, t0, t1 = draw(runs, opts.width)
    with open(opts.output, "wb") as f:
        f.write(data)
    print(f"{opts.output}: {len(runs)} runs on {len(cpus)} pCPU(s), "
          f"{t0 / 1e6:.3f} .. {t1 / 1e6:.3f} ms")
    for dom, rgb in colour.items():
        print(f"  d{dom}: #{rgb[0]:02x}{rgb[1]:02x}{rgb[2]:02x}")
    for cpu in cpus:
        mine = [r for r in runs if r[0] == cpu]
        busy = sum(r[4] - r[3] for r in mine)
        print(f"  cpu{cpu}: {len(mine)} runs, {busy / 1e6:.3f} ms busy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
