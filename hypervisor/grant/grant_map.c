/*
 * Grant mappings: map_grant_ref, unmap_grant_ref, the maptrack table of
 * each mapper, and what happens to mappings and tables when a domain dies.
 *
 * A mapping is one maptrack entry of the mapper (its index is the handle
 * returned to the guest) plus one pin of the granter's active entry per
 * kind (host, device) and one general reference on the frame per kind.
 * The handle records the frame and the host address, so that unmap checks
 * what the guest names against what was mapped, and so that the mapper's
 * G-stage can be recomputed from its own maptrack alone.
 *
 * G-stage: a host mapping of another domain's frame makes that frame
 * reachable by the mapper's CPU, so the frame enters the mapper's G-stage,
 * writable iff some host mapping of it by the mapper is writable; it leaves
 * with the last one.  Per-frame counts (gcount) make that decision O(1).  A domain mapping its own grant (allowed, as in Xen)
 * already has its frame in its G-stage: nothing changes.  Device mappings
 * are for DMA and never enter the G-stage.
 *
 * A translated mapper (hv/p2m.h) names a guest-physical address, not a
 * VA or a PTE: the host mapping is then a p2m entry at that gfn, which
 * must be a hole, and it is the entry itself that gives the mapper's CPUs
 * the frame (no per-frame counts).  Unmapping clears it, and the same one
 * flush of every CPU precedes the pin and the reference going.
 *
 * Death: gnttab_release_mappings() undoes every mapping the dying domain
 * holds and frees its maptrack (before grant_table_destroy, which may run
 * later from another domain's unmap and so must not take this domain's
 * maptrack_lock under that domain's).  Its own table lives on while another domain still has one of its
 * entries pinned (the frames themselves live on through the mappers' page
 * references); the last unpin frees it.
 *
 * Locking: see grant_table.c.  Here: the mapper's maptrack_lock is held
 * across a whole map or unmap, the granter's gt->lock nested inside it;
 * the mapper's G-stage is changed under mm_lock (innermost), as the type
 * system changes it too.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <public/xen.h>

#include "grant_priv.h"

#define MAP_KINDS (GNTMAP_host_map | GNTMAP_device_map)

/* ---- the per-frame host-mapping counts ---- */

static unsigned int gcount_home(uint64_t mfn, unsigned int bits)
{
    return (unsigned int)((mfn * 0x9e3779b97f4a7c15ULL) >> (64 - bits));
}

/* The slot holding mfn, or the empty slot where it would go. */
static unsigned int gcount_find(const struct grant_table *gt, uint64_t mfn)
{
    unsigned int mask = (1u << gt->gcount_bits) - 1;
    unsigned int i = gcount_home(mfn, gt->gcount_bits);

    while (gt->gcount[i].mfn != GCOUNT_EMPTY && gt->gcount[i].mfn != mfn)
        i = (i + 1) & mask;
    return i;
}

/* Make room for twice `handles` frames; maptrack_lock held. */
static int gcount_resize(struct grant_table *gt, unsigned int handles)
{
    unsigned int bits = 1, old_bits = gt->gcount_bits;
    struct gstage_count *old = gt->gcount, *fresh;

    while ((1u << bits) < 2 * handles)
        bits++;
    fresh = xzalloc_array(struct gstage_count, (size_t)1 << bits);
    if (!fresh)
        return -ENOMEM;
    for (unsigned int i = 0; i < (1u << bits); i++)
        fresh[i].mfn = GCOUNT_EMPTY;
    gt->gcount = fresh;
    gt->gcount_bits = bits;
    for (unsigned int i = 0; old && i < (1u << old_bits); i++)
        if (old[i].mfn != GCOUNT_EMPTY)
            fresh[gcount_find(gt, old[i].mfn)] = old[i];
    xfree(old);
    return 0;
}

/* Count one more (+1) or one fewer (-1) host mapping of m; the counts after. */
static struct gstage_count gcount_adjust(struct grant_table *gt, mfn_t m, bool writable, int by)
{
    unsigned int mask = (1u << gt->gcount_bits) - 1;
    unsigned int i = gcount_find(gt, mfn_x(m)), j;
    struct gstage_count *e = &gt->gcount[i], now;

