#!/usr/bin/env python3
"""Write dom0's ramdisk: a cpio archive in the "newc" format (the
initramfs format, guests/dom0/cpio.h) holding the toolstack's files.

    mkramdisk.py OUT [ARCHIVE_PATH=HOST_FILE ...]

Each argument puts HOST_FILE at ARCHIVE_PATH (e.g. boot/domu.elf=build/
guests/domu.elf, etc/xen/a.cfg=tests/xl/a.cfg); the directories on the
way are added first, as `find | cpio -o -H newc` would.  Python only, so
that no cpio tool is needed.
"""
import os
import sys


def member(name, mode, data, ino):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def archive(entries):
    """entries: list of (archive path, bytes)."""
    out, dirs, ino = [], set(), 1
    for path, data in entries:
        path = path.strip("/")
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in dirs:
                dirs.add(d)
                out.append(member(d, 0o040755, b"", ino))
                ino += 1
        out.append(member(path, 0o100644, data, ino))
        ino += 1
    out.append(member("TRAILER!!!", 0, b"", 0))
    blob = b"".join(out)
    return blob + b"\0" * (-len(blob) % 512)


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    entries = []
    for arg in argv[2:]:
        path, _, host = arg.partition("=")
        if not host:
            sys.exit("mkramdisk.py: %s: expected ARCHIVE_PATH=HOST_FILE" % arg)
        with open(host, "rb") as f:
            entries.append((path, f.read()))
    tmp = argv[1] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(archive(entries))
    os.replace(tmp, argv[1])


if __name__ == "__main__":
    main(sys.argv)
