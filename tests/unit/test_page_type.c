/*
 * The frame type system, the Sv39 PTE rules and the page-table hypercalls
 * (mm/page_type.c, pte_rules.c, pt_ops.c, mmu_update.c, mmuext_op.c,
 * update_va_mapping.c) on the host machine model of tests/unit/mm_model.h.
 *
 * After nearly every step the whole-machine invariants (check_invariants,
 * exact mode) are asserted, so each test checks not only the result it
 * names but that every count still balances and that no page table is
 * writable anywhere.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/hypercall.h>
#include <public/xen.h>
#include "mm_model.h"

#define RAM_PAGES 2048ULL

static struct mm_model mm;
static struct {
    struct mmu_update req[64];
    struct mmuext_op op[8];
    unsigned int done;
    unsigned long mask;
} guest;
static struct domain *d0, *d1;     /* d0 privileged */
static struct vcpu *v0, *v1;

/* The hypercall handlers look foreign domains up by id. */
struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (mm.d[i]->domain_id == id)
            return mm.d[i];
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    mm_model_init(&mm, RAM_PAGES);
    mm_model_domain(&mm, 0, true, 512);
    mm_model_domain(&mm, 1, false, 1024);
    d0 = mm.d[0];
    d1 = mm.d[1];
    v0 = mm.v[0];
    v1 = mm.v[1];
    host_log_quiet = true;
    host_guest_window(&guest, sizeof(guest));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    host_guest_window(NULL, 0);
    mm_model_free(&mm);
    return 0;
}

#define CHECK()                                                         \
    do {                                                                \
        char why_[160];                                                 \
        int rc_ = mm_model_check(&mm, true, why_, sizeof(why_));        \
        if (rc_)                                                        \
            fail_msg("invariant broken: %s", why_);                     \
    } while (0)

static struct page_info *pg(mfn_t m) { return mfn_to_page(m); }

/* As the hypercall does: the pin, then the drain of what it released. */
static int pin(struct domain *d, mfn_t m, unsigned int level)
{
    int rc, drained;

    MM_RUN(rc, mm_pin(d, m, level, &b_));
    MM_RUN(drained, mm_drain(d, &b_));
    assert_int_equal(drained, 0);
    return rc;
}

static int unpin(struct domain *d, mfn_t m)
{
    int rc;

    spin_lock(&mm_lock);
    rc = mm_unpin(d, m);
    spin_unlock(&mm_lock);
    if (!rc)
        MM_RUN(rc, mm_drain(d, &b_));
    return rc;
}

static int update(struct domain *pt, struct domain *fd, paddr_t ma, pte_t val)
{
    int rc;

    MM_RUN(rc, mm_update_pte(pt, fd, ma, val, false, &b_));
    if (!rc)
        MM_RUN(rc, mm_drain(pt, &b_));
    return rc;
}

/* A leaf table of d mapping n fresh frames of d (writable when w). */
static mfn_t leaf_table(struct domain *d, unsigned int n, bool w, mfn_t *targets)
{
    mfn_t t = mm_model_frame(d);

    for (unsigned int i = 0; i < n; i++) {
        mfn_t f = mm_model_frame(d);

        if (targets)
            targets[i] = f;
        mm_model_table(t)[i] = mm_leaf(f, PTE_R | (w ? PTE_W : 0));
    }
    return t;
}

/* Root -> one middle table -> `leaves` leaf tables with `per` leaves each. */
static mfn_t tree(struct domain *d, unsigned int leaves, unsigned int per)
{
    mfn_t root = mm_model_frame(d), mid = mm_model_frame(d);

    mm_model_table(root)[0] = mm_next(mid);
    for (unsigned int i = 0; i < leaves; i++)
        mm_model_table(mid)[i] = mm_next(leaf_table(d, per, true, NULL));
    return root;
}

/* ---- the PTE rules ---- */

static void test_pte_rules_refusals(void **state)
{
    const pte_t base = maddr_to_pte(MM_RAM_BASE, PTE_V | PTE_R);
    pte_t out;

    (void)state;
    for (unsigned int bit = 54; bit <= 60; bit++)
        assert_int_equal(pte_check(base | (1UL << bit), 0, &out), -EINVAL);
    assert_int_equal(pte_check(base | PTE_N, 0, &out), -EINVAL);
    for (unsigned long pbmt = 1; pbmt <= 3; pbmt++)
        assert_int_equal(pte_check(base | (pbmt << 61), 0, &out), -EINVAL);
    assert_int_equal(pte_check(base | PTE_GNTTAB, 0, &out), -EINVAL);
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_W, 0, &out), -EINVAL);
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_W | PTE_X, 0, &out), -EINVAL);
    assert_int_equal(pte_check(base, 1, &out), -EINVAL);             /* 2 MiB leaf */
    assert_int_equal(pte_check(base, 2, &out), -EINVAL);             /* 1 GiB leaf */
    assert_int_equal(pte_check(base & ~PTE_R, 0, &out), -EINVAL);    /* next table at level 0 */
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_A, 1, &out), -EINVAL);
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_D, 1, &out), -EINVAL);
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_U, 2, &out), -EINVAL);
}

static void test_pte_rules_accepted(void **state)
{
    const pte_t base = maddr_to_pte(MM_RAM_BASE, PTE_V | PTE_R);
    pte_t out;

    (void)state;
    assert_int_equal(pte_check(base, 0, &out), 0);
    assert_int_equal(out, base | PTE_A);                             /* A forced */
    assert_int_equal(pte_check(base | PTE_W, 0, &out), 0);
    assert_int_equal(out, base | PTE_W | PTE_A | PTE_D);             /* and D if writable */
    assert_int_equal(pte_check(base | PTE_X | PTE_U | PTE_G | PTE_RSW0, 0, &out), 0);
    assert_int_equal(pte_check((base & ~PTE_R) | PTE_G, 1, &out), 0);
    assert_int_equal(out, (base & ~PTE_R) | PTE_G);                  /* non-leaf untouched */
    /* An invalid entry is never looked at. */
    assert_int_equal(pte_check(~PTE_V, 0, &out), 0);
    assert_int_equal(out, ~PTE_V);
    assert_true(sv39_va_canonical(0x3fffffffffUL));
    assert_true(sv39_va_canonical(0xffffffc000000000UL));
    assert_false(sv39_va_canonical(0x4000000000UL));
    assert_false(sv39_va_canonical(0x8000000000000000UL));
}

/* ---- references and types ---- */

