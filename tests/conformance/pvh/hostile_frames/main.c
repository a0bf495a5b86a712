/*
 * Every call that takes a frame number, given frames the domain does not
 * own as RAM: a p2m hole, its shared_info and grant-table pages (hypervisor
 * frames), a number past the guest-physical space, and one that would be a
 * machine frame of RAM (what a confused guest might pass).  Each is refused
 * with its documented error and nothing changes.
 */
#include <public/sched.h>
#include "pvh.h"

static grant_entry_v1_t *const gt = (grant_entry_v1_t *)GUEST_GNTTAB_BASE;
static const unsigned long si_gfn = 0x40000, gt_gfn = GUEST_GNTTAB_BASE >> 12;
static unsigned long bad[5];

static void setup(void)
{
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, si_gfn), 0);
    EXPECT_EQ(map_grant_frame(0, gt_gfn), 0);
    bad[0] = 0x10000;                     /* hole */
    bad[1] = si_gfn;                      /* shared_info */
    bad[2] = gt_gfn;                      /* a grant-table frame */
    bad[3] = 1UL << 33;                   /* past the space (and 32-bit entries) */
    bad[4] = 0x8f000;                     /* RAM of the machine, not ours */
}

/* GNTTABOP_copy naming a bad gfn on either side: GNTST_bad_page; the
 * destination page untouched. */
static void copy_gmfn(void)
{
    unsigned long good = free_page(0);

    *(volatile unsigned long *)good = 42;
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        struct gnttab_copy_ptr b = { .u.gmfn = bad[i], .domid = DOMID_SELF };
        struct gnttab_copy_ptr g = { .u.gmfn = good >> 12, .domid = DOMID_SELF };

        EXPECT_EQ(grant_copy(&b, &g, 8, 0), GNTST_bad_page);
        EXPECT_EQ(grant_copy(&g, &b, 8, 0), GNTST_bad_page);
    }
    EXPECT_EQ(*(volatile unsigned long *)good, 42);
}

/* Our grant entry naming a bad gfn: a copy or a map through it is
 * GNTST_bad_page (the 32-bit frame field cannot hold bad[3]). */
static void grant_entry_frames(void)
{
    unsigned long dst = free_page(1);
    struct gnttab_copy_ptr to = { .u.gmfn = dst >> 12, .domid = DOMID_SELF };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        struct gnttab_copy_ptr from = { .u.ref = 6, .domid = DOMID_SELF };

        if (i == 3)
            continue;
        gt[6].domid = SELF_ID;
        gt[6].frame = (uint32_t)bad[i];
        __atomic_store_n(&gt[6].flags, GTF_permit_access, __ATOMIC_RELEASE);
        EXPECT_EQ(grant_copy(&from, &to, 8, GNTCOPY_source_gref), GNTST_bad_page);
        EXPECT_EQ(grant_map(SELF_ID, 6, 0x50000000UL, GNTMAP_host_map, NULL, NULL),
                  GNTST_bad_page);
        EXPECT_EQ(gt[6].flags, GTF_permit_access);      /* no reading/writing left */
    }
    EXPECT_EQ(read_fault(0x50000000UL), 5);
}

/* register_vcpu_info, hvm set_param and add_to_physmap's target. */
static void other_calls(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
        EXPECT_EQ(register_vcpu_info(0, bad[i], 0), -XEN_EINVAL);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, bad[3]), -XEN_EINVAL);
    EXPECT_TRUE(((struct shared_info *)(si_gfn << 12))->vcpu_info[0].time.tsc_to_system_mul);
}

/* Grant maps: host_addr must be a page-aligned hole of our space; a RAM
 * gfn, a special page, an unaligned or out-of-space address, or a PTE
 * address (PV only) are GNTST_general_error. */
static void grant_map_targets(void)
{
    static const unsigned long where[] = { 0x80100000UL, 0x40000000UL, GUEST_GNTTAB_BASE,
                                           0x50000008UL, 1UL << 41 };

    gt[7].domid = SELF_ID;
    gt[7].frame = (uint32_t)(free_page(2) >> 12);
    __atomic_store_n(&gt[7].flags, GTF_permit_access, __ATOMIC_RELEASE);
    for (unsigned int i = 0; i < ARRAY_SIZE(where); i++)
        EXPECT_EQ(grant_map(SELF_ID, 7, where[i], GNTMAP_host_map, NULL, NULL),
                  GNTST_general_error);
    EXPECT_EQ(grant_map(SELF_ID, 7, 0x50000000UL, GNTMAP_host_map | GNTMAP_contains_pte,
                        NULL, NULL), GNTST_general_error);
    EXPECT_EQ(gt[7].flags, GTF_permit_access);
}

/* Our own grant mapped at a hole aliases the page; unmapped, a hole again. */
static void self_map_alias(void)
{
    grant_handle_t h = 0;
    unsigned long page = free_page(2), at = 0x50000000UL;

    *(volatile unsigned long *)page = 0x77;
    EXPECT_EQ(grant_map(SELF_ID, 7, at, GNTMAP_host_map, &h, NULL), 0);
    EXPECT_EQ(probe_read(at), 0x77);
    probe_write(at, 0x99);
    EXPECT_EQ(*(volatile unsigned long *)page, 0x99);
    EXPECT_EQ(grant_unmap(at, h), 0);
    EXPECT_EQ(read_fault(at), 5);
    EXPECT_EQ(grant_unmap(at, h), GNTST_bad_handle);
}

static const struct pvh_test tests[] = {
    PVH_TEST(setup),
    PVH_TEST(copy_gmfn),
    PVH_TEST(grant_entry_frames),
    PVH_TEST(other_calls),
    PVH_TEST(grant_map_targets),
    PVH_TEST(self_map_alias),
};

void pvh_main(void)
{
    pvh_run("pvh/hostile_frames", tests, ARRAY_SIZE(tests));
}
