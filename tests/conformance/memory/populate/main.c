/*
 * populate_physmap (PV): the list holds pfns on the way in and the MFNs
 * backing them on the way out; extents of 2^order frames are contiguous.
 * The pfn list is required (a null or unreadable list: 0 extents), and
 * the same limits as increase_reservation apply.
 */
#include "../../lib/memory.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static xen_pfn_t list[4];
static long baseline;

/* Four pfns beyond nr_pages get four fresh MFNs written over them. */
static void populate_four(void)
{
    long max_ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned int bad = 0;

    baseline = mem_current();
    for (unsigned int i = 0; i < 4; i++)
        list[i] = start_info->nr_pages + i;
    if (!EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, list, 4, 0, 0, DOMID_SELF), 4))
        return;
    for (unsigned int i = 0; i < 4; i++)
        bad += list[i] >= (uint64_t)max_ram || mem_in_p2m(list[i]);
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(mem_current(), baseline + 4);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, list, 4, 0, 0, DOMID_SELF), 4);
    EXPECT_EQ(mem_current(), baseline);
}

/* An order-2 extent: one MFN, 4-aligned, 4 frames accounted. */
static void populate_order2(void)
{
    list[0] = start_info->nr_pages;
    if (!EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, list, 1, 2, 0, DOMID_SELF), 1))
        return;
    EXPECT_EQ(list[0] & 3, 0);
    EXPECT_EQ(mem_current(), baseline + 4);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, list, 1, 2, 0, DOMID_SELF), 1);
    EXPECT_EQ(mem_current(), baseline);
}

/* No list, an unreadable list, order 10: 0 extents, nothing allocated. */
static void refusals(void)
{
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, NULL, 1, 0, 0, DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, (xen_pfn_t *)UNMAPPED_VA, 1, 0, 0,
                              DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, list, 1, 10, 0, DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, list, 1, 0, 0, 0), 0);
    EXPECT_EQ(mem_current(), baseline);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* 4 pfns populated: fresh MFNs written back, tot_pages +4 then back. */
    TEST(populate_four),
    /* an order-2 extent is aligned and counts 4 frames. */
    TEST(populate_order2),
    /* null/unreadable list, order above the limit, foreign domain: 0 extents. */
    TEST(refusals),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("memory/populate", tests, ARRAY_SIZE(tests));
}
