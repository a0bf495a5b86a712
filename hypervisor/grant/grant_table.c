/*
 * grant_table_op (20): grant tables, version 1.
 *
 * Model.  A domain (the granter) shares one of its frames by filling an
 * entry of its grant table, an array of grant_entry_v1 in frames it can
 * write (the "shared" frames, allocated here and returned by setup_table).
 * Another domain (the mapper) names the entry as (granter, ref) to map it
 * or to copy to or from it.  For each entry the hypervisor keeps an active
 * entry, which the guest cannot see:
 *
 *   pin     four 8-bit counters, as in Xen: host writable, host read-only,
 *           device writable, device read-only mappings, plus the copies in
 *           progress (a copy pins as a host mapping for its duration);
 *   domid   the mapper, fixed while pin != 0;
 *   mfn     the frame pinned, fixed while pin != 0: once an entry is pinned
 *           the granter's later writes to its frame or domid are ignored.
 *
 * Invariants (checked by the unit tests and the fuzzer):
 *   - GTF_reading is set in the shared entry iff pin != 0; GTF_writing iff
 *     a writable pin (host or device) is != 0.  Both are set with a
 *     compare-and-swap on (flags, domid) that also checks the entry still
 *     permits access to the mapper, retried a bounded number of times, so a
 *     granter rewriting its entry in a loop cannot hold a CPU.
 *   - every maptrack entry of a mapper with flags != 0 names a pinned
 *     active entry of its granter with that mapper, and the pins of an
 *     active entry equal the maptrack entries (and copies) that hold it;
 *   - each mapping holds one general reference on the granted frame per
 *     kind (host, device), so a frame stays allocated while mapped even if
 *     its owner dies; it is freed by the last put_page();
 *   - the mapper's G-stage maps a granted frame of another domain while it
 *     holds a host mapping of it: writable iff one of them is writable.
 *
 * Shared frames are hypervisor frames shared with the domain
 * (share_xen_page_with_guest, hv/page_type.h): PGC_xen_heap, owner = the
 * domain, the permanent special type PGT_grant_table (so never a page
 * table), one general reference held by the table; writable in the
 * domain's G-stage, and its page tables may map them writable.  No domain
 * may grant them (or any other hypervisor frame) onward.
 *
 * A writable mapping or copy destination holds a PGT_writable type
 * reference per kind (mm_lock is taken for it, innermost), so a frame
 * mapped writable elsewhere can never become a page table, and a page
 * table can never be mapped writable through a grant.
 *
 * Refused on purpose (documented in public/grant_table.h): version 2
 * (-ENOSYS, as Xen with gnttab=max-ver:1), transfer, unmap_and_replace,
 * dump_table and cache_flush (-ENOSYS); device_map is for the privileged
 * domain only (there is no IOMMU: a device mapping is a promise to DMA,
 * which only dom0's drivers can keep).
 *
 * Locking: per table, gt->lock guards the shared-frame list, the active
 * entries and nr_pinned; gt->maptrack_lock guards the maptrack table (the
 * mappings the domain holds) and the domain's G-stage entries of granted
 * frames.  Order: a maptrack_lock, then a gt->lock (of any domain, the
 * mapper's own included); never two maptrack_locks or two gt->locks at
 * once.  mm_lock and the heap lock may be taken under either.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <public/grant_table.h>
#include <public/xen.h>

#include "grant_priv.h"

BUILD_BUG_ON(GNTTAB_ENTRIES_PER_FRAME != PAGE_SIZE / sizeof(struct grant_entry_v1));

/* ---- tables ---- */

/* Grow d's table to nr frames.  gt->lock held. */
static int grow_table(struct domain *d, struct grant_table *gt, unsigned int nr)
{
    while (gt->nr_frames < nr) {
        unsigned int i = gt->nr_frames;
        struct active_grant *act = xzalloc_array(struct active_grant, GNTTAB_ENTRIES_PER_FRAME);
        mfn_t m = alloc_xenheap_pages(0);
        int rc = -ENOMEM;

        if (act && mfn_valid_raw(m) && d->is_translated) {
            rc = 0;                   /* add_to_physmap puts it in the p2m */
        } else if (act && mfn_valid_raw(m)) {
            spin_lock(&mm_lock);      /* the type system writes d's G-stage too */
            rc = arch_gstage_map(d, m, true);
            spin_unlock(&mm_lock);
        }
        if (rc) {
            xfree(act);
            if (mfn_valid_raw(m))
                free_xenheap_pages(m, 0);
            return -ENOMEM;
        }
        share_xen_page_with_guest(mfn_to_page(m), d, PGT_grant_table, false);
        gt->frame[i] = m;
        gt->shared[i] = mfn_to_virt(m);
        gt->active[i] = act;
        d->hv_pages += 3;
        __atomic_store_n(&gt->nr_frames, i + 1, __ATOMIC_RELEASE);
    }
    arch_gstage_publish(d);
    return 0;
}

