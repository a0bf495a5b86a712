"""The blk tests' data pattern on a disk image, checked on the host.

The guests write it with tests/conformance/lib/blk_test.h's blk_fill():
byte i of disk-relative sector s written with seed k is s (little-endian)
for i < 8, k for i == 8, and (s * 31 + i * 7 + k) mod 256 after that.
A test asks for a check with a console line

    Disk expect: <absolute sector> <count> <seed> <relative sector>

(absolute: where the sector lies on dom0's disk image; relative: the
number the domU wrote it as).
"""

import re

SECTOR = 512
EXPECT = re.compile(r"Disk expect: (\d+) (\d+) (\d+) (\d+)")


def pattern(sector, seed):
    head = sector.to_bytes(8, "little") + bytes([seed])
    tail = bytes((sector * 31 + i * 7 + seed) & 0xFF for i in range(9, SECTOR))
    return head + tail


def check_pattern(image, base, first, last, seed_of):
    """Sectors first..last (relative; absolute base + n) that do not hold
    the pattern of seed seed_of(n): how many."""
    bad = 0
    with open(image, "rb") as f:
        f.seek((base + first) * SECTOR)
        for n in range(first, last + 1):
            if f.read(SECTOR) != pattern(n, seed_of(n)):
                bad += 1
    return bad


def check(image, absolute, count, seed, relative):
    """The number of sectors of the range that do not hold the pattern."""
    return check_pattern(image, absolute - relative, relative,
                         relative + count - 1, lambda n: seed)


def check_lines(image, texts):
    """Check every "Disk expect:" line of texts: (checked, problems)."""
    checked, problems = 0, []
    for text in texts:
        m = EXPECT.search(text)
        if not m:
            continue
        absolute, count, seed, relative = (int(g) for g in m.groups())
        checked += 1
        bad = check(image, absolute, count, seed, relative)
        if bad:
            problems.append(f"{bad} of {count} sectors from {absolute} not on the image")
    return checked, problems
