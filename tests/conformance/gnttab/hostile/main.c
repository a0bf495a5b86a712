/*
 * Hostile grant-table use by a domU (security.md 2.B), on its own grants
 * and on refs it has no business naming.  Each case asserts the exact
 * GNTST_ / errno result, that nothing was left pinned or flagged, and the
 * last case checks the table still works normally afterwards.
 */
#include <string.h>
#include "../../lib/gnttab_ops.h"

static domid_t self;
static uint8_t *page;             /* a page of ours, patterned */
static uint8_t *other;            /* a second one */
static uint64_t slot_va;          /* a free grant-window page for raw maps */

#define HOST  GNTMAP_host_map
#define RO    GNTMAP_readonly

static grant_entry_v1_t *entry(grant_ref_t ref) { return gnttab_entry(ref); }

static bool idle(grant_ref_t ref)
{
    return EXPECT_EQ(entry(ref)->flags & (GTF_reading | GTF_writing), 0);
}

static void put(grant_ref_t ref, domid_t to, uint64_t mfn, uint16_t flags)
{
    entry(ref)->domid = to;
    entry(ref)->frame = (uint32_t)mfn;
    __atomic_store_n(&entry(ref)->flags, flags, __ATOMIC_RELEASE);
}

/* H-GT-01: refs at and past the table's end on map, copy and swap. */
static void refs_past_the_end(void)
{
    static const grant_ref_t bad[] = { 1024, 1025, 0x80000000u, 0xffffffffu };
    struct gnttab_swap_grant_ref sw = { .ref_a = 8, .status = 0x7f };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        EXPECT_EQ(gnt_map1(HOST, self, bad[i], slot_va, NULL), GNTST_bad_gntref);
        EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref,
                            (struct gnttab_copy_ptr){ .u.ref = bad[i], .domid = DOMID_SELF },
                            (struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(other),
                                                      .domid = DOMID_SELF }, 8),
                  GNTST_bad_gntref);
        sw.ref_b = bad[i];
        sw.status = 0x7f;
        EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
        EXPECT_EQ(sw.status, GNTST_bad_gntref);
    }
}

/* H-GT-02: batch counts with bad array pointers: -EFAULT, bounded. */
static void bad_batch_pointers(void)
{
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, NULL, 1), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, (void *)UNMAPPED_VA, 0x7fffffff),
              -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, (void *)NONCANONICAL_VA, 2),
              -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, (void *)UNMAPPED_VA, 1),
              -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, NULL, 0x80000000u), -XEN_EINVAL);
}

/* setup_table past the maximum, for another domain, with a bad frame list. */
static void setup_table_abuse(void)
{
    xen_pfn_t f[1];
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 65,
                                     .frame_list = (uint64_t)(uintptr_t)f, .status = 0x7f };
    struct gnttab_query_size q = { .dom = DOMID_SELF };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_general_error);
    st.nr_frames = 0xffffffffu;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_general_error);
    st.nr_frames = 1;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 2), -XEN_EINVAL);
    st.dom = 0;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_permission_denied);
    st.dom = 0x7000;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_bad_domain);
    st.dom = DOMID_SELF;
    st.nr_frames = 2;
    st.frame_list = UNMAPPED_VA;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_bad_virt_addr);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.nr_frames, 2);
    q.dom = 0;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_permission_denied);
}

/* Entries that permit nothing: invalid, transfer, transitive (v2 only). */
static void map_of_non_permit_entries(void)
{
    static const uint16_t kinds[] = { GTF_invalid, GTF_accept_transfer, GTF_transitive,
                                      GTF_invalid | GTF_reading | GTF_writing };

    for (unsigned int i = 0; i < ARRAY_SIZE(kinds); i++) {
        put(20, self, virt_to_mfn(page), kinds[i]);
        EXPECT_EQ(gnt_map1(HOST, self, 20, slot_va, NULL), GNTST_general_error);
        EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref,
                            (struct gnttab_copy_ptr){ .u.ref = 20, .domid = DOMID_SELF },
                            (struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(other),
                                                      .domid = DOMID_SELF }, 8),
                  GNTST_general_error);
    }
    put(20, 0, 0, 0);
}

