/*
 * mm/memory_op.c on the host, over the mm model (mm_model.h): a domU d1
 * with 64 pages of headroom and a privileged d0.  Guest memory is a host
 * buffer that the host arch shows the handlers at HOST_GUEST_VA (an Sv39
 * address), where the tests put the reservation structures and extent
 * lists.  The preemption check is
 * scripted; continuations are re-issued as the arch layer would.  After
 * every test the type-system invariants hold exactly and every frame a
 * domain gave back is out of its G-stage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mm_model.h"
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/memory.h>

#define GUEST_LEN (64 * 1024)

static struct mm_model mm;
static struct domain *d0, *d1;
static struct vcpu *v0, *v1;
static uint8_t guest[GUEST_LEN] __attribute__((aligned(4096)));
static unsigned int preempt_after = 1000000, checks;

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (mm.d[i]->domain_id == id)
            return mm.d[i];
    return NULL;
}

s_time_t NOW(void)
{
    return 0;
}

bool hypercall_preempt_check(s_time_t start)
{
    return ++checks > preempt_after;
}

struct gmem {
    struct xen_memory_reservation r;
    xen_pfn_t list[512];
    domid_t domid;
};

static struct gmem *g(void)
{
    return (struct gmem *)guest;
}

static uint64_t gva(const void *p)
{
    return host_guest_va(p);
}

static int setup(void **state)
{
    memset(guest, 0, GUEST_LEN);
    host_guest_window(guest, GUEST_LEN);
    mm_model_init(&mm, 1024);
    mm_model_domain(&mm, 0, true, 16);
    mm_model_domain(&mm, 1, false, 64);
    d0 = mm.d[0];
    d1 = mm.d[1];
    v0 = mm.v[0];
    v1 = mm.v[1];
    preempt_after = 1000000;
    return 0;
}

static void check_invariants_exact(void)
{
    char why[200] = "";

    assert_int_equal(mm_model_check(&mm, true, why, sizeof(why)), 0);
}

static int teardown(void **state)
{
    check_invariants_exact();
    mm_model_free(&mm);
    return 0;
}

/* Issue memory_op(cmd, arg) as curr until no continuation is asked for. */
static long memop(struct vcpu *curr, unsigned long cmd, uint64_t arg, unsigned int *issues)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, arg };
    unsigned int n = 0;
    long rc;

    do {
        checks = 0;
        rc = do_memory_op(curr, args);
        n++;
    } while (rc == -ERESTART && n < 10000);
    if (issues)
        *issues = n;
    return rc;
}

static long reserve(struct vcpu *curr, unsigned int op, unsigned long nr, unsigned int order,
                    domid_t domid)
{
    g()->r = (struct xen_memory_reservation){ .extent_start = gva(g()->list),
                                              .nr_extents = nr, .extent_order = order,
                                              .domid = domid };
    return memop(curr, op, gva(&g()->r), NULL);
}

static void increase_then_decrease(void **state)
{
    uint64_t free0 = page_alloc_free_pages(), tot0 = d1->tot_pages;

    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 8, 0, DOMID_SELF), 8);
    assert_int_equal(d1->tot_pages, tot0 + 8);
    for (unsigned int i = 0; i < 8; i++) {
        struct page_info *pg = mfn_to_page(_mfn(g()->list[i]));

        assert_ptr_equal(pg->owner, d1);
        assert_int_equal(host_gstage(d1, _mfn(g()->list[i])), 1);   /* writable */
    }
    assert_int_equal(reserve(v1, XENMEM_decrease_reservation, 8, 0, DOMID_SELF), 8);
    assert_int_equal(d1->tot_pages, tot0);
    assert_int_equal(page_alloc_free_pages(), free0);
    for (unsigned int i = 0; i < 8; i++)
        assert_int_equal(host_gstage(d1, _mfn(g()->list[i])), -1);  /* gone */
    /* Given back again: refused, nothing changes. */
    assert_int_equal(reserve(v1, XENMEM_decrease_reservation, 1, 0, DOMID_SELF), 0);
}

