/*
 * decrease_reservation gives back only what the domain owns (security.md
 * 2.D).  Every machine frame the domain does not own - another domain's,
 * the hypervisor's, OpenSBI's, free memory - is refused, as are MFNs
 * outside RAM (MMIO, out of range) and shared_info; a batch stops at the
 * first refusal and reports how many extents were done.  A frame given
 * back is free at once when nothing else uses it, and giving it back again
 * fails (XSA-277's triple release).  A frame still mapped or typed is
 * handled as Xen's guest_remove_page does since XSA-252: the allocation
 * reference goes, nothing is unmapped or unpinned implicitly, and the
 * frame stays the domain's (tot_pages unchanged, contents reachable) until
 * its last use goes.
 */
#include <string.h>
#include "../../lib/memory.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static xen_pfn_t list[8];
static long baseline;

static long decrease1(xen_pfn_t mfn)
{
    xen_pfn_t l = mfn;

    return mem_reservation(XENMEM_decrease_reservation, &l, 1, 0, 0, DOMID_SELF);
}

static long fresh_frames(unsigned int n)
{
    return mem_reservation(XENMEM_increase_reservation, list, n, 0, 0, DOMID_SELF);
}

/* Frames outside RAM, firmware, the hypervisor image, shared_info: 0. */
static void not_ours(void)
{
    baseline = mem_current();
    EXPECT_EQ(decrease1(0x10000), 0);             /* UART MMIO */
    EXPECT_EQ(decrease1(0x80000), 0);             /* OpenSBI */
    EXPECT_EQ(decrease1(0x80200), 0);             /* the hypervisor image */
    EXPECT_EQ(decrease1(start_info->shared_info >> PAGE_SHIFT), 0);
    EXPECT_EQ(decrease1(HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL)), 0);
    EXPECT_EQ(decrease1(~0ULL), 0);
    EXPECT_EQ(decrease1(~0ULL >> PAGE_SHIFT), 0);
    EXPECT_EQ(decrease1(0), 0);
    EXPECT_EQ(mem_current(), baseline);
}

/* Every RAM frame that is not ours (other domains', free, hypervisor): 0. */
static void sweep_all_ram(void)
{
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned long released = 0, tried = 0;

    for (uint64_t mfn = 0x80000; mfn < (uint64_t)max; mfn++) {
        if (mem_in_p2m(mfn))
            continue;
        tried++;
        released += decrease1(mfn) != 0;
    }
    EXPECT_EQ(released, 0);
    EXPECT_TRUE(tried > 1000);
    EXPECT_EQ(mem_current(), baseline);
}

/* [own, own, foreign, own]: 2 done; the third own frame is still ours. */
static void batch_stops_at_first_refusal(void)
{
    xen_pfn_t batch[4];

    if (!EXPECT_EQ(fresh_frames(3), 3))
        return;
    batch[0] = list[0];
    batch[1] = list[1];
    batch[2] = 0x80200;
    batch[3] = list[2];
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, batch, 4, 0, 0, DOMID_SELF), 2);
    EXPECT_EQ(mem_current(), baseline + 1);
    EXPECT_EQ(decrease1(list[2]), 1);
    EXPECT_EQ(mem_current(), baseline);
}

/* Release the same unmapped frame three times: 1, then 0, 0. */
static void triple_release(void)
{
    if (!EXPECT_EQ(fresh_frames(1), 1))
        return;
    EXPECT_EQ(decrease1(list[0]), 1);
    EXPECT_EQ(decrease1(list[0]), 0);
    EXPECT_EQ(decrease1(list[0]), 0);
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_EQ(fresh_frames(1), 1);               /* the next call works */
    EXPECT_EQ(decrease1(list[0]), 1);
}

/* An order-1 extent whose second frame is not ours: refused, 0 extents. */
static void extent_partly_foreign(void)
{
    if (!EXPECT_EQ(fresh_frames(1), 1))
        return;
    /* The frame after a fresh one is free or another's unless by chance
     * ours: pick a base whose second frame is surely not ours. */
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, (xen_pfn_t[]){ 0x801ff }, 1, 1, 0,
                              DOMID_SELF), 0);
    EXPECT_EQ(decrease1(list[0]), 1);
    EXPECT_EQ(mem_current(), baseline);
}

/* A page still mapped in our physmap: given back (1), but alive: the
 * mapping keeps it, tot_pages is unchanged and its contents stay. */
static void mapped_frame_kept_alive(void)
{
    char *page = alloc_page();

    if (!EXPECT_TRUE(page != NULL))
        return;
    memset(page, 0x5c, PAGE_SIZE);
    EXPECT_EQ(decrease1(virt_to_mfn(page)), 1);
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_BYTES(page, PAGE_SIZE, 0x5c);
    memset(page, 0x3a, PAGE_SIZE);
    EXPECT_BYTES(page, PAGE_SIZE, 0x3a);
}

/* The pinned root page table in use: not unpinned (XSA-252), the domain
 * runs on; tot_pages unchanged. */
static void pinned_root_not_unpinned(void)
{
    uint64_t root = virt_to_mfn((void *)start_info->pt_base);

    EXPECT_EQ(decrease1(root), 1);
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, 1);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* MMIO, firmware, hypervisor, shared_info, out-of-range MFNs: 0 extents. */
    TEST(not_ours),
    /* every RAM frame outside our P2M: 0 extents each, nothing released. */
    TEST(sweep_all_ram),
    /* a batch stops at the first foreign frame; the count says where. */
    TEST(batch_stops_at_first_refusal),
    /* release, release again, again: 1, 0, 0; the domain is fine after. */
    TEST(triple_release),
    /* an extent reaching a frame that is not ours: 0 extents. */
    TEST(extent_partly_foreign),
    /* a mapped frame stays alive and reachable after being given back. */
    TEST(mapped_frame_kept_alive),
    /* the pinned, in-use root is given back but not unpinned: the domain runs on. */
    TEST(pinned_root_not_unpinned),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("memory/release", tests, ARRAY_SIZE(tests));
}