/* A grant for another domain (d0, and a domain that does not exist). */
static void grant_for_the_wrong_domain(void)
{
    put(21, 0, virt_to_mfn(page), GTF_permit_access);
    EXPECT_EQ(gnt_map1(HOST, self, 21, slot_va, NULL), GNTST_general_error);
    put(21, 0x7000, virt_to_mfn(page), GTF_permit_access);
    EXPECT_EQ(gnt_map1(HOST | RO, self, 21, slot_va, NULL), GNTST_general_error);
    idle(21);
    put(21, 0, 0, 0);
}

/* A read-only grant mapped or copied into writably. */
static void readonly_grant_used_writably(void)
{
    put(22, self, virt_to_mfn(page), GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnt_map1(HOST, self, 22, slot_va, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_copy1(GNTCOPY_dest_gref,
                        (struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(other), .domid = DOMID_SELF },
                        (struct gnttab_copy_ptr){ .u.ref = 22, .domid = DOMID_SELF }, 8),
              GNTST_general_error);
    EXPECT_EQ(entry(22)->flags, GTF_permit_access | GTF_readonly);
    put(22, 0, 0, 0);
}

/* Map without host_map or device_map; device_map from a domU; user maps. */
static void bad_map_flags(void)
{
    put(23, self, virt_to_mfn(page), GTF_permit_access);
    EXPECT_EQ(gnt_map1(0, self, 23, slot_va, NULL), GNTST_bad_gntref);
    EXPECT_EQ(gnt_map1(RO, self, 23, slot_va, NULL), GNTST_bad_gntref);
    EXPECT_EQ(gnt_map1(GNTMAP_device_map, self, 23, 0, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST | GNTMAP_application_map, self, 23, slot_va, NULL),
              GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST, DOMID_SELF, 23, slot_va, NULL), GNTST_bad_domain);
    EXPECT_EQ(gnt_map1(HOST, 0x7000, 23, slot_va, NULL), GNTST_bad_domain);
    idle(23);
}

/* H-GT-05: host addresses that are not an empty leaf slot of ours. */
static void bad_host_addresses(void)
{
    /* pfn 0 is mapped (our image): its slot is not empty. */
    EXPECT_EQ(gnt_map1(HOST, self, 23, VIRT_BASE, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST, self, 23, UNMAPPED_VA, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST, self, 23, NONCANONICAL_VA, NULL), GNTST_general_error);
    /* contains_pte: misaligned, a data frame, a frame that is not ours. */
    EXPECT_EQ(gnt_map1(HOST | GNTMAP_contains_pte, self, 23,
                       (virt_to_mfn((void *)start_info->pt_base) << PAGE_SHIFT) + 3, NULL),
              GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST | GNTMAP_contains_pte, self, 23, virt_to_mfn(other) << PAGE_SHIFT,
                       NULL), GNTST_general_error);
    EXPECT_EQ(gnt_map1(HOST | GNTMAP_contains_pte, self, 23, 0x80000000UL, NULL),
              GNTST_general_error);
    idle(23);
    EXPECT_EQ(*(volatile uint8_t *)VIRT_BASE, *(volatile uint8_t *)VIRT_BASE);  /* still mapped */
}

/* H-GT-22: our own page table granted and mapped writable: refused (RO is fine). */
static void page_table_mapped_writable(void)
{
    uint64_t root = virt_to_mfn((void *)start_info->pt_base);
    struct gnttab_map_grant_ref op = { 0 };

    put(24, self, root, GTF_permit_access);
    EXPECT_EQ(gnt_map1(HOST, self, 24, slot_va, NULL), GNTST_general_error);
    EXPECT_EQ(gnt_copy1(GNTCOPY_dest_gref,
                        (struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(other), .domid = DOMID_SELF },
                        (struct gnttab_copy_ptr){ .u.ref = 24, .domid = DOMID_SELF }, 8),
              GNTST_general_error);
    EXPECT_EQ(entry(24)->flags, GTF_permit_access);
    if (EXPECT_EQ(gnt_map1(HOST | RO, self, 24, slot_va, &op), GNTST_okay))
        EXPECT_EQ(gnt_unmap1(op.handle, slot_va, 0), GNTST_okay);
    put(24, 0, 0, 0);
}