/* A frame still referenced (as a mapping would) stays alive and in the
 * G-stage after decrease; the last put frees it and unmaps it. */
static void decrease_of_a_used_frame(void **state)
{
    uint64_t tot0 = d1->tot_pages;
    struct page_info *pg;
    mfn_t m;

    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 1, 0, DOMID_SELF), 1);
    m = _mfn(g()->list[0]);
    pg = mfn_to_page(m);
    assert_true(get_page(pg, d1));                  /* "mapped" */
    assert_int_equal(reserve(v1, XENMEM_decrease_reservation, 1, 0, DOMID_SELF), 1);
    assert_int_equal(d1->tot_pages, tot0 + 1);
    assert_false(pg->flags & PGC_allocated);
    assert_int_equal(host_gstage(d1, m), 1);
    put_page(pg);                                   /* "unmapped" */
    assert_int_equal(d1->tot_pages, tot0);
    assert_int_equal(host_gstage(d1, m), -1);
}

/* max_pages, the order limit, foreign targets. */
static void limits(void **state)
{
    uint64_t tot0 = d1->tot_pages, room = d1->max_pages - d1->tot_pages;

    assert_int_equal(reserve(v1, XENMEM_increase_reservation, room + 5, 0, DOMID_SELF), room);
    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 1, 0, DOMID_SELF), 0);
    assert_int_equal(reserve(v1, XENMEM_decrease_reservation, room, 0, DOMID_SELF), room);
    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 1, 10, DOMID_SELF), 0);
    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 1, 0, 0), 0);    /* foreign */
    assert_int_equal(reserve(v1, XENMEM_increase_reservation, 1, 0, 7), 0);    /* none */
    assert_int_equal(d1->tot_pages, tot0);
    /* The control domain may act on d1. */
    assert_int_equal(reserve(v0, XENMEM_increase_reservation, 2, 0, 1), 2);
    assert_ptr_equal(mfn_to_page(_mfn(g()->list[1]))->owner, d1);
    assert_int_equal(reserve(v0, XENMEM_decrease_reservation, 2, 0, 1), 2);
    assert_int_equal(d1->tot_pages, tot0);
}

/* A preempted request continues from cmd's extent field to the full count. */
static void continuation(void **state)
{
    unsigned long args[HYPERCALL_NR_ARGS];
    unsigned int issues;
    uint64_t tot0 = d1->tot_pages;

    preempt_after = 3;      /* 4 extents per issue */
    g()->r = (struct xen_memory_reservation){ .extent_start = gva(g()->list),
                                              .nr_extents = 10, .domid = DOMID_SELF };
    args[0] = XENMEM_increase_reservation;
    args[1] = gva(&g()->r);
    checks = 0;
    assert_int_equal(do_memory_op(v1, args), -ERESTART);
    assert_int_equal(args[0], XENMEM_increase_reservation | (4 << MEMOP_EXTENT_SHIFT));
    assert_int_equal(memop(v1, args[0], args[1], &issues), 10);
    assert_int_equal(issues, 2);
    assert_int_equal(d1->tot_pages, tot0 + 10);
    assert_int_equal(memop(v1, XENMEM_decrease_reservation, gva(&g()->r), &issues), 10);
    assert_int_equal(issues, 3);
    assert_int_equal(d1->tot_pages, tot0);
}

/* populate_physmap records the pfns in the M2P and returns the MFNs. */
static void populate_sets_m2p(void **state)
{
    g()->list[0] = 100;
    g()->list[1] = 200;
    assert_int_equal(reserve(v1, XENMEM_populate_physmap, 2, 1, DOMID_SELF), 2);
    for (unsigned int i = 0; i < 2; i++) {
        mfn_t m = _mfn(g()->list[i]);

        assert_int_equal(mfn_x(m) & 1, 0);
        assert_int_equal(m2p_get(m), 100 * (i + 1));
        assert_int_equal(m2p_get(_mfn(mfn_x(m) + 1)), 100 * (i + 1) + 1);
    }
    assert_int_equal(reserve(v1, XENMEM_decrease_reservation, 2, 1, DOMID_SELF), 2);
}

