/*
 * ELF64 loader for guest kernels (see hv/elf.h for what is refused).
 *
 * The image is untrusted bytes of any alignment: every field is read with
 * explicit little-endian byte loads (never by casting the image to a
 * struct), and every offset is checked against the image size with
 * subtraction on the trusted side, so no check can overflow.  elf_check()
 * has no side effects besides filling *out; elf_load() trusts what it
 * filled.
 *
 * Messages name program headers by their index in the table ("segment 2").
 *
 * Error codes: -ENOEXEC when the file is not an image this hypervisor can
 * run at all (magic, class, byte order, version, machine, type);
 * -EINVAL when it claims to be one but its structure is inconsistent or
 * unacceptable (headers, segments, ranges, span, entry).
 */
#include <hv/elf.h>
#include <hv/errno.h>
#include <hv/lib.h>

/* The parts of the ELF64 format we use, as offsets into the raw bytes. */
#define EI_NIDENT     16
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_RISCV      243
#define PT_LOAD       1

#define EHDR_SIZE     64
#define EH_TYPE       16      /* u16 */
#define EH_MACHINE    18      /* u16 */
#define EH_ENTRY      24      /* u64 */
#define EH_PHOFF      32      /* u64 */
#define EH_PHENTSIZE  54      /* u16 */
#define EH_PHNUM      56      /* u16 */

#define PHDR_SIZE     56
#define PH_TYPE       0       /* u32 */
#define PH_FLAGS      4       /* u32 */
#define PH_OFFSET     8       /* u64 */
#define PH_VADDR      16      /* u64 */
#define PH_FILESZ     32      /* u64 */
#define PH_MEMSZ      40      /* u64 */

static uint64_t rd_le(const uint8_t *p, unsigned int bytes)
{
    uint64_t v = 0;

    while (bytes--)
        v = (v << 8) | p[bytes];
    return v;
}

