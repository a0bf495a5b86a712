/*
 * Grant tables, every sub-op's success path and documented answers, from a
 * domU on its own grants (Xen lets a domain map and copy its own grants):
 * setup_table and query_size, set/get_version, get_status_frames,
 * swap_grant_ref, map/unmap by virtual address (the mapping shows the
 * granted page), copy in every direction, GTF_reading/GTF_writing while
 * in use, end of access, a batch long enough to be continued, and the ops
 * rvxen refuses.
 */
#include <string.h>
#include <gnttab.h>
#include "../../lib/test.h"

#define NR_FRAMES 2

static domid_t self;
static uint8_t *page_a, *page_b;    /* two of our pages, filled with patterns */

/* setup_table gives frames we can map; the library maps NR_FRAMES of them. */
static void setup_and_query(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 0x7f };
    xen_pfn_t frames[4] = { 0 };
    struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 3, .status = 0x7f,
                                     .frame_list = (uint64_t)(uintptr_t)frames };

    if (!EXPECT_EQ(gnttab_init(NR_FRAMES), 0))
        return;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_okay);
    EXPECT_EQ(q.nr_frames, NR_FRAMES);
    EXPECT_EQ(q.max_nr_frames, 64);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1), 0);
    EXPECT_EQ(st.status, GNTST_okay);
    EXPECT_NE(frames[2], 0);
    EXPECT_EQ(frames[3], 0);
    q.dom = self;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.nr_frames, 3);
    /* The first frames are the ones the library mapped: entries written
     * through the mapping are the hypervisor's entries (checked by map). */
    EXPECT_EQ(gnttab_nr_entries(), NR_FRAMES * 512);
}

static void versions(void)
{
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    struct gnttab_get_status_frames gs = { .nr_frames = 0, .dom = DOMID_SELF, .status = 0x7f };

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), 0);
    EXPECT_EQ(sv.version, 1);
    sv.version = 2;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS);
    EXPECT_EQ(sv.version, 1);
    sv.version = 7;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1), 0);
    EXPECT_EQ(gv.version, 1);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0);
    EXPECT_EQ(gs.status, GNTST_okay);
    gs.nr_frames = 1;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1), 0);
    EXPECT_EQ(gs.status, GNTST_general_error);
}

/* Map our own grant: the window page shows page_a; writes go through. */
static void map_unmap_rw(void)
{
    struct gnttab_mapping m;
    long ref = gnttab_grant_access(self, virt_to_mfn(page_a), false);
    grant_entry_v1_t *e;

    if (!EXPECT_RANGE(ref, GNTTAB_NR_RESERVED_ENTRIES, gnttab_nr_entries() - 1))
        return;
    e = gnttab_entry((grant_ref_t)ref);
    if (!EXPECT_EQ(gnttab_map(self, (grant_ref_t)ref, false, &m), GNTST_okay))
        return;
    EXPECT_EQ(e->flags, GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ_HEX(m.dev_bus_addr, virt_to_mfn(page_a) << PAGE_SHIFT);
    EXPECT_EQ(memcmp(m.va, page_a, PAGE_SIZE), 0);
    ((volatile uint8_t *)m.va)[100] = 0x5c;
    EXPECT_EQ(page_a[100], 0x5c);
    page_a[100] = 0xa1;
    /* In use: the granter cannot revoke it. */
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), -XEN_EBUSY);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    EXPECT_EQ(e->flags, GTF_permit_access);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0);
    EXPECT_EQ(e->flags, GTF_invalid);
}

static void map_unmap_ro(void)
{
    struct gnttab_mapping m;
    long ref = gnttab_grant_access(self, virt_to_mfn(page_b), true);
    grant_entry_v1_t *e = gnttab_entry((grant_ref_t)ref);

    if (!EXPECT_EQ(gnttab_map(self, (grant_ref_t)ref, true, &m), GNTST_okay))
        return;
    EXPECT_EQ(e->flags, GTF_permit_access | GTF_readonly | GTF_reading);
    EXPECT_EQ(((volatile uint8_t *)m.va)[7], page_b[7]);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    EXPECT_EQ(e->flags, GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0);
}