    if (e->mfn == GCOUNT_EMPTY) {
        BUG_ON(by < 0);
        *e = (struct gstage_count){ .mfn = mfn_x(m) };
    }
    BUG_ON(by < 0 && (!e->host || (writable && !e->host_w)));
    e->host += (uint32_t)by;
    e->host_w += writable ? (uint32_t)by : 0;
    now = *e;
    if (e->host)
        return now;
    /* Delete by shifting later entries of the run back (no tombstones). */
    for (j = (i + 1) & mask; gt->gcount[j].mfn != GCOUNT_EMPTY; j = (j + 1) & mask) {
        unsigned int k = gcount_home(gt->gcount[j].mfn, gt->gcount_bits);

        if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
            continue;   /* j is still reachable from its home */
        gt->gcount[i] = gt->gcount[j];
        i = j;
    }
    gt->gcount[i].mfn = GCOUNT_EMPTY;
    return now;
}

/* ---- maptrack ---- */

/* A free handle, growing the table by a chunk if needed; maptrack_lock held. */
static uint32_t get_handle(struct grant_table *lgt)
{
    uint32_t h = lgt->maptrack_free;

    if (h == MAPTRACK_NONE) {
        struct grant_mapping *chunk;

        if (lgt->maptrack_limit >= GNTTAB_MAPTRACK_MAX ||
            gcount_resize(lgt, lgt->maptrack_limit + MAPTRACK_CHUNK))
            return MAPTRACK_NONE;
        chunk = xzalloc_array(struct grant_mapping, MAPTRACK_CHUNK);
        if (!chunk)
            return MAPTRACK_NONE;
        lgt->maptrack[lgt->maptrack_limit / MAPTRACK_CHUNK] = chunk;
        for (unsigned int i = 0; i < MAPTRACK_CHUNK; i++)
            chunk[i].ref = i + 1 < MAPTRACK_CHUNK ? lgt->maptrack_limit + i + 1 : MAPTRACK_NONE;
        h = lgt->maptrack_limit;
        lgt->maptrack_limit += MAPTRACK_CHUNK;
        lgt->domain->hv_pages += (sizeof(*chunk) * MAPTRACK_CHUNK + PAGE_SIZE - 1) >> PAGE_SHIFT;
    }
    lgt->maptrack_free = maptrack_entry(lgt, h)->ref;
    lgt->maptrack_used++;
    return h;
}

static void put_handle(struct grant_table *lgt, uint32_t h)
{
    struct grant_mapping *m = maptrack_entry(lgt, h);

    m->flags = 0;
    m->ref = lgt->maptrack_free;
    lgt->maptrack_free = h;
    lgt->maptrack_used--;
}

bool gnttab_maptrack_info(struct domain *d, uint32_t handle, uint32_t *ref, domid_t *granter,
                          uint16_t *flags, mfn_t *mfn)
{
    struct grant_table *gt = d->grant_table;
    bool ok;

    if (!gt || gt->freed)
        return false;
    spin_lock(&gt->maptrack_lock);
    ok = handle < gt->maptrack_limit && maptrack_entry(gt, handle)->flags;
    if (ok) {
        const struct grant_mapping *m = maptrack_entry(gt, handle);

        *ref = m->ref;
        *granter = m->domid;
        *flags = m->flags;
        *mfn = m->mfn;
    }
    spin_unlock(&gt->maptrack_lock);
    return ok;
}

/* ---- the mapper's G-stage ---- */

/*
 * One more host mapping of m (a frame of another domain) by ld: m enters
 * ld's G-stage, writable if this or another host mapping of it is.  Adding
 * rights is published lazily (arch_gstage_publish).  maptrack_lock held.
 */
static int gstage_add(struct domain *ld, mfn_t m, bool writable)
{
    struct gstage_count c = gcount_adjust(ld->grant_table, m, writable, +1);
    int rc;

    /* mm_lock: the type system changes ld's G-stage too (its own frames). */
    spin_lock(&mm_lock);
    rc = arch_gstage_map(ld, m, c.host_w != 0);
    arch_gstage_publish(ld);
    spin_unlock(&mm_lock);
    return rc;
}

