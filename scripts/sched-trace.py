#!/usr/bin/env python3
"""Draw a scheduling trace as a PNG timeline: one row per pCPU, one colour
per domain, time on the x axis, with a legend.

    scripts/sched-trace.py console.log -o trace.png [--width 1200] [--title T]
                           [--window FROM:TO]   (ms after the first record)

The input is a console log (make run TIMEOUT=.., scripts/run.sh) holding a
trace dump, printed by dom0 (trace_dump=<ms>) or the hypervisor's 'r'/'T' debug
key, a line per record after any "(XEN) " / "(dN) " prefix:

    TRACE-BEGIN sched=<name> cpus=<n> size=<records per CPU>
    TRACE <ns> cpu<N> d<D>v<V> switch_in|switch_out <reason>|wake|migrate from cpu<M>
    TRACE-END records=<n> lost=<n>

Domain names come from the hypervisor's "dN (name): kernel" build lines.
A VCPU runs from its switch_in to its switch_out on the same CPU; a run
open at either end of the dump is drawn to that end of that CPU's records.
When the dump lost records (a ring wrapped), a CPU's span before its oldest
record is darker grey: unknown.  The legend gives each domain's part of
the CPU time the dump covers (all CPUs together), also printed on stdout.  Blocked switch-outs
are marked by a dark tick at the end of the run.  Only the Python standard
library is used: the PNG is written with zlib and struct, and the labels
with a built-in 5x7 bitmap font.
"""

import argparse
import re
import struct
import sys
import zlib

TRACE = re.compile(r"TRACE (\d+) cpu(\d+) d(\d+)v(\d+) (\w+)(?: (.*))?$")
BEGIN = re.compile(r"TRACE-BEGIN (.*)$")
END = re.compile(r"TRACE-END records=(\d+) lost=(\d+)")
DOMNAME = re.compile(r"\(XEN\) d(\d+) \(([^)]*)\): kernel")

PALETTE = [(31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40),
           (148, 103, 189), (140, 86, 75), (227, 119, 194), (127, 127, 127),
           (188, 189, 34), (23, 190, 207)]
WHITE, BLACK, GREY, LIGHT = (255, 255, 255), (0, 0, 0), (120, 120, 120), (235, 235, 235)
LOST = (190, 190, 190)   # a CPU's span before its oldest record, when records were lost

# 5x7 glyphs, one string of 7 rows of 5 bits per character.
FONT = {
    "0": "01110 10001 10011 10101 11001 10001 01110",
    "1": "00100 01100 00100 00100 00100 00100 01110",
    "2": "01110 10001 00001 00010 00100 01000 11111",
    "3": "11110 00001 00001 01110 00001 00001 11110",
    "4": "00010 00110 01010 10010 11111 00010 00010",
    "5": "11111 10000 11110 00001 00001 10001 01110",
    "6": "00110 01000 10000 11110 10001 10001 01110",
    "7": "11111 00001 00010 00100 01000 01000 01000",
    "8": "01110 10001 10001 01110 10001 10001 01110",
    "9": "01110 10001 10001 01111 00001 00010 01100",
    "a": "00000 00000 01110 00001 01111 10001 01111",
    "b": "10000 10000 10110 11001 10001 10001 11110",
    "c": "00000 00000 01110 10000 10000 10001 01110",
    "d": "00001 00001 01101 10011 10001 10001 01111",
    "e": "00000 00000 01110 10001 11111 10000 01110",
    "f": "00110 01001 01000 11100 01000 01000 01000",
    "g": "00000 01111 10001 10001 01111 00001 01110",
    "h": "10000 10000 10110 11001 10001 10001 10001",
    "i": "00100 00000 01100 00100 00100 00100 01110",
    "j": "00010 00000 00110 00010 00010 10010 01100",
    "k": "10000 10000 10010 10100 11000 10100 10010",
    "l": "01100 00100 00100 00100 00100 00100 01110",
    "m": "00000 00000 11010 10101 10101 10001 10001",
    "n": "00000 00000 10110 11001 10001 10001 10001",
    "o": "00000 00000 01110 10001 10001 10001 01110",
    "p": "00000 00000 11110 10001 11110 10000 10000",
    "q": "00000 00000 01101 10011 01111 00001 00001",
    "r": "00000 00000 10110 11001 10000 10000 10000",
    "s": "00000 00000 01110 10000 01110 00001 11110",
    "t": "01000 01000 11100 01000 01000 01001 00110",
    "u": "00000 00000 10001 10001 10001 10011 01101",
    "v": "00000 00000 10001 10001 10001 01010 00100",
    "w": "00000 00000 10001 10001 10101 10101 01010",
    "x": "00000 00000 10001 01010 00100 01010 10001",
    "y": "00000 00000 10001 10001 01111 00001 01110",
    "z": "00000 00000 11111 00010 00100 01000 11111",
    "=": "00000 00000 11111 00000 11111 00000 00000",
    ":": "00000 01100 01100 00000 01100 01100 00000",
    ".": "00000 00000 00000 00000 00000 01100 01100",
    ",": "00000 00000 00000 00000 01100 00100 01000",
    "-": "00000 00000 00000 11111 00000 00000 00000",
    "_": "00000 00000 00000 00000 00000 00000 11111",
    "/": "00001 00010 00010 00100 01000 01000 10000",
    "(": "00010 00100 01000 01000 01000 00100 00010",
    ")": "01000 00100 00010 00010 00010 00100 01000",
    "%": "11000 11001 00010 00100 01000 10011 00011",
    "+": "00000 00100 00100 11111 00100 00100 00000",
    "?": "01110 10001 00001 00010 00100 00000 00100",
    " ": "00000 00000 00000 00000 00000 00000 00000",
}
GLYPH_W, GLYPH_H, SCALE = 6, 8, 2