static void test_get_page_rules(void **state)
{
    mfn_t m = mm_model_frame(d1);

    (void)state;
    assert_true(get_page(pg(m), d1));
    assert_int_equal(pg(m)->count, 2);
    assert_false(get_page(pg(m), d0));                /* not the owner */
    assert_false(get_page(pg(m), NULL));
    put_page(pg(m));
    arch_gstage_unmap(d1, m);
    free_domheap_pages(m, 0);
    assert_false(get_page(pg(m), d1));                /* freed */
    CHECK();
}

static void test_pin_empty_tables_each_level(void **state)
{
    (void)state;
    for (unsigned int level = 0; level < PT_LEVELS; level++) {
        mfn_t t = mm_model_frame(d1);

        assert_int_equal(pin(d1, t, level), 0);
        assert_int_equal(pg(t)->type, pgt_of_level(level));
        assert_int_equal(pg(t)->type_count, 1);
        assert_true(pg(t)->flags & PGT_pinned);
        assert_true(pg(t)->flags & PGT_validated);
        assert_int_equal(host_gstage(d1, t), 0);         /* read-only for the guest */
        CHECK();
        assert_int_equal(unpin(d1, t), 0);
        assert_int_equal(pg(t)->type, PGT_none);
        assert_int_equal(pg(t)->type_count, 0);
        assert_int_equal(pg(t)->count, 1);
        assert_int_equal(host_gstage(d1, t), 1);         /* writable again */
        CHECK();
    }
}

static void test_pin_refusals(void **state)
{
    mfn_t t = mm_model_frame(d1), other = mm_model_frame(d0);

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    assert_int_equal(pin(d1, t, 0), -EINVAL);              /* double pin */
    assert_int_equal(pin(d1, t, 1), -EINVAL);              /* pinned as another level */
    assert_int_equal(pin(d1, other, 0), -EINVAL);          /* another domain's frame */
    assert_int_equal(pin(d1, d1->shared_info_mfn, 0), -EINVAL);
    assert_int_equal(pin(d1, _mfn(1), 0), -EINVAL);        /* not RAM */
    assert_int_equal(pin(d1, _mfn(~0ULL), 0), -EINVAL);
    assert_int_equal(pin(d1, _mfn((MM_RAM_BASE >> PAGE_SHIFT) + RAM_PAGES), 0), -EINVAL);
    assert_int_equal(pin(d1, m2p_first_mfn(), 0), -EINVAL);
    assert_int_equal(pin(d1, mm_model_frame(d1), 3), -EINVAL);   /* no fourth level */
    assert_int_equal(unpin(d1, other), -EINVAL);
    assert_int_equal(unpin(d1, mm_model_frame(d1)), -EINVAL);    /* not pinned */
    CHECK();
    assert_int_equal(unpin(d1, t), 0);
    assert_int_equal(unpin(d1, t), -EINVAL);               /* twice */
    CHECK();
}

static void test_leaf_references(void **state)
{
    mfn_t targets[8];
    mfn_t t = leaf_table(d1, 8, true, targets);

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    for (unsigned int i = 0; i < 8; i++) {
        assert_int_equal(pg(targets[i])->type, PGT_writable);
        assert_int_equal(pg(targets[i])->type_count, 1);
        assert_int_equal(pg(targets[i])->count, 2);
        assert_int_equal(pin(d1, targets[i], 0), -EINVAL);   /* writable: never a table */
    }
    assert_true(mm_model_table(t)[0] & PTE_A);
    assert_true(mm_model_table(t)[0] & PTE_D);
    CHECK();
    assert_int_equal(unpin(d1, t), 0);
    for (unsigned int i = 0; i < 8; i++) {
        assert_int_equal(pg(targets[i])->type_count, 0);
        assert_int_equal(pg(targets[i])->count, 1);
    }
    assert_int_equal(pin(d1, targets[0], 0), 0);           /* now it may become one */
    CHECK();
}

static void test_writable_self_map_refused(void **state)
{
    mfn_t t = mm_model_frame(d1);

    (void)state;
    mm_model_table(t)[3] = mm_leaf(t, PTE_R | PTE_W);
    assert_int_equal(pin(d1, t, 0), -EINVAL);
    assert_int_equal(pg(t)->type, PGT_none);
    assert_int_equal(pg(t)->count, 1);
    assert_int_equal(host_gstage(d1, t), 1);
    CHECK();
    mm_model_table(t)[3] = mm_leaf(t, PTE_R);              /* read-only: allowed */
    assert_int_equal(pin(d1, t, 0), 0);
    assert_int_equal(pg(t)->count, 3);                     /* allocation, pin, own leaf */
    CHECK();
    assert_int_equal(unpin(d1, t), 0);
    assert_int_equal(pg(t)->count, 1);
    CHECK();
}

/* XSA-58: a table whose last entry is bad is refused and every reference
 * the good entries took is given back. */
static void test_bad_last_entry_releases_all(void **state)
{
    mfn_t targets[511];
    mfn_t t = leaf_table(d1, 511, true, targets);

    (void)state;
    mm_model_table(t)[511] = mm_leaf(targets[0], PTE_R) | (1UL << 55);
    assert_int_equal(pin(d1, t, 0), -EINVAL);
    for (unsigned int i = 0; i < 511; i++) {
        assert_int_equal(pg(targets[i])->count, 1);
        assert_int_equal(pg(targets[i])->type_count, 0);
    }
    assert_int_equal(pg(t)->type, PGT_none);
    CHECK();
}

static void test_leaf_targets(void **state)
{
    mfn_t t = mm_model_frame(d1), mine = mm_model_frame(d1), theirs = mm_model_frame(d0);
    mfn_t xen = alloc_xenheap_pages(0), mmio = _mfn(0x10001);

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 0), mm_leaf(mine, PTE_R | PTE_W)), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 1), mm_leaf(theirs, PTE_R)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(t, 1), mm_leaf(xen, PTE_R)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(t, 1), mm_leaf(mmio, PTE_R | PTE_W)), -EPERM);
    assert_int_equal(update(d1, d1, mm_slot(t, 1), mm_leaf(m2p_first_mfn(), PTE_R | PTE_W)),
                     -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(t, 1), mm_leaf(m2p_first_mfn(), PTE_R)), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 2), mm_leaf(d1->shared_info_mfn, PTE_R | PTE_W)),
                     0);
    assert_int_equal(update(d1, d1, mm_slot(t, 3), mm_leaf(d0->shared_info_mfn, PTE_R)), -EINVAL);
    assert_int_equal(pg(d1->shared_info_mfn)->count, 2);
    assert_int_equal(iomem_permit(d1, 0x10001, 1), 0);
    assert_int_equal(iomem_permit(d1, MM_RAM_BASE >> PAGE_SHIFT, 1), -EINVAL);   /* RAM */
    assert_int_equal(update(d1, d1, mm_slot(t, 4), mm_leaf(mmio, PTE_R | PTE_W)), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 5), mm_leaf(_mfn(0x10002), PTE_R)), -EPERM);
    CHECK();
    assert_int_equal(unpin(d1, t), 0);
    assert_int_equal(pg(d1->shared_info_mfn)->count, 1);
    assert_int_equal(pg(mine)->type_count, 0);
    CHECK();
}