/* H-GT-06: grants of hypervisor frames (our grant table, shared_info) and of frames not ours. */
static void grants_of_frames_not_ours(void)
{
    uint64_t table_mfn = virt_to_mfn(other);   /* replaced below */
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1,
                                     .frame_list = (uint64_t)(uintptr_t)&table_mfn };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    put(25, self, table_mfn, GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnt_map1(HOST | RO, self, 25, slot_va, NULL), GNTST_bad_page);
    put(25, self, start_info->shared_info >> PAGE_SHIFT, GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnt_map1(HOST | RO, self, 25, slot_va, NULL), GNTST_bad_page);
    put(25, self, 0x80000, GTF_permit_access | GTF_readonly);   /* OpenSBI's memory */
    EXPECT_EQ(gnt_map1(HOST | RO, self, 25, slot_va, NULL), GNTST_bad_page);
    put(25, self, 0xffffffffu, GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnt_map1(HOST | RO, self, 25, slot_va, NULL), GNTST_bad_page);
    idle(25);
    put(25, 0, 0, 0);
}

/* Double unmap, unmap with the wrong address, handles never issued. */
static void double_and_bad_unmaps(void)
{
    struct gnttab_map_grant_ref op = { 0 };

    put(26, self, virt_to_mfn(page), GTF_permit_access);
    if (!EXPECT_EQ(gnt_map1(HOST, self, 26, slot_va, &op), GNTST_okay))
        return;
    EXPECT_EQ(gnt_unmap1(op.handle, slot_va + PAGE_SIZE, 0), GNTST_general_error);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, op.dev_bus_addr + PAGE_SIZE), GNTST_general_error);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, 0), GNTST_okay);       /* names nothing: no-op */
    EXPECT_EQ(entry(26)->flags, GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(gnt_unmap1(op.handle, slot_va, 0), GNTST_okay);
    EXPECT_EQ(gnt_unmap1(op.handle, slot_va, 0), GNTST_bad_handle);
    EXPECT_EQ(gnt_unmap1(op.handle + 1000, slot_va, 0), GNTST_bad_handle);
    EXPECT_EQ(gnt_unmap1(4096, slot_va, 0), GNTST_bad_handle);
    EXPECT_EQ(gnt_unmap1(0xffffffffu, slot_va, 0), GNTST_bad_handle);
    idle(26);
    EXPECT_EQ(gnttab_end_access(26), 0);
}

/* H-GT-17: the granter rewrites a pinned entry; the pinned frame stays in force. */
static void entry_flipped_while_pinned(void)
{
    struct gnttab_map_grant_ref a = { 0 }, b = { 0 };
    uint64_t va2 = slot_va + PAGE_SIZE;

    put(27, self, virt_to_mfn(page), GTF_permit_access | GTF_readonly);
    if (!EXPECT_EQ(gnt_map1(HOST | RO, self, 27, slot_va, &a), GNTST_okay))
        return;
    entry(27)->frame = (uint32_t)virt_to_mfn(other);     /* flip the frame */
    entry(27)->domid = 0;                                /* and the grantee */
    if (EXPECT_EQ(gnt_map1(HOST | RO, self, 27, va2, &b), GNTST_okay)) {
        EXPECT_EQ_HEX(b.dev_bus_addr, a.dev_bus_addr);
        EXPECT_EQ(((volatile uint8_t *)va2)[1], page[1]);
        EXPECT_EQ(gnt_unmap1(b.handle, va2, 0), GNTST_okay);
    }
    /* The entry was read-only from the start: a RW pin on top of the RO
     * one is refused, and GTF_writing is not left behind. */
    entry(27)->flags |= GTF_readonly;
    EXPECT_EQ(gnt_map1(HOST, self, 27, va2, NULL), GNTST_general_error);
    EXPECT_EQ(entry(27)->flags & GTF_writing, 0);
    EXPECT_EQ(gnt_unmap1(a.handle, slot_va, 0), GNTST_okay);
    idle(27);
    /* Unpinned: the new frame and grantee count again. */
    EXPECT_EQ(gnt_map1(HOST | RO, self, 27, slot_va, NULL), GNTST_general_error);
    put(27, 0, 0, 0);
}