/*
 * One fewer: m leaves ld's G-stage with its last host mapping, or becomes
 * read-only with its last writable one.  Taking rights away is complete
 * only after a flush of ld on every CPU, which the caller makes (once,
 * for the leaf it cleared as well) before the frame's references go.
 * maptrack_lock held.
 */
static void gstage_drop(struct domain *ld, mfn_t m, bool writable)
{
    struct gstage_count c = gcount_adjust(ld->grant_table, m, writable, -1);

    spin_lock(&mm_lock);
    if (!c.host)
        arch_gstage_unmap(ld, m);
    else if (writable && !c.host_w)
        arch_gstage_map(ld, m, false);          /* rewrites the entry read-only */
    spin_unlock(&mm_lock);
}

/* ---- host mappings in the mapper's page tables ---- */

/*
 * Install the VS-stage leaf that maps granted frame m for the mapper:
 * host_addr is a virtual address of curr's current address space, or with
 * GNTMAP_contains_pte the machine address of the level-0 entry to fill.
 * The entry must be an empty slot of a validated leaf table the mapper
 * owns (mm_grant_install_leaf checks it); anything else is
 * GNTST_general_error, as Xen PV answers a bad PTE address.
 */
static int16_t host_mapping_create(struct vcpu *curr, const struct gnttab_map_grant_ref *op,
                                   mfn_t m, paddr_t *pte_ma)
{
    int rc;

    if (curr->domain->is_translated) {
        if ((op->flags & GNTMAP_contains_pte) || (op->host_addr & (PAGE_SIZE - 1)))
            return GNTST_general_error;
        rc = p2m_grant_map(curr->domain, _gfn(op->host_addr >> PAGE_SHIFT), m,
                           !(op->flags & GNTMAP_readonly));
        return rc ? GNTST_general_error : GNTST_okay;
    }
    if (op->flags & GNTMAP_contains_pte) {
        if (op->host_addr & (sizeof(pte_t) - 1))
            return GNTST_general_error;
        *pte_ma = op->host_addr;
    } else if (mm_va_to_pte(curr, op->host_addr, pte_ma)) {
        return GNTST_general_error;
    }
    spin_lock(&mm_lock);
    rc = mm_grant_install_leaf(curr->domain, *pte_ma, m, !(op->flags & GNTMAP_readonly));
    spin_unlock(&mm_lock);
    return rc ? GNTST_general_error : GNTST_okay;
}

static int16_t host_mapping_destroy(struct domain *ld, const struct grant_mapping *mt)
{
    int rc;

    if (ld->is_translated)
        return p2m_grant_unmap(ld, _gfn(mt->host_addr >> PAGE_SHIFT), mt->mfn)
               ? GNTST_general_error : GNTST_okay;
    spin_lock(&mm_lock);
    rc = mm_grant_remove_leaf(ld, mt->pte_ma, mt->mfn);
    spin_unlock(&mm_lock);
    return rc ? GNTST_general_error : GNTST_okay;
}

/* ---- map ---- */

static uint32_t pin_inc(uint32_t flags)
{
    bool ro = flags & GNTMAP_readonly;
    uint32_t inc = 0;

    if (flags & GNTMAP_host_map)
        inc += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
    if (flags & GNTMAP_device_map)
        inc += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
    return inc;
}

static unsigned int nr_kinds(uint32_t flags)
{
    return !!(flags & GNTMAP_host_map) + !!(flags & GNTMAP_device_map);
}

/* The checks that need no lock, in Xen's order. */
static int16_t map_precheck(struct domain *ld, const struct gnttab_map_grant_ref *op,
                            struct domain **rd)
{
    if (!(op->flags & MAP_KINDS))
        return GNTST_bad_gntref;
    if ((op->flags & GNTMAP_device_map) && !ld->is_privileged)
        return GNTST_general_error;   /* no IOMMU: DMA is dom0's alone */
    if ((op->flags & GNTMAP_host_map) && (op->flags & GNTMAP_application_map))
        return GNTST_general_error;   /* no guest user mappings of grants */
    *rd = op->dom == DOMID_SELF ? NULL : (op->dom == ld->domain_id ? ld : domain_by_id(op->dom));
    if (!gnttab_has_table(*rd))
        return GNTST_bad_domain;
    return GNTST_okay;
}