static void test_privileged_foreign_leaf(void **state)
{
    mfn_t t = mm_model_frame(d0), theirs = mm_model_frame(d1);

    (void)state;
    assert_int_equal(pin(d0, t, 0), 0);
    assert_int_equal(update(d0, d0, mm_slot(t, 0), mm_leaf(theirs, PTE_R | PTE_W)), -EINVAL);
    assert_int_equal(update(d0, d1, mm_slot(t, 0), mm_leaf(theirs, PTE_R | PTE_W)), 0);
    assert_int_equal(pg(theirs)->type_count, 1);
    assert_int_equal(host_gstage(d0, theirs), 1);           /* the mapper's G-stage follows */
    CHECK();
    assert_int_equal(update(d0, d1, mm_slot(t, 1), mm_leaf(theirs, PTE_R)), 0);
    assert_int_equal(update(d0, d1, mm_slot(t, 0), 0), 0);  /* RW leaf gone: read-only */
    assert_int_equal(host_gstage(d0, theirs), 0);
    CHECK();
    assert_int_equal(update(d0, d1, mm_slot(t, 1), 0), 0);  /* last leaf gone: unmapped */
    assert_int_equal(host_gstage(d0, theirs), -1);
    assert_int_equal(update(d0, d1, mm_slot(t, 0), mm_leaf(theirs, PTE_R | PTE_W)), 0);
    CHECK();
    assert_int_equal(pin(d1, theirs, 0), -EINVAL);          /* dom0 maps it writable */
    assert_int_equal(update(d0, d1, mm_slot(t, 0), 0), 0);
    assert_int_equal(host_gstage(d0, theirs), -1);
    assert_int_equal(pin(d1, theirs, 0), 0);
    CHECK();
}

static void test_non_leaf_rules(void **state)
{
    mfn_t root = mm_model_frame(d1), mid = mm_model_frame(d1), leaf = mm_model_frame(d1);

    (void)state;
    assert_int_equal(pin(d1, leaf, 0), 0);
    assert_int_equal(pin(d1, mid, 1), 0);
    assert_int_equal(pin(d1, root, 2), 0);
    /* Root entries must name a middle table, middle entries a leaf table. */
    assert_int_equal(update(d1, d1, mm_slot(root, 0), mm_next(leaf)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(root, 0), mm_next(root)), -EINVAL);   /* self-map */
    assert_int_equal(update(d1, d1, mm_slot(mid, 0), mm_next(mid)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(mid, 0), mm_next(mm_model_frame(d0))), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(leaf, 0), mm_next(leaf)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(root, 0), mm_next(mid)), 0);
    assert_int_equal(update(d1, d1, mm_slot(mid, 0), mm_next(leaf)), 0);
    assert_int_equal(pg(mid)->type_count, 2);
    assert_int_equal(pg(leaf)->type_count, 2);
    /* A writable alias of a page table, directly. */
    assert_int_equal(update(d1, d1, mm_slot(leaf, 0), mm_leaf(leaf, PTE_R | PTE_W)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(leaf, 0), mm_leaf(root, PTE_R | PTE_W)), -EINVAL);
    assert_int_equal(update(d1, d1, mm_slot(leaf, 0), mm_leaf(root, PTE_R)), 0);
    /* Making that read-only alias writable (XSA-182) is refused too. */
    assert_int_equal(update(d1, d1, mm_slot(leaf, 0), mm_leaf(root, PTE_R | PTE_W)), -EINVAL);
    CHECK();
    /* Foreign (PFD != FD) non-leaf entries are refused. */
    assert_int_equal(update(d1, d0, mm_slot(mid, 1), mm_next(leaf)), -EINVAL);
    CHECK();
}

static void test_update_replace_and_plain_write(void **state)
{
    mfn_t t = mm_model_frame(d1), a = mm_model_frame(d1), b = mm_model_frame(d1);
    mfn_t data = mm_model_frame(d1);

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 7), mm_leaf(a, PTE_R | PTE_W)), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 7), mm_leaf(b, PTE_R)), 0);
    assert_int_equal(pg(a)->count, 1);
    assert_int_equal(pg(a)->type_count, 0);
    assert_int_equal(pg(b)->count, 2);
    assert_int_equal(update(d1, d1, mm_slot(t, 7), mm_leaf(b, PTE_R)), 0);   /* same: no-op */
    assert_int_equal(pg(b)->count, 2);
    assert_int_equal(update(d1, d1, mm_slot(t, 7) | 4, 0), -EINVAL);        /* misaligned */
    assert_int_equal(update(d0, d0, mm_slot(t, 7), 0), -EINVAL);            /* not d0's */
    /* A frame that is no page table is written as it is. */
    assert_int_equal(update(d1, d1, mm_slot(data, 1), 0x1234), 0);
    assert_int_equal(mm_model_table(data)[1], 0x1234);
    assert_int_equal(pg(data)->type_count, 0);
    CHECK();
    assert_int_equal(update(d1, d1, mm_slot(t, 7), 0), 0);
    assert_int_equal(pg(b)->count, 1);
    CHECK();
}

static void test_baseptr(void **state)
{
    mfn_t r1 = tree(d1, 2, 4), r2 = tree(d1, 1, 1);
    int rc;

    (void)state;
    MM_RUN(rc, mm_new_baseptr(v1, r1, &b_));
    assert_int_equal(rc, -EINVAL);       /* children not validated: pin first */
    CHECK();
    assert_int_equal(pin(d1, r1, 2), 0);
    MM_RUN(rc, mm_new_baseptr(v1, r1, &b_));
    assert_int_equal(rc, 0);
    assert_int_equal(v1->arch.root_mfn, mfn_x(r1));
    assert_int_equal(pg(r1)->type_count, 2);
    assert_int_equal(unpin(d1, r1), 0);              /* still the base: stays valid */
    assert_true(pg(r1)->flags & PGT_validated);
    CHECK();
    assert_int_equal(pin(d1, r2, 2), 0);
    MM_RUN(rc, mm_new_baseptr(v1, r2, &b_));
    assert_int_equal(rc, 0);
    MM_RUN(rc, mm_drain(d1, &b_));
    assert_int_equal(pg(r1)->type, PGT_none);        /* the old root was released */
    MM_RUN(rc, mm_new_baseptr(v1, mm_model_frame(d0), &b_));
    assert_int_equal(rc, -EINVAL);
    MM_RUN(rc, mm_new_baseptr(v1, leaf_table(d1, 0, false, NULL), &b_));
    assert_int_equal(rc, 0);                          /* an empty table validates in place */
    CHECK();
}