int grant_table_init(struct domain *d)
{
    struct grant_table *gt = xzalloc(struct grant_table);
    int rc;

    if (!gt)
        return -ENOMEM;
    spin_lock_init(&gt->lock);
    spin_lock_init(&gt->maptrack_lock);
    gt->domain = d;
    gt->maptrack_free = MAPTRACK_NONE;
    d->grant_table = gt;
    d->hv_pages++;
    spin_lock(&gt->lock);
    rc = grow_table(d, gt, 1);
    spin_unlock(&gt->lock);
    return rc;
}

/*
 * The toolstack's reserved entries (GNTTAB_RESERVED_CONSOLE, _XENSTORE):
 * the builder grants a ring frame of d to domain `to` before d runs, as
 * Xen's toolstack does, so that dom0 maps the ring by grant.  The entry
 * is an ordinary one afterwards: d may revoke or rewrite it.
 */
static void seed_entry(struct domain *d, uint32_t ref, domid_t to, uint64_t frame)
{
    struct grant_table *gt = d->grant_table;
    grant_entry_v1_t *e;

    spin_lock(&gt->lock);
    e = &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
    e->domid = to;
    e->frame = (uint32_t)frame;
    __atomic_store_n(&e->flags, (uint16_t)GTF_permit_access, __ATOMIC_RELEASE);
    spin_unlock(&gt->lock);
}

void gnttab_seed_entry(struct domain *d, uint32_t ref, domid_t to, mfn_t frame)
{
    seed_entry(d, ref, to, mfn_x(frame));
}

void gnttab_seed_entry_gfn(struct domain *d, uint32_t ref, domid_t to, gfn_t frame)
{
    seed_entry(d, ref, to, gfn_x(frame));
}

/* Grant-table frame idx of d, the table grown to hold it: for
 * XENMEM_add_to_physmap (mm/p2m.c).  0, -EINVAL or -ENOMEM. */
int gnttab_frame_for_physmap(struct domain *d, unsigned int idx, mfn_t *m)
{
    struct grant_table *gt = d->grant_table;
    int rc = 0;

    if (!gnttab_has_table(d) || idx >= GNTTAB_MAX_FRAMES)
        return -EINVAL;
    spin_lock(&gt->lock);
    if (d->is_dying)
        rc = -EINVAL;
    else if (idx >= gt->nr_frames)
        rc = grow_table(d, gt, idx + 1);
    if (!rc)
        *m = gt->frame[idx];
    spin_unlock(&gt->lock);
    return rc;
}

/* ---- page references ---- */

/* A general reference on frame m if `owner` owns it and it is an ordinary
 * domain frame (not one of the hypervisor's, shared or not). */
struct page_info *gnttab_get_domain_frame(struct domain *owner, mfn_t m)
{
    struct page_info *pg;

    if (!mfn_in_frame_table(m))
        return NULL;
    pg = mfn_to_page(m);
    if (!get_page(pg, owner))
        return NULL;
    if (!(pg->flags & PGC_allocated) || (pg->flags & PGC_xen_heap)) {
        put_page(pg);
        return NULL;
    }
    return pg;
}

/* A PGT_writable type reference: refused for a page table (any level, in
 * any state of validation) or a special frame. */
bool gnttab_get_writable(struct page_info *pg)
{
    struct mm_budget b = mm_budget_start();
    int rc;

    spin_lock(&mm_lock);
    rc = get_page_type(pg, PGT_writable, &b, false);
    spin_unlock(&mm_lock);
    return rc == 0;
}

void gnttab_put_writable(struct page_info *pg)
{
    spin_lock(&mm_lock);
    put_page_type(pg);
    spin_unlock(&mm_lock);
}

/* ---- the shared entry ---- */

