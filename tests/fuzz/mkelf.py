#!/usr/bin/env python3
"""Seed ELF images for fuzz_elf.

    mkelf.py OUTDIR [KERNEL.elf ...]

Writes two small images that elf_check() accepts (one executable segment;
text plus data with bss) and, for each kernel given, a copy cut after the
last byte a PT_LOAD segment uses: elf_check() reads nothing beyond, and a
short seed keeps the fuzzer's inputs short.
"""
import os
import struct
import sys

PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
EHDR = 64
PHDR = 56


def image(entry, segments):
    """segments: (flags, vaddr, data, memsz); file bytes follow the headers."""
    offset = EHDR + PHDR * len(segments)
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    ehdr = ident + struct.pack("<HHIQQQIHHHHHH", 2, 243, 1, entry, EHDR, 0, 0,
                               EHDR, PHDR, len(segments), 64, 0, 0)
    phdrs, body = b"", b""
    for flags, vaddr, data, memsz in segments:
        phdrs += struct.pack("<IIQQQQQQ", PT_LOAD, flags, offset + len(body), vaddr,
                             vaddr, len(data), memsz, 0x1000)
        body += data
    return ehdr + phdrs + body


def load_end(elf):
    """End of the last byte any PT_LOAD segment takes from the file."""
    phoff, = struct.unpack_from("<Q", elf, 32)
    phnum, = struct.unpack_from("<H", elf, 56)
    end = phoff + phnum * PHDR
    for i in range(phnum):
        ptype, _, off, _, _, filesz = struct.unpack_from("<IIQQQQ", elf, phoff + i * PHDR)
        if ptype == PT_LOAD:
            end = max(end, off + filesz)
    return end


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    text = bytes(range(0x13, 0x93))
    seeds = {
        "tiny.elf": image(0x200000, [(PF_R | PF_X, 0x200000, text, len(text))]),
        "bss.elf": image(0x200010, [(PF_R | PF_X, 0x200000, text, len(text)),
                                    (PF_R | PF_W, 0x201000, bytes(32), 0x1800)]),
    }
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            elf = f.read()
        seeds[os.path.basename(path)] = elf[:load_end(elf)]
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