class Canvas:
    def __init__(self, width, height):
        self.w, self.h = width, height
        self.px = bytearray(WHITE * (width * height))

    def rect(self, x0, y0, x1, y1, colour):
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        y0, y1 = max(0, int(y0)), min(self.h, int(y1))
        if x0 >= x1:
            return
        row = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            i = (y * self.w + x0) * 3
            self.px[i:i + len(row)] = row

    def text(self, x, y, s, colour=BLACK):
        for ch in s:
            glyph = FONT.get(ch, FONT.get(ch.lower(), FONT["?"]))
            for r, bits in enumerate(glyph.split()):
                for c, bit in enumerate(bits):
                    if bit == "1":
                        self.rect(x + c * SCALE, y + r * SCALE,
                                  x + (c + 1) * SCALE, y + (r + 1) * SCALE, colour)
            x += GLYPH_W * SCALE
        return x

    def png(self):
        raw = b"".join(b"\0" + bytes(self.px[y * self.w * 3:(y + 1) * self.w * 3])
                       for y in range(self.h))

        def chunk(kind, data):
            return (struct.pack(">I", len(data)) + kind + data +
                    struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
        ihdr = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def text_width(s):
    return len(s) * GLYPH_W * SCALE


def parse(lines):
    """Return (header dict, domain names, records (t, cpu, dom, vcpu, ev, arg))."""
    header, names, recs = {}, {}, []
    for line in lines:
        m = DOMNAME.search(line)
        if m:
            names[int(m.group(1))] = m.group(2)
        m = BEGIN.search(line)
        if m:
            header = dict(w.split("=", 1) for w in m.group(1).split() if "=" in w)
            recs = []          # a later dump replaces an earlier one
            continue
        m = END.search(line)
        if m:
            header["lost"] = m.group(2)
            continue
        m = TRACE.search(line.rstrip())
        if m:
            recs.append((int(m.group(1)), int(m.group(2)), int(m.group(3)),
                         int(m.group(4)), m.group(5), m.group(6) or ""))
    return header, names, recs


def intervals(recs):
    """Runs (cpu, dom, vcpu, start, end, reason) from the switch records."""
    if not recs:
        return [], 0, 0
    t0 = min(r[0] for r in recs)
    t1 = max(r[0] for r in recs)
    first = first_times(recs)
    running, runs = {}, []
    for t, cpu, dom, vcpu, ev, arg in sorted(recs, key=lambda r: (r[1], r[0])):
        if ev == "switch_in":
            running[cpu] = (dom, vcpu, t)
        elif ev == "switch_out":
            # Without its switch_in (overwritten), a run starts with the CPU's records.
            start = running.pop(cpu, (dom, vcpu, first[cpu]))
            if start[:2] == (dom, vcpu):
                runs.append((cpu, dom, vcpu, start[2], t, arg))
    for cpu, (dom, vcpu, t) in running.items():
        runs.append((cpu, dom, vcpu, t, t1, "open"))
    return runs, t0, t1


def first_times(recs):
    """Each CPU's oldest record time."""
    first = {}
    for r in recs:
        first[r[1]] = min(first.get(r[1], r[0]), r[0])
    return first


def shares(runs, t0, t1, ncpu):
    """Each domain's part of the CPU time the dump covers (all CPUs), 0..1."""
    busy = {}
    for cpu, dom, vcpu, start, end, reason in runs:
        busy[dom] = busy.get(dom, 0) + (end - start)
    total = max(t1 - t0, 1) * ncpu
    return {d: b / total for d, b in busy.items()}


def tick_step(span_ms, width_px):
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if span_ms / step * 70 <= width_px:
            return step
    return 20000


def clip(runs, t0, t1, window):
    """Runs, start and end within window (ms after t0, (from, to)), if any."""
    if not window:
        return runs, t0, t1
    lo, hi = t0 + int(window[0] * 1e6), min(t1, t0 + int(window[1] * 1e6))
    return ([(c, d, v, max(s, lo), min(e, hi), r) for c, d, v, s, e, r in runs
             if e > lo and s < hi], lo, max(hi, lo + 1))


def draw(header, names, recs, width, title, window=None):
    runs, t0, t1 = clip(*intervals(recs), window)
    ncpu = max([int(header.get("cpus", 0))] + [r[1] + 1 for r in recs] + [1])
    doms = sorted({r[2] for r in recs})
    colour = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(doms)}
    left, right, top, row_h, gap = 80, 20, 50, 50, 14
    plot_w = width - left - right
    legend_y = top + ncpu * (row_h + gap) + 40
    height = legend_y + 40
    c = Canvas(width, height)
    c.text(left, 12, title)
    span = max(t1 - t0, 1)

    def x_of(t):
        return left + (t - t0) * plot_w / span
    first = first_times(recs)
    for cpu in range(ncpu):
        y = top + cpu * (row_h + gap)
        c.rect(left, y, left + plot_w, y + row_h, LIGHT)
        if int(header.get("lost", 0)) and cpu in first and first[cpu] > t0:
            c.rect(left, y, x_of(first[cpu]), y + row_h, LOST)
        c.text(8, y + row_h // 2 - GLYPH_H, "cpu%d" % cpu)
    for cpu, dom, vcpu, start, end, reason in runs:
        y = top + cpu * (row_h + gap)
        x0, x1 = x_of(start), x_of(end)
        c.rect(x0, y, max(x1, x0 + 1), y + row_h, colour[dom])
        if reason == "blocked":
            c.rect(max(x1 - 1, x0), y + row_h - 8, x1 + 1, y + row_h, BLACK)
    axis_y = top + ncpu * (row_h + gap)
    c.rect(left, axis_y, left + plot_w, axis_y + 1, GREY)
    span_ms = span / 1e6
    step = tick_step(span_ms, plot_w)
    ms = 0
    while ms <= span_ms:
        x = left + ms * 1e6 * plot_w / span
        c.rect(x, axis_y, x + 1, axis_y + 6, GREY)
        label = "%d" % (ms + (window[0] if window else 0))
        c.text(x - text_width(label) / 2, axis_y + 8, label, GREY)
        ms += step
    c.text(left + plot_w - text_width("ms"), axis_y + 8 + GLYPH_H * SCALE, "ms", GREY)
    x = left
    part = shares(runs, t0, t1, ncpu)
    for d in doms:
        c.rect(x, legend_y, x + 24, legend_y + 16, colour[d])
        label = "d%d %s %.0f%%" % (d, names.get(d, ""), 100 * part.get(d, 0))
        x = c.text(x + 30, legend_y, label) + 24
    return c


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log", help="console log with a trace dump ('-': stdin)")
    ap.add_argument("-o", "--output", required=True, help="PNG file to write")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--title", help="title (default: from TRACE-BEGIN)")
    ap.add_argument("--window", metavar="FROM:TO",
                    help="draw only FROM..TO ms after the first record (a zoom)")
    args = ap.parse_args(argv)
    if args.width < 200:
        ap.error("--width must be at least 200")
    f = sys.stdin if args.log == "-" else open(args.log, encoding="utf-8", errors="replace")
    with f:
        header, names, recs = parse(f)
    if not recs:
        print("sched-trace.py: no TRACE records in %s" % args.log, file=sys.stderr)
        return 1
    title = args.title or "sched=%s, %d records" % (header.get("sched", "?"), len(recs))
    window = None
    if args.window:
        try:
            window = tuple(float(x) for x in args.window.split(":"))
        except ValueError:
            window = ()
        if len(window) != 2 or not 0 <= window[0] < window[1]:
            ap.error("--window wants FROM:TO in ms, FROM < TO")
    canvas = draw(header, names, recs, args.width, title, window)
    with open(args.output, "wb") as out:
        out.write(canvas.png())
    runs, t0, t1 = clip(*intervals(recs), window)
    ncpu = max([int(header.get("cpus", 0))] + [r[1] + 1 for r in recs] + [1])
    print("sched-trace.py: %d records, %d runs, %dx%d -> %s" %
          (len(recs), len(runs), canvas.w, canvas.h, args.output))
    print("sched-trace.py: %.1f ms on %d cpus; CPU time: %s" % (
        (t1 - t0) / 1e6, ncpu, ", ".join("d%d %.1f%%" % (d, 100 * p) for d, p in
                                         sorted(shares(runs, t0, t1, ncpu).items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