/* A batch of 32 maps and 32 unmaps in one hypercall each. */
static void map_unmap_batch(void)
{
    domid_t dom[32];
    grant_ref_t refs[32];
    struct gnttab_mapping m[32];
    int16_t st[32];
    long r = 0;

    for (unsigned int i = 0; i < 32; i++) {
        dom[i] = self;
        r = gnttab_grant_access(self, virt_to_mfn(i & 1 ? page_b : page_a), false);
        refs[i] = (grant_ref_t)r;
    }
    if (!EXPECT_RANGE(r, GNTTAB_NR_RESERVED_ENTRIES, gnttab_nr_entries() - 1))
        return;
    EXPECT_EQ(gnttab_map_batch(dom, refs, false, m, st, 32), 0);
    for (unsigned int i = 0; i < 32; i++)
        EXPECT_EQ(st[i], GNTST_okay);
    EXPECT_EQ(((volatile uint8_t *)m[31].va)[0], page_b[0]);
    EXPECT_EQ(gnttab_unmap_batch(m, st, 32), 0);
    for (unsigned int i = 0; i < 32; i++) {
        EXPECT_EQ(st[i], GNTST_okay);
        EXPECT_EQ(gnttab_end_access(refs[i]), 0);
    }
}

static int16_t copy(struct gnttab_copy_ptr s, bool sg, struct gnttab_copy_ptr d, bool dg,
                    uint16_t len)
{
    return (int16_t)gnttab_copy(&s, sg, &d, dg, len);
}

static void copy_every_way(void)
{
    static uint8_t buf[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
    long ra = gnttab_grant_access(self, virt_to_mfn(page_a), true);
    long rb = gnttab_grant_access(self, virt_to_mfn(page_b), false);
    uint64_t fbuf = virt_to_mfn(buf);

    memset(buf, 0, sizeof(buf));
    /* gref -> frame */
    EXPECT_EQ(copy((struct gnttab_copy_ptr){ .u.ref = (grant_ref_t)ra, .domid = self, .offset = 16 },
                   true, (struct gnttab_copy_ptr){ .u.gmfn = fbuf, .domid = DOMID_SELF,
                                                   .offset = 32 }, false, 64), GNTST_okay);
    EXPECT_EQ(memcmp(buf + 32, page_a + 16, 64), 0);
    EXPECT_EQ(buf[31], 0);
    EXPECT_EQ(buf[96], 0);
    /* frame -> gref */
    memset(buf, 0x3e, sizeof(buf));
    EXPECT_EQ(copy((struct gnttab_copy_ptr){ .u.gmfn = fbuf, .domid = DOMID_SELF }, false,
                   (struct gnttab_copy_ptr){ .u.ref = (grant_ref_t)rb, .domid = self }, true,
                   PAGE_SIZE), GNTST_okay);
    EXPECT_BYTES(page_b, PAGE_SIZE, 0x3e);
    /* gref -> gref, and frame -> frame */
    EXPECT_EQ(copy((struct gnttab_copy_ptr){ .u.ref = (grant_ref_t)ra, .domid = DOMID_SELF },
                   true, (struct gnttab_copy_ptr){ .u.ref = (grant_ref_t)rb, .domid = DOMID_SELF },
                   true, 8), GNTST_okay);
    EXPECT_EQ(memcmp(page_b, page_a, 8), 0);
    EXPECT_EQ(copy((struct gnttab_copy_ptr){ .u.gmfn = virt_to_mfn(page_a), .domid = DOMID_SELF },
                   false, (struct gnttab_copy_ptr){ .u.gmfn = fbuf, .domid = DOMID_SELF },
                   false, 0), GNTST_okay);
    EXPECT_EQ(gnttab_entry((grant_ref_t)ra)->flags, GTF_permit_access | GTF_readonly);
    EXPECT_EQ(gnttab_entry((grant_ref_t)rb)->flags, GTF_permit_access);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ra), 0);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)rb), 0);
}

