/*
 * The guest-physical map of auto-translated domains: frame-number
 * translation for the hypercalls and grant mappings into a translated
 * mapper (the model and the locking are in
 * hv/p2m.h; the table itself is the arch's, hv/arch/p2m.h).
 *
 * XENMEM_add_to_physmap is mm/physmap.c.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <hv/spinlock.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <hv/arch/p2m.h>
#include <public/memory.h>
#include <public/xen.h>

int p2m_make_translated(struct domain *d)
{
    struct p2m_domain *p = xzalloc(struct p2m_domain);

    if (!p)
        return -ENOMEM;
    spin_lock_init(&p->lock);
    p->shared_info_gfn = P2M_NO_GFN;
    for (unsigned int i = 0; i < GNTTAB_MAX_FRAMES; i++)
        p->gnttab_gfn[i] = P2M_NO_GFN;
    d->p2m = p;
    d->is_translated = true;
    return arch_p2m_reset(d);
}

mfn_t p2m_guest_frame(struct domain *d, uint64_t frame)
{
    enum p2m_kind kind;
    bool w;
    mfn_t m;

    if (!d->is_translated)
        return _mfn(frame);
    if (frame >= P2M_GFN_LIMIT)
        return INVALID_MFN;
    spin_lock(&d->p2m->lock);
    m = arch_p2m_get(d, _gfn(frame), &kind, &w);
    spin_unlock(&d->p2m->lock);
    return mfn_valid_raw(m) && kind == P2M_RAM ? m : INVALID_MFN;
}

uint64_t p2m_gnttab_gfn(struct domain *d, unsigned int idx)
{
    uint64_t g;

    if (!d->is_translated || idx >= GNTTAB_MAX_FRAMES)
        return P2M_NO_GFN;
    spin_lock(&d->p2m->lock);
    g = d->p2m->gnttab_gfn[idx];
    spin_unlock(&d->p2m->lock);
    return g;
}

/* ---- grant mappings into a translated mapper ---- */

int p2m_grant_map(struct domain *d, gfn_t g, mfn_t m, bool writable)
{
    enum p2m_kind kind;
    bool w;
    int rc;

    if (gfn_x(g) >= P2M_GFN_LIMIT)
        return -EINVAL;
    spin_lock(&d->p2m->lock);
    rc = mfn_valid_raw(arch_p2m_get(d, g, &kind, &w)) ? -EBUSY
                                                      : arch_p2m_set(d, g, m, 0, P2M_GRANT, writable);
    spin_unlock(&d->p2m->lock);
    if (!rc)
        arch_gstage_publish(d);
    return rc;
}

int p2m_grant_unmap(struct domain *d, gfn_t g, mfn_t m)
{
    enum p2m_kind kind;
    bool w;
    mfn_t now;
    int rc = -EINVAL;

    spin_lock(&d->p2m->lock);
    now = arch_p2m_get(d, g, &kind, &w);
    if (mfn_valid_raw(now) && kind == P2M_GRANT && mfn_eq(now, m))
        rc = arch_p2m_clear(d, g);        /* a 4 KiB leaf: cannot fail */
    spin_unlock(&d->p2m->lock);
    return rc;
}

/* ---- the frame side ---- */

void p2m_frame_leaves(struct domain *d, mfn_t m)
{
    uint64_t g = m2p_get(m);
    enum p2m_kind kind;
    bool w;

    if (!d->p2m || g >= P2M_GFN_LIMIT)
        return;
    spin_lock(&d->p2m->lock);
    if (mfn_eq(arch_p2m_get(d, _gfn(g), &kind, &w), m) && kind != P2M_GRANT) {
        if (d->is_dying)
            arch_p2m_drop_dying(d, _gfn(g));
        else if (arch_p2m_clear(d, _gfn(g)))
            arch_p2m_drop_dying(d, _gfn(g));   /* no memory to split: the
                                                  whole 2 MiB goes, safely */
    }
    spin_unlock(&d->p2m->lock);
}

bool p2m_allows(struct domain *d, gfn_t g, bool write, bool exec)
{
    enum p2m_kind kind;
    bool w, ok;

    spin_lock(&d->p2m->lock);
    ok = mfn_valid_raw(arch_p2m_get(d, g, &kind, &w)) && (!write || w) &&
         (!exec || kind == P2M_RAM);
    spin_unlock(&d->p2m->lock);
    return ok;
}
