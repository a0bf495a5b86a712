#!/usr/bin/env python3
"""Write the disk image `make run` and the tests attach as virtio-blk.

Every 512-byte sector holds a pattern its number determines, so that a
reader can tell that it got the right sector (tests/conformance/lib/
disk_pattern.h describes it to the guests):

    bytes 0..7    the sector number, little-endian
    bytes 8..15   the tag "rvxendsk"
    byte i >= 16  (sector * 7 + i) mod 251

usage: mkdisk.py OUT [--mib N]     (default 32 MiB)
"""

import argparse
import os
import struct
import sys

SECTOR = 512
TAG = b"rvxendsk"


# The body repeats every 251 sectors: made once.
BODIES = [bytes((n * 7 + i) % 251 for i in range(16, SECTOR)) for n in range(251)]


def sector_bytes(n):
    return struct.pack("<Q", n) + TAG + BODIES[n % 251]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--mib", type=int, default=32)
    opts = ap.parse_args()
    tmp = opts.out + ".tmp"
    with open(tmp, "wb") as f:
        for n in range(opts.mib * 1024 * 1024 // SECTOR):
            f.write(sector_bytes(n))
    os.replace(tmp, opts.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
