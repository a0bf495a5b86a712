/*
 * increase_reservation and decrease_reservation, functional and at their
 * limits.  Frames come back as MFNs the domain did not have, distinct,
 * below maximum_ram_page; giving them back returns tot_pages to its
 * baseline.  The reservation stops exactly at max_pages; an extent order
 * above the domU limit (9), NUMA nodes other than 0, populate-on-demand,
 * an address limit no RAM meets, a foreign domain and a list too long to
 * continue all give 0 extents - Xen reports every refusal as a short
 * count, never as an errno.  An output list the hypervisor cannot write
 * costs the domain nothing: the frame it took is given back.
 */
#include "../../lib/memory.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

#define HEADROOM ((20UL - 16UL) << (20 - PAGE_SHIFT))   /* maxmem=20, memory=16 */

static xen_pfn_t list[2 * 1024];
static long baseline;

static long increase(unsigned long nr, unsigned int order, unsigned int flags)
{
    return mem_reservation(XENMEM_increase_reservation, list, nr, order, flags, DOMID_SELF);
}

static long decrease(xen_pfn_t *l, unsigned long nr, unsigned int order)
{
    return mem_reservation(XENMEM_decrease_reservation, l, nr, order, 0, DOMID_SELF);
}

/* 16 single frames: new, distinct, in RAM; given back, tot_pages is back. */
static void round_trip(void)
{
    long max_ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned int bad = 0;

    baseline = mem_current();
    for (unsigned int i = 0; i < 16; i++)
        list[i] = ~0ULL;
    if (!EXPECT_EQ(increase(16, 0, 0), 16))
        return;
    EXPECT_EQ(mem_current(), baseline + 16);
    for (unsigned int i = 0; i < 16; i++) {
        bad += list[i] >= (uint64_t)max_ram || mem_in_p2m(list[i]);
        for (unsigned int j = 0; j < i; j++)
            bad += list[i] == list[j];
    }
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(decrease(list, 16, 0), 16);
    EXPECT_EQ(mem_current(), baseline);
}

/* A null list is allowed for increase (the MFNs are not reported). */
static void increase_without_list(void)
{
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, NULL, 0, 0, 0, DOMID_SELF), 0);
    EXPECT_EQ(mem_current(), baseline);
}

/* Asking for more than max_pages allows gets exactly the headroom. */
static void stops_at_max_pages(void)
{
    EXPECT_EQ(increase(HEADROOM + 100, 0, 0), HEADROOM);
    EXPECT_EQ(mem_current(), mem_maximum());
    EXPECT_EQ(increase(1, 0, 0), 0);
    EXPECT_EQ(decrease(list, HEADROOM, 0), HEADROOM);
    EXPECT_EQ(mem_current(), baseline);
}

/* Order 9 (2 MiB) extents are contiguous and aligned; order 10 is refused. */
static void extent_orders(void)
{
    EXPECT_EQ(increase(1, 10, 0), 0);
    EXPECT_EQ(increase(1, 31, 0), 0);
    EXPECT_EQ(increase(1, 0xffffffffU, 0), 0);
    EXPECT_EQ(mem_current(), baseline);
    if (!EXPECT_EQ(increase(2, 9, 0), 2))
        return;
    EXPECT_EQ(list[0] & 511, 0);
    EXPECT_EQ(list[1] & 511, 0);
    EXPECT_EQ(mem_current(), baseline + 1024);
    EXPECT_EQ(increase(1, 9, 0), 0);              /* would pass max_pages */
    EXPECT_EQ(decrease(list, 1, 10), 0);          /* order above the limit */
    EXPECT_EQ(decrease(list, 2, 9), 2);
    EXPECT_EQ(mem_current(), baseline);
    /* XSA-385's shape: one page short of max_pages, an order-9 extent is
     * refused and tot_pages never passes max_pages. */
    EXPECT_EQ(increase(HEADROOM - 1, 0, 0), HEADROOM - 1);
    EXPECT_EQ(mem_current(), mem_maximum() - 1);
    list[HEADROOM] = start_info->nr_pages;
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list + HEADROOM, 1, 9, 0,
                              DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, list + HEADROOM, 1, 9, 0, DOMID_SELF), 0);
    EXPECT_EQ(mem_current(), mem_maximum() - 1);
    EXPECT_EQ(decrease(list, HEADROOM - 1, 0), HEADROOM - 1);
    EXPECT_EQ(mem_current(), baseline);
}

