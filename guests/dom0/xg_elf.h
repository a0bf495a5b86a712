/*
 * The kernel image checks of dom0's domain builder: the hypervisor's own
 * (hypervisor/core/elf.c, compiled into dom0 and the host tests: one copy
 * of the rules, hv/elf.h lists them), behind plain types so that the
 * builder never sees a hypervisor header.
 */
#ifndef DOM0_XG_ELF_H
#define DOM0_XG_ELF_H

#include "xg_layout.h"

/* 0, or -1 with err naming the problem; max_span bounds va_end - va_start
 * (the domain's memory). */
int xg_elf_check(const void *elf, size_t len, uint64_t max_span, struct xg_image *out,
                 char *err, size_t errlen);

/* Copy a checked image: copy() for file bytes, zero() for the rest. */
void xg_elf_load(const struct xg_image *img,
                 void (*copy)(void *ctx, uint64_t va, const void *src, size_t len),
                 void (*zero)(void *ctx, uint64_t va, size_t len), void *ctx);

#endif /* DOM0_XG_ELF_H */
