/*
 * mm/frame.c and mm/page_alloc.c: the buddy heap and domain accounting.
 *
 * Simulated RAM of RAM_PAGES frames at 0x80000000 (host arch).  Each test
 * starts from a fresh frame table with every frame free.  The invariant
 * checked after most tests: walking the free lists' effect from outside
 * (free count + allocated frames) always equals the total.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/host.h>

#define RAM_BASE 0x80000000ULL
#define RAM_PAGES 4096ULL                   /* 16 MiB: one order-12 block */
#define BASE_MFN (RAM_BASE >> PAGE_SHIFT)

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

static void init_domain(struct domain *d, uint64_t max_pages)
{
    memset(d, 0, sizeof(*d));
    spin_lock_init(&d->page_alloc_lock);
    list_init(&d->page_list);
    d->max_pages = max_pages;
}

static uint64_t list_length(const struct list_head *h)
{
    const struct list_head *p;
    uint64_t n = 0;

    list_for_each(p, h)
        n++;
    return n;
}

/* Expect a BUG_ON/panic from the statement. */
#define EXPECT_PANIC(stmt)                                              \
    do {                                                                \
        jmp_buf jb_;                                                    \
        host_panic_jmp = &jb_;                                          \
        host_panic_msg[0] = '\0';                                       \
        if (setjmp(jb_) == 0) {                                         \
            stmt;                                                       \
            host_panic_jmp = NULL;                                      \
            fail_msg("no panic from: %s", #stmt);                       \
        }                                                               \
        host_panic_jmp = NULL;                                          \
        assert_non_null(strstr(host_panic_msg, "BUG_ON"));              \
    } while (0)

static void test_frame_table_init(void **state)
{
    struct page_info ft[8];

    assert_int_equal(frame_table_bytes(8), sizeof(ft));
    frame_table_init(ft, 100, 8);
    assert_ptr_equal(frame_table, ft);
    assert_int_equal(frame_table_base_mfn, 100);
    assert_int_equal(frame_table_nr, 8);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(ft[i].flags, PGC_reserved);
        assert_null(ft[i].owner);
        assert_int_equal(ft[i].count, 0);
        assert_true(list_empty(&ft[i].list));
    }
    assert_true(mfn_in_frame_table(_mfn(100)));
    assert_true(mfn_in_frame_table(_mfn(107)));
    assert_false(mfn_in_frame_table(_mfn(99)));
    assert_false(mfn_in_frame_table(_mfn(108)));
    assert_ptr_equal(mfn_to_page(_mfn(103)), &ft[3]);
    assert_int_equal(mfn_x(page_to_mfn(&ft[5])), 105);
    /* The heap is empty until frames are added. */
    assert_int_equal(page_alloc_total_pages(), 0);
    assert_int_equal(page_alloc_free_pages(), 0);
    assert_false(mfn_valid_raw(alloc_xenheap_pages(0)));
}

static void test_all_orders_aligned_and_zeroed(void **state)
{
    assert_int_equal(page_alloc_total_pages(), RAM_PAGES);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
    for (unsigned int order = 0; order <= 12; order++) {
        mfn_t m = alloc_xenheap_pages(order);
        uint8_t *va;

        assert_true(mfn_valid_raw(m));
        assert_int_equal(mfn_x(m) & ((1ULL << order) - 1), 0);      /* aligned */
        assert_true(mfn_x(m) >= BASE_MFN && mfn_x(m) + (1ULL << order) <= BASE_MFN + RAM_PAGES);
        assert_int_equal(page_alloc_free_pages(), RAM_PAGES - (1ULL << order));
        va = mfn_to_virt(m);
        for (size_t i = 0; i < (PAGE_SIZE << order); i++)
            assert_int_equal(va[i], 0);
        for (uint64_t i = 0; i < (1ULL << order); i++)
            assert_int_equal(mfn_to_page(_mfn(mfn_x(m) + i))->flags, PGC_xen_heap);
        memset(va, 0xee, PAGE_SIZE << order);         /* dirty it for the next round */
        free_xenheap_pages(m, order);
        assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
    }
    /* Larger than the RAM, and larger than MAX_ORDER. */
    assert_false(mfn_valid_raw(alloc_xenheap_pages(13)));
    assert_false(mfn_valid_raw(alloc_xenheap_pages(MAX_ORDER)));
    assert_false(mfn_valid_raw(alloc_xenheap_pages(MAX_ORDER + 1)));
    assert_false(mfn_valid_raw(alloc_xenheap_pages(~0u)));
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
}