/* 300 copies in one call: continued by the hypervisor, every status written. */
static void copy_long_batch(void)
{
    static struct gnttab_copy ops[300];
    static uint8_t dst[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
    long ref = gnttab_grant_access(self, virt_to_mfn(page_a), true);

    for (unsigned int i = 0; i < 300; i++)
        ops[i] = (struct gnttab_copy){
            .source = { .u.ref = (grant_ref_t)ref, .domid = DOMID_SELF, .offset = (uint16_t)i },
            .dest = { .u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF, .offset = (uint16_t)i },
            .len = 1, .flags = GNTCOPY_source_gref, .status = 0x7f };
    ops[299].len = 4000;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, 300), 0);
    for (unsigned int i = 0; i < 299; i++)
        if (!EXPECT_EQ(ops[i].status, GNTST_okay))
            break;
    EXPECT_EQ(ops[299].status, GNTST_bad_copy_arg);
    EXPECT_EQ(memcmp(dst, page_a, 299), 0);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0);
}

static void swap(void)
{
    struct gnttab_swap_grant_ref sw = { .ref_a = 100, .ref_b = 101, .status = 0x7f };

    gnttab_grant_access_ref(100, 0, 0x1234, true);
    gnttab_grant_access_ref(101, 0, 0x5678, false);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
    EXPECT_EQ(sw.status, GNTST_okay);
    EXPECT_EQ(gnttab_entry(100)->frame, 0x5678);
    EXPECT_EQ(gnttab_entry(101)->frame, 0x1234);
    EXPECT_EQ(gnttab_entry(101)->flags, GTF_permit_access | GTF_readonly);
    sw.ref_b = 3 * 512;   /* setup_and_query grew the table to 3 frames */
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &sw, 1), 0);
    EXPECT_EQ(sw.status, GNTST_bad_gntref);
    EXPECT_EQ(gnttab_end_access(100), 0);
    EXPECT_EQ(gnttab_end_access(101), 0);
}

static void refused_ops(void)
{
    static struct gnttab_transfer t;

    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_transfer, &t, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &t, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_dump_table, &t, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &t, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(13, &t, 1), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy | 0x1000, &t, 1), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, &t, 0x80000000u), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, &t, 0), 0);
}

static const struct test tests[] = {
    /* setup_table grows the table and returns mappable frames; query_size agrees */
    TEST(setup_and_query),
    /* set_version(1) ok, (2) -ENOSYS, other -EINVAL; get_version 1; no status frames */
    TEST(versions),
    /* a RW self-grant maps, shows and takes writes, sets reading+writing, blocks revoking */
    TEST(map_unmap_rw),
    /* a RO grant maps read-only and sets only GTF_reading */
    TEST(map_unmap_ro),
    /* 32 maps and 32 unmaps in one call each */
    TEST(map_unmap_batch),
    /* copy gref->frame, frame->gref, gref->gref, frame->frame; flags left clear */
    TEST(copy_every_way),
    /* a 300-element copy batch is continued and every status is written */
    TEST(copy_long_batch),
    /* swap_grant_ref exchanges entries; a ref past the table is bad_gntref */
    TEST(swap),
    /* transfer, unmap_and_replace, dump_table, cache_flush, unknown: -ENOSYS */
    TEST(refused_ops),
};

int main(void)
{
    self = (domid_t)test_domid();
    page_a = alloc_page();
    page_b = alloc_page();
    for (unsigned int i = 0; i < PAGE_SIZE; i++) {
        page_a[i] = (uint8_t)(i * 7 + 1);
        page_b[i] = (uint8_t)(i * 13 + 5);
    }
    return run_tests("gnttab/basic", tests, ARRAY_SIZE(tests));
}
