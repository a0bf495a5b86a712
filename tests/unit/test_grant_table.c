/*
 * grant/: grant table v1 through the hypercall, as guests issue it.
 *
 * Three domains (d0 privileged) with eight frames each; every test starts
 * from a fresh world and ends by checking the harness's invariants (pins
 * equal mappings, GTF_reading/GTF_writing follow the pins, page references
 * balance, G-stage follows host mappings).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "gnttab_harness.h"
#include <hv/page_type.h>

static struct gt_world *w;

static int setup(void **state)
{
    w = gt_world_create();
    return 0;
}

static int teardown(void **state)
{
    const char *why = gt_check_invariants(w);

    if (why)
        fail_msg("invariant: %s", why);
    gt_world_destroy(w);
    return 0;
}

#define GRANT_RW(g, ref, to, f) gt_grant(w, g, ref, to, w->frame[g][f], GTF_permit_access)
#define GRANT_RO(g, ref, to, f) \
    gt_grant(w, g, ref, to, w->frame[g][f], GTF_permit_access | GTF_readonly)

static uint16_t flags_of(unsigned int g, uint32_t ref)
{
    return gt_entry(w, g, ref)->flags;
}

/* ---- setup_table, query_size, versions, dispatch ---- */

static void test_query_size_initial(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF, .status = 0x7f };

    assert_int_equal(gt_op(w, 1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    gt_result(w, &q, sizeof(q));
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 1);
    assert_int_equal(q.max_nr_frames, GNTTAB_MAX_FRAMES);
    q.dom = 2;
    assert_int_equal(gt_op(w, 1, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    gt_result(w, &q, sizeof(q));
    assert_int_equal(q.status, GNTST_permission_denied);
    q.dom = 2;
    assert_int_equal(gt_op(w, 0, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    gt_result(w, &q, sizeof(q));
    assert_int_equal(q.status, GNTST_okay);
    q.dom = 77;
    assert_int_equal(gt_op(w, 0, GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    gt_result(w, &q, sizeof(q));
    assert_int_equal(q.status, GNTST_bad_domain);
    assert_int_equal(gt_op(w, 0, GNTTABOP_query_size, &q, sizeof(q), 2), -EINVAL);
}

struct setup_buf {
    struct gnttab_setup_table op;
    xen_pfn_t frames[GNTTAB_MAX_FRAMES + 1];
};

static int16_t setup_table(unsigned int who, domid_t dom, uint32_t nr, struct setup_buf *b)
{
    memset(b, 0, sizeof(*b));
    b->op.dom = dom;
    b->op.nr_frames = nr;
    b->op.status = 0x7f;
    b->op.frame_list = host_guest_va(w->guest_mem + offsetof(struct setup_buf, frames));
    assert_int_equal(gt_op(w, who, GNTTABOP_setup_table, b, sizeof(*b), 1), 0);
    gt_result(w, b, sizeof(*b));
    return b->op.status;
}

static void test_setup_table_grows(void **state)
{
    struct setup_buf b;

    assert_int_equal(setup_table(1, DOMID_SELF, 4, &b), GNTST_okay);
    for (unsigned int i = 0; i < 4; i++) {
        struct page_info *pg = mfn_to_page(_mfn(b.frames[i]));

        assert_ptr_equal(pg->owner, w->dom[1]);
        assert_true(pg->flags & PGC_xen_heap);
        assert_false(pg->flags & PGC_allocated);
        assert_int_equal(pg->type, PGT_grant_table);
        assert_int_equal(pg->count, 1);
        assert_int_equal(host_gstage(w->dom[1], _mfn(b.frames[i])), 1);
        for (unsigned int j = 0; j < i; j++)
            assert_true(b.frames[i] != b.frames[j]);
    }
    assert_int_equal(b.frames[4], 0);   /* only nr_frames are written */
    /* Asking for fewer returns the first ones and shrinks nothing. */
    {
        xen_pfn_t first = b.frames[0];

        assert_int_equal(setup_table(1, DOMID_SELF, 1, &b), GNTST_okay);
        assert_int_equal(b.frames[0], first);
    }
    assert_int_equal(setup_table(1, DOMID_SELF, GNTTAB_MAX_FRAMES, &b), GNTST_okay);
    assert_int_equal(nr_entries(w->dom[1]->grant_table),
                     GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME);
}

static void test_setup_table_refusals(void **state)
{
    struct setup_buf b;
    struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = 1 };

    assert_int_equal(setup_table(1, DOMID_SELF, GNTTAB_MAX_FRAMES + 1, &b), GNTST_general_error);
    assert_int_equal(setup_table(1, DOMID_SELF, UINT32_MAX, &b), GNTST_general_error);
    assert_int_equal(setup_table(1, 2, 1, &b), GNTST_permission_denied);
    assert_int_equal(setup_table(1, 99, 1, &b), GNTST_bad_domain);
    assert_int_equal(setup_table(0, 2, 2, &b), GNTST_okay);   /* the control domain may */
    assert_int_equal(mfn_to_page(_mfn(b.frames[1]))->owner, w->dom[2]);
    assert_int_equal(gt_op(w, 1, GNTTABOP_setup_table, &op, sizeof(op), 0), -EINVAL);
    assert_int_equal(gt_op(w, 1, GNTTABOP_setup_table, &op, sizeof(op), 2), -EINVAL);
    /* frame_list outside guest memory: the status says so. */
    op.frame_list = 0x1000;
    op.status = 0x7f;
    assert_int_equal(gt_op(w, 1, GNTTABOP_setup_table, &op, sizeof(op), 1), 0);
    gt_result(w, &op, sizeof(op));
    assert_int_equal(op.status, GNTST_bad_virt_addr);
    assert_int_equal(w->dom[1]->grant_table->nr_frames, 1);
}

static void test_versions(void **state)
{
    struct gnttab_set_version sv = { .version = 1 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF, .version = 9 };

    assert_int_equal(gt_op(w, 1, GNTTABOP_set_version, &sv, sizeof(sv), 1), 0);
    sv.version = 2;
    assert_int_equal(gt_op(w, 1, GNTTABOP_set_version, &sv, sizeof(sv), 1), -ENOSYS);
    gt_result(w, &sv, sizeof(sv));
    assert_int_equal(sv.version, 1);   /* the current version comes back */
    sv.version = 3;
    assert_int_equal(gt_op(w, 1, GNTTABOP_set_version, &sv, sizeof(sv), 1), -EINVAL);
    sv.version = 0;
    assert_int_equal(gt_op(w, 1, GNTTABOP_set_version, &sv, sizeof(sv), 1), -EINVAL);
    assert_int_equal(gt_op(w, 1, GNTTABOP_get_version, &gv, sizeof(gv), 1), 0);
    gt_result(w, &gv, sizeof(gv));
    assert_int_equal(gv.version, 1);
    gv.dom = 2;
    assert_int_equal(gt_op(w, 1, GNTTABOP_get_version, &gv, sizeof(gv), 1), -EPERM);
    gv.dom = 50;
    assert_int_equal(gt_op(w, 0, GNTTABOP_get_version, &gv, sizeof(gv), 1), -ESRCH);
}

static void test_status_frames_v1(void **state)
{
    struct gnttab_get_status_frames op = { .nr_frames = 0, .dom = DOMID_SELF, .status = 0x7f };

    assert_int_equal(gt_op(w, 1, GNTTABOP_get_status_frames, &op, sizeof(op), 1), 0);
    gt_result(w, &op, sizeof(op));
    assert_int_equal(op.status, GNTST_okay);
    op.nr_frames = 1;
    assert_int_equal(gt_op(w, 1, GNTTABOP_get_status_frames, &op, sizeof(op), 1), 0);
    gt_result(w, &op, sizeof(op));
    assert_int_equal(op.status, GNTST_general_error);
}

static void test_dispatch(void **state)
{
    struct gnttab_map_grant_ref op = { 0 };

    assert_int_equal(gt_op(w, 1, 13, &op, sizeof(op), 1), -ENOSYS);
    assert_int_equal(gt_op(w, 1, GNTTABOP_transfer, &op, sizeof(op), 1), -ENOSYS);
    assert_int_equal(gt_op(w, 1, GNTTABOP_unmap_and_replace, &op, sizeof(op), 1), -ENOSYS);
    assert_int_equal(gt_op(w, 1, GNTTABOP_dump_table, &op, sizeof(op), 1), -ENOSYS);
    assert_int_equal(gt_op(w, 1, GNTTABOP_map_grant_ref | (1u << 12), &op, sizeof(op), 1),
                     -EINVAL);
    assert_int_equal(gt_op(w, 1, GNTTABOP_map_grant_ref, &op, sizeof(op), 0x80000000u), -EINVAL);
    assert_int_equal(gt_op(w, 1, GNTTABOP_map_grant_ref, &op, sizeof(op), 0), 0);
}

static void test_bad_array_pointer(void **state)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { GNTTABOP_copy, 0x10, 5 };

    assert_int_equal(do_grant_table_op(&w->vcpu[1], args), -EFAULT);
    args[0] = GNTTABOP_map_grant_ref;
    args[2] = 0x7fffffff;
    assert_int_equal(do_grant_table_op(&w->vcpu[1], args), -EFAULT);
}

/* ---- map and unmap (device mappings: d0) ---- */

static void test_device_map_rw(void **state)
{
    uint32_t h;
    uint64_t bus;
    struct page_info *pg = mfn_to_page(w->frame[1][2]);

    GRANT_RW(1, 10, 0, 2);
    assert_int_equal(gt_map(w, 0, 1, 10, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    assert_int_equal(bus, mfn_to_maddr(w->frame[1][2]));
    assert_int_equal(flags_of(1, 10), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(pg->count, 2);
    assert_int_equal(host_gstage(w->dom[0], w->frame[1][2]), -1);   /* DMA only */
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
    assert_int_equal(flags_of(1, 10), GTF_permit_access);
    assert_int_equal(pg->count, 1);
    assert_int_equal(w->dom[0]->grant_table->maptrack_used, 0);
}

static void test_device_map_ro_then_rw(void **state)
{
    uint32_t h1, h2;
    uint64_t bus;

    GRANT_RW(1, 11, 0, 3);
    assert_int_equal(gt_map(w, 0, 1, 11, GNTMAP_device_map | GNTMAP_readonly, 0, &h1, &bus),
                     GNTST_okay);
    assert_int_equal(flags_of(1, 11), GTF_permit_access | GTF_reading);
    assert_int_equal(gt_map(w, 0, 1, 11, GNTMAP_device_map, 0, &h2, NULL), GNTST_okay);
    assert_true(h1 != h2);
    assert_int_equal(flags_of(1, 11), GTF_permit_access | GTF_reading | GTF_writing);
    assert_null(gt_check_invariants(w));
    /* Dropping the writable one clears writing, reading stays. */
    assert_int_equal(gt_unmap(w, 0, h2, 0, bus), GNTST_okay);
    assert_int_equal(flags_of(1, 11), GTF_permit_access | GTF_reading);
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 0, h1, 0, bus), GNTST_okay);
    assert_int_equal(flags_of(1, 11), GTF_permit_access);
}

static void test_map_refusals(void **state)
{
    GRANT_RW(1, 12, 0, 1);
    GRANT_RO(1, 13, 0, 1);
    gt_grant(w, 1, 14, 0, w->frame[1][1], GTF_invalid);
    gt_grant(w, 1, 15, 2, w->frame[1][1], GTF_permit_access);      /* for d2 */
    gt_grant(w, 1, 16, 0, w->frame[1][1], GTF_accept_transfer);
    gt_grant(w, 1, 17, 0, w->frame[1][1], GTF_transitive);
    gt_grant(w, 1, 18, 0, w->frame[2][0], GTF_permit_access);      /* not d1's frame */
    gt_grant(w, 1, 19, 0, _mfn(0x12345678), GTF_permit_access);     /* no such frame */
    gt_grant(w, 1, 20, 0, w->dom[1]->grant_table->frame[0], GTF_permit_access);

    assert_int_equal(gt_map(w, 0, 1, 12, 0, 0, NULL, NULL), GNTST_bad_gntref);
    assert_int_equal(gt_map(w, 0, 1, 12, GNTMAP_readonly, 0, NULL, NULL), GNTST_bad_gntref);
    assert_int_equal(gt_map(w, 0, 1, 512, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_gntref);
    assert_int_equal(gt_map(w, 0, 1, 0x80000000u, GNTMAP_device_map, 0, NULL, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(gt_map(w, 0, 1, UINT32_MAX, GNTMAP_device_map, 0, NULL, NULL),
                     GNTST_bad_gntref);
    assert_int_equal(gt_map(w, 0, 99, 12, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_domain);
    assert_int_equal(gt_map(w, 0, DOMID_SELF, 12, GNTMAP_device_map, 0, NULL, NULL),
                     GNTST_bad_domain);
    assert_int_equal(gt_map(w, 0, 1, 13, GNTMAP_device_map, 0, NULL, NULL), GNTST_general_error);
    for (uint32_t ref = 14; ref <= 17; ref++)
        assert_int_equal(gt_map(w, 0, 1, ref, GNTMAP_device_map | GNTMAP_readonly, 0, NULL, NULL),
                         GNTST_general_error);
    assert_int_equal(gt_map(w, 0, 1, 18, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_page);
    assert_int_equal(gt_map(w, 0, 1, 19, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_page);
    assert_int_equal(gt_map(w, 0, 1, 20, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_page);
    /* A domU may not make device mappings (no IOMMU). */
    GRANT_RW(1, 21, 2, 1);
    assert_int_equal(gt_map(w, 2, 1, 21, GNTMAP_device_map, 0, NULL, NULL), GNTST_general_error);
    /* Nothing was left pinned, flagged or referenced. */
    for (uint32_t ref = 12; ref <= 21; ref++)
        assert_int_equal(flags_of(1, ref) & (GTF_reading | GTF_writing), 0);
    assert_int_equal(w->dom[1]->grant_table->nr_pinned, 0);
    assert_int_equal(mfn_to_page(w->frame[1][1])->count, 1);
    assert_int_equal(w->dom[0]->grant_table->maptrack_used, 0);
}

/* Make frame f of d a validated, pinned page table of `type`. */
static void make_table(unsigned int d, unsigned int f, unsigned int type)
{
    struct mm_budget b = mm_budget_start();

    spin_lock(&mm_lock);
    assert_int_equal(mm_pin(w->dom[d], w->frame[d][f], type - PGT_l0_page_table, &b), 0);
    spin_unlock(&mm_lock);
}

static void drop_table(unsigned int d, unsigned int f)
{
    struct mm_budget b = mm_budget_start();

    spin_lock(&mm_lock);
    assert_int_equal(mm_unpin(w->dom[d], w->frame[d][f]), 0);
    assert_int_equal(mm_drain(w->dom[d], &b), 0);
    spin_unlock(&mm_lock);
}

static void test_map_page_table_writable(void **state)
{
    make_table(1, 4, PGT_l0_page_table);
    GRANT_RW(1, 22, 0, 4);
    assert_int_equal(gt_map(w, 0, 1, 22, GNTMAP_device_map, 0, NULL, NULL), GNTST_general_error);
    assert_int_equal(flags_of(1, 22), GTF_permit_access);
    assert_int_equal(gt_map(w, 0, 1, 22, GNTMAP_device_map | GNTMAP_readonly, 0, NULL, NULL),
                     GNTST_okay);
    assert_int_equal(flags_of(1, 22), GTF_permit_access | GTF_reading);
    gnttab_release_mappings(w->dom[0]);
    drop_table(1, 4);
}

static pte_t *slot(unsigned int d, unsigned int f, unsigned int i)
{
    return (pte_t *)mfn_to_virt(w->frame[d][f]) + i;
}

static paddr_t slot_ma(unsigned int d, unsigned int f, unsigned int i)
{
    return mfn_to_maddr(w->frame[d][f]) + i * sizeof(pte_t);
}

static void test_host_map_by_pte(void **state)
{
    uint32_t hw, hr;
    struct page_info *pg = mfn_to_page(w->frame[1][3]);
    struct mm_budget b = mm_budget_start();

    make_table(2, 0, PGT_l0_page_table);   /* d2's leaf table */
    GRANT_RW(1, 70, 2, 3);
    GRANT_RW(1, 71, 2, 3);                 /* the same frame again */
    assert_int_equal(gt_map(w, 2, 1, 70, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(2, 0, 5), &hw, NULL), GNTST_okay);
    assert_true(*slot(2, 0, 5) & PTE_V);
    assert_true(*slot(2, 0, 5) & PTE_W);
    assert_true(*slot(2, 0, 5) & PTE_GNTTAB);
    assert_int_equal(pte_to_mfn(*slot(2, 0, 5)).m, mfn_x(w->frame[1][3]));
    assert_int_equal(host_gstage(w->dom[2], w->frame[1][3]), 1);
    assert_int_equal(pg->type, PGT_writable);
    assert_int_equal(pg->type_count, 1);
    assert_int_equal(flags_of(1, 70), GTF_permit_access | GTF_reading | GTF_writing);
    /* Mapped writable elsewhere: its owner cannot make it a page table. */
    spin_lock(&mm_lock);
    assert_int_equal(get_page_and_type(pg, w->dom[1], PGT_l0_page_table, &b), -EINVAL);
    spin_unlock(&mm_lock);

    /* Bad PTE addresses: occupied, misaligned, not a leaf table, not the mapper's. */
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(2, 0, 5), NULL, NULL), GNTST_general_error);
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(2, 0, 6) + 4, NULL, NULL), GNTST_general_error);
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(2, 1, 0), NULL, NULL), GNTST_general_error);
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(1, 0, 0), NULL, NULL), GNTST_general_error);
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map, 0x40000000, NULL, NULL),
                     GNTST_general_error);   /* d2 has no address space here */
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_application_map |
                            GNTMAP_contains_pte, slot_ma(2, 0, 6), NULL, NULL),
                     GNTST_general_error);
    assert_int_equal(flags_of(1, 71), GTF_permit_access);
    assert_null(gt_check_invariants(w));

    /* A read-only mapping of the same frame: G-stage stays writable. */
    assert_int_equal(gt_map(w, 2, 1, 71, GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_readonly,
                            slot_ma(2, 0, 6), &hr, NULL), GNTST_okay);
    assert_false(*slot(2, 0, 6) & PTE_W);
    assert_int_equal(host_gstage(w->dom[2], w->frame[1][3]), 1);
    /* Unmap the writable one: wrong address refused, then the G-stage drops to RO. */
    assert_int_equal(gt_unmap(w, 2, hw, slot_ma(2, 0, 6), 0), GNTST_general_error);
    assert_int_equal(gt_unmap(w, 2, hw, slot_ma(2, 0, 5), 0), GNTST_okay);
    assert_int_equal(*slot(2, 0, 5), 0);
    assert_int_equal(host_gstage(w->dom[2], w->frame[1][3]), 0);
    assert_int_equal(pg->type_count, 0);
    assert_int_equal(flags_of(1, 70), GTF_permit_access);
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 2, hw, slot_ma(2, 0, 5), 0), GNTST_bad_handle);
    /* The mapper dies with the read-only one in place: all of it undone. */
    gnttab_release_mappings(w->dom[2]);
    assert_int_equal(*slot(2, 0, 6), 0);
    assert_int_equal(host_gstage(w->dom[2], w->frame[1][3]), -1);
    assert_int_equal(flags_of(1, 71), GTF_permit_access);
    assert_int_equal(pg->count, 1);
    drop_table(2, 0);
}