/* With the handle taken: pin, G-stage, host mapping.  maptrack_lock held. */
static int16_t map_locked(struct vcpu *curr, struct domain *rd, struct gnttab_map_grant_ref *op,
                          uint32_t handle)
{
    struct domain *ld = curr->domain;
    struct grant_table *rgt = rd->grant_table;
    uint32_t inc = pin_inc(op->flags);
    unsigned int nref = nr_kinds(op->flags);
    struct grant_mapping *mt = maptrack_entry(ld->grant_table, handle);
    int16_t rc;
    mfn_t m;

    spin_lock(&rgt->lock);
    rc = rgt->dying ? GNTST_bad_domain
                    : gnttab_pin_entry(rgt, op->ref, ld->domain_id, inc, nref, &m);
    spin_unlock(&rgt->lock);
    if (rc)
        return rc;

    mt->ref = op->ref;
    mt->domid = rd->domain_id;
    mt->mfn = m;
    mt->host_addr = op->host_addr;
    mt->flags = (uint16_t)(op->flags & (MAP_KINDS | GNTMAP_readonly));
    if (op->flags & GNTMAP_host_map) {
        bool w = !(op->flags & GNTMAP_readonly);

        bool counted = rd != ld && !ld->is_translated;

        if (counted && gstage_add(ld, m, w))
            rc = GNTST_general_error;
        if (!rc)
            rc = host_mapping_create(curr, op, m, &mt->pte_ma);
        if (rc) {
            mt->flags = 0;
            if (counted) {
                gstage_drop(ld, m, w);
                arch_gstage_flush(ld);
            }
            gnttab_unpin_and_maybe_free(rd, op->ref, inc, nref);
            return rc;
        }
    }
    op->dev_bus_addr = mfn_to_maddr(m);
    op->handle = handle;
    return GNTST_okay;
}

void gnttab_map_one(struct vcpu *curr, struct gnttab_map_grant_ref *op)
{
    struct domain *ld = curr->domain;
    struct grant_table *lgt = ld->grant_table;
    struct domain *rd;
    uint32_t handle;

    op->status = map_precheck(ld, op, &rd);
    if (op->status)
        return;
    spin_lock(&lgt->maptrack_lock);
    handle = get_handle(lgt);
    if (handle == MAPTRACK_NONE) {
        op->status = GNTST_no_device_space;   /* Xen's answer to maptrack exhaustion */
    } else {
        op->status = map_locked(curr, rd, op, handle);
        if (op->status)
            put_handle(lgt, handle);
    }
    spin_unlock(&lgt->maptrack_lock);
}

/* ---- unmap ---- */

/*
 * Undo the kinds `done` of mapping mt; a host mapping's leaf is already
 * cleared (host_mapping_destroy).  Revocation order: the leaf and the
 * G-stage right are gone on every CPU (one flush for both) before the pin
 * and the frame's reference go.  maptrack_lock held.
 */
static void unmap_kinds(struct domain *ld, struct grant_mapping *mt, uint32_t done)
{
    struct domain *rd = domain_by_id(mt->domid);
    uint32_t kinds = done | (mt->flags & GNTMAP_readonly);

    mt->flags &= (uint16_t)~done;
    if (done & GNTMAP_host_map) {
        if (rd != ld && !ld->is_translated)
            gstage_drop(ld, mt->mfn, !(kinds & GNTMAP_readonly));
        arch_gstage_flush(ld);
    }
    if (gnttab_has_table(rd))
        gnttab_unpin_and_maybe_free(rd, mt->ref, pin_inc(kinds), nr_kinds(kinds));
}

