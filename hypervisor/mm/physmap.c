/*
 * XENMEM_add_to_physmap for auto-translated domains (hv/p2m.h), as Xen
 * does it for a translated guest: the frame named by (space, idx) appears
 * at gpfn; what was at gpfn goes (RAM of the domain's is given back: its
 * allocation reference is dropped; another special frame merely leaves
 * that gfn); the frame's previous gfn, if any, becomes a hole.
 *
 * Order: the new entry first (it may need a table: the one step that can
 * fail, before anything else changed), then the old location cleared,
 * then one flush of every CPU (hv/flush.h), and only then the displaced
 * frame's reference dropped: no CPU can write through the old entry by
 * the time the frame may be reused.
 *
 * Locking: d->p2m->lock around the table and the special gfns; the grant
 * table's lock before it (to find or grow the frame), nothing inside it.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/spinlock.h>
#include <hv/arch/domain.h>
#include <hv/arch/p2m.h>
#include <public/memory.h>
#include <public/xen.h>

/* ---- add_to_physmap ---- */

/* The frame (space, idx) names and the slot remembering its gfn. */
static long physmap_source(struct domain *d, const struct xen_add_to_physmap *a, mfn_t *m,
                           uint64_t **slot)
{
    switch (a->space) {
    case XENMAPSPACE_shared_info:
        if (a->idx != 0)
            return -EINVAL;
        *m = d->shared_info_mfn;
        *slot = &d->p2m->shared_info_gfn;
        return 0;
    case XENMAPSPACE_grant_table:
        /* Version 1 has no status frames; idx beyond the largest table
         * the domain may have is -EINVAL, as in Xen. */
        if ((a->idx & XENMAPIDX_grant_table_status) || a->idx >= GNTTAB_MAX_FRAMES)
            return -EINVAL;
        if (gnttab_frame_for_physmap(d, (unsigned int)a->idx, m))
            return -ENOMEM;
        *slot = &d->p2m->gnttab_gfn[a->idx];
        return 0;
    default:
        return -ENOSYS;     /* gmfn, gmfn_range, gmfn_foreign, dev_mmio */
    }
}

/* Forget the special frame that was at g (it has just been replaced). */
static void forget_special(struct p2m_domain *p, uint64_t g)
{
    if (p->shared_info_gfn == g)
        p->shared_info_gfn = P2M_NO_GFN;
    for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++)
        if (p->gnttab_gfn[i] == g)
            p->gnttab_gfn[i] = P2M_NO_GFN;
}

/* Under the lock: put m at g, retire what was there and m's old gfn.
 * *displaced is a RAM frame the caller must give back after the flush. */
static long physmap_replace(struct domain *d, gfn_t g, mfn_t m, uint64_t *slot, mfn_t *displaced)
{
    enum p2m_kind kind;
    bool w;
    mfn_t old = arch_p2m_get(d, g, &kind, &w);
    long rc;

    if (mfn_valid_raw(old) && kind == P2M_GRANT)
        return -EBUSY;          /* a grant mapping: unmap it first */
    if (mfn_valid_raw(old) && mfn_eq(old, m))
        return 0;               /* already there */
    rc = arch_p2m_set(d, g, m, 0, P2M_SPECIAL, true);
    if (rc)
        return rc;
    if (*slot != P2M_NO_GFN)
        arch_p2m_clear(d, _gfn(*slot));   /* a 4 KiB leaf: cannot fail */
    if (mfn_valid_raw(old) && kind == P2M_SPECIAL)
        forget_special(d->p2m, gfn_x(g));
    else if (mfn_valid_raw(old))
        *displaced = old;
    *slot = gfn_x(g);
    return 0;
}

long p2m_add_to_physmap(struct domain *caller, const struct xen_add_to_physmap *a)
{
    struct domain *d = a->domid == DOMID_SELF ? caller : domain_by_id(a->domid);
    mfn_t m, displaced = INVALID_MFN;
    uint64_t *slot;
    long rc;

    if (!d)
        return -ESRCH;
    if (d != caller)
        return -EPERM;          /* a toolstack builds translated domains at boot */
    if (!d->is_translated)
        return -EACCES;         /* PV: mmu_update maps frames */
    rc = physmap_source(d, a, &m, &slot);
    if (rc)
        return rc;
    if (a->gpfn >= P2M_GFN_LIMIT)
        return -EINVAL;
    spin_lock(&d->p2m->lock);
    rc = physmap_replace(d, _gfn(a->gpfn), m, slot, &displaced);
    spin_unlock(&d->p2m->lock);
    if (rc)
        return rc;
    /* Entries went away (the old content of gpfn, the frame's old gfn):
     * gone on every CPU before the displaced frame may be freed. */
    arch_gstage_flush(d);
    if (mfn_valid_raw(displaced))
        put_page_alloc_ref(mfn_to_page(displaced));
    return 0;
}
