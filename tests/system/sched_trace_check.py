#!/usr/bin/env python3
"""Check scripts/sched-trace.py on a known log: it must write a valid PNG
(signature, IHDR, CRCs, IDAT that inflates to exactly height rows of
1 + 3 * width bytes) of the requested width, and the runs must land where
the log puts them: at 15% of the time axis cpu0 shows d2's colour and cpu1
d1's, and at 70% cpu0 shows d1's and cpu1 d2's.

    tests/system/sched_trace_check.py LOG OUT.png   (exit 0 = pass)
"""
import struct
import subprocess
import sys
import zlib

WIDTH = 800
# The script's layout: plot from x = 80 to width - 20, cpu rows 50 px high
# from y = 50, 14 px apart; colours by domain in sorted order.
LEFT, RIGHT, TOP, ROW_H, GAP = 80, 20, 50, 50, 14
COLOURS = {0: (31, 119, 180), 1: (255, 127, 14), 2: (44, 160, 44)}


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, "bad CRC in %r" % kind
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND", "chunk order"
    w, h, depth, ctype, comp, filt, inter = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, ctype, comp, filt, inter) == (8, 2, 0, 0, 0), "not 8-bit RGB"
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    assert len(raw) == h * (1 + 3 * w), "IDAT size %d for %dx%d" % (len(raw), w, h)
    return w, h, raw


def pixel(raw, w, x, y):
    i = y * (1 + 3 * w) + 1 + 3 * x
    assert raw[y * (1 + 3 * w)] == 0, "row filter not 0"
    return tuple(raw[i:i + 3])


def main():
    log, out = sys.argv[1], sys.argv[2]
    done = subprocess.run([sys.executable, "-B", "scripts/sched-trace.py", log, "-o", out,
                           "--width", str(WIDTH)], check=True, capture_output=True, text=True)
    # cpu0: d2 30 ms, d0 10, d1 60; cpu1: d1 30, d2 60; of 2 x 100 ms.
    assert "CPU time: d0 5.0%, d1 45.0%, d2 45.0%" in done.stdout, done.stdout
    w, h, raw = read_png(out)
    assert w == WIDTH, "width %d" % w
    assert h == TOP + 2 * (ROW_H + GAP) + 80, "height %d" % h
    plot_w = WIDTH - LEFT - RIGHT

    def at(frac, cpu):
        return pixel(raw, w, int(LEFT + frac * plot_w), TOP + cpu * (ROW_H + GAP) + ROW_H // 2)
    expect = [(0.15, 0, 2), (0.15, 1, 1), (0.70, 0, 1), (0.70, 1, 2), (0.35, 0, 0)]
    for frac, cpu, dom in expect:
        got = at(frac, cpu)
        assert got == COLOURS[dom], "cpu%d at %d%%: %s, not d%d's %s" % (
            cpu, frac * 100, got, dom, COLOURS[dom])
    # Before its first record cpu1 ran nothing known: background.
    assert at(0.05, 1) == (235, 235, 235), "cpu1 before 10 ms: %s" % (at(0.05, 1),)
    # A zoom on 40..100 ms: its middle (70 ms) is d1 on cpu0, d2 on cpu1.
    subprocess.run([sys.executable, "-B", "scripts/sched-trace.py", log, "-o", out,
                    "--width", str(WIDTH), "--window", "40:100"], check=True, capture_output=True)
    w, h, raw = read_png(out)
    assert at(0.02, 0) == COLOURS[1] and at(0.5, 1) == COLOURS[2], "zoom: %s %s" % (
        at(0.02, 0), at(0.5, 1))
    # A wrapped ring: cpu1's oldest record (its switch_in at 10 ms) was
    # overwritten, so its span before the next record (40 ms) is unknown.
    with open(log) as f:
        lines = [l for l in f if "TRACE 10000000 cpu1" not in l]
    wrapped = out + ".wrapped.log"
    with open(wrapped, "w") as f:
        f.writelines(l.replace("lost=0", "lost=1") for l in lines)
    subprocess.run([sys.executable, "-B", "scripts/sched-trace.py", wrapped, "-o", out,
                    "--width", str(WIDTH)], check=True, capture_output=True)
    w, h, raw = read_png(out)
    assert at(0.20, 1) == (190, 190, 190), "cpu1 before its oldest record: %s" % (at(0.20, 1),)
    assert at(0.70, 1) == COLOURS[2], "cpu1 at 70%%: %s" % (at(0.70, 1),)
    # A log without records is an error, not an empty picture.
    empty = subprocess.run([sys.executable, "-B", "scripts/sched-trace.py", "/dev/null",
                            "-o", out + ".empty"], capture_output=True)
    assert empty.returncode == 1, "no records: exit %d" % empty.returncode
    print("sched_trace_check: %dx%d PNG, runs where the log puts them" % (w, h))


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, subprocess.CalledProcessError) as e:
        print("sched_trace_check: %s" % e)
        sys.exit(1)
