/*
 * ELF64 loader for guest kernels.
 *
 * elf_check() validates an image before anything is allocated; the builder
 * then copies segments with elf_load().  Refused, each with a named error:
 * bad magic, class other than ELFCLASS64, data other than little-endian,
 * machine other than EM_RISCV, type other than ET_EXEC, program headers
 * outside the image or of the wrong size, no PT_LOAD, a PT_LOAD whose file
 * bytes lie outside the image or whose filesz > memsz, virtual ranges that
 * wrap, overlap or lie outside [ELF_GUEST_VA_MIN, ELF_GUEST_VA_MAX), a span
 * larger than the domain can hold, and an entry point not inside an
 * executable PT_LOAD.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <hv/types.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_GUEST_VA_MIN 0x1000ULL
#define ELF_GUEST_VA_MAX 0x4000000000ULL   /* Sv39 lower half */

struct elf_segment {
    uint64_t vaddr;
    uint64_t memsz;
    uint64_t filesz;
    uint64_t offset;      /* in the image */
    uint32_t flags;       /* PF_R | PF_W | PF_X */
};

#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf_image {
    uint64_t entry;
    uint64_t va_start;    /* lowest segment vaddr, page aligned down */
    uint64_t va_end;      /* end of highest segment, page aligned up */
    unsigned int nr_segments;
    struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/* 0 or -EINVAL/-ENOEXEC; `err` names the problem.  max_span bounds
 * va_end - va_start. */
int elf_check(const void *image, size_t size, uint64_t max_span,
              struct elf_image *out, char *err, size_t errlen);

/* Copy every segment: `copy(ctx, vaddr, src, len)` for file bytes and
 * `zero(ctx, vaddr, len)` for the rest.  Only after elf_check() succeeded. */
void elf_load(const void *image, const struct elf_image *ei,
              void (*copy)(void *ctx, uint64_t va, const void *src, size_t len),
              void (*zero)(void *ctx, uint64_t va, size_t len), void *ctx);

#endif /* HV_ELF_H */
