/*
 * A small machine for the page-table type system, shared by the unit test
 * (test_page_type.c) and the fuzz harness (tests/fuzz/fuzz_mmu.c):
 * simulated RAM with every frame free, the M2P, and domains with one VCPU
 * each, built the way domain_create() builds them (G-stage, shared_info
 * shared with the domain, mm state) but without the scheduler and events.
 * Frames given to a domain are mapped writable in its (simulated) G-stage,
 * as the domain builder does.
 */
#ifndef TESTS_MM_MODEL_H
#define TESTS_MM_MODEL_H

#include <stdlib.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <asm/host.h>

#define MM_RAM_BASE 0x80000000ULL

struct mm_model {
    unsigned int nr;
    struct domain *d[4];
    struct vcpu *v[4];
};

static inline void mm_model_domain(struct mm_model *mm, domid_t id, bool privileged,
                                   uint64_t max_pages)
{
    struct domain *d = calloc(1, sizeof(*d));
    struct vcpu *v = calloc(1, sizeof(*v));
    mfn_t si = alloc_xenheap_pages(0);

    BUG_ON(!d || !v || !mfn_valid_raw(si));
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_pages = max_pages;
    d->max_vcpus = 1;
    spin_lock_init(&d->page_alloc_lock);
    list_init(&d->page_list);
    arch_domain_init(d);
    mm_domain_init(d);
    d->shared_info_mfn = si;
    share_xen_page_with_guest(mfn_to_page(si), d, PGT_shared_info, false);
    arch_gstage_map(d, si, true);
    v->domain = d;
    mm_vcpu_init(v);
    d->vcpu[0] = v;
    mm->d[mm->nr] = d;
    mm->v[mm->nr++] = v;
}

static inline void mm_model_init(struct mm_model *mm, uint64_t ram_pages)
{
    memset(mm, 0, sizeof(*mm));
    host_mm_setup(MM_RAM_BASE, ram_pages << PAGE_SHIFT);
    host_tlb_reset();
    BUG_ON(m2p_init());
    mm_budget_units = MM_BUDGET;
}

static inline void mm_model_free(struct mm_model *mm)
{
    for (unsigned int i = 0; i < mm->nr; i++) {
        free(mm->v[i]);
        free(mm->d[i]);
    }
    mm->nr = 0;
    host_mm_teardown();
}

/* A fresh frame of d, writable in its G-stage. */
static inline mfn_t mm_model_frame(struct domain *d)
{
    mfn_t m = alloc_domheap_pages(d, 0);

    if (mfn_valid_raw(m))
        arch_gstage_map(d, m, true);
    return m;
}

static inline pte_t *mm_model_table(mfn_t m)
{
    return mfn_to_virt(m);
}

static inline pte_t mm_leaf(mfn_t m, uint64_t flags)
{
    return maddr_to_pte(mfn_to_maddr(m), PTE_V | flags);
}

static inline pte_t mm_next(mfn_t m)
{
    return maddr_to_pte(mfn_to_maddr(m), PTE_V);
}

static inline paddr_t mm_slot(mfn_t table, unsigned int i)
{
    return mfn_to_maddr(table) + i * sizeof(pte_t);
}

/* Run a preemptible operation to completion, as continuations would. */
#define MM_RUN(rc, call)                                                \
    do {                                                                \
        struct mm_budget b_;                                            \
        unsigned int n_ = 0;                                            \
        do {                                                            \
            b_ = mm_budget_start();                                     \
            spin_lock(&mm_lock);                                        \
            (rc) = (call);                                              \
            spin_unlock(&mm_lock);                                      \
        } while ((rc) == -ERESTART && ++n_ < 1000000);                  \
    } while (0)

/* The type system's invariants, and the shootdown's: no CPU running a
 * domain still caches a right its G-stage no longer gives (tlb_model.c). */
static inline int mm_model_check(struct mm_model *mm, bool exact, char *why, size_t len)
{
    int rc;

    spin_lock(&mm_lock);
    rc = check_invariants(mm->d, mm->nr, exact, why, len);
    spin_unlock(&mm_lock);
    return rc ? rc : host_tlb_check(why, len);
}

#endif /* TESTS_MM_MODEL_H */
