/*
 * core/elf.c: a good RISC-V kernel image built here byte by byte, then one
 * hostile variant per rule in hv/elf.h.  Every refusal asserts the error
 * code and that err names the problem.  Last, a mutation sweep: random
 * corruptions must either be refused or satisfy every invariant.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/elf.h>
#include <hv/errno.h>

#define PT_LOAD 1
#define PT_NOTE 4

/* Layout of the good image: header, 3 program headers, text, data. */
#define PHOFF   64
#define TEXT_OFF 0x100
#define TEXT_VA  0x200000ULL
#define TEXT_SZ  0x80
#define DATA_OFF 0x180
#define DATA_VA  0x201000ULL
#define DATA_FSZ 0x20
#define DATA_MSZ 0x1800        /* bss after the file bytes */
#define IMG_SIZE (DATA_OFF + DATA_FSZ)
#define ENTRY    (TEXT_VA + 0x10)
#define SPAN     (1ULL << 30)

static uint8_t img[IMG_SIZE];

static void put(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t *ph(int i) { return img + PHOFF + 56 * i; }

static void set_ph(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t va,
                   uint64_t filesz, uint64_t memsz)
{
    put(ph(i) + 0, type, 4);
    put(ph(i) + 4, flags, 4);
    put(ph(i) + 8, off, 8);
    put(ph(i) + 16, va, 8);
    put(ph(i) + 24, va, 8);          /* paddr */
    put(ph(i) + 32, filesz, 8);
    put(ph(i) + 40, memsz, 8);
    put(ph(i) + 48, 0x1000, 8);      /* align */
}

static int build_good(void **state)
{
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF", 4);
    img[4] = 2;                      /* ELFCLASS64 */
    img[5] = 1;                      /* little-endian */
    img[6] = 1;                      /* EV_CURRENT */
    put(img + 16, 2, 2);             /* ET_EXEC */
    put(img + 18, 243, 2);           /* EM_RISCV */
    put(img + 20, 1, 4);
    put(img + 24, ENTRY, 8);
    put(img + 32, PHOFF, 8);
    put(img + 52, 64, 2);            /* ehsize */
    put(img + 54, 56, 2);            /* phentsize */
    put(img + 56, 3, 2);             /* phnum */
    set_ph(0, PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ);
    set_ph(1, PT_NOTE, PF_R, TEXT_OFF, 0, 8, 8);     /* ignored: not PT_LOAD */
    set_ph(2, PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FSZ, DATA_MSZ);
    for (int i = 0; i < TEXT_SZ; i++)
        img[TEXT_OFF + i] = (uint8_t)(0x40 + i);
    for (int i = 0; i < DATA_FSZ; i++)
        img[DATA_OFF + i] = (uint8_t)(0xd0 + i);
    return 0;
}

/* ---- the good image ---- */

static uint8_t guest[0x4000];       /* guest VA TEXT_VA .. +0x4000 */

static void copy_cb(void *ctx, uint64_t va, const void *src, size_t len)
{
    (*(int *)ctx)++;
    assert_true(va >= TEXT_VA && va - TEXT_VA + len <= sizeof(guest));
    memcpy(guest + (va - TEXT_VA), src, len);
}

static void zero_cb(void *ctx, uint64_t va, size_t len)
{
    (*(int *)ctx) += 100;
    assert_true(va >= TEXT_VA && va - TEXT_VA + len <= sizeof(guest));
    memset(guest + (va - TEXT_VA), 0, len);
}

static void test_good_image(void **state)
{
    struct elf_image ei;
    char err[128] = "stale";
    int calls = 0;

    assert_int_equal(elf_check(img, sizeof(img), SPAN, &ei, err, sizeof(err)), 0);
    assert_string_equal(err, "");
    assert_int_equal(ei.entry, ENTRY);
    assert_int_equal(ei.nr_segments, 2);
    assert_int_equal(ei.seg[0].vaddr, TEXT_VA);
    assert_int_equal(ei.seg[0].filesz, TEXT_SZ);
    assert_int_equal(ei.seg[0].offset, TEXT_OFF);
    assert_int_equal(ei.seg[0].flags, PF_R | PF_X);
    assert_int_equal(ei.seg[1].vaddr, DATA_VA);
    assert_int_equal(ei.seg[1].memsz, DATA_MSZ);
    assert_int_equal(ei.seg[1].flags, PF_R | PF_W);
    assert_int_equal(ei.va_start, TEXT_VA);
    assert_int_equal(ei.va_end, 0x203000);          /* 0x202800 rounded up */

    memset(guest, 0xaa, sizeof(guest));
    elf_load(img, &ei, copy_cb, zero_cb, &calls);
    assert_int_equal(calls, 2 + 100);               /* two copies, one zero fill */
    assert_memory_equal(guest, img + TEXT_OFF, TEXT_SZ);
    assert_int_equal(guest[TEXT_SZ], 0xaa);         /* the gap is not touched */
    assert_memory_equal(guest + 0x1000, img + DATA_OFF, DATA_FSZ);
    for (size_t i = 0x1000 + DATA_FSZ; i < 0x1000 + DATA_MSZ; i++)
        assert_int_equal(guest[i], 0);
    assert_int_equal(guest[0x1000 + DATA_MSZ], 0xaa);
}

/* The image must be refused with rc and an err containing `what`. */
static void expect_refused(size_t size, int rc, const char *what)
{
    struct elf_image ei;
    char err[160];
    /* An exactly sized heap copy: any read past `size` trips ASan. */
    uint8_t *copy = malloc(size ? size : 1);

    int got;

    memcpy(copy, img, size);
    got = elf_check(copy, size, SPAN, &ei, err, sizeof(err));
    free(copy);
    assert_int_equal(got, rc);
    if (!strstr(err, what))
        fail_msg("error \"%s\" does not name \"%s\"", err, what);
}

static void test_identity(void **state)
{
    expect_refused(10, -ENOEXEC, "too small");
    img[0] = 0x7e;
    expect_refused(sizeof(img), -ENOEXEC, "bad ELF magic");
    build_good(state);
    img[4] = 1;
    expect_refused(sizeof(img), -ENOEXEC, "not ELFCLASS64");
    build_good(state);
    img[5] = 2;
    expect_refused(sizeof(img), -ENOEXEC, "not little-endian");
    build_good(state);
    img[6] = 0;
    expect_refused(sizeof(img), -ENOEXEC, "ELF version");
    build_good(state);
    put(img + 18, 62, 2);                            /* EM_X86_64 */
    expect_refused(sizeof(img), -ENOEXEC, "machine 62 is not EM_RISCV");
    build_good(state);
    put(img + 16, 3, 2);                             /* ET_DYN */
    expect_refused(sizeof(img), -ENOEXEC, "type 3 is not ET_EXEC");
}

static void test_program_header_table(void **state)
{
    put(img + 32, sizeof(img), 8);                   /* phoff past the end */
    expect_refused(sizeof(img), -EINVAL, "program headers");
    put(img + 32, sizeof(img) - 100, 8);             /* table runs off the end */
    expect_refused(sizeof(img), -EINVAL, "outside the image");
    put(img + 32, UINT64_MAX - 50, 8);               /* phoff + size would wrap */
    expect_refused(sizeof(img), -EINVAL, "outside the image");
    build_good(state);
    put(img + 54, 0xffff, 2);                        /* phnum * phentsize ~ 2^32 */
    put(img + 56, 0xffff, 2);
    expect_refused(sizeof(img), -EINVAL, "entry size 65535");
    build_good(state);
    put(img + 56, 0xffff, 2);                        /* 65535 entries of 56 */
    expect_refused(sizeof(img), -EINVAL, "65535 entries) outside the image");
    build_good(state);
    put(img + 54, 32, 2);                            /* ELF32-sized entries */
    expect_refused(sizeof(img), -EINVAL, "entry size 32");
}

static void test_segment_file_bytes(void **state)
{
    put(ph(2) + 32, DATA_MSZ + 1, 8);                /* filesz > memsz */
    expect_refused(sizeof(img), -EINVAL, "segment 2: filesz 0x1801 > memsz 0x1800");
    build_good(state);
    put(ph(2) + 32, DATA_FSZ + 1, 8);                /* one byte past the end */
    expect_refused(sizeof(img), -EINVAL, "segment 2: file bytes outside the image");
    build_good(state);
    put(ph(0) + 8, UINT64_MAX - 0x10, 8);            /* offset + filesz wraps */
    expect_refused(sizeof(img), -EINVAL, "segment 0: file bytes outside the image");
    build_good(state);
    put(ph(0) + 8, sizeof(img) + 1, 8);
    put(ph(0) + 32, 0, 8);                           /* even empty, offset > size */
    expect_refused(sizeof(img), -EINVAL, "segment 0: file bytes outside");
    /* Truncated anywhere, the image is refused. */
    build_good(state);
    for (size_t n = 0; n < sizeof(img); n++) {
        struct elf_image ei;
        char err[128];
        uint8_t *copy = malloc(n ? n : 1);

        int rc;

        memcpy(copy, img, n);
        rc = elf_check(copy, n, SPAN, &ei, err, sizeof(err));
        free(copy);
        assert_int_not_equal(rc, 0);
        assert_true(err[0] != '\0');
    }
}

static void test_virtual_ranges(void **state)
{
    put(ph(2) + 16, TEXT_VA + 0x40, 8);              /* data overlaps text */
    expect_refused(sizeof(img), -EINVAL, "PT_LOAD segments 0 and 2 overlap");
    build_good(state);
    put(ph(2) + 16, TEXT_VA - 0x1000 + 0x10, 8);     /* overlaps from below */
    expect_refused(sizeof(img), -EINVAL, "overlap");
    build_good(state);
    put(ph(2) + 16, UINT64_MAX - 0x10, 8);           /* vaddr + memsz wraps */
    expect_refused(sizeof(img), -EINVAL, "segment 2: virtual range wraps");
    build_good(state);
    put(ph(0) + 16, 0, 8);                           /* below ELF_GUEST_VA_MIN */
    put(img + 24, 0x10, 8);
    expect_refused(sizeof(img), -EINVAL, "segment 0: vaddr 0x0+0x80 outside the guest range");
    build_good(state);
    put(ph(2) + 16, ELF_GUEST_VA_MAX - 0x100, 8);    /* ends above the maximum */
    expect_refused(sizeof(img), -EINVAL, "outside the guest range");
    build_good(state);
    put(ph(2) + 16, 0xffffffc000000000ULL, 8);       /* a kernel-half address */
    expect_refused(sizeof(img), -EINVAL, "outside the guest range");
    /* Adjacent segments touching but not overlapping are fine. */
    build_good(state);
    put(ph(2) + 16, TEXT_VA + TEXT_SZ, 8);
    {
        struct elf_image ei;
        char err[128];

        assert_int_equal(elf_check(img, sizeof(img), SPAN, &ei, err, sizeof(err)), 0);
    }
}

static void test_span(void **state)
{
    struct elf_image ei;
    char err[128];

    /* Span of the good image is 0x3000. */
    assert_int_equal(elf_check(img, sizeof(img), 0x3000, &ei, err, sizeof(err)), 0);
    expect_refused(sizeof(img), 0, "");
    assert_int_equal(elf_check(img, sizeof(img), 0x2fff, &ei, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "span 0x3000 exceeds the maximum 0x2fff"));
    put(ph(2) + 16, 0x3000000000ULL, 8);             /* far apart: huge span */
    assert_int_equal(elf_check(img, sizeof(img), SPAN, &ei, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "span"));
}

static void test_entry_point(void **state)
{
    put(img + 24, DATA_VA + 4, 8);                   /* in a non-executable segment */
    expect_refused(sizeof(img), -EINVAL, "entry point 0x201004 is not inside an executable");
    put(img + 24, TEXT_VA + TEXT_SZ, 8);             /* one past the text */
    expect_refused(sizeof(img), -EINVAL, "entry point");
    put(img + 24, 0x100000, 8);                      /* nowhere */
    expect_refused(sizeof(img), -EINVAL, "entry point");
    put(img + 24, TEXT_VA + TEXT_SZ - 1, 8);         /* last byte: fine */
    expect_refused(sizeof(img), 0, "");
}

static void test_load_segments(void **state)
{
    put(img + 56, 1, 2);
    set_ph(0, PT_NOTE, PF_R, TEXT_OFF, TEXT_VA, 8, 8);
    expect_refused(sizeof(img), -EINVAL, "no PT_LOAD segment");
    put(img + 56, 0, 2);
    expect_refused(sizeof(img), -EINVAL, "no PT_LOAD segment");
    /* Zero-sized PT_LOADs count for nothing. */
    build_good(state);
    set_ph(0, PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VA, 0, 0);
    set_ph(2, PT_LOAD, PF_R | PF_X, DATA_OFF, DATA_VA, 0, 0);
    expect_refused(sizeof(img), -EINVAL, "no PT_LOAD segment");
}

static void test_too_many_segments(void **state)
{
    /* 17 one-byte PT_LOADs in a bigger image. */
    enum { N = ELF_MAX_SEGMENTS + 1 };
    size_t size = PHOFF + 56 * N + 0x10;
    uint8_t *big = calloc(1, size);
    struct elf_image ei;
    char err[128];

    memcpy(big, img, 64);
    put(big + 56, N, 2);
    put(big + 24, 0x10000, 8);
    for (int i = 0; i < N; i++) {
        uint8_t *p = big + PHOFF + 56 * i;

        put(p, PT_LOAD, 4);
        put(p + 4, PF_R | PF_X, 4);
        put(p + 8, PHOFF, 8);
        put(p + 16, 0x10000 + 0x1000 * (uint64_t)i, 8);
        put(p + 32, 1, 8);
        put(p + 40, 1, 8);
    }
    assert_int_equal(elf_check(big, size, SPAN, &ei, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "more than 16 PT_LOAD"));
    put(big + 56, N - 1, 2);                         /* exactly the maximum */
    assert_int_equal(elf_check(big, size, SPAN, &ei, err, sizeof(err)), 0);
    assert_int_equal(ei.nr_segments, ELF_MAX_SEGMENTS);
    free(big);
}

/* Whatever elf_check accepts must satisfy every rule of hv/elf.h. */
static void assert_invariants(const struct elf_image *ei, size_t size)
{
    bool entry_ok = false;

    assert_true(ei->nr_segments >= 1 && ei->nr_segments <= ELF_MAX_SEGMENTS);
    for (unsigned int i = 0; i < ei->nr_segments; i++) {
        const struct elf_segment *s = &ei->seg[i];

        assert_true(s->filesz <= s->memsz && s->memsz > 0);
        assert_true(s->offset <= size && s->filesz <= size - s->offset);
        assert_true(s->vaddr >= ELF_GUEST_VA_MIN && s->vaddr < ELF_GUEST_VA_MAX);
        assert_true(s->memsz <= ELF_GUEST_VA_MAX - s->vaddr);
        assert_true(s->vaddr >= ei->va_start && s->vaddr + s->memsz <= ei->va_end);
        for (unsigned int j = 0; j < i; j++) {
            const struct elf_segment *t = &ei->seg[j];

            assert_true(s->vaddr >= t->vaddr + t->memsz || t->vaddr >= s->vaddr + s->memsz);
        }
        if ((s->flags & PF_X) && ei->entry >= s->vaddr && ei->entry < s->vaddr + s->memsz)
            entry_ok = true;
    }
    assert_true(entry_ok);
    assert_true(ei->va_end - ei->va_start <= SPAN);
}

static void test_mutation_sweep(void **state)
{
    unsigned long long seed = 12345;
    int accepted = 0;

    for (int round = 0; round < 50000; round++) {
        struct elf_image ei;
        char err[128];
        int flips, rc;

        build_good(state);
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        flips = 1 + (int)((seed >> 60) & 3);
        for (int f = 0; f < flips; f++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            /* Mostly the headers, where the interesting fields are. */
            img[(seed >> 33) % (PHOFF + 56 * 3)] = (uint8_t)(seed >> 20);
        }
        rc = elf_check(img, sizeof(img), SPAN, &ei, err, sizeof(err));
        if (rc == 0) {
            accepted++;
            assert_invariants(&ei, sizeof(img));
        } else {
            assert_true(rc == -EINVAL || rc == -ENOEXEC);
            assert_true(err[0] != '\0');
        }
    }
    /* Flips of unused header bytes leave a good image: both paths ran. */
    assert_true(accepted > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_good_image, build_good),
        cmocka_unit_test_setup(test_identity, build_good),
        cmocka_unit_test_setup(test_program_header_table, build_good),
        cmocka_unit_test_setup(test_segment_file_bytes, build_good),
        cmocka_unit_test_setup(test_virtual_ranges, build_good),
        cmocka_unit_test_setup(test_span, build_good),
        cmocka_unit_test_setup(test_entry_point, build_good),
        cmocka_unit_test_setup(test_load_segments, build_good),
        cmocka_unit_test_setup(test_too_many_segments, build_good),
        cmocka_unit_test_setup(test_mutation_sweep, build_good),
    };

    return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