/* The home slot of frame m in a mapper's per-frame count hash (white box). */
static unsigned int gcount_home_of(mfn_t m, unsigned int bits)
{
    return (unsigned int)((mfn_x(m) * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
}

/*
 * Many foreign frames host-mapped by one domain, chosen so that their
 * slots in its per-frame count hash collide (runs of displaced entries),
 * then unmapped in a scrambled order: the G-stage follows every mapping
 * and unmapping, so every count was found again after the deletions that
 * shifted entries around.
 */
static void test_colliding_frames_gstage(void **state)
{
    enum { POOL = 1200, N = 40 };
    mfn_t *pool = calloc(POOL, sizeof(*pool));
    mfn_t f[N];
    uint32_t h[N];
    bool mapped[N];
    unsigned int n = 0, bits, first;
    struct gnttab_map_grant_ref probe;

    make_table(2, 0, PGT_l0_page_table);
    GRANT_RW(1, 8, 2, 0);   /* one mapping first, so the hash exists */
    assert_int_equal(gt_map(w, 2, 1, 8, GNTMAP_host_map | GNTMAP_contains_pte,
                            slot_ma(2, 0, 511), &probe.handle, NULL), GNTST_okay);
    bits = w->dom[2]->grant_table->gcount_bits;
    first = gcount_home_of(w->frame[1][0], bits);
    w->dom[1]->max_pages += POOL;
    for (unsigned int i = 0; i < POOL; i++) {
        pool[i] = alloc_domheap_pages(w->dom[1], 0);
        assert_true(mfn_valid_raw(pool[i]));
        if (n < N && ((gcount_home_of(pool[i], bits) - first) & ((1u << bits) - 1)) < 24) {
            f[n++] = pool[i];
            pool[i] = INVALID_MFN;
        }
    }
    assert_true(n >= 20);   /* ~1.2 frames per slot: 24 slots give enough */
    for (unsigned int i = 0; i < POOL; i++)
        if (mfn_valid_raw(pool[i]))
            free_domheap_pages(pool[i], 0);
    for (unsigned int i = 0; i < n; i++) {
        gt_grant(w, 1, 9 + i, 2, f[i], GTF_permit_access | (i % 3 ? GTF_readonly : 0));
        assert_int_equal(gt_map(w, 2, 1, 9 + i,
                                GNTMAP_host_map | GNTMAP_contains_pte |
                                (i % 3 ? GNTMAP_readonly : 0),
                                slot_ma(2, 0, i), &h[i], NULL), GNTST_okay);
        mapped[i] = true;
        assert_int_equal(host_gstage(w->dom[2], f[i]), i % 3 ? 0 : 1);
    }
    {
        struct grant_table *gt = w->dom[2]->grant_table;
        unsigned int displaced = 0;

        for (unsigned int i = 0; i < (1u << bits); i++)
            displaced += gt->gcount[i].mfn != GCOUNT_EMPTY &&
                         gcount_home_of(_mfn(gt->gcount[i].mfn), bits) != i;
        assert_true(displaced >= 4);   /* the runs the test is about */
    }
    for (unsigned int k = 0; k < n; k++) {
        unsigned int i = (k * 17 + 5) % n;

        if (!mapped[i])   /* 17 and n share a factor: finish in order */
            for (i = 0; !mapped[i]; i++)
                ;
        assert_int_equal(gt_unmap(w, 2, h[i], slot_ma(2, 0, i), 0), GNTST_okay);
        mapped[i] = false;
        for (unsigned int j = 0; j < n; j++)
            assert_int_equal(host_gstage(w->dom[2], f[j]), mapped[j] ? (j % 3 ? 0 : 1) : -1);
        assert_int_equal(host_gstage(w->dom[2], w->frame[1][0]), 1);
    }
    assert_int_equal(gt_unmap(w, 2, probe.handle, slot_ma(2, 0, 511), 0), GNTST_okay);
    for (unsigned int i = 0; i < n; i++) {
        assert_int_equal(mfn_to_page(f[i])->count, 1);
        gt_grant(w, 1, 9 + i, 0, _mfn(0), GTF_invalid);
        free_domheap_pages(f[i], 0);
    }
    drop_table(2, 0);
    free(pool);
}

static void test_unmap_refusals(void **state)
{
    uint32_t h;
    uint64_t bus;

    GRANT_RW(1, 30, 0, 5);
    assert_int_equal(gt_map(w, 0, 1, 30, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    assert_int_equal(gt_unmap(w, 0, h, 0, bus + PAGE_SIZE), GNTST_general_error);
    assert_int_equal(gt_unmap(w, 0, h + 1, 0, bus), GNTST_bad_handle);
    assert_int_equal(gt_unmap(w, 0, GNTTAB_MAPTRACK_MAX, 0, bus), GNTST_bad_handle);
    assert_int_equal(gt_unmap(w, 0, UINT32_MAX, 0, bus), GNTST_bad_handle);
    /* d2 cannot unmap d0's handle: handles are per mapper. */
    assert_int_equal(gt_unmap(w, 2, h, 0, bus), GNTST_bad_handle);
    /* Naming neither address does nothing, as in Xen. */
    assert_int_equal(gt_unmap(w, 0, h, 0, 0), GNTST_okay);
    assert_int_equal(flags_of(1, 30), GTF_permit_access | GTF_reading | GTF_writing);
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
    /* Twice: the handle is gone, nothing underflows. */
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_bad_handle);
    assert_int_equal(mfn_to_page(w->frame[1][5])->count, 1);
    assert_int_equal(flags_of(1, 30), GTF_permit_access);
}

static void test_pinned_entry_ignores_flips(void **state)
{
    uint32_t h1, h2;
    uint64_t bus1, bus2;

    GRANT_RW(1, 31, 0, 6);
    assert_int_equal(gt_map(w, 0, 1, 31, GNTMAP_device_map | GNTMAP_readonly, 0, &h1, &bus1),
                     GNTST_okay);
    /* The granter rewrites frame and domid while pinned. */
    gt_entry(w, 1, 31)->frame = (uint32_t)mfn_x(w->frame[1][7]);
    gt_entry(w, 1, 31)->domid = 2;
    assert_int_equal(gt_map(w, 0, 1, 31, GNTMAP_device_map | GNTMAP_readonly, 0, &h2, &bus2),
                     GNTST_okay);
    assert_int_equal(bus2, bus1);   /* the pinned frame, not the new one */
    assert_int_equal(mfn_to_page(w->frame[1][7])->count, 1);
    /* Another domain cannot share the pin, whatever the entry now says. */
    GRANT_RW(1, 32, 2, 6);
    assert_int_equal(gt_map(w, 2, 1, 31, GNTMAP_host_map, 0x1000, NULL, NULL),
                     GNTST_general_error);
    /* Turning it read-only while pinned read-only: a writable pin now fails. */
    gt_entry(w, 1, 31)->flags |= GTF_readonly;
    assert_int_equal(gt_map(w, 0, 1, 31, GNTMAP_device_map, 0, NULL, NULL), GNTST_general_error);
    assert_int_equal(flags_of(1, 31) & GTF_writing, 0);
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 0, h1, 0, bus1), GNTST_okay);
    assert_int_equal(gt_unmap(w, 0, h2, 0, bus1), GNTST_okay);
    assert_int_equal(flags_of(1, 31) & (GTF_reading | GTF_writing), 0);
}

static void test_maptrack_exhaustion(void **state)
{
    uint32_t h;

    GRANT_RW(1, 33, 0, 0);
    for (unsigned int i = 0; i < 127; i++)   /* the 8-bit pin counter stops at 128 */
        assert_int_equal(gt_map(w, 0, 1, 33, GNTMAP_device_map | GNTMAP_readonly, 0, &h, NULL),
                         GNTST_okay);
    assert_int_equal(gt_map(w, 0, 1, 33, GNTMAP_device_map | GNTMAP_readonly, 0, &h, NULL),
                     GNTST_okay);
    assert_int_equal(gt_map(w, 0, 1, 33, GNTMAP_device_map | GNTMAP_readonly, 0, &h, NULL),
                     GNTST_general_error);
    assert_null(gt_check_invariants(w));
    gnttab_release_mappings(w->dom[0]);
    assert_int_equal(w->dom[0]->grant_table->maptrack_used, 0);
    assert_int_equal(flags_of(1, 33), GTF_permit_access);

    /* Handles: many entries, each mapped a few times, up to the limit. */
    {
        struct setup_buf b;
        unsigned int mapped = 0;
        int16_t st = GNTST_okay;

        assert_int_equal(setup_table(1, DOMID_SELF, 16, &b), GNTST_okay);
        for (uint32_t ref = 0; ref < 16 * GNTTAB_ENTRIES_PER_FRAME; ref++)
            gt_grant(w, 1, ref, 0, w->frame[1][ref % DOM_FRAMES], GTF_permit_access);
        for (uint32_t ref = 0; st == GNTST_okay; ref++) {
            st = gt_map(w, 0, 1, ref % (16 * GNTTAB_ENTRIES_PER_FRAME),
                        GNTMAP_device_map | GNTMAP_readonly, 0, &h, NULL);
            mapped += st == GNTST_okay;
        }
        assert_int_equal(st, GNTST_no_device_space);
        assert_int_equal(mapped, GNTTAB_MAPTRACK_MAX);
        assert_null(gt_check_invariants(w));
        gnttab_release_mappings(w->dom[0]);
        assert_int_equal(w->dom[1]->grant_table->nr_pinned, 0);
    }
}

static void test_self_map_and_swap(void **state)
{
    struct gnttab_swap_grant_ref sw[3] = {
        { .ref_a = 40, .ref_b = 41, .status = 0x7f },
        { .ref_a = 40, .ref_b = 512, .status = 0x7f },
        { .ref_a = 42, .ref_b = 40, .status = 0x7f },
    };
    uint32_t h;
    uint64_t bus;

    /* d0 maps its own grant: allowed, as in Xen. */
    GRANT_RW(0, 42, 0, 1);
    assert_int_equal(gt_map(w, 0, 0, 42, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    GRANT_RW(0, 40, 1, 2);
    GRANT_RO(0, 41, 2, 3);
    assert_int_equal(gt_op(w, 0, GNTTABOP_swap_grant_ref, sw, sizeof(sw), 3), 0);
    gt_result(w, sw, sizeof(sw));
    assert_int_equal(sw[0].status, GNTST_okay);
    assert_int_equal(sw[1].status, GNTST_bad_gntref);
    assert_int_equal(sw[2].status, GNTST_eagain);   /* 42 is pinned */
    assert_int_equal(gt_entry(w, 0, 40)->domid, 2);
    assert_int_equal(gt_entry(w, 0, 41)->domid, 1);
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
}

/* ---- copy ---- */

struct copy_args {
    uint32_t src_ref;
    domid_t src_dom;
    uint16_t src_off;
    uint32_t dst_ref;
    domid_t dst_dom;
    uint16_t dst_off;
    uint16_t len;
    uint16_t flags;
};

static int16_t do_copy(unsigned int who, const struct copy_args *a)
{
    struct gnttab_copy op = { .len = a->len, .flags = a->flags, .status = 0x7f };

    if (a->flags & GNTCOPY_source_gref)
        op.source.u.ref = a->src_ref;
    else
        op.source.u.gmfn = a->src_ref;
    op.source.domid = a->src_dom;
    op.source.offset = a->src_off;
    if (a->flags & GNTCOPY_dest_gref)
        op.dest.u.ref = a->dst_ref;
    else
        op.dest.u.gmfn = a->dst_ref;
    op.dest.domid = a->dst_dom;
    op.dest.offset = a->dst_off;
    assert_int_equal(gt_op(w, who, GNTTABOP_copy, &op, sizeof(op), 1), 0);
    gt_result(w, &op, sizeof(op));
    return op.status;
}

static unsigned char *frame_bytes(unsigned int d, unsigned int f)
{
    return mfn_to_virt(w->frame[d][f]);
}

static void test_copy_between_domains(void **state)
{
    uint32_t mine = (uint32_t)mfn_x(w->frame[2][0]);

    memset(frame_bytes(1, 1), 0xab, PAGE_SIZE);
    memset(frame_bytes(2, 0), 0, PAGE_SIZE);
    GRANT_RO(1, 50, 2, 1);
    /* d2 copies from d1's read-only grant into its own frame. */
    assert_int_equal(do_copy(2, &(struct copy_args){ 50, 1, 100, mine, DOMID_SELF, 200, 300,
                                                     GNTCOPY_source_gref }), GNTST_okay);
    assert_int_equal(frame_bytes(2, 0)[199], 0);
    assert_int_equal(frame_bytes(2, 0)[200], 0xab);
    assert_int_equal(frame_bytes(2, 0)[499], 0xab);
    assert_int_equal(frame_bytes(2, 0)[500], 0);
    assert_int_equal(flags_of(1, 50), GTF_permit_access | GTF_readonly);
    /* Into it: read-only. */
    assert_int_equal(do_copy(2, &(struct copy_args){ mine, DOMID_SELF, 0, 50, 1, 0, 8,
                                                     GNTCOPY_dest_gref }), GNTST_general_error);
    /* Into a writable grant. */
    GRANT_RW(1, 51, 2, 2);
    memset(frame_bytes(2, 0), 0x5a, PAGE_SIZE);
    assert_int_equal(do_copy(2, &(struct copy_args){ mine, DOMID_SELF, 0, 51, 1, 0, PAGE_SIZE,
                                                     GNTCOPY_dest_gref }), GNTST_okay);
    assert_int_equal(frame_bytes(1, 2)[PAGE_SIZE - 1], 0x5a);
    assert_int_equal(flags_of(1, 51), GTF_permit_access);
    /* gref to gref. */
    assert_int_equal(do_copy(2, &(struct copy_args){ 50, 1, 0, 51, 1, 0, 16,
                                                     GNTCOPY_source_gref | GNTCOPY_dest_gref }),
                     GNTST_okay);
    assert_int_equal(frame_bytes(1, 2)[0], 0xab);
    assert_int_equal(mfn_to_page(w->frame[1][1])->count, 1);
}

static void test_copy_refusals(void **state)
{
    uint32_t mine = (uint32_t)mfn_x(w->frame[2][0]);
    uint32_t theirs = (uint32_t)mfn_x(w->frame[1][0]);

    GRANT_RW(1, 52, 2, 3);
    GRANT_RW(1, 53, 0, 3);   /* for d0 */
    /* Offsets and lengths past the page. */
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 4000, mine, DOMID_SELF, 0, 97,
                                                     GNTCOPY_source_gref }), GNTST_bad_copy_arg);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 0, mine, DOMID_SELF, 1, PAGE_SIZE,
                                                     GNTCOPY_source_gref }), GNTST_bad_copy_arg);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 0, mine, DOMID_SELF, 0xffff, 0xffff,
                                                     GNTCOPY_source_gref }), GNTST_bad_copy_arg);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 4096, mine, DOMID_SELF, 0, 0,
                                                     GNTCOPY_source_gref }), GNTST_okay);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 4097, mine, DOMID_SELF, 0, 0,
                                                     GNTCOPY_source_gref }), GNTST_bad_copy_arg);
    /* A frame number of another domain, or another domain's frame as "self". */
    assert_int_equal(do_copy(2, &(struct copy_args){ theirs, 1, 0, mine, DOMID_SELF, 0, 8, 0 }),
                     GNTST_permission_denied);
    assert_int_equal(do_copy(2, &(struct copy_args){ theirs, DOMID_SELF, 0, mine, DOMID_SELF, 0,
                                                     8, 0 }), GNTST_bad_page);
    /* Bad refs, bad domains, a grant for someone else. */
    assert_int_equal(do_copy(2, &(struct copy_args){ 512, 1, 0, mine, DOMID_SELF, 0, 8,
                                                     GNTCOPY_source_gref }), GNTST_bad_gntref);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 9, 0, mine, DOMID_SELF, 0, 8,
                                                     GNTCOPY_source_gref }), GNTST_bad_domain);
    assert_int_equal(do_copy(2, &(struct copy_args){ 53, 1, 0, mine, DOMID_SELF, 0, 8,
                                                     GNTCOPY_source_gref }), GNTST_general_error);
    /* A destination that is a page table. */
    make_table(2, 1, PGT_l1_page_table);
    assert_int_equal(do_copy(2, &(struct copy_args){ 52, 1, 0, (uint32_t)mfn_x(w->frame[2][1]),
                                                     DOMID_SELF, 0, 8, GNTCOPY_source_gref }),
                     GNTST_general_error);
    drop_table(2, 1);
    assert_int_equal(flags_of(1, 52), GTF_permit_access);
    assert_int_equal(w->dom[1]->grant_table->nr_pinned, 0);
}

