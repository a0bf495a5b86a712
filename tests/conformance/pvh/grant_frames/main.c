/*
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table): the domain's grant
 * frames appear in its grant-table window; the builder's entries 0 and 1
 * name its ring pages by guest frame; the table grows to the index asked;
 * setup_table answers guest frames; grant copy through its own grants
 * translates both sides.
 */
#include "pvh.h"

static grant_entry_v1_t *gt = (grant_entry_v1_t *)GUEST_GNTTAB_BASE;
static const unsigned long base = GUEST_GNTTAB_BASE >> 12;

/* Frame 0 at the window's start: entries 0 and 1 grant the console and
 * store pages, by guest frame, to dom0. */
static void frame0_and_seeded_entries(void)
{
    EXPECT_EQ(read_fault(GUEST_GNTTAB_BASE), 5);
    EXPECT_EQ(map_grant_frame(0, base), 0);
    EXPECT_EQ(gt[0].flags & GTF_permit_access, GTF_permit_access);
    EXPECT_EQ(gt[0].domid, 0);
    EXPECT_EQ(gt[0].frame, GUEST_MAGIC_BASE >> 12);
    EXPECT_EQ(gt[1].frame, (GUEST_MAGIC_BASE >> 12) + 1);
}

/* idx 3 grows the table to 4 frames; query_size says so; setup_table
 * answers guest frames, ~0 for the ones not mapped. */
static void grow_and_setup_table(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    uint64_t frames[4] = { 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 4 };

    EXPECT_EQ(map_grant_frame(3, base + 3), 0);
    EXPECT_EQ(hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_query_size, (unsigned long)&q, 1,
                        0, 0), 0);
    EXPECT_TRUE(q.nr_frames >= 4);
    set_xen_guest_handle(st.frame_list, frames);
    EXPECT_EQ(hypercall(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table, (unsigned long)&st,
                        1, 0, 0), 0);
    EXPECT_EQ(st.status, 0);
    EXPECT_EQ(frames[0], base);
    EXPECT_EQ(frames[1], NO_GFN);
    EXPECT_EQ(frames[3], base + 3);
}

/* Refused: beyond the largest table, a status frame (v1 has none). */
static void refusals(void)
{
    EXPECT_EQ(map_grant_frame(64, base + 10), -XEN_EINVAL);
    EXPECT_EQ(map_grant_frame(0x80000000U, base + 10), -XEN_EINVAL);
    EXPECT_EQ(map_grant_frame(0, 1UL << 29), -XEN_EINVAL);
    EXPECT_EQ(gt[0].frame, GUEST_MAGIC_BASE >> 12);
}

/* Moving frame 0 inside the window: the old place becomes a hole. */
static void move_frame(void)
{
    EXPECT_EQ(map_grant_frame(0, base + 8), 0);
    EXPECT_EQ(read_fault(GUEST_GNTTAB_BASE), 5);
    gt = (grant_entry_v1_t *)((base + 8) << 12);
    EXPECT_EQ(gt[1].frame, (GUEST_MAGIC_BASE >> 12) + 1);
}

/* Our own grant of a RAM page (by gfn) to ourselves, copied from by
 * grant reference into a page named by gfn: both sides translated. */
static void copy_through_own_grant(void)
{
    unsigned long src = free_page(0), dst = free_page(1);
    struct gnttab_copy_ptr from = { .u.ref = 5, .domid = DOMID_SELF };
    struct gnttab_copy_ptr to = { .u.gmfn = dst >> 12, .domid = DOMID_SELF };

    for (unsigned int i = 0; i < 64; i++)
        ((volatile uint8_t *)src)[i] = (uint8_t)(i * 5 + 1);
    memset((void *)dst, 0, 64);
    gt[5].domid = SELF_ID;
    gt[5].frame = (uint32_t)(src >> 12);
    __atomic_store_n(&gt[5].flags, GTF_permit_access, __ATOMIC_RELEASE);
    EXPECT_EQ(grant_copy(&from, &to, 64, GNTCOPY_source_gref), 0);
    EXPECT_EQ(memcmp((void *)src, (void *)dst, 64), 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(frame0_and_seeded_entries),
    PVH_TEST(grow_and_setup_table),
    PVH_TEST(refusals),
    PVH_TEST(move_frame),
    PVH_TEST(copy_through_own_grant),
};

void pvh_main(void)
{
    pvh_run("pvh/grant_frames", tests, ARRAY_SIZE(tests));
}
