/*
 * H-GT-03 (XSA-134): every grant op before setup_table has a defined
 * answer.  A domain's table exists from its creation with one (empty)
 * frame, as in Xen, so refs 0..511 name invalid entries and 512 is past
 * the end; nothing here may crash the hypervisor or leave state behind.
 */
#include "../../lib/gnttab_ops.h"

static domid_t self;

static void query_before_setup(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 0x7f };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_okay);
    EXPECT_EQ(q.nr_frames, 1);
    EXPECT_EQ(q.max_nr_frames, 64);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), 0);
    EXPECT_EQ(gv.version, 1);
}

static void maps_before_setup(void)
{
    uint64_t va = UNMAPPED_VA;

    EXPECT_EQ(gnt_map1(GNTMAP_host_map, self, 0, va, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_map1(GNTMAP_host_map | GNTMAP_readonly, self, 511, va, NULL),
              GNTST_general_error);
    EXPECT_EQ(gnt_map1(GNTMAP_host_map, self, 512, va, NULL), GNTST_bad_gntref);
    EXPECT_EQ(gnt_map1(GNTMAP_host_map, 0, 8, va, NULL), GNTST_general_error);  /* d0's: not for us */
    EXPECT_EQ(gnt_unmap1(0, va, 0), GNTST_bad_handle);
}

static void copies_and_swaps_before_setup(void)
{
    static uint8_t page[4096] __attribute__((aligned(4096)));
    struct gnttab_swap_grant_ref sw = { .ref_a = 8, .ref_b = 9, .status = 0x7f };
    struct gnttab_copy_ptr mine = { .u.gmfn = virt_to_mfn(page), .domid = DOMID_SELF };

    EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref,
                        (struct gnttab_copy_ptr){ .u.ref = 8, .domid = DOMID_SELF }, mine, 8),
              GNTST_general_error);
    EXPECT_EQ(gnt_copy1(GNTCOPY_dest_gref, mine,
                        (struct gnttab_copy_ptr){ .u.ref = 600, .domid = DOMID_SELF }, 8),
              GNTST_bad_gntref);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
    EXPECT_EQ(sw.status, GNTST_okay);
}

/* setup_table afterwards still works, and returns the same first frame. */
static void setup_afterwards(void)
{
    xen_pfn_t f1[1] = { 0 }, f2[2] = { 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1, .status = 0x7f,
                                     .frame_list = (uint64_t)(uintptr_t)f1 };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_okay);
    st.nr_frames = 2;
    st.frame_list = (uint64_t)(uintptr_t)f2;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_okay);
    EXPECT_EQ(f2[0], f1[0]);
    EXPECT_NE(f2[1], f1[0]);
    EXPECT_NE(f2[1], 0);
}

static const struct test tests[] = {
    /* query_size/get_version before setup_table: one frame, version 1 */
    TEST(query_before_setup),
    /* maps of the empty table: general_error; past it: bad_gntref; unmap: bad_handle */
    TEST(maps_before_setup),
    /* copy from an empty entry: general_error; past the table: bad_gntref; swap works */
    TEST(copies_and_swaps_before_setup),
    /* setup_table then grows the same table */
    TEST(setup_afterwards),
};

int main(void)
{
    self = (domid_t)test_domid();
    return run_tests("gnttab/before_setup", tests, ARRAY_SIZE(tests));
}
