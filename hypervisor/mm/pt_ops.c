/*
 * Operations on a domain's page tables, built on the type system
 * (page_type.c): pin and unpin, base pointers, one checked PTE update, the
 * walk of an address space, the grant-table and MMIO entry points, and the
 * page-table half of domain teardown.  The hypercall files (mmu_update.c,
 * mmuext_op.c, update_va_mapping.c) are thin loops over these.
 *
 * Every update is validate-then-commit: the new entry's references are taken
 * first (which can fail, leaving everything as it was); then the entry is
 * written with one store; then the old entry's references are dropped, which
 * cannot fail.
 *
 * Locking: mm_lock held by the caller for all of these, except the
 * domain-setup calls (iomem_permit, share_xen_page_with_guest,
 * mm_domain_init, mm_vcpu_init), which run before the domain does.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>

static struct page_info *frame_of(struct domain *d, mfn_t m)
{
    struct page_info *pg;

    if (!mfn_in_frame_table(m))
        return NULL;
    pg = mfn_to_page(m);
    return pg->owner == d && !(pg->flags & PGC_xen_heap) ? pg : NULL;
}

/* ---- pins ---- */

int mm_pin(struct domain *d, mfn_t m, unsigned int level, struct mm_budget *b)
{
    struct page_info *pg = frame_of(d, m);
    unsigned int type = pgt_of_level(level);
    int rc;

    if (!pg || level >= PT_LEVELS)
        return -EINVAL;
    if (pg->flags & PGT_pinned) {
        /* Our own preempted pin comes back; a second pin is refused. */
        if (pg->type != type || !(pg->flags & PGT_partial))
            return -EINVAL;
        rc = get_page_type(pg, type, b, true);
        if (rc && !holds_partial_ref(pg, rc)) {
            pg->flags &= (uint16_t)~PGT_pinned;
            put_page(pg);
        }
        return rc;
    }
    rc = get_page_and_type(pg, d, type, b);
    if (rc == 0 || holds_partial_ref(pg, rc))
        pg->flags |= PGT_pinned;
    return rc;
}

int mm_unpin(struct domain *d, mfn_t m)
{
    struct page_info *pg = frame_of(d, m);

    if (!pg || !(pg->flags & PGT_pinned))
        return -EINVAL;
    pg->flags &= (uint16_t)~PGT_pinned;
    put_page_and_type(pg);
    return 0;
}

/* ---- base pointers ---- */

static void set_root(struct vcpu *v, mfn_t m)
{
    mfn_t old = v->mm.root;

    v->mm.root = m;
    arch_vcpu_set_root(v, m);
    if (mfn_valid_raw(old))
        put_page_and_type(mfn_to_page(old));
}

int mm_new_baseptr(struct vcpu *v, mfn_t m, struct mm_budget *b)
{
    struct page_info *pg = frame_of(v->domain, m);
    struct mm_budget shallow = { b->left, true, 1 };
    int rc;

    if (!pg)
        return -EINVAL;
    rc = get_page_and_type(pg, v->domain, PGT_l2_page_table, &shallow);
    b->left = shallow.left;
    if (rc)
        return rc;
    set_root(v, m);
    return 0;
}

int mm_builder_install_root(struct vcpu *v, mfn_t root)
{
    struct mm_budget all = { UINT32_MAX, false, 0 };
    int rc;

    spin_lock(&mm_lock);
    rc = mm_pin(v->domain, root, PT_LEVELS - 1, &all);
    if (!rc)
        rc = mm_new_baseptr(v, root, &all);
    spin_unlock(&mm_lock);
    return rc;
}

/* ---- one entry ---- */

/* The validated table holding the entry at pte_ma, owned by d. */
static struct page_info *table_at(struct domain *d, paddr_t pte_ma)
{
    struct page_info *pg = frame_of(d, maddr_to_mfn(pte_ma));

    if (!pg || (pte_ma & (sizeof(pte_t) - 1)) || !pgt_is_table(pg->type) ||
        !(pg->flags & PGT_validated))
        return NULL;
    return pg;
}

static pte_t *entry_at(paddr_t pte_ma)
{
    return maddr_to_virt(pte_ma);
}

/* A write into a frame that is not a page table (Xen's "writable
 * mmu_update" path): checked only for being the owner's ordinary memory. */