/* ---- preemption ---- */

static void test_preempted_pin_completes(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    unsigned int restarts = 0;
    int rc;

    (void)state;
    mm_budget_units = 16;
    do {
        struct mm_budget b = mm_budget_start();

        spin_lock(&mm_lock);
        rc = mm_pin(d1, root, 2, &b);
        spin_unlock(&mm_lock);
        CHECK();
        restarts += rc == -ERESTART;
    } while (rc == -ERESTART);
    assert_int_equal(rc, 0);
    assert_true(restarts > 20);
    assert_true(pg(root)->flags & PGT_validated);
    CHECK();
    assert_int_equal(unpin(d1, root), 0);
    CHECK();
}

static unsigned int partial_pin(mfn_t root, unsigned int steps)
{
    unsigned int n = 0;
    int rc;

    mm_budget_units = 16;
    do {
        struct mm_budget b = mm_budget_start();

        spin_lock(&mm_lock);
        rc = mm_pin(d1, root, 2, &b);
        spin_unlock(&mm_lock);
    } while (rc == -ERESTART && ++n < steps);
    assert_int_equal(rc, -ERESTART);
    return n;
}

static void test_preempted_pin_then_unpin(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    uint64_t free_before;

    (void)state;
    for (unsigned int steps = 1; steps < 30; steps += 7) {
        partial_pin(root, steps);
        assert_true(pg(root)->flags & PGT_partial);
        CHECK();
        /* Nobody else may take the partial frame meanwhile. */
        spin_lock(&mm_lock);
        {
            struct mm_budget b = mm_budget_start();

            assert_int_equal(get_page_type(pg(root), PGT_writable, &b, false), -EINVAL);
            assert_int_equal(get_page_type(pg(root), PGT_l2_page_table, &b, false), -EINVAL);
        }
        spin_unlock(&mm_lock);
        free_before = page_alloc_free_pages();
        assert_int_equal(unpin(d1, root), 0);
        assert_int_equal(page_alloc_free_pages(), free_before);
        for (uint64_t i = 0; i < frame_table_nr; i++)
            if (frame_table[i].owner == d1 && !(frame_table[i].flags & PGC_xen_heap)) {
                assert_int_equal(frame_table[i].type_count, 0);
                assert_int_equal(frame_table[i].count, 1);
            }
        CHECK();
    }
}

static void test_preempted_pin_then_retype(void **state)
{
    mfn_t root = tree(d1, 4, 32);
    mfn_t mid = pte_to_mfn(mm_model_table(root)[0]);
    int rc;

    (void)state;
    partial_pin(root, 5);
    /* The middle table is partial on the root's behalf: not pinnable, not writable. */
    assert_int_equal(pin(d1, mid, 1), -EINVAL);
    assert_int_equal(pin(d1, root, 1), -EINVAL);
    CHECK();
    mm_budget_units = 16;
    MM_RUN(rc, mm_pin(d1, root, 2, &b_));           /* the pin comes back and finishes */
    assert_int_equal(rc, 0);
    CHECK();
}

static void test_preempted_pin_then_destroy(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    uint64_t free_before = page_alloc_free_pages();
    uint64_t owned = d1->tot_pages;
    int rc;

    (void)state;
    partial_pin(root, 9);
    MM_RUN(rc, mm_relinquish(d1, &b_));
    assert_int_equal(rc, 0);
    CHECK();
    relinquish_domain_pages(d1);
    assert_int_equal(d1->tot_pages, 0);
    assert_int_equal(page_alloc_free_pages(), free_before + owned);
}

static void test_deferred_release_is_bounded(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    unsigned int rounds = 0;
    int rc;

    (void)state;
    assert_int_equal(pin(d1, root, 2), 0);
    mm_budget_units = 32;
    spin_lock(&mm_lock);
    assert_int_equal(mm_unpin(d1, root), 0);
    do {
        struct mm_budget b = mm_budget_start();

        rc = mm_drain(d1, &b);
        rounds++;
    } while (rc == -ERESTART);
    spin_unlock(&mm_lock);
    assert_true(rounds > 8 * 64 / 32);
    CHECK();
    assert_int_equal(pg(root)->type, PGT_none);
}

/* Regression (fuzz_mmu): pinning a frame whose release is still under way
 * first finishes the release; while it does, the frame is not pinned and
 * holds no reference for the pin. */
static void test_pin_of_a_frame_being_released(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    uint32_t count;
    int rc;

    (void)state;
    assert_int_equal(pin(d1, root, 2), 0);
    spin_lock(&mm_lock);
    assert_int_equal(mm_unpin(d1, root), 0);      /* released lazily: deferred */
    spin_unlock(&mm_lock);
    assert_true(pg(root)->flags & PGT_deferred);
    count = pg(root)->count;
    mm_budget_units = 16;
    spin_lock(&mm_lock);
    {
        struct mm_budget b = mm_budget_start();

        assert_int_equal(mm_pin(d1, root, 2, &b), -ERESTART);
    }
    spin_unlock(&mm_lock);
    assert_false(pg(root)->flags & PGT_pinned);
    assert_int_equal(pg(root)->count, count);
    CHECK();
    MM_RUN(rc, mm_pin(d1, root, 2, &b_));
    assert_int_equal(rc, 0);
    assert_true(pg(root)->flags & PGT_pinned);
    assert_true(pg(root)->flags & PGT_validated);
    CHECK();
}

/* ---- grant entry points ---- */

