/*
 * VCPUOP_register_vcpu_info takes a guest frame: a RAM gfn of ours works
 * (the contents move there, an upcall is raised in it), and everything
 * else a guest frame number could name is -EINVAL: a hole, shared_info, a
 * grant-table frame, a frame past the guest-physical space, a number that
 * would be a fine machine frame for a PV domain.
 */
#include <public/sched.h>
#include "pvh.h"

static const unsigned long si_gfn = 0x40000, gt_gfn = GUEST_GNTTAB_BASE >> 12;

/* Holes, special pages, absurd numbers: -EINVAL, nothing registered. */
static void refusals(void)
{
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, si_gfn), 0);
    EXPECT_EQ(map_grant_frame(0, gt_gfn), 0);
    EXPECT_EQ(register_vcpu_info(0, 0x10000, 0), -XEN_EINVAL);
    EXPECT_EQ(register_vcpu_info(0, si_gfn, 0), -XEN_EINVAL);
    EXPECT_EQ(register_vcpu_info(0, gt_gfn, 0), -XEN_EINVAL);
    EXPECT_EQ(register_vcpu_info(0, 1UL << 29, 0), -XEN_EINVAL);
    EXPECT_EQ(register_vcpu_info(0, ~0UL, 0), -XEN_EINVAL);
    EXPECT_EQ(register_vcpu_info(0, 0x8f000, 0), -XEN_EINVAL);   /* past our RAM */
    EXPECT_EQ(register_vcpu_info(0, free_page(2) >> 12, 4090), -XEN_EINVAL);
}

/* A RAM gfn: 0, the new copy carries an upcall, a second time -EINVAL. */
static void register_ram(void)
{
    unsigned long p = free_page(2);
    volatile uint8_t *vi = (volatile uint8_t *)(p + 128);

    memset((void *)p, 0xee, PAGE_SIZE);
    EXPECT_EQ(register_vcpu_info(0, p >> 12, 128), 0);
    EXPECT_EQ(vi[0], 1);                       /* evtchn_upcall_pending */
    EXPECT_TRUE(((volatile struct vcpu_info *)vi)->time.tsc_to_system_mul != 0);
    EXPECT_EQ(register_vcpu_info(0, free_page(3) >> 12, 0), -XEN_EINVAL);
}

/* The registered page keeps working as the hypervisor's vcpu_info after
 * its gfn is taken over by shared_info: the frame lives on through the
 * registration's reference (still counted in our reservation until that
 * goes), our RAM at that gfn is gone. */
static void page_displaced(void)
{
    long before = current_reservation();

    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, free_page(2) >> 12), 0);
    EXPECT_EQ(current_reservation(), before);
    EXPECT_EQ(read_fault(si_gfn << 12), 5);
    EXPECT_EQ(hypercall(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0, 0), 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(refusals),
    PVH_TEST(register_ram),
    PVH_TEST(page_displaced),
};

void pvh_main(void)
{
    pvh_run("pvh/vcpu_info", tests, ARRAY_SIZE(tests));
}
