/*
 * mm/xmalloc.c: size classes, whole-page blocks, zeroing, reuse, accounting
 * against the page allocator, exhaustion, and misuse caught by BUG_ON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/xmalloc.h>
#include <asm/host.h>

#define RAM_BASE 0x80000000ULL
#define RAM_PAGES 2048ULL                 /* 8 MiB */

static int fresh_heap(void **state)
{
    host_mm_setup(RAM_BASE, RAM_PAGES << PAGE_SHIFT);
    return 0;
}

static int drop_heap(void **state)
{
    host_mm_teardown();
    return 0;
}

#define EXPECT_PANIC(stmt)                                              \
    do {                                                                \
        jmp_buf jb_;                                                    \
        host_panic_jmp = &jb_;                                          \
        if (setjmp(jb_) == 0) {                                         \
            stmt;                                                       \
            host_panic_jmp = NULL;                                      \
            fail_msg("no panic from: %s", #stmt);                       \
        }                                                               \
        host_panic_jmp = NULL;                                          \
        assert_non_null(strstr(host_panic_msg, "BUG_ON"));              \
    } while (0)

static bool in_ram(const void *p, size_t len)
{
    paddr_t pa = virt_to_maddr(p);

    return pa >= RAM_BASE && pa + len <= RAM_BASE + (RAM_PAGES << PAGE_SHIFT);
}

static void test_sizes_alignment_zeroing(void **state)
{
    static const size_t sizes[] = {
        0, 1, 15, 16, 17, 31, 48, 100, 1000, 2032, 2033, 4000, 4080, 4081, 4096,
        10000, 65536, 1 << 20,
    };

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint8_t *p = xzalloc_bytes(sizes[i]);

        assert_non_null(p);
        assert_int_equal((uintptr_t)p & 15, 0);
        assert_true(in_ram(p, sizes[i]));
        for (size_t b = 0; b < sizes[i]; b++)
            assert_int_equal(p[b], 0);
        memset(p, 0xc3, sizes[i]);       /* dirty: the next user must get zeros */
        xfree(p);
    }
    /* Again: recycled memory comes back zeroed. */
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uint8_t *p = xzalloc_bytes(sizes[i]);

        for (size_t b = 0; b < sizes[i]; b++)
            assert_int_equal(p[b], 0);
        xfree(p);
    }
}

static void test_class_pages_are_shared(void **state)
{
    uint64_t before = page_alloc_free_pages();
    void *p[129];

    /* 16-byte objects are 32-byte chunks: 128 to a page. */
    for (int i = 0; i < 128; i++)
        assert_non_null(p[i] = xzalloc_bytes(16));
    assert_int_equal(page_alloc_free_pages(), before - 1);
    p[128] = xzalloc_bytes(16);
    assert_int_equal(page_alloc_free_pages(), before - 2);
    /* Chunks of one page are distinct and 32 bytes apart at least. */
    for (int i = 0; i < 129; i++)
        for (int j = 0; j < i; j++) {
            intptr_t d = (intptr_t)p[i] - (intptr_t)p[j];

            assert_true(d >= 32 || d <= -32);
        }
    for (int i = 0; i < 129; i++)
        xfree(p[i]);
    /* Class pages are kept for reuse: no page comes back, none is taken. */
    assert_int_equal(page_alloc_free_pages(), before - 2);
    for (int i = 0; i < 129; i++)
        p[i] = xzalloc_bytes(10);
    assert_int_equal(page_alloc_free_pages(), before - 2);
    for (int i = 0; i < 129; i++)
        xfree(p[i]);
}

static void test_reuse_lifo(void **state)
{
    void *a = xzalloc_bytes(200), *b;

    xfree(a);
    b = xzalloc_bytes(180);              /* same class */
    assert_ptr_equal(a, b);
    xfree(b);
}

static void test_large_blocks_return_pages(void **state)
{
    uint64_t before = page_alloc_free_pages();
    void *p = xzalloc_bytes(4096);       /* + header: 2 pages */
    void *q = xzalloc_bytes(3 * 4096);   /* + header: 4 pages */

    assert_int_equal(page_alloc_free_pages(), before - 2 - 4);
    assert_int_equal(((uintptr_t)p & (PAGE_SIZE - 1)), 16);   /* header at page start */
    xfree(p);
    xfree(q);
    assert_int_equal(page_alloc_free_pages(), before);
}

static void test_array_overflow_and_huge(void **state)
{
    assert_null(xzalloc_bytes(SIZE_MAX));
    assert_null(xzalloc_bytes(SIZE_MAX - 8));
    assert_null(xzalloc_bytes((size_t)PAGE_SIZE << MAX_ORDER));   /* header makes it 2^19 */
    assert_null(xzalloc_array(uint64_t, SIZE_MAX / 4));
    assert_null(xzalloc_array(uint64_t, RAM_PAGES * PAGE_SIZE));   /* bigger than RAM */
    {
        uint32_t *a = xzalloc_array(uint32_t, 100);

        assert_non_null(a);
        a[99] = 1;
        xfree(a);
    }
    xfree(NULL);                          /* allowed, does nothing */
}

static void test_no_overlap_random(void **state)
{
    enum { N = 1500 };
    static uint8_t *p[N];
    static size_t len[N];
    unsigned long long seed = 77;

    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < N; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            len[i] = (seed >> 40) % ((seed >> 20) & 1 ? 64 : 3000) + 1;
            p[i] = xzalloc_bytes(len[i]);
            assert_non_null(p[i]);
            memset(p[i], (uint8_t)(i * 31 + round), len[i]);
        }
        /* Every object still holds its own pattern: nothing overlapped. */
        for (int i = 0; i < N; i++)
            for (size_t b = 0; b < len[i]; b++)
                assert_int_equal(p[i][b], (uint8_t)(i * 31 + round));
        for (int i = round & 1; i < N; i += 2)      /* free half, interleaved */
            xfree(p[i]);
        for (int i = !(round & 1); i < N; i += 2)
            xfree(p[i]);
    }
}

static void test_exhaustion(void **state)
{
    static void *p[RAM_PAGES];
    int n = 0;
    void *small;

    /* Whole-page blocks (2 pages each) until the heap is dry. */
    while ((p[n] = xzalloc_bytes(5000)))
        n++;
    assert_true(n >= (int)(RAM_PAGES / 2) - 2 && n <= (int)(RAM_PAGES / 2));
    small = xzalloc_bytes(8);            /* a class with no page yet may fail */
    xfree(p[--n]);
    if (!small)
        assert_non_null(small = xzalloc_bytes(8));
    xfree(small);
    while (n)
        xfree(p[--n]);
}

static void test_misuse_is_caught(void **state)
{
    char *p = xzalloc_bytes(64);
    char *big = xzalloc_bytes(8192);

    xfree(p);
    EXPECT_PANIC(xfree(p));              /* double free of a chunk */
    EXPECT_PANIC(xfree(big + 16));       /* not a pointer xzalloc returned */
    EXPECT_PANIC(xfree(big + 1));        /* misaligned */
    xfree(big);
    EXPECT_PANIC(xfree(big));            /* double free of pages: magic is gone */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sizes_alignment_zeroing, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_class_pages_are_shared, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_reuse_lifo, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_large_blocks_return_pages, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_array_overflow_and_huge, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_no_overlap_random, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_exhaustion, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_misuse_is_caught, fresh_heap, drop_heap),
    };

    return cmocka_run_group_tests_name("xmalloc", tests, NULL, NULL);
}