static void test_copy_while_mapped_keeps_flags(void **state)
{
    uint32_t h;
    uint64_t bus;

    GRANT_RW(1, 54, 0, 4);
    assert_int_equal(gt_map(w, 0, 1, 54, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    assert_int_equal(do_copy(0, &(struct copy_args){ 54, 1, 0, (uint32_t)mfn_x(w->frame[0][0]),
                                                     DOMID_SELF, 0, 64, GNTCOPY_source_gref }),
                     GNTST_okay);
    assert_int_equal(flags_of(1, 54), GTF_permit_access | GTF_reading | GTF_writing);
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
}

static void test_copy_batch_continues(void **state)
{
    enum { N = 300 };
    struct gnttab_copy *ops = calloc(N, sizeof(*ops));
    unsigned long args[HYPERCALL_NR_ARGS] = { GNTTABOP_copy,
                                              host_guest_va(w->guest_mem), N };
    unsigned int restarts = 0;
    long rc;

    GRANT_RW(1, 55, 2, 5);
    for (unsigned int i = 0; i < N; i++) {
        ops[i].source.u.ref = 55;
        ops[i].source.domid = 1;
        ops[i].dest.u.gmfn = mfn_x(w->frame[2][0]);
        ops[i].dest.domid = DOMID_SELF;
        ops[i].len = 8;
        ops[i].flags = GNTCOPY_source_gref;
        ops[i].status = 0x7f;
    }
    ops[N - 1].len = 5000;
    memcpy(w->guest_mem, ops, N * sizeof(*ops));
    while ((rc = do_grant_table_op(&w->vcpu[2], args)) == -ERESTART)
        restarts++;
    assert_int_equal(rc, 0);
    assert_int_equal(restarts, (N - 1) / GNTTAB_OPS_PER_CALL);
    memcpy(ops, w->guest_mem, N * sizeof(*ops));
    for (unsigned int i = 0; i < N - 1; i++)
        assert_int_equal(ops[i].status, GNTST_okay);
    assert_int_equal(ops[N - 1].status, GNTST_bad_copy_arg);
    free(ops);
}

/* A batch whose second element is outside guest memory: the first is done
 * and reported, the call returns -EFAULT, nothing after it is touched. */
static void test_batch_fault_midway(void **state)
{
    struct gnttab_map_grant_ref op = { .flags = GNTMAP_device_map, .ref = 70, .dom = 1,
                                       .status = 0x7f };
    size_t off = sizeof(w->guest_mem) - sizeof(op);
    unsigned long args[HYPERCALL_NR_ARGS] = { GNTTABOP_map_grant_ref,
                                              host_guest_va(w->guest_mem + off), 3 };
    uint32_t ref;
    domid_t granter;
    uint16_t flags;
    mfn_t m;

    GRANT_RW(1, 70, 0, 6);
    memcpy(w->guest_mem + off, &op, sizeof(op));
    assert_int_equal(do_grant_table_op(&w->vcpu[0], args), -EFAULT);
    memcpy(&op, w->guest_mem + off, sizeof(op));
    assert_int_equal(op.status, GNTST_okay);
    assert_true(gnttab_maptrack_info(w->dom[0], op.handle, &ref, &granter, &flags, &m));
    assert_int_equal(ref, 70);
    assert_int_equal(granter, 1);
    assert_true(mfn_eq(m, w->frame[1][6]));
    assert_int_equal(flags, GNTMAP_device_map);
    assert_null(gt_check_invariants(w));
    assert_int_equal(gt_unmap(w, 0, op.handle, 0, op.dev_bus_addr), GNTST_okay);
}

/* Source and destination the same grant, overlapping: memmove semantics;
 * both pins (read and write) are released. */
static void test_copy_overlapping_same_grant(void **state)
{
    unsigned char *p = frame_bytes(1, 7);
    uint32_t pin;
    domid_t mapper;
    mfn_t m;

    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        p[i] = (unsigned char)i;
    GRANT_RW(1, 71, 2, 7);
    assert_int_equal(do_copy(2, &(struct copy_args){ 71, 1, 0, 71, 1, 10, 100,
                                                     GNTCOPY_source_gref | GNTCOPY_dest_gref }),
                     GNTST_okay);
    for (unsigned int i = 0; i < 100; i++)
        assert_int_equal(p[10 + i], (unsigned char)i);
    assert_int_equal(flags_of(1, 71), GTF_permit_access);
    assert_true(gnttab_active_info(w->dom[1], 71, &pin, &mapper, &m));
    assert_int_equal(pin, 0);
    assert_false(gnttab_active_info(w->dom[1], 512, &pin, &mapper, &m));
}

/* The introspection calls the invariant checks rely on. */
static void test_stats(void **state)
{
    struct gnttab_stats st;
    uint32_t h;
    uint64_t bus;

    GRANT_RW(1, 72, 0, 5);
    assert_int_equal(gt_map(w, 0, 1, 72, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    gnttab_stats(w->dom[0], &st);
    assert_int_equal(st.maptrack_used, 1);
    assert_int_equal(st.nr_frames, 1);
    assert_false(st.destroyed);
    gnttab_stats(w->dom[1], &st);
    assert_int_equal(st.nr_pinned, 1);
    assert_false(gnttab_maptrack_info(w->dom[0], h + 1, NULL, NULL, NULL, NULL));
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
    gnttab_stats(w->dom[1], &st);
    assert_int_equal(st.nr_pinned, 0);
}

/* A dying domain's table can no longer grow or be used. */
static void test_dying_table_refuses(void **state)
{
    struct setup_buf b;
    uint32_t h;
    uint64_t bus;

    GRANT_RW(2, 73, 0, 1);
    assert_int_equal(gt_map(w, 0, 2, 73, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    w->dom[2]->is_dying = true;
    gnttab_release_mappings(w->dom[2]);
    relinquish_domain_pages(w->dom[2]);
    grant_table_destroy(w->dom[2]);     /* pinned by d0: kept for now */
    assert_int_equal(setup_table(0, 2, 2, &b), GNTST_general_error);
    assert_int_equal(gt_map(w, 0, 2, 73, GNTMAP_device_map | GNTMAP_readonly, 0, NULL, NULL),
                     GNTST_bad_domain);
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
    assert_int_equal(setup_table(0, 2, 1, &b), GNTST_bad_domain);
}

/* ---- death ---- */

static void kill_domain(struct domain *d)
{
    d->is_dying = true;
    gnttab_release_mappings(d);
    relinquish_domain_pages(d);
    grant_table_destroy(d);
}

static void test_granter_dies_while_mapped(void **state)
{
    uint32_t h;
    uint64_t bus;
    uint64_t free_before;
    struct page_info *pg = mfn_to_page(w->frame[1][3]);

    GRANT_RW(1, 60, 0, 3);
    assert_int_equal(gt_map(w, 0, 1, 60, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    free_before = page_alloc_free_pages();
    kill_domain(w->dom[1]);
    /* Seven frames went back; the mapped one and the table stay. */
    assert_int_equal(page_alloc_free_pages(), free_before + DOM_FRAMES - 1);
    assert_ptr_equal(pg->owner, w->dom[1]);
    assert_int_equal(pg->count, 1);
    assert_false(w->dom[1]->grant_table->freed);
    assert_null(gt_check_invariants(w));
    /* A new mapping or copy of the dying domain's grants is refused. */
    assert_int_equal(gt_map(w, 0, 1, 60, GNTMAP_device_map, 0, NULL, NULL), GNTST_bad_domain);
    assert_int_equal(do_copy(0, &(struct copy_args){ 60, 1, 0, (uint32_t)mfn_x(w->frame[0][0]),
                                                     DOMID_SELF, 0, 8, GNTCOPY_source_gref }),
                     GNTST_bad_domain);
    /* The mapper still reaches the frame; unmapping frees it and the table. */
    assert_int_equal(gt_unmap(w, 0, h, 0, bus), GNTST_okay);
    assert_null(pg->owner);
    assert_true(w->dom[1]->grant_table->freed);
    /* (and the table's own bookkeeping, whose size xmalloc decides) */
    assert_true(page_alloc_free_pages() >= free_before + DOM_FRAMES + 1);
}

static void test_mapper_dies(void **state)
{
    uint32_t h;
    uint64_t bus;

    GRANT_RW(1, 61, 0, 2);
    GRANT_RO(1, 62, 0, 3);
    assert_int_equal(gt_map(w, 0, 1, 61, GNTMAP_device_map, 0, &h, &bus), GNTST_okay);
    assert_int_equal(gt_map(w, 0, 1, 62, GNTMAP_device_map | GNTMAP_readonly, 0, &h, &bus),
                     GNTST_okay);
    kill_domain(w->dom[0]);
    assert_int_equal(flags_of(1, 61), GTF_permit_access);
    assert_int_equal(flags_of(1, 62), GTF_permit_access | GTF_readonly);
    assert_int_equal(mfn_to_page(w->frame[1][2])->count, 1);
    assert_int_equal(w->dom[1]->grant_table->nr_pinned, 0);
    assert_true(w->dom[0]->grant_table->freed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_query_size_initial),
        T(test_setup_table_grows),
        T(test_setup_table_refusals),
        T(test_versions),
        T(test_status_frames_v1),
        T(test_dispatch),
        T(test_bad_array_pointer),
        T(test_device_map_rw),
        T(test_device_map_ro_then_rw),
        T(test_map_refusals),
        T(test_map_page_table_writable),
        T(test_host_map_by_pte),
        T(test_colliding_frames_gstage),
        T(test_unmap_refusals),
        T(test_pinned_entry_ignores_flips),
        T(test_maptrack_exhaustion),
        T(test_self_map_and_swap),
        T(test_copy_between_domains),
        T(test_copy_refusals),
        T(test_copy_while_mapped_keeps_flags),
        T(test_copy_batch_continues),
        T(test_batch_fault_midway),
        T(test_copy_overlapping_same_grant),
        T(test_stats),
        T(test_dying_table_refuses),
        T(test_granter_dies_while_mapped),
        T(test_mapper_dies),
#undef T
    };

    host_log_quiet = true;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