/* Frames that are not d1's: xenheap (shared_info), d0's, free, outside RAM. */
static void decrease_refusals(void **state)
{
    mfn_t d0_frame = mm_model_frame(d0);
    uint64_t tot0 = d0->tot_pages;
    xen_pfn_t bad[] = { mfn_x(d1->shared_info_mfn), mfn_x(d0_frame),
                        frame_table_base_mfn + frame_table_nr - 1, 0x10000, ~0ULL };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        g()->list[0] = bad[i];
        g()->r = (struct xen_memory_reservation){ .extent_start = gva(g()->list),
                                                  .nr_extents = 1, .domid = DOMID_SELF };
        assert_int_equal(memop(v1, XENMEM_decrease_reservation, gva(&g()->r), NULL), 0);
    }
    assert_int_equal(d0->tot_pages, tot0);
    assert_true(mfn_to_page(d0_frame)->flags & PGC_allocated);
    free_domheap_pages(d0_frame, 0);
}

static void queries(void **state)
{
    g()->domid = DOMID_SELF;
    assert_int_equal(memop(v1, XENMEM_current_reservation, gva(&g()->domid), NULL),
                     d1->tot_pages);
    assert_int_equal(memop(v1, XENMEM_maximum_reservation, gva(&g()->domid), NULL), 64);
    g()->domid = 0;
    assert_int_equal(memop(v1, XENMEM_current_reservation, gva(&g()->domid), NULL), -EPERM);
    assert_int_equal(memop(v0, XENMEM_maximum_reservation, gva(&g()->domid), NULL), 16);
    g()->domid = 9;
    assert_int_equal(memop(v0, XENMEM_current_reservation, gva(&g()->domid), NULL), -ESRCH);
    assert_int_equal(memop(v1, XENMEM_current_reservation, gva(guest) + GUEST_LEN, NULL),
                     -EFAULT);
    assert_int_equal(memop(v1, XENMEM_maximum_ram_page | (1 << MEMOP_EXTENT_SHIFT), 0, NULL),
                     -EINVAL);
    assert_int_equal(memop(v1, XENMEM_maximum_ram_page, 0, NULL),
                     frame_table_base_mfn + frame_table_nr);
    assert_int_equal(memop(v1, 50, 0, NULL), -ENOSYS);
}

static void machphys(void **state)
{
    struct xen_machphys_mfn_list *l = (void *)guest;
    struct xen_machphys_mapping *map = (void *)(guest + 64);
    xen_pfn_t *out = (xen_pfn_t *)(guest + 4096);

    *l = (struct xen_machphys_mfn_list){ .max_extents = 4, .extent_start = gva(out) };
    assert_int_equal(memop(v1, XENMEM_machphys_mfn_list, gva(l), NULL), 0);
    assert_int_equal(l->nr_extents, MIN(4, m2p_nr_frames()));
    assert_int_equal(out[0], mfn_x(m2p_first_mfn()));
    assert_int_equal(memop(v1, XENMEM_machphys_mapping, gva(map), NULL), 0);
    assert_int_equal(map->max_mfn, frame_table_base_mfn + frame_table_nr - 1);
    assert_int_equal(map->v_end - map->v_start, frame_table_nr * 8);
    assert_int_equal((map->v_start - MACH2PHYS_VIRT_START) / 8, frame_table_base_mfn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(increase_then_decrease, setup, teardown),
        cmocka_unit_test_setup_teardown(decrease_of_a_used_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(limits, setup, teardown),
        cmocka_unit_test_setup_teardown(continuation, setup, teardown),
        cmocka_unit_test_setup_teardown(populate_sets_m2p, setup, teardown),
        cmocka_unit_test_setup_teardown(decrease_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(queries, setup, teardown),
        cmocka_unit_test_setup_teardown(machphys, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