static int elf_err(int rc, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int elf_err(int rc, char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return rc;
}

/* The ELF header: identity, then where the program headers are. */
static int check_ehdr(const uint8_t *img, size_t size, char *err, size_t errlen)
{
    uint64_t phoff, table;
    unsigned int phentsize, phnum;

    if (size < EHDR_SIZE)
        return elf_err(-ENOEXEC, err, errlen, "image of %zu bytes is too small for an ELF header", size);
    if (memcmp(img, "\177ELF", 4))
        return elf_err(-ENOEXEC, err, errlen, "bad ELF magic");
    if (img[EI_CLASS] != ELFCLASS64)
        return elf_err(-ENOEXEC, err, errlen, "not ELFCLASS64 (class %u)", img[EI_CLASS]);
    if (img[EI_DATA] != ELFDATA2LSB)
        return elf_err(-ENOEXEC, err, errlen, "not little-endian (data %u)", img[EI_DATA]);
    if (img[EI_VERSION] != EV_CURRENT)
        return elf_err(-ENOEXEC, err, errlen, "bad ELF version %u", img[EI_VERSION]);
    if (rd_le(img + EH_MACHINE, 2) != EM_RISCV)
        return elf_err(-ENOEXEC, err, errlen, "machine %u is not EM_RISCV",
                       (unsigned int)rd_le(img + EH_MACHINE, 2));
    if (rd_le(img + EH_TYPE, 2) != ET_EXEC)
        return elf_err(-ENOEXEC, err, errlen, "type %u is not ET_EXEC",
                       (unsigned int)rd_le(img + EH_TYPE, 2));

    phoff = rd_le(img + EH_PHOFF, 8);
    phentsize = (unsigned int)rd_le(img + EH_PHENTSIZE, 2);
    phnum = (unsigned int)rd_le(img + EH_PHNUM, 2);
    if (phentsize != PHDR_SIZE)
        return elf_err(-EINVAL, err, errlen, "program header entry size %u, expected %u",
                       phentsize, PHDR_SIZE);
    table = (uint64_t)phnum * PHDR_SIZE;   /* < 2^22: cannot overflow */
    if (phoff > size || table > size - phoff)
        return elf_err(-EINVAL, err, errlen,
                       "program headers (offset 0x%llx, %u entries) outside the image",
                       (unsigned long long)phoff, phnum);
    return 0;
}

/* One PT_LOAD on its own: file bytes inside the image, sane ranges. */
static int check_segment(const struct elf_segment *s, unsigned int i, size_t size,
                         char *err, size_t errlen)
{
    if (s->filesz > s->memsz)
        return elf_err(-EINVAL, err, errlen, "segment %u: filesz 0x%llx > memsz 0x%llx", i,
                       (unsigned long long)s->filesz, (unsigned long long)s->memsz);
    if (s->offset > size || s->filesz > size - s->offset)
        return elf_err(-EINVAL, err, errlen, "segment %u: file bytes outside the image", i);
    if (s->memsz > UINT64_MAX - s->vaddr)
        return elf_err(-EINVAL, err, errlen, "segment %u: virtual range wraps", i);
    if (s->vaddr < ELF_GUEST_VA_MIN || s->vaddr + s->memsz > ELF_GUEST_VA_MAX)
        return elf_err(-EINVAL, err, errlen,
                       "segment %u: vaddr 0x%llx+0x%llx outside the guest range [0x%llx, 0x%llx)",
                       i, (unsigned long long)s->vaddr, (unsigned long long)s->memsz,
                       ELF_GUEST_VA_MIN, ELF_GUEST_VA_MAX);
    return 0;
}

static void read_segment(const uint8_t *ph, struct elf_segment *s)
{
    s->vaddr = rd_le(ph + PH_VADDR, 8);
    s->memsz = rd_le(ph + PH_MEMSZ, 8);
    s->filesz = rd_le(ph + PH_FILESZ, 8);
    s->offset = rd_le(ph + PH_OFFSET, 8);
    s->flags = (uint32_t)rd_le(ph + PH_FLAGS, 4) & (PF_R | PF_W | PF_X);
}

/*
 * Every PT_LOAD with a non-empty memory image into out->seg[]; phidx[k] is
 * the program header seg[k] came from, so that messages name it.
 */
static int collect_segments(const uint8_t *img, size_t size, struct elf_image *out,
                            uint16_t *phidx, char *err, size_t errlen)
{
    uint64_t phoff = rd_le(img + EH_PHOFF, 8);
    unsigned int phnum = (unsigned int)rd_le(img + EH_PHNUM, 2);
    int rc;

    out->nr_segments = 0;
    for (unsigned int i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (uint64_t)i * PHDR_SIZE;
        struct elf_segment s;

        if (rd_le(ph + PH_TYPE, 4) != PT_LOAD)
            continue;
        read_segment(ph, &s);
        if ((rc = check_segment(&s, i, size, err, errlen)))
            return rc;
        if (s.memsz == 0)
            continue;      /* occupies nothing: nothing to load or overlap */
        if (out->nr_segments == ELF_MAX_SEGMENTS)
            return elf_err(-EINVAL, err, errlen, "more than %u PT_LOAD segments",
                           ELF_MAX_SEGMENTS);
        phidx[out->nr_segments] = (uint16_t)i;
        out->seg[out->nr_segments++] = s;
    }
    if (out->nr_segments == 0)
        return elf_err(-EINVAL, err, errlen, "no PT_LOAD segment");
    return 0;
}

/* Between segments: no overlap, a bounded span, an executable entry. */
static int check_layout(struct elf_image *out, const uint16_t *phidx, uint64_t max_span,
                        char *err, size_t errlen)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    bool entry_ok = false;

    for (unsigned int i = 0; i < out->nr_segments; i++) {
        const struct elf_segment *a = &out->seg[i];

        for (unsigned int j = 0; j < i; j++) {
            const struct elf_segment *b = &out->seg[j];

            if (a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz)
                return elf_err(-EINVAL, err, errlen, "PT_LOAD segments %u and %u overlap",
                               phidx[j], phidx[i]);
        }
        lo = MIN(lo, a->vaddr);
        hi = MAX(hi, a->vaddr + a->memsz);
        if ((a->flags & PF_X) && out->entry >= a->vaddr && out->entry - a->vaddr < a->memsz)
            entry_ok = true;
    }
    /* Segments end below ELF_GUEST_VA_MAX, so rounding up cannot wrap. */
    out->va_start = ROUNDDOWN(lo, PAGE_SIZE);
    out->va_end = ROUNDUP(hi, PAGE_SIZE);
    if (out->va_end - out->va_start > max_span)
        return elf_err(-EINVAL, err, errlen, "span 0x%llx exceeds the maximum 0x%llx",
                       (unsigned long long)(out->va_end - out->va_start),
                       (unsigned long long)max_span);
    if (!entry_ok)
        return elf_err(-EINVAL, err, errlen,
                       "entry point 0x%llx is not inside an executable segment",
                       (unsigned long long)out->entry);
    return 0;
}

int elf_check(const void *image, size_t size, uint64_t max_span,
              struct elf_image *out, char *err, size_t errlen)
{
    const uint8_t *img = image;
    uint16_t phidx[ELF_MAX_SEGMENTS];
    int rc;

    if (errlen)
        err[0] = '\0';
    memset(out, 0, sizeof(*out));
    if ((rc = check_ehdr(img, size, err, errlen)))
        return rc;
    out->entry = rd_le(img + EH_ENTRY, 8);
    if ((rc = collect_segments(img, size, out, phidx, err, errlen)))
        return rc;
    return check_layout(out, phidx, max_span, err, errlen);
}

void elf_load(const void *image, const struct elf_image *ei,
              void (*copy)(void *ctx, uint64_t va, const void *src, size_t len),
              void (*zero)(void *ctx, uint64_t va, size_t len), void *ctx)
{
    const uint8_t *img = image;

    for (unsigned int i = 0; i < ei->nr_segments; i++) {
        const struct elf_segment *s = &ei->seg[i];

        if (s->filesz)
            copy(ctx, s->vaddr, img + s->offset, s->filesz);
        if (s->memsz > s->filesz)
            zero(ctx, s->vaddr + s->filesz, s->memsz - s->filesz);
    }
}