/* H-GT-18 / H-GT-16: copy offsets and lengths; zero length. */
static void copy_past_the_page(void)
{
    static const struct { uint16_t so, doff, len; int16_t want; } c[] = {
        { 4000, 0, 97, GNTST_bad_copy_arg },   { 0, 4000, 97, GNTST_bad_copy_arg },
        { 0, 0, 4097, GNTST_bad_copy_arg },    { 1, 0, 4096, GNTST_bad_copy_arg },
        { 0xffff, 0, 1, GNTST_bad_copy_arg },  { 0, 0, 0xffff, GNTST_bad_copy_arg },
        { 4096, 0, 0, GNTST_okay },            { 4097, 0, 0, GNTST_bad_copy_arg },
        { 4095, 4095, 1, GNTST_okay },         { 0, 0, 4096, GNTST_okay },
    };

    put(28, self, virt_to_mfn(page), GTF_permit_access);
    for (unsigned int i = 0; i < ARRAY_SIZE(c); i++)
        EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref,
                            (struct gnttab_copy_ptr){ .u.ref = 28, .domid = DOMID_SELF,
                                                      .offset = c[i].so },
                            (struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(other),
                                                      .domid = DOMID_SELF, .offset = c[i].doff },
                            c[i].len), c[i].want);
    idle(28);
    EXPECT_EQ(gnttab_end_access(28), 0);
}

/* Copy naming frames by number for another domain, or frames not ours. */
static void copy_of_foreign_frames(void)
{
    uint64_t mine = virt_to_mfn(other);

    EXPECT_EQ(gnt_copy1(0, (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = 0 },
                        (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = DOMID_SELF }, 8),
              GNTST_permission_denied);
    EXPECT_EQ(gnt_copy1(0, (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = DOMID_SELF },
                        (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = self }, 8),
              GNTST_permission_denied);
    EXPECT_EQ(gnt_copy1(0, (struct gnttab_copy_ptr){ .u.gmfn = 0x80000, .domid = DOMID_SELF },
                        (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = DOMID_SELF }, 8),
              GNTST_bad_page);
    EXPECT_EQ(gnt_copy1(0, (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = DOMID_SELF },
                        (struct gnttab_copy_ptr){ .u.gmfn = start_info->shared_info >> PAGE_SHIFT,
                                                  .domid = DOMID_SELF }, 8),
              GNTST_bad_page);
    EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref,
                        (struct gnttab_copy_ptr){ .u.ref = 8, .domid = 0x7000 },
                        (struct gnttab_copy_ptr){ .u.gmfn = mine, .domid = DOMID_SELF }, 8),
              GNTST_bad_domain);
}

/* H-GT-13/14: a long batch of failing copies: every status is a real GNTST code. */
static void statuses_always_written(void)
{
    static struct gnttab_copy ops[260];

    for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++)
        ops[i] = (struct gnttab_copy){
            .source = { .u.ref = 2000 + i, .domid = DOMID_SELF },
            .dest = { .u.gmfn = virt_to_mfn(other), .domid = DOMID_SELF },
            .len = 8, .flags = GNTCOPY_source_gref, .status = 0x7f };
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, ARRAY_SIZE(ops)), 0);
    for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++)
        if (!EXPECT_EQ(ops[i].status, GNTST_bad_gntref))
            break;
}

/* The version games of XSA-255/268 and transfer (XSA-284): refused. */
static void versions_and_transfer(void)
{
    struct gnttab_set_version sv = { .version = 2 };
    struct gnttab_get_version gv = { .dom = 0 };
    struct gnttab_transfer t = { .mfn = virt_to_mfn(other), .domid = 0, .ref = 8 };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), -XEN_EPERM);
    gv.dom = 0x7000;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), -XEN_ESRCH);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_transfer, &t, 1), -XEN_ENOSYS);
    other[0] = 0x77;   /* still ours */
    EXPECT_EQ(other[0], 0x77);
}