static union grant_combo *shared_combo(struct grant_table *gt, uint32_t ref)
{
    return (union grant_combo *)&gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
                                            [ref % GNTTAB_ENTRIES_PER_FRAME];
}

static uint32_t shared_frame_field(struct grant_table *gt, uint32_t ref)
{
    return __atomic_load_n(&gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME]
                                      [ref % GNTTAB_ENTRIES_PER_FRAME].frame, __ATOMIC_ACQUIRE);
}

/* One atomic AND on the whole first word (flags are its low half, little
 * endian): bounded, however the granter hammers the word. */
static void clear_flags(struct grant_table *gt, uint32_t ref, uint16_t bits)
{
    __atomic_fetch_and(&shared_combo(gt, ref)->raw, ~(uint32_t)bits, __ATOMIC_SEQ_CST);
}

/*
 * Set GTF_reading (and GTF_writing unless readonly) in the entry, checking
 * on the way that it permits access to `mapper` (when not pinned yet) and
 * is not read-only for a writable use.  A granter that keeps changing the
 * entry gets GNTST_general_error after a few tries.
 */
static int16_t set_status(struct grant_table *gt, uint32_t ref, const struct active_grant *act,
                          domid_t mapper, bool readonly)
{
    union grant_combo *sh = shared_combo(gt, ref);
    union grant_combo old, new;

    old.raw = __atomic_load_n(&sh->raw, __ATOMIC_ACQUIRE);
    for (unsigned int tries = 0;; tries++) {
        if (!act->pin && ((old.s.flags & GTF_type_mask) != GTF_permit_access ||
                          old.s.domid != mapper))
            return GNTST_general_error;
        if (!readonly && (old.s.flags & GTF_readonly))
            return GNTST_general_error;
        new = old;
        new.s.flags |= GTF_reading | (readonly ? 0 : GTF_writing);
        if (__atomic_compare_exchange_n(&sh->raw, &old.raw, new.raw, false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_ACQUIRE))
            return GNTST_okay;
        if (tries == 4)
            return GNTST_general_error;
    }
}

/* After pins were dropped (or a pin attempt failed): clear the flags no
 * pin needs any more. */