static void test_exhaustion_and_uniqueness(void **state)
{
    static mfn_t got[RAM_PAGES];
    static uint8_t seen[RAM_PAGES];
    uint64_t n = 0;
    mfn_t m;

    memset(seen, 0, sizeof(seen));
    while (mfn_valid_raw(m = alloc_xenheap_pages(0))) {
        assert_true(n < RAM_PAGES);
        assert_true(mfn_in_frame_table(m));
        assert_int_equal(seen[mfn_x(m) - BASE_MFN]++, 0);           /* never twice */
        got[n++] = m;
    }
    assert_int_equal(n, RAM_PAGES);
    assert_int_equal(page_alloc_free_pages(), 0);
    free_xenheap_pages(got[17], 0);
    m = alloc_xenheap_pages(0);
    assert_int_equal(mfn_x(m), mfn_x(got[17]));                      /* the only free one */
    assert_false(mfn_valid_raw(alloc_xenheap_pages(0)));
    for (uint64_t i = 0; i < n; i++)
        free_xenheap_pages(got[i], 0);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
}

static void test_coalescing(void **state)
{
    static mfn_t got[RAM_PAGES];

    for (uint64_t i = 0; i < RAM_PAGES; i++)
        got[i] = alloc_xenheap_pages(0);
    /* Free in a scrambled order: buddies come back at random times. */
    srand(3);
    for (uint64_t i = RAM_PAGES - 1; i > 0; i--) {
        uint64_t j = (uint64_t)rand() % (i + 1);
        mfn_t t = got[i];

        got[i] = got[j];
        got[j] = t;
    }
    for (uint64_t i = 0; i < RAM_PAGES; i++)
        free_xenheap_pages(got[i], 0);
    /* Fully merged again: the whole RAM is one block. */
    {
        mfn_t all = alloc_xenheap_pages(12);

        assert_int_equal(mfn_x(all), BASE_MFN);
        assert_int_equal(page_alloc_free_pages(), 0);
        free_xenheap_pages(all, 12);
    }
}

static void test_split_and_mixed_orders(void **state)
{
    mfn_t a = alloc_xenheap_pages(0);   /* splits the order-12 block down */
    mfn_t b = alloc_xenheap_pages(3);
    mfn_t c = alloc_xenheap_pages(11);

    assert_true(mfn_valid_raw(a) && mfn_valid_raw(b) && mfn_valid_raw(c));
    /* With one frame gone, no order-12 block exists any more. */
    assert_false(mfn_valid_raw(alloc_xenheap_pages(12)));
    /* No two blocks overlap. */
    assert_true(mfn_x(a) < mfn_x(b) || mfn_x(a) >= mfn_x(b) + 8);
    assert_true(mfn_x(c) + 2048 <= mfn_x(a) || mfn_x(c) > mfn_x(a));
    assert_true(mfn_x(c) + 2048 <= mfn_x(b) || mfn_x(c) >= mfn_x(b) + 8);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES - 1 - 8 - 2048);
    free_xenheap_pages(b, 3);
    free_xenheap_pages(a, 0);
    free_xenheap_pages(c, 11);
    assert_true(mfn_valid_raw(a = alloc_xenheap_pages(12)));
    free_xenheap_pages(a, 12);
}

/* RAM that starts and ends off any large alignment, with a hole. */
static void test_unaligned_ranges_and_holes(void **state)
{
    enum { NR = 1000 };
    static struct page_info ft[NR];
    const uint64_t base = BASE_MFN + 3;   /* inside the simulated RAM */
    uint64_t got = 0;
    mfn_t m;

    frame_table_init(ft, base, NR);
    page_alloc_add_range(_mfn(base), 300);              /* [base, base+300) */
    page_alloc_add_range(_mfn(base + 500), NR - 500);   /* hole: [base+300, base+500) */
    assert_int_equal(page_alloc_total_pages(), NR - 200);
    for (unsigned int order = 9; ; order = order ? order - 1 : 0) {
        m = alloc_xenheap_pages(order);
        if (!mfn_valid_raw(m)) {
            if (order == 0)
                break;
            continue;
        }
        got += 1ULL << order;
        assert_int_equal(mfn_x(m) & ((1ULL << order) - 1), 0);
        for (uint64_t i = mfn_x(m); i < mfn_x(m) + (1ULL << order); i++) {
            assert_true(i >= base && i < base + NR);
            assert_false(i >= base + 300 && i < base + 500);    /* never the hole */
        }
    }
    assert_int_equal(got, NR - 200);
    assert_int_equal(page_alloc_free_pages(), 0);
    /* Adding a frame twice would corrupt the heap. */
    EXPECT_PANIC(page_alloc_add_range(_mfn(base), 1));
    /* Outside the frame table. */
    EXPECT_PANIC(page_alloc_add_range(_mfn(base + NR - 1), 2));
}