static void test_grant_leaf(void **state)
{
    mfn_t t = mm_model_frame(d1), granted = mm_model_frame(d0);
    struct mm_budget b = mm_budget_start();

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    spin_lock(&mm_lock);
    assert_true(get_page(pg(granted), d0));
    assert_int_equal(get_page_type(pg(granted), PGT_writable, &b, false), 0);
    arch_gstage_map(d1, granted, true);
    assert_int_equal(mm_grant_install_leaf(d1, mm_slot(t, 9), granted, true), 0);
    assert_int_equal(mm_grant_install_leaf(d1, mm_slot(t, 9), granted, true), -EINVAL);
    assert_int_equal(mm_grant_install_leaf(d1, mm_slot(granted, 9), granted, true), -EINVAL);
    spin_unlock(&mm_lock);
    assert_int_equal(update(d1, d1, mm_slot(t, 9), 0), -EINVAL);   /* only through the grant */
    {
        char why[160];

        assert_int_equal(mm_model_check(&mm, false, why, sizeof(why)), 0);
    }
    spin_lock(&mm_lock);
    assert_int_equal(mm_grant_remove_leaf(d1, mm_slot(t, 9), t), -EINVAL);
    assert_int_equal(mm_grant_remove_leaf(d1, mm_slot(t, 9), granted), 0);
    assert_int_equal(mm_grant_remove_leaf(d1, mm_slot(t, 9), granted), -EINVAL);
    spin_unlock(&mm_lock);
    {
        char why[160];

        assert_int_equal(mm_model_check(&mm, false, why, sizeof(why)), 0);   /* grant held */
    }
    /* The guest drops the table while the grant is mapped: the grant can
     * still be removed, and its references returned. */
    spin_lock(&mm_lock);
    assert_int_equal(mm_grant_install_leaf(d1, mm_slot(t, 10), granted, true), 0);
    spin_unlock(&mm_lock);
    assert_int_equal(unpin(d1, t), 0);
    assert_int_equal(pg(t)->type, PGT_none);
    spin_lock(&mm_lock);
    assert_int_equal(mm_grant_remove_leaf(d1, mm_slot(t, 10) | 4, granted), -EINVAL);
    assert_int_equal(mm_grant_remove_leaf(d0, mm_slot(t, 10), granted), -EINVAL);  /* not d0's */
    assert_int_equal(mm_grant_remove_leaf(d1, mm_slot(t, 10), granted), 0);
    assert_int_equal(mm_model_table(t)[10], 0);
    put_page_and_type(pg(granted));
    spin_unlock(&mm_lock);
    assert_int_equal(pin(d1, t, 0), 0);             /* a clean table again */
    arch_gstage_unmap(d1, granted);
    CHECK();
}

/* ---- hypercalls ---- */


static long hcall(long (*fn)(struct vcpu *, unsigned long[]), struct vcpu *v, unsigned long a0,
                  unsigned long a1, unsigned long a2, unsigned long a3)
{
    unsigned long args[5] = { a0, a1, a2, a3, 0 };
    long rc;
    unsigned int n = 0;

    host_guest_window(&guest, sizeof(guest));
    do
        rc = fn(v, args);
    while (rc == -ERESTART && ++n < 100000);
    return rc;
}

/* Guest address of a field of `guest` (the window hcall() installs). */
#define PTR(x) ((unsigned long)host_guest_va(x))

static void test_mmu_update_batch(void **state)
{
    mfn_t t = mm_model_frame(d1), f[4];

    (void)state;
    for (unsigned int i = 0; i < 4; i++)
        f[i] = mm_model_frame(d1);
    assert_int_equal(pin(d1, t, 0), 0);
    guest.req[0] = (struct mmu_update){ mm_slot(t, 0), mm_leaf(f[0], PTE_R | PTE_W) };
    guest.req[1] = (struct mmu_update){ mm_slot(t, 1) | MMU_PT_UPDATE_PRESERVE_AD,
                                        mm_leaf(f[1], PTE_R) };
    guest.req[2] = (struct mmu_update){ mm_slot(t, 2), mm_leaf(t, PTE_R | PTE_W) };   /* bad */
    guest.req[3] = (struct mmu_update){ mm_slot(t, 3), mm_leaf(f[3], PTE_R) };
    guest.done = 99;
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 4, PTR(&guest.done), DOMID_SELF),
                     -EINVAL);
    assert_int_equal(guest.done, 2);                       /* stopped at the bad one */
    assert_true(mm_model_table(t)[1] & PTE_V);
    assert_false(mm_model_table(t)[3] & PTE_V);
    guest.req[0].ptr = mm_slot(t, 5) | 3;                  /* NO_TRANSLATE: as NORMAL */
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, PTR(&guest.done), DOMID_SELF),
                     0);
    CHECK();
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), 0);
    assert_int_equal(hcall(do_mmu_update, v1, 0x10, 1, PTR(&guest.done), DOMID_SELF), -EFAULT);
    assert_int_equal(guest.done, 0);
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, 0), -EPERM);   /* dom0 */
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, 1u << 16), -EPERM);
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, 7), -ESRCH);  /* first */
    assert_int_equal(hcall(do_mmu_update, v0, PTR(guest.req), 1, 0, 7), -ESRCH);
    /* ptr & 7 is the command, as on Xen: 4..7 are unknown. */
    for (unsigned int cmd = 4; cmd < 8; cmd++) {
        guest.req[1] = (struct mmu_update){ mm_slot(t, 8) | cmd, 0 };
        assert_int_equal(hcall(do_mmu_update, v1, PTR(&guest.req[1]), 1, PTR(&guest.done),
                               DOMID_SELF), -ENOSYS);
        assert_int_equal(guest.done, 0);
    }
    /* A count that runs past the canonical half fails before any request. */
    guest.req[0] = (struct mmu_update){ mm_slot(t, 9), mm_leaf(f[3], PTE_R) };
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 0x7fffffff, 0, DOMID_SELF),
                     -ENOSYS);     /* addressable: req[0] applies, req[1] (cmd 7) stops it */
    assert_true(mm_model_table(t)[9] & PTE_V);
    assert_int_equal(hcall(do_mmu_update, v1, (1UL << 38) - 32, 3, 0, DOMID_SELF), -EFAULT);
    assert_int_equal(hcall(do_mmuext_op, v1, (1UL << 38) - 24, 2, 0, DOMID_SELF), -EFAULT);
    assert_int_equal(hcall(do_mmu_update, v0, PTR(guest.req), 1, 0, 7u << 16), -ESRCH);
    assert_int_equal(hcall(do_mmu_update, v0, PTR(guest.req), 0, 0, DOMID_IO), -ESRCH);
    /* dom0 updating d1's table (PFD = d1 + 1) with d1's frames. */
    guest.req[0] = (struct mmu_update){ mm_slot(t, 6), mm_leaf(f[2], PTE_R) };
    assert_int_equal(hcall(do_mmu_update, v0, PTR(guest.req), 1, 0, 1 | (2u << 16)), 0);
    CHECK();
}

