/* The builder's view of the shared ELF checks (xg_elf.h). */
#include <hv/elf.h>
#include "xg_elf.h"

_Static_assert(XG_MAX_SEGMENTS == ELF_MAX_SEGMENTS, "segment limits differ");
_Static_assert(XG_PF_R == PF_R && XG_PF_W == PF_W && XG_PF_X == PF_X, "flag bits differ");

int xg_elf_check(const void *elf, size_t len, uint64_t max_span, struct xg_image *out,
                 char *err, size_t errlen)
{
    struct elf_image ei;

    if (elf_check(elf, len, max_span, &ei, err, errlen))
        return -1;
    out->elf = elf;
    out->len = len;
    out->entry = ei.entry;
    out->va_start = ei.va_start;
    out->va_end = ei.va_end;
    out->nr_segments = ei.nr_segments;
    for (unsigned int i = 0; i < ei.nr_segments; i++)
        out->seg[i] = (struct xg_segment){ ei.seg[i].vaddr, ei.seg[i].memsz, ei.seg[i].flags };
    return 0;
}

void xg_elf_load(const struct xg_image *img,
                 void (*copy)(void *ctx, uint64_t va, const void *src, size_t len),
                 void (*zero)(void *ctx, uint64_t va, size_t len), void *ctx)
{
    struct elf_image ei;
    char err[8];

    /* Checked before: the same answer again, with the file offsets. */
    if (!elf_check(img->elf, img->len, img->va_end - img->va_start, &ei, err, sizeof(err)))
        elf_load(img->elf, &ei, copy, zero, ctx);
}