static void test_domain_alloc_and_accounting(void **state)
{
    struct domain d;
    mfn_t m[4];

    init_domain(&d, 10);
    assert_true(mfn_valid_raw(m[0] = alloc_domheap_pages(&d, 3)));        /* 8 */
    assert_false(mfn_valid_raw(alloc_domheap_pages(&d, 2)));             /* 12 > 10 */
    assert_int_equal(d.tot_pages, 8);
    assert_true(mfn_valid_raw(m[1] = alloc_domheap_pages(&d, 1)));        /* 10 */
    assert_false(mfn_valid_raw(alloc_domheap_pages(&d, 0)));             /* 11 > 10 */
    assert_int_equal(d.tot_pages, 10);
    assert_int_equal(list_length(&d.page_list), 10);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES - 10);
    for (uint64_t i = 0; i < 8; i++) {
        struct page_info *pg = mfn_to_page(_mfn(mfn_x(m[0]) + i));
        uint8_t *va = mfn_to_virt(page_to_mfn(pg));

        assert_ptr_equal(pg->owner, &d);
        assert_int_equal(pg->count, 1);
        assert_int_equal(pg->flags, PGC_allocated);
        assert_int_equal(pg->type, PGT_none);
        assert_int_equal(pg->type_count, 0);
        for (size_t b = 0; b < PAGE_SIZE; b++)
            assert_int_equal(va[b], 0);
    }
    free_domheap_pages(m[0], 3);
    assert_int_equal(d.tot_pages, 2);
    assert_int_equal(list_length(&d.page_list), 2);
    assert_null(mfn_to_page(m[0])->owner);
    free_domheap_pages(m[1], 1);
    assert_int_equal(d.tot_pages, 0);
    assert_true(list_empty(&d.page_list));
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
    /* Order out of range: refused, nothing charged. */
    assert_false(mfn_valid_raw(alloc_domheap_pages(&d, MAX_ORDER + 1)));
    assert_int_equal(d.tot_pages, 0);
}

static void test_max_pages_lowered(void **state)
{
    struct domain d;
    mfn_t m;

    init_domain(&d, 4);
    m = alloc_domheap_pages(&d, 2);
    d.max_pages = 2;                               /* lowered below tot_pages */
    assert_false(mfn_valid_raw(alloc_domheap_pages(&d, 0)));
    assert_int_equal(d.tot_pages, 4);
    free_domheap_pages(m, 2);
    assert_int_equal(d.tot_pages, 0);
    d.max_pages = 0;
    assert_false(mfn_valid_raw(alloc_domheap_pages(&d, 0)));
}

static void test_heap_exhaustion_uncharges(void **state)
{
    struct domain a, b;
    mfn_t big;

    init_domain(&a, RAM_PAGES);
    init_domain(&b, RAM_PAGES);
    big = alloc_domheap_pages(&a, 12);
    assert_true(mfn_valid_raw(big));
    assert_false(mfn_valid_raw(alloc_domheap_pages(&b, 0)));   /* heap empty */
    assert_int_equal(b.tot_pages, 0);                          /* charge undone */
    free_domheap_pages(big, 12);
    assert_true(mfn_valid_raw(big = alloc_domheap_pages(&b, 0)));
    assert_int_equal(b.tot_pages, 1);
    free_domheap_pages(big, 0);
}

static void test_extra_references(void **state)
{
    struct domain d;
    mfn_t m;
    struct page_info *pg;

    init_domain(&d, 8);
    m = alloc_domheap_pages(&d, 0);
    pg = mfn_to_page(m);
    pg->count++;                                   /* as get_page() would */
    free_domheap_pages(m, 0);                      /* the allocation ref goes... */
    assert_int_equal(pg->count, 1);
    assert_int_equal(d.tot_pages, 1);              /* ...but the frame stays d's */
    assert_ptr_equal(pg->owner, &d);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES - 1);
    put_page(pg);                                  /* the last ref frees it */
    assert_int_equal(d.tot_pages, 0);
    assert_null(pg->owner);
    assert_true(list_empty(&d.page_list));
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
}