static void settle_flags(struct grant_table *gt, uint32_t ref, const struct active_grant *act,
                         bool was_writable)
{
    uint16_t bits = 0;

    if (was_writable && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
        bits |= GTF_writing;
    if (!act->pin)
        bits |= GTF_reading;
    if (bits)
        clear_flags(gt, ref, bits);
}

/*
 * Pin entry ref of rd for `ld` with `inc` (GNTPIN_*_inc) and take `nref`
 * general references on its frame.  rgt->lock held.  Returns GNTST_*; on
 * success *mfn is the pinned frame.
 */
int16_t gnttab_pin_entry(struct grant_table *rgt, uint32_t ref, domid_t ld, uint32_t inc,
                         unsigned int nref, mfn_t *mfn)
{
    struct active_grant *act;
    bool readonly = !(inc & (GNTPIN_hstw_inc | GNTPIN_devw_inc));
    struct page_info *pg = NULL;
    int16_t rc;

    if (ref >= nr_entries(rgt))
        return GNTST_bad_gntref;
    act = active_entry(rgt, ref);
    if (act->pin && (act->domid != ld || (act->pin & GNTPIN_overflow)))
        return GNTST_general_error;

    if (!act->pin || (!readonly && !(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))) {
        rc = set_status(rgt, ref, act, ld, readonly);
        if (rc)
            return rc;
    }
    if (!act->pin) {
        /* A frame number in the granter's terms (a gfn if translated). */
        mfn_t m = p2m_guest_frame(rgt->domain, shared_frame_field(rgt, ref));

        pg = gnttab_get_domain_frame(rgt->domain, m);
        if (!pg) {
            settle_flags(rgt, ref, act, !readonly);
            return GNTST_bad_page;
        }
        act->domid = ld;
        act->mfn = m;
        nref--;
    }
    for (unsigned int i = 0; i < nref; i++) {
        if (!gnttab_get_domain_frame(rgt->domain, act->mfn)) {
            while (i--)
                put_page(mfn_to_page(act->mfn));
            if (pg)
                put_page(pg);
            settle_flags(rgt, ref, act, !readonly);
            return rgt->domain->is_dying ? GNTST_bad_domain : GNTST_general_error;
        }
    }
    /* A writable use holds a writable type reference per kind, as in Xen:
     * the frame cannot become a page table while it is mapped writable. */
    for (unsigned int i = 0; !readonly && i < nref + !!pg; i++) {
        if (!gnttab_get_writable(mfn_to_page(act->mfn))) {
            while (i--)
                gnttab_put_writable(mfn_to_page(act->mfn));
            for (unsigned int j = 0; j < nref + !!pg; j++)
                put_page(mfn_to_page(act->mfn));
            settle_flags(rgt, ref, act, true);
            return GNTST_general_error;
        }
    }
    if (!act->pin)
        rgt->nr_pinned++;
    act->pin += inc;
    *mfn = act->mfn;
    return GNTST_okay;
}

/* Undo pin_entry(): drop `inc` and `nref` references.  rgt->lock held. */
void gnttab_unpin_entry(struct grant_table *rgt, uint32_t ref, uint32_t inc, unsigned int nref)
{
    struct active_grant *act = active_entry(rgt, ref);
    bool writable = inc & (GNTPIN_hstw_inc | GNTPIN_devw_inc);

    BUG_ON(act->pin < inc);
    act->pin -= inc;
    for (unsigned int i = 0; writable && i < nref; i++)
        gnttab_put_writable(mfn_to_page(act->mfn));
    for (unsigned int i = 0; i < nref; i++)
        put_page(mfn_to_page(act->mfn));
    settle_flags(rgt, ref, act, writable);
    if (!act->pin)
        rgt->nr_pinned--;
}

/* Drop a pin of a dying domain's table; free the table with its last pin. */
void gnttab_unpin_and_maybe_free(struct domain *rd, uint32_t ref, uint32_t inc, unsigned int nref)
{
    struct grant_table *rgt = rd->grant_table;
    bool free_now;

    spin_lock(&rgt->lock);
    gnttab_unpin_entry(rgt, ref, inc, nref);
    free_now = rgt->dying && !rgt->nr_pinned;
    spin_unlock(&rgt->lock);
    if (free_now)
        grant_table_destroy(rd);
}

/* ---- domain lookup ---- */

/* The domain `dom` names for caller d (DOMID_SELF allowed), or NULL. */
struct domain *gnttab_lookup_any(struct domain *d, domid_t dom)
{
    if (dom == DOMID_SELF || dom == d->domain_id)
        return d;
    return domain_by_id(dom);
}

/* A domain whose grant table still exists (a dying one keeps it while pinned). */
bool gnttab_has_table(const struct domain *d)
{
    return d && d->grant_table && !d->grant_table->freed;
}

/* ---- setup_table, query_size, versions ---- */

static void setup_table(struct domain *curr, struct gnttab_setup_table *op)
{
    struct domain *d = gnttab_lookup_any(curr, op->dom);
    struct grant_table *gt;

    if (!gnttab_has_table(d)) {
        op->status = GNTST_bad_domain;
        return;
    }
    if (d != curr && !curr->is_privileged) {
        op->status = GNTST_permission_denied;
        return;
    }
    gt = d->grant_table;
    spin_lock(&gt->lock);
    if (op->nr_frames > GNTTAB_MAX_FRAMES || d->is_dying ||
        (op->nr_frames > gt->nr_frames && grow_table(d, gt, op->nr_frames))) {
        op->status = GNTST_general_error;
    } else {
        op->status = GNTST_okay;
        for (unsigned int i = 0; i < op->nr_frames; i++) {
            /* A translated domain sees its frames where it put them. */
            xen_pfn_t f = d->is_translated ? p2m_gnttab_gfn(d, i) : mfn_x(gt->frame[i]);

            if (copy_to_guest(op->frame_list + i * sizeof(f), &f, sizeof(f)))
                op->status = GNTST_bad_virt_addr;
        }
    }
    spin_unlock(&gt->lock);
}

static void query_size(struct domain *curr, struct gnttab_query_size *op)
{
    struct domain *d = gnttab_lookup_any(curr, op->dom);

    if (!gnttab_has_table(d)) {
        op->status = GNTST_bad_domain;
    } else if (d != curr && !curr->is_privileged) {
        op->status = GNTST_permission_denied;
    } else {
        op->nr_frames = __atomic_load_n(&d->grant_table->nr_frames, __ATOMIC_ACQUIRE);
        op->max_nr_frames = GNTTAB_MAX_FRAMES;
        op->status = GNTST_okay;
    }
}

static long set_version(struct gnttab_set_version *op)
{
    long rc = 0;

    if (op->version != 1 && op->version != 2)
        rc = -EINVAL;
    else if (op->version == 2)
        rc = -ENOSYS;      /* as Xen built or booted with gnttab=max-ver:1 */
    op->version = 1;
    return rc;
}

static long get_version(struct domain *curr, struct gnttab_get_version *op)
{
    struct domain *d = gnttab_lookup_any(curr, op->dom);

    if (!gnttab_has_table(d))
        return -ESRCH;
    if (d != curr && !curr->is_privileged)
        return -EPERM;
    op->version = 1;
    return 0;
}

static void get_status_frames(struct domain *curr, struct gnttab_get_status_frames *op)
{
    struct domain *d = gnttab_lookup_any(curr, op->dom);

    if (!gnttab_has_table(d))
        op->status = GNTST_bad_domain;
    else if (d != curr && !curr->is_privileged)
        op->status = GNTST_permission_denied;
    else   /* a v1 table has no status frames */
        op->status = op->nr_frames ? GNTST_general_error : GNTST_okay;
}

static int16_t swap_grant_ref(struct domain *d, uint32_t a, uint32_t b)
{
    struct grant_table *gt = d->grant_table;
    int16_t rc = GNTST_okay;

    spin_lock(&gt->lock);
    if (gt->dying || a >= nr_entries(gt) || b >= nr_entries(gt)) {
        rc = GNTST_bad_gntref;
    } else if (a != b) {
        if (active_entry(gt, a)->pin || active_entry(gt, b)->pin) {
            rc = GNTST_eagain;
        } else {
            grant_entry_v1_t *ea = (grant_entry_v1_t *)shared_combo(gt, a);
            grant_entry_v1_t *eb = (grant_entry_v1_t *)shared_combo(gt, b);
            grant_entry_v1_t t = *ea;

            *ea = *eb;
            *eb = t;
        }
    }
    spin_unlock(&gt->lock);
    return rc;
}

/* ---- statistics for invariant checks ---- */

void gnttab_stats(struct domain *d, struct gnttab_stats *st)
{
    struct grant_table *gt = d->grant_table;

    memset(st, 0, sizeof(*st));
    if (!gt || gt->freed) {
        st->destroyed = true;
        return;
    }
    spin_lock(&gt->maptrack_lock);
    st->maptrack_used = gt->maptrack_used;
    spin_unlock(&gt->maptrack_lock);
    spin_lock(&gt->lock);
    st->nr_frames = gt->nr_frames;
    st->nr_pinned = gt->nr_pinned;
    spin_unlock(&gt->lock);
}

bool gnttab_active_info(struct domain *d, uint32_t ref, uint32_t *pin, domid_t *mapper,
                        mfn_t *mfn)
{
    struct grant_table *gt = d->grant_table;
    bool ok;

    if (!gt || gt->freed)
        return false;
    spin_lock(&gt->lock);
    ok = ref < nr_entries(gt);
    if (ok) {
        *pin = active_entry(gt, ref)->pin;
        *mapper = active_entry(gt, ref)->domid;
        *mfn = active_entry(gt, ref)->mfn;
    }
    spin_unlock(&gt->lock);
    return ok;
}


/* ---- the hypercall ---- */

/* Bits of cmd above these carry continuation state in Xen; a guest must
 * leave them clear (-EINVAL) for every op rvxen implements. */
#define GNTTABOP_CMD_MASK 0xfffu

union gnttab_any_op {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_copy copy;
    struct gnttab_swap_grant_ref swap;
};

typedef void (*gnttab_one_fn)(struct vcpu *curr, union gnttab_any_op *op);

static void do_map(struct vcpu *curr, union gnttab_any_op *op)
{
    gnttab_map_one(curr, &op->map);
}
static void do_unmap(struct vcpu *curr, union gnttab_any_op *op)
{
    gnttab_unmap_one(curr, &op->unmap);
}
static void do_copy(struct vcpu *curr, union gnttab_any_op *op)
{
    op->copy.status = gnttab_copy_one(curr->domain, &op->copy);
}
static void do_swap(struct vcpu *curr, union gnttab_any_op *op)
{
    op->swap.status = swap_grant_ref(curr->domain, op->swap.ref_a, op->swap.ref_b);
}

struct batch_op {
    gnttab_one_fn fn;
    size_t size;        /* of one element */
    size_t out_off;     /* what goes back to the guest: [out_off, +out_len) */
    size_t out_len;
};

#define OUT_FIELD(type, field) offsetof(type, field), sizeof(((type *)0)->field)

static const struct batch_op batch_ops[] = {
    [GNTTABOP_map_grant_ref] = { do_map, sizeof(struct gnttab_map_grant_ref), 0,
                                 sizeof(struct gnttab_map_grant_ref) },
    [GNTTABOP_unmap_grant_ref] = { do_unmap, sizeof(struct gnttab_unmap_grant_ref),
                                   OUT_FIELD(struct gnttab_unmap_grant_ref, status) },
    [GNTTABOP_copy] = { do_copy, sizeof(struct gnttab_copy),
                        OUT_FIELD(struct gnttab_copy, status) },
    [GNTTABOP_swap_grant_ref] = { do_swap, sizeof(struct gnttab_swap_grant_ref),
                                  OUT_FIELD(struct gnttab_swap_grant_ref, status) },
};

/*
 * A batch: element by element, each result copied back before the next is
 * read.  After GNTTAB_OPS_PER_CALL elements the hypercall continues itself
 * with the rest (args advanced, -ERESTART), so the guest sees one call.
 */
static long run_batch(struct vcpu *curr, const struct batch_op *b, unsigned long args[])
{
    uint64_t uop = args[1];
    uint32_t count = (uint32_t)args[2];
    union gnttab_any_op op;

    for (uint32_t i = 0; i < count; i++, uop += b->size) {
        if (i == GNTTAB_OPS_PER_CALL) {
            args[1] = uop;
            args[2] = count - i;
            return -ERESTART;
        }
        if (copy_from_guest(&op, uop, b->size))
            return -EFAULT;
        b->fn(curr, &op);
        if (copy_to_guest(uop + b->out_off, (char *)&op + b->out_off, b->out_len))
            return -EFAULT;
    }
    return 0;
}

/* Copy in one struct of `type`, run `stmt`, copy [off, +len) back. */
#define SINGLE_OP(type, off, len, stmt)                                  \
    do {                                                                 \
        type op;                                                         \
        long rc_ = 0;                                                    \
        if (count != 1)                                                  \
            return -EINVAL;                                              \
        if (copy_from_guest(&op, uop, sizeof(op)))                       \
            return -EFAULT;                                              \
        stmt;                                                            \
        if (rc_ != -EFAULT && copy_to_guest(uop + (off), (char *)&op + (off), (len))) \
            return -EFAULT;                                              \
        return rc_;                                                      \
    } while (0)

long do_grant_table_op(struct vcpu *curr, unsigned long args[])
{
    struct domain *d = curr->domain;
    unsigned long cmd = (uint32_t)args[0];
    uint64_t uop = args[1];
    uint32_t count = (uint32_t)args[2];

    if ((int32_t)count < 0 || (cmd & ~GNTTABOP_CMD_MASK))
        return -EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
    case GNTTABOP_unmap_grant_ref:
    case GNTTABOP_copy:
    case GNTTABOP_swap_grant_ref:
        return run_batch(curr, &batch_ops[cmd], args);
    case GNTTABOP_setup_table:
        SINGLE_OP(struct gnttab_setup_table, offsetof(struct gnttab_setup_table, status),
                  sizeof(int16_t), setup_table(d, &op));
    case GNTTABOP_query_size:
        SINGLE_OP(struct gnttab_query_size, 0, sizeof(op), query_size(d, &op));
    case GNTTABOP_get_status_frames:
        SINGLE_OP(struct gnttab_get_status_frames,
                  offsetof(struct gnttab_get_status_frames, status), sizeof(int16_t),
                  get_status_frames(d, &op));
    case GNTTABOP_set_version:
        count = 1;   /* Xen ignores count here */
        SINGLE_OP(struct gnttab_set_version, 0, sizeof(op), rc_ = set_version(&op));
    case GNTTABOP_get_version:
        count = 1;
        SINGLE_OP(struct gnttab_get_version, offsetof(struct gnttab_get_version, version),
                  sizeof(uint32_t), if ((rc_ = get_version(d, &op))) return rc_);
    default:   /* transfer, unmap_and_replace, dump_table, cache_flush, unknown */
        return -ENOSYS;
    }
}
