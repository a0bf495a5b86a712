/*
 * GNTTABOP_copy: copy bytes between two frames, each named by a grant
 * reference of some domain or, for the caller's own frames only, by frame
 * number (gmfn = mfn under direct paging; a guest frame, translated
 * through the p2m, for an auto-translated caller).
 *
 * Each side is claimed for the duration of one copy: a grant side is
 * pinned (as a host mapping: GTF_reading, and GTF_writing for the
 * destination) with one page reference, a frame side takes a page
 * reference; a destination also holds a writable type reference, so it
 * cannot be a page table.  The checks come
 * in Xen's order: the domains (permission_denied for a foreign frame
 * number, bad_domain), the source, the destination, then the offsets and
 * length (bad_copy_arg if either side runs past its page).  A zero length
 * is not special: both sides are still claimed and checked.
 *
 * Locking: each side's gt->lock is taken alone, to claim and to release.
 */
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <public/xen.h>

#include "grant_priv.h"

struct copy_side {
    struct domain *d;
    bool is_gref;
    bool readonly;
    uint32_t ref;
    mfn_t mfn;
    struct page_info *pg;     /* a frame side's reference */
};

static int16_t lock_domain(struct domain *ld, const struct gnttab_copy_ptr *p, bool is_gref,
                           struct copy_side *s)
{
    if (p->domid != DOMID_SELF && !is_gref)
        return GNTST_permission_denied;
    s->d = gnttab_lookup_any(ld, p->domid);
    if (!gnttab_has_table(s->d))
        return GNTST_bad_domain;
    s->is_gref = is_gref;
    return GNTST_okay;
}

static int16_t claim(struct domain *ld, const struct gnttab_copy_ptr *p, struct copy_side *s)
{
    uint32_t inc = s->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    struct grant_table *gt = s->d->grant_table;
    int16_t rc;

    if (s->is_gref) {
        spin_lock(&gt->lock);
        rc = gt->dying ? GNTST_bad_domain
                       : gnttab_pin_entry(gt, p->u.ref, ld->domain_id, inc, 1, &s->mfn);
        spin_unlock(&gt->lock);
        if (!rc)
            s->ref = p->u.ref;
        return rc;
    }
    s->mfn = p2m_guest_frame(s->d, p->u.gmfn);
    s->pg = gnttab_get_domain_frame(s->d, s->mfn);
    if (!s->pg)
        return GNTST_bad_page;
    if (!s->readonly && !gnttab_get_writable(s->pg)) {
        put_page(s->pg);
        s->pg = NULL;
        return GNTST_general_error;
    }
    s->ref = UINT32_MAX;
    return GNTST_okay;
}

static void release(struct copy_side *s)
{
    if (s->pg) {
        if (!s->readonly)
            gnttab_put_writable(s->pg);
        put_page(s->pg);
        s->pg = NULL;
    } else if (s->ref != UINT32_MAX) {
        gnttab_unpin_and_maybe_free(s->d, s->ref,
                                    s->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, 1);
        s->ref = UINT32_MAX;
    }
}

int16_t gnttab_copy_one(struct domain *ld, const struct gnttab_copy *op)
{
    struct copy_side src = { .readonly = true, .ref = UINT32_MAX };
    struct copy_side dst = { .readonly = false, .ref = UINT32_MAX };
    int16_t rc;

    rc = lock_domain(ld, &op->source, op->flags & GNTCOPY_source_gref, &src);
    if (!rc)
        rc = lock_domain(ld, &op->dest, op->flags & GNTCOPY_dest_gref, &dst);
    if (!rc)
        rc = claim(ld, &op->source, &src);
    if (!rc)
        rc = claim(ld, &op->dest, &dst);
    if (!rc && ((unsigned int)op->source.offset + op->len > PAGE_SIZE ||
                (unsigned int)op->dest.offset + op->len > PAGE_SIZE))
        rc = GNTST_bad_copy_arg;
    if (!rc)
        memmove((char *)mfn_to_virt(dst.mfn) + op->dest.offset,
                (const char *)mfn_to_virt(src.mfn) + op->source.offset, op->len);
    release(&dst);
    release(&src);
    return rc;
}