static void test_relinquish(void **state)
{
    struct domain d;
    mfn_t m[6], held;

    init_domain(&d, 64);
    for (int i = 0; i < 6; i++)
        m[i] = alloc_domheap_pages(&d, (unsigned int)i % 3);   /* 1, 2, 4, 1, 2, 4 */
    held = _mfn(mfn_x(m[2]) + 1);
    mfn_to_page(held)->count++;                    /* someone maps one frame */
    free_domheap_pages(m[3], 0);                   /* already freed: not touched again */
    assert_int_equal(d.tot_pages, 13);
    relinquish_domain_pages(&d);
    assert_int_equal(d.tot_pages, 1);              /* only the referenced frame */
    assert_int_equal(list_length(&d.page_list), 1);
    assert_ptr_equal(list_first_entry(&d.page_list, struct page_info, list), mfn_to_page(held));
    assert_int_equal(mfn_to_page(held)->flags & PGC_allocated, 0);
    relinquish_domain_pages(&d);                   /* again: nothing to drop, no loop */
    assert_int_equal(d.tot_pages, 1);
    put_page(mfn_to_page(held));
    assert_int_equal(d.tot_pages, 0);
    assert_true(list_empty(&d.page_list));
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
    assert_true(mfn_valid_raw(m[0] = alloc_xenheap_pages(12)));   /* all merged */
    free_xenheap_pages(m[0], 12);
}

static void test_many_domains_balance(void **state)
{
    struct domain d[3];
    unsigned long long seed = 5;
    static mfn_t held[3][512];
    unsigned int nheld[3] = { 0 };

    for (int i = 0; i < 3; i++)
        init_domain(&d[i], 400);
    for (int step = 0; step < 5000; step++) {
        int k;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        k = (int)((seed >> 40) % 3);
        if ((seed >> 20) & 1 && nheld[k] < 512) {
            mfn_t m = alloc_domheap_pages(&d[k], 0);

            if (mfn_valid_raw(m))
                held[k][nheld[k]++] = m;
            else
                assert_int_equal(d[k].tot_pages, 400);      /* only the cap refuses */
        } else if (nheld[k]) {
            unsigned int j = (unsigned int)((seed >> 8) % nheld[k]);

            free_domheap_pages(held[k][j], 0);
            held[k][j] = held[k][--nheld[k]];
        }
        for (int i = 0; i < 3; i++) {
            assert_int_equal(d[i].tot_pages, nheld[i]);
            assert_true(d[i].tot_pages <= d[i].max_pages);
        }
        assert_int_equal(page_alloc_free_pages() + nheld[0] + nheld[1] + nheld[2], RAM_PAGES);
    }
    for (int i = 0; i < 3; i++)
        relinquish_domain_pages(&d[i]);
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
}

static void test_misuse_is_caught(void **state)
{
    struct domain d;
    mfn_t x, m;

    init_domain(&d, 8);
    x = alloc_xenheap_pages(1);
    m = alloc_domheap_pages(&d, 0);
    EXPECT_PANIC(free_xenheap_pages(m, 0));                    /* not xenheap */
    EXPECT_PANIC(free_xenheap_pages(_mfn(mfn_x(x) + 1), 1));   /* misaligned */
    free_xenheap_pages(x, 1);
    EXPECT_PANIC(free_xenheap_pages(x, 1));                    /* twice */
    free_domheap_pages(m, 0);
    EXPECT_PANIC(free_domheap_pages(m, 0));                    /* twice */
    EXPECT_PANIC(put_page(mfn_to_page(m)));                    /* no reference held */
    EXPECT_PANIC(free_domheap_pages(_mfn(1), 0));              /* not RAM at all */
    EXPECT_PANIC(alloc_domheap_pages(NULL, 0));
    assert_int_equal(page_alloc_free_pages(), RAM_PAGES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_frame_table_init, drop_heap),
        cmocka_unit_test_setup_teardown(test_all_orders_aligned_and_zeroed, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_exhaustion_and_uniqueness, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_coalescing, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_split_and_mixed_orders, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_unaligned_ranges_and_holes, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_domain_alloc_and_accounting, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_max_pages_lowered, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_heap_exhaustion_uncharges, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_extra_references, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_relinquish, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_many_domains_balance, fresh_heap, drop_heap),
        cmocka_unit_test_setup_teardown(test_misuse_is_caught, fresh_heap, drop_heap),
    };

    return cmocka_run_group_tests_name("page_alloc", tests, NULL, NULL);
}
