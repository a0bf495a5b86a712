/*
 * dom0's domain builder layout (guests/dom0/xg_layout.c): the documented
 * start-of-day order (public/arch-riscv.h) for a domU, the boot-time
 * builder's page-table count, refusal of memory that leaves fewer than
 * XG_MIN_FREE_PAGES free, and the bootstrap tables: walked like the MMU
 * walks them, every pfn maps to its MFN with the right permissions and
 * shared_info follows the last page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "../../guests/dom0/xg_layout.h"

#define V 1ULL
#define R 2ULL
#define W 4ULL
#define X 8ULL

static struct xg_image kernel(void)
{
    struct xg_image img = { .entry = 0x40000000, .va_start = 0x40000000,
                            .va_end = 0x40000000 + 40 * 4096, .nr_segments = 2 };

    img.seg[0] = (struct xg_segment){ 0x40000000, 30 * 4096, XG_PF_R | XG_PF_X };
    img.seg[1] = (struct xg_segment){ 0x40000000 + 30 * 4096, 10 * 4096, XG_PF_R | XG_PF_W };
    return img;
}

static void test_layout_order(void **state)
{
    struct xg_image img = kernel();
    struct xg_layout l;
    char err[96];

    (void)state;
    assert_int_equal(xg_layout_plan(&img, 4096, &l, err, sizeof(err)), 0);
    assert_int_equal(l.kernel_pages, 40);
    assert_int_equal(l.si_pfn, 40);
    assert_int_equal(l.p2m_pfn, 41);
    assert_int_equal(l.p2m_pages, 8);                   /* 4096 MFNs of 8 bytes */
    assert_int_equal(l.store_pfn, 49);
    assert_int_equal(l.console_pfn, 50);
    assert_int_equal(l.pt_pfn, 51);
    assert_int_equal(l.pt_pages, 1 + 1 + 9);           /* root, one L1, 16 MiB + 1 page of L0s */
    assert_int_equal(l.first_free_pfn, 62);
}

static void test_too_small(void **state)
{
    struct xg_image img = kernel();
    struct xg_layout l;
    char err[96] = "";

    (void)state;
    /* Up to 512 pages: one P2M page and three tables, so the first free
     * pfn is 40 + 1 + 1 + 2 + 3 = 47, and 47 + 16 pages are the least. */
    assert_int_equal(xg_layout_plan(&img, 47 + XG_MIN_FREE_PAGES - 1, &l, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "too small"));
    assert_int_equal(xg_layout_plan(&img, 47 + XG_MIN_FREE_PAGES, &l, err, sizeof(err)), 0);
    assert_int_equal(l.first_free_pfn, 47);
}

static const uint64_t *walk(uint64_t (*tables)[XG_PT_ENTRIES], const uint64_t *p2m,
                            const struct xg_layout *l, uint64_t va)
{
    const uint64_t *t = tables[0];

    for (int level = 2; level > 0; level--) {
        uint64_t e = t[(va >> (12 + 9 * level)) & 511], mfn = e >> 10;
        unsigned int i;

        if ((e & (V | R | W | X)) != V)
            return NULL;
        for (i = 0; i < l->pt_pages && p2m[l->pt_pfn + i] != mfn; i++)
            ;
        if (i == l->pt_pages)
            return NULL;
        t = tables[i];
    }
    return &t[(va >> 12) & 511];
}

static void test_tables(void **state)
{
    struct xg_image img = kernel();
    struct xg_layout l;
    char err[96];
    uint64_t *p2m = malloc(4096 * sizeof(*p2m));
    uint64_t (*tables)[XG_PT_ENTRIES];

    (void)state;
    assert_int_equal(xg_layout_plan(&img, 4096, &l, err, sizeof(err)), 0);
    for (uint64_t i = 0; i < 4096; i++)
        p2m[i] = 0x90000 + (i * 7919) % 4096;           /* scattered frames */
    tables = calloc(l.pt_pages, sizeof(*tables));
    assert_int_equal(xg_pt_image(&l, &img, p2m, 0x12345, tables), 0);
    for (uint64_t pfn = 0; pfn < 4096; pfn++) {
        const uint64_t *e = walk(tables, p2m, &l, 0x40000000 + pfn * 4096);
        uint64_t prot;

        assert_non_null(e);
        assert_int_equal(*e >> 10, p2m[pfn]);
        prot = *e & (R | W | X);
        if (pfn < 30)
            assert_int_equal(prot, R | X);
        else if (pfn >= l.pt_pfn && pfn < l.first_free_pfn)
            assert_int_equal(prot, R);
        else
            assert_int_equal(prot, R | W);
    }
    assert_int_equal(*walk(tables, p2m, &l, 0x40000000 + 4096 * 4096ULL) >> 10, 0x12345);
    assert_int_equal(xg_satp(&l, p2m), (8ULL << 60) | p2m[l.pt_pfn]);
    free(tables);
    free(p2m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_order),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_tables),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