/* mem_flags: node 0 and a satisfiable address limit work; others give 0. */
static void mem_flags(void)
{
    EXPECT_EQ(increase(1, 0, XENMEMF_node(0)), 1);
    EXPECT_EQ(decrease(list, 1, 0), 1);
    EXPECT_EQ(increase(1, 0, XENMEMF_address_bits(40)), 1);
    EXPECT_EQ(decrease(list, 1, 0), 1);
    EXPECT_EQ(increase(1, 0, XENMEMF_node(1)), 0);
    EXPECT_EQ(increase(1, 0, XENMEMF_node(200)), 0);
    EXPECT_EQ(increase(1, 0, XENMEMF_populate_on_demand), 0);
    EXPECT_EQ(increase(1, 0, XENMEMF_vnode), 0);
    EXPECT_EQ(increase(1, 0, XENMEMF_address_bits(12)), 0);   /* no frame below 4 KiB */
    EXPECT_EQ(increase(1, 0, XENMEMF_address_bits(20)), 0);   /* RAM starts at 2 GiB */
    EXPECT_EQ(mem_current(), baseline);
}

/* A domU may not change another domain's reservation; nor a missing one. */
static void foreign_domains(void)
{
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list, 1, 0, 0, 0), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list, 1, 0, 0, 2), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list, 1, 0, 0, DOMID_XEN), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list, 1, 0, 0, test_domid()), 1);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, list, 1, 0, 0, test_domid()), 1);
    EXPECT_EQ(mem_current(), baseline);
}

/* nr_extents too large to continue, bad lists, bad argument: 0 extents, no frame kept. */
static void hostile_arguments(void)
{
    static const xen_pfn_t ro_list[1] = { 0 };

    EXPECT_EQ(increase(1UL << 26, 0, 0), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, (xen_pfn_t *)UNMAPPED_VA, 4, 0, 0,
                              DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, (xen_pfn_t *)ro_list, 1, 0, 0,
                              DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, (xen_pfn_t *)((1UL << 38) - 8), 2,
                              0, 0, DOMID_SELF), 0);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, NULL, 1, 0, 0, DOMID_SELF), 0);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_increase_reservation, (void *)UNMAPPED_VA), 0);
    EXPECT_EQ(mem_current(), baseline);
}

/* A restart extent in cmd is honoured; one at or past nr_extents returns it unchanged. */
static void start_extent_in_cmd(void)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)list, .nr_extents = 4, .domid = DOMID_SELF,
    };

    list[0] = list[1] = ~0ULL;
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_increase_reservation | (2U << MEMOP_EXTENT_SHIFT),
                                   &r), 4);
    EXPECT_EQ_HEX(list[0], ~0ULL);
    EXPECT_EQ(mem_current(), baseline + 2);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_decrease_reservation | (2U << MEMOP_EXTENT_SHIFT),
                                   &r), 4);
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_increase_reservation | (9U << MEMOP_EXTENT_SHIFT),
                                   &r), 9);
    EXPECT_EQ(mem_current(), baseline);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* increase 16, decrease 16: fresh distinct MFNs, tot_pages back to baseline. */
    TEST(round_trip),
    /* increase with a null list and no extents is a no-op. */
    TEST(increase_without_list),
    /* the reservation grows exactly to max_pages and no further. */
    TEST(stops_at_max_pages),
    /* order 9 extents aligned; order 10 and absurd orders: 0 extents; at
     * max_pages - 1 an order-9 extent is refused (XSA-385). */
    TEST(extent_orders),
    /* NUMA node 0 and reachable address limits only. */
    TEST(mem_flags),
    /* a domU cannot target another or a missing domain: 0 extents. */
    TEST(foreign_domains),
    /* huge counts and unreadable/unwritable lists: 0 extents, nothing leaked. */
    TEST(hostile_arguments),
    /* the continuation field of cmd is the first extent to do. */
    TEST(start_extent_in_cmd),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("memory/reservation", tests, ARRAY_SIZE(tests));
}