static int16_t unmap_locked(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = ld->grant_table;
    struct grant_mapping *mt;
    uint32_t done = 0;
    int16_t rc;

    if (op->handle >= lgt->maptrack_limit || !(mt = maptrack_entry(lgt, op->handle))->flags)
        return GNTST_bad_handle;
    if (op->dev_bus_addr && op->dev_bus_addr != mfn_to_maddr(mt->mfn))
        return GNTST_general_error;
    if (op->host_addr && (mt->flags & GNTMAP_host_map)) {
        if (op->host_addr != mt->host_addr)
            return GNTST_general_error;
        rc = host_mapping_destroy(ld, mt);
        if (rc)
            return rc;
        done |= GNTMAP_host_map;
    }
    if (op->dev_bus_addr && (mt->flags & GNTMAP_device_map))
        done |= GNTMAP_device_map;
    if (done)
        unmap_kinds(ld, mt, done);
    if (!(mt->flags & MAP_KINDS))
        put_handle(lgt, op->handle);
    return GNTST_okay;
}

void gnttab_unmap_one(struct vcpu *curr, struct gnttab_unmap_grant_ref *op)
{
    struct grant_table *lgt = curr->domain->grant_table;

    spin_lock(&lgt->maptrack_lock);
    op->status = unmap_locked(curr->domain, op);
    spin_unlock(&lgt->maptrack_lock);
}

/* ---- death ---- */

void gnttab_release_mappings(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt || gt->freed)
        return;
    spin_lock(&gt->maptrack_lock);
    for (uint32_t h = 0; h < gt->maptrack_limit; h++) {
        struct grant_mapping *mt = maptrack_entry(gt, h);
        uint32_t kinds = mt->flags & MAP_KINDS;

        if (!kinds)
            continue;
        /* The leaf may be gone with its table already: nothing to undo. */
        if (kinds & GNTMAP_host_map)
            host_mapping_destroy(d, mt);
        unmap_kinds(d, mt, kinds);
        put_handle(gt, h);
    }
    /* Nothing is mapped any more: the maptrack and counts go too (a
     * domain that maps again later starts a fresh table). */
    for (unsigned int i = 0; i < gt->maptrack_limit / MAPTRACK_CHUNK; i++) {
        xfree(gt->maptrack[i]);
        gt->maptrack[i] = NULL;
    }
    gt->maptrack_limit = 0;
    gt->maptrack_used = 0;
    gt->maptrack_free = MAPTRACK_NONE;
    xfree(gt->gcount);
    gt->gcount = NULL;
    gt->gcount_bits = 0;
    spin_unlock(&gt->maptrack_lock);
}

/* Give one shared frame back, if nobody but the table references it; it
 * has left d's G-stage on every CPU. */
static void free_shared_frame(struct domain *d, mfn_t m)
{
    int rc;

    spin_lock(&mm_lock);
    rc = unshare_xen_page_with_guest(mfn_to_page(m), d);
    spin_unlock(&mm_lock);
    if (rc) {
        printk(XENLOG_WARNING "d%u: grant frame %#llx still referenced: kept\n",
               d->domain_id, (unsigned long long)mfn_x(m));
        return;
    }
    free_xenheap_pages(m, 0);
}

void grant_table_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;
    bool busy;

    if (!gt || gt->freed)
        return;
    spin_lock(&gt->lock);
    gt->dying = true;
    busy = gt->nr_pinned != 0 || gt->freed;
    if (!busy)
        gt->freed = true;
    spin_unlock(&gt->lock);
    if (busy)
        return;
    /* Revocation order: the frames leave d's G-stage on every CPU before
     * any of them can return to the heap. */
    spin_lock(&mm_lock);
    for (unsigned int i = 0; i < gt->nr_frames; i++)
        arch_gstage_unmap(d, gt->frame[i]);
    spin_unlock(&mm_lock);
    arch_gstage_flush(d);
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        free_shared_frame(d, gt->frame[i]);
        xfree(gt->active[i]);
    }
}

/* The domain is about to be freed: its table is gone (grant_table_destroy
 * found nothing pinned) or was never filled; the structure goes too. */
void grant_table_free(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    xfree(gt->gcount);
    for (unsigned int i = 0; i < ARRAY_SIZE(gt->maptrack); i++)
        xfree(gt->maptrack[i]);
    xfree(gt);
    d->grant_table = NULL;
}

bool grant_table_released(const struct domain *d)
{
    const struct grant_table *gt = d->grant_table;

    return !gt || __atomic_load_n(&gt->freed, __ATOMIC_ACQUIRE);
}