static int plain_write(struct domain *d, paddr_t ma, pte_t val, struct mm_budget *b)
{
    struct page_info *pg = frame_of(d, maddr_to_mfn(ma));
    int rc;

    if (!pg || (ma & (sizeof(pte_t) - 1)) || pgt_is_table(pg->type) ||
        (pg->flags & PGT_deferred))
        return -EINVAL;
    rc = get_page_and_type(pg, d, PGT_writable, b);
    if (rc)
        return rc;
    __atomic_store_n(entry_at(ma), val, __ATOMIC_RELAXED);
    put_page_and_type(pg);
    return 0;
}

int mm_update_pte(struct domain *pt_owner, struct domain *fd, paddr_t pte_ma, pte_t val,
                  bool preserve_ad, struct mm_budget *b)
{
    struct page_info *pg = table_at(pt_owner, pte_ma);
    struct mm_budget shallow = { b->left, true, 0 };
    pte_t old, new;
    bool partial;
    int rc;

    if (!pg) {
        struct page_info *t = frame_of(pt_owner, maddr_to_mfn(pte_ma));

        if (t && pgt_is_table(t->type))
            return -EINVAL;     /* a table, but partial or being released */
        return plain_write(pt_owner, pte_ma, val, b);
    }
    old = *entry_at(pte_ma);
    if ((old & PTE_V) && (old & PTE_GNTTAB))
        return -EINVAL;         /* grant leaves go through the grant table */
    rc = pte_check(val, pg->type - PGT_l0_page_table, &new);
    if (rc)
        return rc;
    if (preserve_ad && pte_is_leaf(old) && pte_is_leaf(new))
        new |= old & (PTE_A | PTE_D);
    if (new == old)
        return 0;
    rc = get_entry_refs(pt_owner, fd, new, pg->type - PGT_l0_page_table, &shallow, false,
                        &partial);
    b->left = shallow.left;
    if (rc)
        return rc;
    __atomic_store_n(entry_at(pte_ma), new, __ATOMIC_RELAXED);
    put_entry_refs(pt_owner, old);
    return 0;
}

int mm_va_to_pte(struct vcpu *v, uint64_t va, paddr_t *pte_ma)
{
    mfn_t m = v->mm.root;

    if (!mfn_valid_raw(m) || !sv39_va_canonical(va))
        return -EINVAL;
    for (unsigned int level = PT_LEVELS - 1; level > 0; level--) {
        pte_t e = ((pte_t *)mfn_to_virt(m))[sv39_index(va, level)];

        if (!pte_is_table(e))
            return -EINVAL;
        m = pte_to_mfn(e);
    }
    *pte_ma = mfn_to_maddr(m) + sv39_index(va, 0) * sizeof(pte_t);
    return 0;
}

/* ---- grant mappings ---- */

static pte_t *grant_slot(struct domain *d, paddr_t pte_ma)
{
    struct page_info *pg = table_at(d, pte_ma);

    return pg && pg->type == PGT_l0_page_table ? entry_at(pte_ma) : NULL;
}

int mm_grant_install_leaf(struct domain *d, paddr_t pte_ma, mfn_t m, bool writable)
{
    pte_t *e = grant_slot(d, pte_ma);
    pte_t flags = PTE_V | PTE_R | PTE_A | PTE_GNTTAB | (writable ? PTE_W | PTE_D : 0);

    if (!e || (*e & PTE_V))
        return -EINVAL;
    __atomic_store_n(e, maddr_to_pte(mfn_to_maddr(m), flags), __ATOMIC_RELAXED);
    return 0;
}

/*
 * Removal is allowed wherever the grant leaf still is, even if its table
 * has since been unpinned or released (the leaf holds no references, so
 * clearing it is always safe): the grant's own references must never be
 * stranded because the guest dropped the table first.
 */
int mm_grant_remove_leaf(struct domain *d, paddr_t pte_ma, mfn_t m)
{
    pte_t *e = frame_of(d, maddr_to_mfn(pte_ma)) && !(pte_ma & (sizeof(pte_t) - 1))
                   ? entry_at(pte_ma) : NULL;

    if (!e || !(*e & PTE_V) || !(*e & PTE_GNTTAB) || !mfn_eq(pte_to_mfn(*e), m))
        return -EINVAL;
    __atomic_store_n(e, 0, __ATOMIC_RELAXED);
    return 0;
}