static void test_mmu_update_machphys(void **state)
{
    mfn_t f = mm_model_frame(d1), g = mm_model_frame(d0);

    (void)state;
    guest.req[0] = (struct mmu_update){ mfn_to_maddr(f) | MMU_MACHPHYS_UPDATE, 42 };
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), 0);
    assert_int_equal(m2p_get(f), 42);
    guest.req[0] = (struct mmu_update){ mfn_to_maddr(g) | MMU_MACHPHYS_UPDATE, 43 };
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), -EINVAL);
    guest.req[0] = (struct mmu_update){ mfn_to_maddr(f) | MMU_MACHPHYS_UPDATE, 44 };
    assert_int_equal(hcall(do_mmu_update, v0, PTR(guest.req), 1, 0, 1), -EPERM);
    guest.req[0].ptr = mfn_to_maddr(d1->shared_info_mfn) | MMU_MACHPHYS_UPDATE;
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), -EINVAL);
    guest.req[0].ptr = 0x1000 | MMU_MACHPHYS_UPDATE;
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), -EINVAL);
    assert_int_equal(m2p_get(f), 42);
    /* XSA-113: many failing updates leak nothing. */
    for (unsigned int i = 0; i < 1000; i++) {
        guest.req[0] = (struct mmu_update){ mfn_to_maddr(g) | MMU_MACHPHYS_UPDATE, i };
        hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF);
    }
    assert_int_equal(pg(g)->count, 1);
    CHECK();
}

static void test_mmu_update_preempted_batch(void **state)
{
    mfn_t t = mm_model_frame(d1);
    unsigned long args[5];
    unsigned int restarts = 0;
    long rc;

    (void)state;
    assert_int_equal(pin(d1, t, 0), 0);
    for (unsigned int i = 0; i < 64; i++)
        guest.req[i] = (struct mmu_update){ mm_slot(t, i), mm_leaf(mm_model_frame(d1), PTE_R) };
    mm_budget_units = 5;
    host_guest_window(&guest, sizeof(guest));
    args[0] = PTR(guest.req); args[1] = 64; args[2] = PTR(&guest.done); args[3] = DOMID_SELF;
    while ((rc = do_mmu_update(v1, args)) == -ERESTART) {
        assert_true(args[1] & MMU_UPDATE_PREEMPTED);
        restarts++;
        CHECK();
    }
    assert_int_equal(rc, 0);
    assert_int_equal(guest.done, 64);
    assert_true(restarts >= 10);
    CHECK();
}

static void test_mmuext_ops(void **state)
{
    mfn_t t = mm_model_frame(d1), a = mm_model_frame(d1), b = mm_model_frame(d1);

    (void)state;
    memset(mfn_to_virt(b), 0x5a, PAGE_SIZE);
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L1_TABLE, .arg1.mfn = mfn_x(t) };
    guest.op[1] = (struct mmuext_op){ .cmd = MMUEXT_COPY_PAGE, .arg1.mfn = mfn_x(a),
                                      .arg2.src_mfn = mfn_x(b) };
    guest.op[2] = (struct mmuext_op){ .cmd = MMUEXT_CLEAR_PAGE, .arg1.mfn = mfn_x(b) };
    guest.op[3] = (struct mmuext_op){ .cmd = MMUEXT_CLEAR_PAGE, .arg1.mfn = mfn_x(t) };   /* PT */
    assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 4, PTR(&guest.done), DOMID_SELF),
                     -EINVAL);
    assert_int_equal(guest.done, 3);
    assert_int_equal(((uint8_t *)mfn_to_virt(a))[100], 0x5a);
    assert_int_equal(((uint8_t *)mfn_to_virt(b))[100], 0);
    CHECK();
#define ONE(cmd_, mfn_, expect)                                                          \
    do {                                                                                 \
        guest.op[0] = (struct mmuext_op){ .cmd = (cmd_), .arg1.mfn = (mfn_) };           \
        assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 1, 0, DOMID_SELF), expect); \
    } while (0)
    ONE(MMUEXT_PIN_L1_TABLE, mfn_x(t), -EINVAL);          /* double pin */
    ONE(MMUEXT_PIN_L4_TABLE, mfn_x(a), -EINVAL);
    ONE(MMUEXT_PIN_L2_TABLE, ~0ULL, -EINVAL);
    ONE(MMUEXT_PIN_L3_TABLE, 0xffffffffffe00ULL, -EINVAL);
    ONE(MMUEXT_NEW_BASEPTR, mfn_x(t), -EINVAL);           /* a leaf table, not a root */
    ONE(MMUEXT_MARK_SUPER, ~0ULL, -EOPNOTSUPP);
    ONE(MMUEXT_UNMARK_SUPER, 0, -EOPNOTSUPP);
    ONE(MMUEXT_SET_LDT, 0, -ENOSYS);
    ONE(MMUEXT_NEW_USER_BASEPTR, mfn_x(t), -ENOSYS);
    ONE(14, 0, -ENOSYS);
    ONE(1000, 0, -ENOSYS);
    ONE(MMUEXT_FLUSH_CACHE, 0, -EACCES);
    ONE(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    ONE(MMUEXT_TLB_FLUSH_ALL, 0, 0);
    ONE(MMUEXT_INVLPG_LOCAL, 0x1000, 0);
    assert_true(d1->arch.tlb_flushes_local >= 2);
    assert_true(d1->arch.tlb_flushes_all >= 1);
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_MULTI, .arg2.vcpumask = 0x10 };
    assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 1, 0, DOMID_SELF), -EFAULT);
    guest.op[0].arg2.vcpumask = PTR(&guest.mask);
    assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 1, 0, DOMID_SELF), 0);
    ONE(MMUEXT_UNPIN_TABLE, mfn_x(a), -EINVAL);
    ONE(MMUEXT_UNPIN_TABLE, mfn_x(t), 0);
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_NEW_BASEPTR, .arg1.mfn = mfn_x(a) };
    assert_int_equal(hcall(do_mmuext_op, v0, PTR(guest.op), 1, 0, 1), -EPERM);
    assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 1, 0, 0), -EPERM);
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_FLUSH_CACHE };
    assert_int_equal(hcall(do_mmuext_op, v0, PTR(guest.op), 1, 0, DOMID_SELF), 0);
    CHECK();
#undef ONE
}

