/*
 * core/elf.c: elf_check() on arbitrary bytes; whatever it accepts,
 * elf_load() into a fake guest.
 *
 * The fake guest is a heap buffer standing for [va_start, va_end): the
 * copy and zero callbacks check that every write lies inside it and every
 * source inside the image, then really write, so that ASan sees the same
 * accesses.  Afterwards each segment must hold its file bytes followed by
 * zeros: segments do not overlap, so no write may undo another.
 */
#include <public/errno.h>
#include <hv/elf.h>
#include "fuzz.h"

/* Small enough to allocate per input, large enough for the guest kernels. */
#define MAX_SPAN (1ULL << 20)
#define FILLER 0xa5

struct fake_guest {
    const uint8_t *img;
    size_t size;
    const struct elf_image *ei;
    uint8_t *mem;
};

static uint8_t *guest_range(struct fake_guest *g, uint64_t va, size_t len)
{
    CHECK(va >= g->ei->va_start && va < g->ei->va_end);
    CHECK(len <= g->ei->va_end - va);
    return g->mem + (va - g->ei->va_start);
}

static void fake_copy(void *ctx, uint64_t va, const void *src, size_t len)
{
    struct fake_guest *g = ctx;
    const uint8_t *s = src;

    CHECK(s >= g->img && len <= g->size && (size_t)(s - g->img) <= g->size - len);
    memcpy(guest_range(g, va, len), src, len);
}

static void fake_zero(void *ctx, uint64_t va, size_t len)
{
    struct fake_guest *g = ctx;

    memset(guest_range(g, va, len), 0, len);
}

static bool all_zero(const uint8_t *p, size_t len)
{
    return len == 0 || (p[0] == 0 && !memcmp(p, p + 1, len - 1));
}

/* What elf_check() promises about an image it accepted. */
static void check_image(const struct elf_image *ei, size_t size)
{
    bool entry_ok = false;

    CHECK(ei->nr_segments >= 1 && ei->nr_segments <= ELF_MAX_SEGMENTS);
    CHECK(ei->va_start % 4096 == 0 && ei->va_end % 4096 == 0);
    CHECK(ei->va_start < ei->va_end && ei->va_end - ei->va_start <= MAX_SPAN);
    CHECK(ei->va_start >= ELF_GUEST_VA_MIN && ei->va_end <= ELF_GUEST_VA_MAX);
    for (unsigned int i = 0; i < ei->nr_segments; i++) {
        const struct elf_segment *s = &ei->seg[i];

        CHECK(s->memsz > 0 && s->filesz <= s->memsz);
        CHECK(s->offset <= size && s->filesz <= size - s->offset);
        CHECK(s->vaddr >= ei->va_start && s->memsz <= ei->va_end - s->vaddr);
        for (unsigned int j = 0; j < i; j++)
            CHECK(s->vaddr >= ei->seg[j].vaddr + ei->seg[j].memsz ||
                  ei->seg[j].vaddr >= s->vaddr + s->memsz);
        if ((s->flags & PF_X) && ei->entry >= s->vaddr && ei->entry - s->vaddr < s->memsz)
            entry_ok = true;
    }
    CHECK(entry_ok);
}

static void load_and_check(const uint8_t *img, size_t size, const struct elf_image *ei)
{
    size_t span = ei->va_end - ei->va_start;
    struct fake_guest g = { .img = img, .size = size, .ei = ei, .mem = malloc(span) };

    CHECK(g.mem);
    memset(g.mem, FILLER, span);
    elf_load(img, ei, fake_copy, fake_zero, &g);
    for (unsigned int i = 0; i < ei->nr_segments; i++) {
        const struct elf_segment *s = &ei->seg[i];
        const uint8_t *m = g.mem + (s->vaddr - ei->va_start);

        CHECK(!memcmp(m, img + s->offset, s->filesz));
        CHECK(all_zero(m + s->filesz, s->memsz - s->filesz));
    }
    free(g.mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_image ei;
    char err[ERR_LEN];
    int rc;

    fill_err(err);
    rc = elf_check(data, size, MAX_SPAN, &ei, err, sizeof(err));
    if (rc) {
        CHECK(rc == -XEN_ENOEXEC || rc == -XEN_EINVAL);
        check_err(err);
        return 0;
    }
    check_image(&ei, size);
    load_and_check(data, size, &ei);
    return 0;
}