/* ---- MMIO ---- */

int iomem_permit(struct domain *d, uint64_t first_mfn, uint64_t nr)
{
    if (d->mm.nr_iomem == MM_MAX_IOMEM || !nr || first_mfn + nr < first_mfn)
        return -ENOSPC;
    for (uint64_t i = 0; i < nr; i++)
        if (mfn_in_frame_table(_mfn(first_mfn + i)))
            return -EINVAL;     /* RAM is never MMIO */
    d->mm.iomem[d->mm.nr_iomem++] = (struct iomem_range){ first_mfn, nr };
    for (uint64_t i = 0; i < nr; i++) {
        int rc = arch_gstage_map(d, _mfn(first_mfn + i), true);

        if (rc)
            return rc;
    }
    return 0;
}

bool iomem_allowed(const struct domain *d, mfn_t m)
{
    for (unsigned int i = 0; i < d->mm.nr_iomem; i++)
        if (mfn_x(m) - d->mm.iomem[i].first_mfn < d->mm.iomem[i].nr)
            return true;
    return false;
}

/* ---- hypervisor frames shared with a guest ---- */

void share_xen_page_with_guest(struct page_info *pg, struct domain *d, unsigned int type,
                               bool readonly)
{
    BUG_ON(!(pg->flags & PGC_xen_heap) || pg->owner);
    pg->owner = d;
    pg->count = 1;              /* the hypervisor's, for as long as d lives */
    pg->type = (uint8_t)type;
    pg->type_count = 1;         /* permanent: never a page table */
    pg->flags |= PGT_validated | (readonly ? PGC_shared_ro : 0);
}

int unshare_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
    uint32_t one = 1;

    BUG_ON(!(pg->flags & PGC_xen_heap) || pg->owner != d);
    if (pg->type_count != 1 ||
        !__atomic_compare_exchange_n(&pg->count, &one, 0, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_RELAXED))
        return -EBUSY;
    pg->owner = NULL;
    pg->type = PGT_none;
    pg->type_count = 0;
    pg->flags = PGC_xen_heap;
    return 0;
}

/* ---- domains ---- */

void mm_domain_init(struct domain *d)
{
    mfn_t m2p = m2p_first_mfn();

    d->mm.deferred = NULL;
    d->mm.relinquish_next = 0;
    d->mm.nr_iomem = 0;
    for (uint64_t i = 0; mfn_valid_raw(m2p) && i < m2p_nr_frames(); i++)
        arch_gstage_map(d, _mfn(mfn_x(m2p) + i), false);
}

void mm_vcpu_init(struct vcpu *v)
{
    v->mm.root = INVALID_MFN;
    v->mm.pending = false;
    v->vcpu_info_mfn = INVALID_MFN;     /* none registered (core/vcpu_op.c) */
}

/*
 * The pins are found by walking the frame table (one unit per 64 frames,
 * resuming where a preempted call stopped), not d's page list: frames of d
 * held only by other domains' references may leave that list at any
 * moment, from other CPUs, and a pinned frame cannot (its pin holds it).
 */
int mm_relinquish(struct domain *d, struct mm_budget *b)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (v && mfn_valid_raw(v->mm.root)) {
            put_page_and_type(mfn_to_page(v->mm.root));
            v->mm.root = INVALID_MFN;
        }
    }
    for (uint64_t *i = &d->mm.relinquish_next; *i < frame_table_nr; (*i)++) {
        struct page_info *pg = &frame_table[*i];

        if (!(*i & 63) && !mm_budget_take(b))
            return -ERESTART;
        if (pg->owner != d || !(pg->flags & PGT_pinned) || (pg->flags & PGC_xen_heap))
            continue;
        pg->flags &= (uint16_t)~PGT_pinned;
        put_page_and_type(pg);
    }
    return mm_drain(d, b);
}

void mm_domain_relinquish_all(struct domain *d)
{
    struct mm_budget all = { UINT32_MAX, false, 0 };

    spin_lock(&mm_lock);
    while (mm_relinquish(d, &all) == -ERESTART)
        all.left = UINT32_MAX;
    spin_unlock(&mm_lock);
}