/* Page copies cost their weight in budget: a batch of them is preempted. */
static void test_mmuext_copies_are_preempted(void **state)
{
    mfn_t src = mm_model_frame(d1);
    unsigned long args[5];
    unsigned int restarts = 0;
    long rc;

    (void)state;
    memset(mfn_to_virt(src), 0x77, PAGE_SIZE);
    for (unsigned int i = 0; i < 8; i++)
        guest.op[i] = (struct mmuext_op){ .cmd = MMUEXT_COPY_PAGE,
                                          .arg1.mfn = mfn_x(mm_model_frame(d1)),
                                          .arg2.src_mfn = mfn_x(src) };
    mm_budget_units = 40;
    args[0] = PTR(guest.op); args[1] = 8; args[2] = PTR(&guest.done); args[3] = DOMID_SELF;
    while ((rc = do_mmuext_op(v1, args)) == -ERESTART)
        restarts++;
    assert_int_equal(rc, 0);
    assert_int_equal(guest.done, 8);
    assert_int_equal(restarts, 2);    /* 3 copies per 40 units */
    assert_int_equal(((uint8_t *)mfn_to_virt(_mfn(guest.op[7].arg1.mfn)))[4095], 0x77);
    CHECK();
}

static void test_update_va_mapping(void **state)
{
    mfn_t root = mm_model_frame(d1), mid = mm_model_frame(d1), leaf = mm_model_frame(d1);
    mfn_t f = mm_model_frame(d1), theirs = mm_model_frame(d0);
    const uint64_t va = (3UL << 30) | (5UL << 21) | (7UL << 12);
    unsigned long flushes;
    int rc;

    (void)state;
    mm_model_table(root)[3] = mm_next(mid);
    mm_model_table(mid)[5] = mm_next(leaf);
    assert_int_equal(hcall(do_update_va_mapping, v1, va, mm_leaf(f, PTE_R), UVMF_NONE, 0),
                     -EINVAL);                               /* no base pointer yet */
    assert_int_equal(pin(d1, root, 2), 0);
    MM_RUN(rc, mm_new_baseptr(v1, root, &b_));
    assert_int_equal(rc, 0);
    flushes = d1->arch.tlb_flushes_local;
    assert_int_equal(hcall(do_update_va_mapping, v1, va, mm_leaf(f, PTE_R | PTE_W),
                           UVMF_INVLPG | UVMF_LOCAL, 0), 0);
    assert_int_equal(d1->arch.tlb_flushes_local, flushes + 1);
    assert_int_equal(pte_to_mfn(mm_model_table(leaf)[7]).m, mfn_x(f));
    /* Refusals change nothing and flush nothing (XSA-279). */
    flushes = d1->arch.tlb_flushes_local + d1->arch.tlb_flushes_all;
    assert_int_equal(hcall(do_update_va_mapping, v1, 0x4000000000UL, 0, UVMF_TLB_FLUSH, 0),
                     -EINVAL);                               /* not canonical */
    assert_int_equal(hcall(do_update_va_mapping, v1, va, 0, 3, 0), -EINVAL);   /* flush type */
    assert_int_equal(hcall(do_update_va_mapping, v1, va + (1UL << 30), 0, UVMF_TLB_FLUSH, 0),
                     -EINVAL);                               /* no table there */
    assert_int_equal(hcall(do_update_va_mapping, v1, va, mm_leaf(theirs, PTE_R),
                           UVMF_TLB_FLUSH | UVMF_ALL, 0), -EINVAL);
    assert_int_equal(hcall(do_update_va_mapping, v1, va, mm_leaf(f, PTE_R), UVMF_TLB_FLUSH | 0x10,
                           0), -EFAULT);                     /* unreadable VCPU mask */
    assert_int_equal(d1->arch.tlb_flushes_local + d1->arch.tlb_flushes_all, flushes);
    assert_int_equal(hcall(do_update_va_mapping_otherdomain, v1, va, 0, 0, 0), -EPERM);
    assert_int_equal(hcall(do_update_va_mapping_otherdomain, v0, va, 0, 0, 9), -ESRCH);
    CHECK();
}

static void test_mmuext_preempted_pin_and_held_result(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    unsigned long args[5];
    unsigned int restarts = 0;
    long rc;

    (void)state;
    mm_budget_units = 16;
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_PIN_L3_TABLE, .arg1.mfn = mfn_x(root) };
    host_guest_window(&guest, sizeof(guest));
    args[0] = PTR(guest.op); args[1] = 1; args[2] = PTR(&guest.done); args[3] = DOMID_SELF;
    while ((rc = do_mmuext_op(v1, args)) == -ERESTART) {
        restarts++;
        CHECK();
    }
    assert_int_equal(rc, 0);
    assert_int_equal(guest.done, 1);
    assert_true(restarts > 20);
    /* Unpinning releases more than one budget: the result (0) is held
     * back until the last reference is returned. */
    guest.op[0].cmd = MMUEXT_UNPIN_TABLE;
    args[0] = PTR(guest.op); args[1] = 1; args[2] = PTR(&guest.done); args[3] = DOMID_SELF;
    rc = do_mmuext_op(v1, args);
    assert_int_equal(rc, -ERESTART);
    assert_true(v1->mm.pending);
    CHECK();
    restarts = 0;
    while ((rc = do_mmuext_op(v1, args)) == -ERESTART)
        restarts++;
    assert_int_equal(rc, 0);
    assert_true(restarts > 5);
    assert_false(v1->mm.pending);
    assert_int_equal(pg(root)->type, PGT_none);
    CHECK();
    /* A failed pin's release is held back too, and a different call in
     * between gets its own result, not the held one. */
    mm_model_table(pte_to_mfn(mm_model_table(pte_to_mfn(mm_model_table(root)[0]))[7]))[63] |=
        1UL << 56;
    mm_budget_units = MM_BUDGET;
    guest.op[0].cmd = MMUEXT_PIN_L3_TABLE;
    assert_int_equal(hcall(do_mmuext_op, v1, PTR(guest.op), 1, PTR(&guest.done), DOMID_SELF),
                     -EINVAL);
    CHECK();
    for (uint64_t i = 0; i < frame_table_nr; i++)
        if (frame_table[i].owner == d1 && !(frame_table[i].flags & PGC_xen_heap))
            assert_int_equal(frame_table[i].type_count, 0);
}

static void test_held_result_dropped_by_another_call(void **state)
{
    mfn_t root = tree(d1, 8, 64);
    unsigned long args[5], other[5];
    long rc;

    (void)state;
    assert_int_equal(pin(d1, root, 2), 0);
    mm_budget_units = 16;
    host_guest_window(&guest, sizeof(guest));
    guest.op[0] = (struct mmuext_op){ .cmd = MMUEXT_UNPIN_TABLE, .arg1.mfn = mfn_x(root) };
    guest.op[1] = (struct mmuext_op){ .cmd = MMUEXT_TLB_FLUSH_LOCAL };
    args[0] = PTR(&guest.op[0]); args[1] = 1; args[2] = 0; args[3] = DOMID_SELF;
    other[0] = PTR(&guest.op[1]); other[1] = 1; other[2] = 0; other[3] = DOMID_SELF;
    assert_int_equal(do_mmuext_op(v1, args), -ERESTART);
    assert_true(v1->mm.pending);
    /* The guest leaves the continuation: its next call drains first, then
     * runs for itself. */
    while ((rc = do_mmuext_op(v1, other)) == -ERESTART)
        CHECK();
    assert_int_equal(rc, 0);
    assert_false(v1->mm.pending);
    assert_int_equal(pg(root)->type, PGT_none);
    /* Coming back to the abandoned call now runs it afresh. */
    assert_int_equal(do_mmuext_op(v1, args), -EINVAL);
    CHECK();
}

