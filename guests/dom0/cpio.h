/*
 * Reading files out of a cpio archive in the "newc" format (the initramfs
 * format; `cpio -o -H newc` writes it): dom0's ramdisk, which holds the
 * toolstack's files (/etc/xen/<name>.cfg, /boot/<kernel>.elf).
 *
 * The format: each member is a 110-byte ASCII header - the magic "070701"
 * (or "070702", which adds a checksum this reader does not verify) then
 * thirteen 8-digit hexadecimal fields (ino, mode, uid, gid, nlink, mtime,
 * filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check) -,
 * the name (namesize bytes with its NUL), padded to a multiple of four
 * bytes from the header's start, then the data, padded to four bytes.
 * The member named "TRAILER!!!" ends the archive.
 *
 * The archive is untrusted input: every length is checked against the
 * buffer before it is used, and a member that does not fit, a bad magic,
 * a non-hex digit, a name without its NUL or an archive without its
 * trailer is reported as malformed; nothing is ever read outside
 * [archive, archive + len).  Arch-neutral: built for dom0 and the host
 * (tests/unit/test_cpio.c, tests/fuzz/fuzz_cpio.c).
 */
#ifndef DOM0_CPIO_H
#define DOM0_CPIO_H

#include <stddef.h>
#include <stdint.h>

enum cpio_result {
    CPIO_OK = 0,
    CPIO_END = 1,           /* cpio_next: the trailer was reached */
    CPIO_NOT_FOUND = -1,    /* cpio_find: no such member */
    CPIO_MALFORMED = -2,    /* the archive breaks the format (see above) */
};

struct cpio_file {
    const char *name;       /* as stored, NUL-terminated, e.g. "etc/xen/a.cfg" */
    const void *data;
    size_t size;
    uint32_t mode;          /* st_mode: type and permission bits */
};

#define CPIO_MODE_TYPE 0170000u
#define CPIO_MODE_REG  0100000u
#define CPIO_MODE_DIR  0040000u

/* The member at *pos (start with 0): CPIO_OK and *pos moved past it,
 * CPIO_END at the trailer, or CPIO_MALFORMED. */
int cpio_next(const void *archive, size_t len, size_t *pos, struct cpio_file *out);

/* The regular file at path ("/etc/xen/a.cfg"; a leading "/" or "./" on
 * either side is ignored): CPIO_OK, CPIO_NOT_FOUND or CPIO_MALFORMED
 * (the archive is read up to the match or its trailer). */
int cpio_find(const void *archive, size_t len, const char *path, struct cpio_file *out);

/* A printable reason for a result. */
const char *cpio_strerror(int result);

#endif /* DOM0_CPIO_H */