/* The revoke protocol: an entry in use cannot be revoked; idle it can. */
static void revoke_while_mapped(void)
{
    struct gnttab_mapping m;
    long ref = gnttab_grant_access(self, virt_to_mfn(page), false);

    if (!EXPECT_EQ(gnttab_map(self, (grant_ref_t)ref, false, &m), GNTST_okay))
        return;
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), -XEN_EBUSY);
    /* A hostile granter clears the flags itself: the mapping stays, and
     * unmapping still balances (the hypervisor keeps its own counts). */
    entry((grant_ref_t)ref)->flags = GTF_permit_access;
    EXPECT_EQ(((volatile uint8_t *)m.va)[5], page[5]);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0);
}

/* After all of it: the table works as before, and we are unharmed. */
static void still_healthy(void)
{
    struct gnttab_mapping m;
    long ref = gnttab_grant_access(self, virt_to_mfn(page), true);

    if (!EXPECT_EQ(gnttab_map(self, (grant_ref_t)ref, true, &m), GNTST_okay))
        return;
    EXPECT_EQ(memcmp(m.va, page, PAGE_SIZE), 0);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0);
    /* Entries below 8 are the toolstack's: dom0 maps the console ring (0). */
    for (grant_ref_t r = GNTTAB_NR_RESERVED_ENTRIES; r < gnttab_nr_entries(); r++)
        if (!EXPECT_EQ(entry(r)->flags & (GTF_reading | GTF_writing), 0))
            break;
}

static const struct test tests[] = {
    /* refs 1024 (the end), 1025, 2^31, 2^32-1 on map, copy, swap: bad_gntref */
    TEST(refs_past_the_end),
    /* bad op-array pointers: -EFAULT; negative count: -EINVAL */
    TEST(bad_batch_pointers),
    /* setup_table over 64 frames: general_error; foreign: permission_denied, ... */
    TEST(setup_table_abuse),
    /* GTF_invalid, accept_transfer, transitive entries: general_error on map and copy */
    TEST(map_of_non_permit_entries),
    /* a grant to another (or no) domain: general_error */
    TEST(grant_for_the_wrong_domain),
    /* a read-only grant mapped RW or copied into: general_error */
    TEST(readonly_grant_used_writably),
    /* no map kind: bad_gntref; device_map by a domU, application_map: general_error */
    TEST(bad_map_flags),
    /* host addresses that are no empty leaf slot of ours (incl. contains_pte): general_error */
    TEST(bad_host_addresses),
    /* our own root page table granted: RW map and copy refused, RO map fine */
    TEST(page_table_mapped_writable),
    /* grants of our grant-table frame, shared_info, firmware, no frame: bad_page */
    TEST(grants_of_frames_not_ours),
    /* unmap twice, wrong address, handles never issued: bad_handle / general_error */
    TEST(double_and_bad_unmaps),
    /* an entry rewritten while pinned: the pinned frame is used, RW refused when RO */
    TEST(entry_flipped_while_pinned),
    /* copy offset/length past the page: bad_copy_arg; edges that fit are fine */
    TEST(copy_past_the_page),
    /* copy by frame number for another domain / of frames not ours */
    TEST(copy_of_foreign_frames),
    /* 260 failing copies (continued): every status written as bad_gntref */
    TEST(statuses_always_written),
    /* set_version(2) -ENOSYS, get_version of d0 -EPERM, transfer -ENOSYS */
    TEST(versions_and_transfer),
    /* revoking a mapped entry fails; a granter clearing the flags harms nothing */
    TEST(revoke_while_mapped),
    /* the table still maps and copies normally; nothing is left in use */
    TEST(still_healthy),
};

int main(void)
{
    self = (domid_t)test_domid();
    page = alloc_page();
    other = alloc_page();
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        page[i] = (uint8_t)(i * 3 + 9);
    if (gnttab_init(2) == 0)
        slot_va = (uint64_t)(uintptr_t)gnttab_window_page(gnttab_window_pages() - 2);
    return run_tests("gnttab/hostile", tests, ARRAY_SIZE(tests));
}