static void test_preserve_ad_and_otherdomain(void **state)
{
    mfn_t root = mm_model_frame(d0), mid = mm_model_frame(d0), leaf = mm_model_frame(d0);
    mfn_t theirs = mm_model_frame(d1), t = mm_model_frame(d1), f = mm_model_frame(d1);
    const uint64_t va = (1UL << 30) | (2UL << 21) | (3UL << 12);
    unsigned long all;
    int rc;

    (void)state;
    mm_model_table(root)[1] = mm_next(mid);
    mm_model_table(mid)[2] = mm_next(leaf);
    assert_int_equal(pin(d0, root, 2), 0);
    MM_RUN(rc, mm_new_baseptr(v0, root, &b_));
    assert_int_equal(rc, 0);
    all = d0->arch.tlb_flushes_all;
    assert_int_equal(hcall(do_update_va_mapping_otherdomain, v0, va, mm_leaf(theirs, PTE_R | PTE_W),
                           UVMF_TLB_FLUSH | UVMF_ALL, 1), 0);
    assert_int_equal(d0->arch.tlb_flushes_all, all + 1);
    assert_int_equal(pg(theirs)->type, PGT_writable);
    CHECK();
    /* PRESERVE_AD keeps A/D already in the entry. */
    assert_int_equal(pin(d1, t, 0), 0);
    assert_int_equal(update(d1, d1, mm_slot(t, 0), mm_leaf(f, PTE_R | PTE_W)), 0);
    guest.req[0] = (struct mmu_update){ mm_slot(t, 0) | MMU_PT_UPDATE_PRESERVE_AD,
                                        mm_leaf(f, PTE_R) };
    assert_int_equal(hcall(do_mmu_update, v1, PTR(guest.req), 1, 0, DOMID_SELF), 0);
    assert_true(mm_model_table(t)[0] & PTE_D);
    assert_false(mm_model_table(t)[0] & PTE_W);
    assert_int_equal(pg(f)->type_count, 0);
    CHECK();
}

/* ---- the checker itself: each kind of damage is caught ---- */

static void expect_broken(const char *needle)
{
    char why[160];

    assert_int_equal(mm_model_check(&mm, true, why, sizeof(why)), -EINVAL);
    if (!strstr(why, needle))
        fail_msg("expected \"%s\", got \"%s\"", needle, why);
}

static void test_check_invariants_catches_damage(void **state)
{
    mfn_t t = mm_model_frame(d1), f = mm_model_frame(d1), other = mm_model_frame(d0);

    (void)state;
    mm_model_table(t)[0] = mm_leaf(f, PTE_R | PTE_W);
    assert_int_equal(pin(d1, t, 0), 0);
    CHECK();
    pg(f)->count++;                                          /* a reference nobody holds */
    expect_broken("reference count");
    pg(f)->count--;
    pg(f)->type_count++;
    expect_broken("type count");
    pg(f)->type_count--;
    arch_gstage_protect(d1, t, true);                        /* a table writable */
    expect_broken("(I1)");
    arch_gstage_protect(d1, t, false);
    mm_model_table(t)[1] = mm_leaf(f, PTE_R | PTE_A) | (1UL << 57);   /* behind the validator */
    expect_broken("(I4)");
    mm_model_table(t)[1] = mm_leaf(other, PTE_R | PTE_A);
    expect_broken("another domain");
    mm_model_table(t)[1] = 0;
    arch_gstage_map(d1, other, true);                        /* someone else's frame */
    expect_broken("(I6)");
    arch_gstage_unmap(d1, other);
    pg(t)->flags &= (uint16_t)~PGT_validated;                /* a table with no state */
    expect_broken("(I2)");
    pg(t)->flags |= PGT_validated;
    d1->tot_pages++;
    expect_broken("(I3)");
    d1->tot_pages--;
    CHECK();
}

/* ---- teardown ---- */

static void test_relinquish_everything(void **state)
{
    mfn_t r1 = tree(d1, 4, 16), r2 = tree(d1, 2, 8);
    uint64_t free_before = page_alloc_free_pages(), owned;
    int rc;

    (void)state;
    assert_int_equal(pin(d1, r1, 2), 0);
    assert_int_equal(pin(d1, r2, 2), 0);
    MM_RUN(rc, mm_new_baseptr(v1, r1, &b_));
    assert_int_equal(rc, 0);
    owned = d1->tot_pages;
    mm_budget_units = 8;
    MM_RUN(rc, mm_relinquish(d1, &b_));
    assert_int_equal(rc, 0);
    CHECK();
    relinquish_domain_pages(d1);
    assert_int_equal(page_alloc_free_pages(), free_before + owned);
    assert_int_equal(d1->tot_pages, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_pte_rules_refusals),
        T(test_pte_rules_accepted),
        T(test_get_page_rules),
        T(test_pin_empty_tables_each_level),
        T(test_pin_refusals),
        T(test_leaf_references),
        T(test_writable_self_map_refused),
        T(test_bad_last_entry_releases_all),
        T(test_leaf_targets),
        T(test_privileged_foreign_leaf),
        T(test_non_leaf_rules),
        T(test_update_replace_and_plain_write),
        T(test_baseptr),
        T(test_preempted_pin_completes),
        T(test_preempted_pin_then_unpin),
        T(test_preempted_pin_then_retype),
        T(test_preempted_pin_then_destroy),
        T(test_deferred_release_is_bounded),
        T(test_pin_of_a_frame_being_released),
        T(test_grant_leaf),
        T(test_mmu_update_batch),
        T(test_mmu_update_machphys),
        T(test_mmu_update_preempted_batch),
        T(test_mmuext_ops),
        T(test_mmuext_copies_are_preempted),
        T(test_update_va_mapping),
        T(test_mmuext_preempted_pin_and_held_result),
        T(test_held_result_dropped_by_another_call),
        T(test_preserve_ad_and_otherdomain),
        T(test_check_invariants_catches_damage),
        T(test_relinquish_everything),
    };

    return cmocka_run_group_tests_name("page_type", tests, NULL, NULL);
}
