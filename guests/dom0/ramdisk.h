/*
 * dom0's ramdisk: the cpio archive the boot-time builder copied into
 * dom0's memory (public/arch-riscv.h: start_info.mod_start, mod_len),
 * read by path (cpio.h).  It holds the toolstack's files:
 * /etc/xen/<name>.cfg and /boot/<kernel>.elf.
 */
#ifndef DOM0_RAMDISK_H
#define DOM0_RAMDISK_H

#include <stddef.h>

/* The file at path: 0 with *data, *len (inside the ramdisk, read-only),
 * -XEN_ENOENT if there is no ramdisk or no such file, -XEN_EINVAL if the
 * archive is malformed. */
long ramdisk_file(const char *path, const void **data, size_t *len);

#endif /* DOM0_RAMDISK_H */
