/*
 * check_invariants(): the memory invariants of security.md 4.0 (I1-I6),
 * checked from scratch over the whole frame table, for unit tests, fuzzers
 * and a debug hypercall.
 *
 * It recounts every reference the model explains - allocations, shared
 * hypervisor frames, pins, base pointers, registered vcpu_info frames,
 * deferred stacks and each entry of
 * each table that holds references - and compares with the frames' counts:
 * equal in exact mode, at least in the other (grants hold references this
 * file cannot see).  On the way it checks each such entry against the PTE
 * rules and the frames it may name, that no page table is writable in its
 * owner's G-stage, and that each domain's G-stage maps only what it may.
 *
 * Locking: mm_lock held by the caller, and nothing else changing frames.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>

struct recount {
    uint32_t *count, *type;
    char *why;
    size_t len;
    int bad;
};

static void fail(struct recount *r, const char *what, mfn_t m)
{
    if (!r->bad)
        snprintf(r->why, r->len, "%s (mfn %#llx)", what, (unsigned long long)mfn_x(m));
    r->bad = -EINVAL;
}

static uint64_t idx(mfn_t m) { return mfn_x(m) - frame_table_base_mfn; }

static void add(struct recount *r, mfn_t m, bool type)
{
    r->count[idx(m)]++;
    if (type)
        r->type[idx(m)]++;
}

static void check_leaf(struct recount *r, struct domain *d, mfn_t tm, pte_t e)
{
    mfn_t m = pte_to_mfn(e);
    struct page_info *pg;

    if (!mfn_in_frame_table(m)) {
        if (!iomem_allowed(d, m))
            fail(r, "leaf maps MMIO the domain may not", tm);
        return;
    }
    pg = mfn_to_page(m);
    if (e & PTE_GNTTAB) {
        if (!pg->count || ((e & PTE_W) && (pg->type != PGT_writable || !pg->type_count)))
            fail(r, "grant leaf without the grant's references", tm);
        return;
    }
    if ((pg->flags & PGC_xen_heap) && !pg->owner) {
        if (!(pg->flags & PGC_shared_ro) || (e & PTE_W))
            fail(r, "leaf maps a hypervisor frame", tm);
        return;
    }
    if (pg->owner != d && !(d->is_privileged && pg->owner))
        fail(r, "leaf maps a frame of nobody or of another domain", tm);
    if ((e & PTE_W) && (pg->flags & PGC_shared_ro))
        fail(r, "writable leaf to a read-only shared frame", tm);
    if ((e & PTE_W) && !(pg->flags & PGC_xen_heap) && pg->type != PGT_writable)
        fail(r, "writable leaf to a frame not typed writable (I1)", tm);
    add(r, m, (e & PTE_W) && !(pg->flags & PGC_xen_heap));
}

static void check_table_entry(struct recount *r, struct domain *d, mfn_t tm, unsigned int level,
                              pte_t e)
{
    mfn_t m = pte_to_mfn(e);
    struct page_info *pg;
    pte_t fixed;

    if (!(e & PTE_V))
        return;
    if (pte_is_leaf(e) && (e & PTE_GNTTAB) && level == 0) {
        check_leaf(r, d, tm, e);
        return;
    }
    if (pte_check(e, level, &fixed) || fixed != e) {
        fail(r, "entry breaks the PTE rules (I4)", tm);
        return;
    }
    if (pte_is_leaf(e)) {
        check_leaf(r, d, tm, e);
        return;
    }
    pg = mfn_in_frame_table(m) ? mfn_to_page(m) : NULL;
    if (!pg || pg->owner != d || pg->type != pgt_of_level(level - 1))
        fail(r, "non-leaf entry to a frame not typed one level down (I5)", tm);
    else
        add(r, m, true);
}

static void check_table(struct recount *r, struct page_info *pg)
{
    mfn_t tm = page_to_mfn(pg);
    const pte_t *t = mfn_to_virt(tm);
    unsigned int level = pg->type - PGT_l0_page_table;
    unsigned int n = (pg->flags & PGT_validated) ? PT_ENTRIES : pg->nr_validated;

    if (arch_gstage_query(pg->owner, tm) == 1)
        fail(r, "page table writable in G-stage (I1)", tm);
    if ((pg->flags & PGT_validated) && pg->nr_validated != PT_ENTRIES)
        fail(r, "validated table with entries not validated", tm);
    for (unsigned int i = 0; i < n; i++)
        check_table_entry(r, pg->owner, tm, level, t[i]);
    if (pg->flags & PGT_partial_child) {
        mfn_t c = pte_to_mfn(t[n]);

        if (!mfn_in_frame_table(c) || !(mfn_to_page(c)->flags & PGT_partial))
            fail(r, "partial-child entry to a frame not partial (I2)", tm);
        else
            add(r, c, true);
    }
}

static void check_flags(struct recount *r, struct page_info *pg)
{
    mfn_t m = page_to_mfn(pg);
    uint16_t f = pg->flags;
    bool table = pgt_is_table(pg->type);

    if (pg->type_count > pg->count)
        fail(r, "type count above reference count (I2)", m);
    if (pg->type_count && pg->type == PGT_none)
        fail(r, "type references on an untyped frame (I2)", m);
    if ((f & PGT_pinned) && !pg->type_count)
        fail(r, "pinned without a type reference (I2)", m);
    if ((f & PGT_partial) && (!table || pg->type_count != 1 || (f & PGT_validated)))
        fail(r, "partial frame not holding exactly its partial reference (I2)", m);
    if ((f & PGT_deferred) && (!table || pg->type_count))
        fail(r, "deferred frame still typed in use (I2)", m);
    if (table && !(f & (PGT_validated | PGT_partial | PGT_deferred)))
        fail(r, "page-table type without a state (I2)", m);
    if (pg->owner && !(f & PGC_xen_heap) && !(f & PGC_allocated) && !pg->count)
        fail(r, "owned frame with no reference (I3)", m);
}

static void recount_frame(struct recount *r, struct page_info *pg)
{
    mfn_t m = page_to_mfn(pg);

    check_flags(r, pg);
    if (pg->flags & PGC_allocated)
        add(r, m, false);
    if ((pg->flags & PGC_xen_heap) && pg->owner)
        add(r, m, true);
    if (pg->flags & PGT_pinned)
        add(r, m, true);
    if (pg->flags & PGT_deferred)
        add(r, m, false);
    if (pgt_is_table(pg->type) && pg->owner)
        check_table(r, pg);
}

/* A registered vcpu_info frame (core/vcpu_op.c) holds a general and a
 * PGT_writable type reference. */
static void check_vcpu_info_frames(struct recount *r, struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        mfn_t m;

        if (!v || !mfn_valid_raw(v->vcpu_info_mfn))
            continue;
        m = v->vcpu_info_mfn;
        if (!mfn_in_frame_table(m) || mfn_to_page(m)->owner != d ||
            mfn_to_page(m)->type != PGT_writable)
            fail(r, "vcpu_info frame not a writable frame of its domain", m);
        else
            add(r, m, true);
    }
}

static void check_roots(struct recount *r, struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];
        struct page_info *pg;

        if (!v || !mfn_valid_raw(v->mm.root))
            continue;
        pg = mfn_in_frame_table(v->mm.root) ? mfn_to_page(v->mm.root) : NULL;
        if (!pg || pg->type != PGT_l2_page_table || !(pg->flags & PGT_validated) ||
            pg->owner != d)
            fail(r, "base pointer to a frame not a validated root", v->mm.root);
        else
            add(r, v->mm.root, true);
    }
    check_vcpu_info_frames(r, d);
}

struct gstage_walk {
    struct recount *r;
    struct domain *d;
    bool exact;
};

/* A privileged mapper's leaves map another domain's frame (mm/page_type.c,
 * foreign leaves): its G-stage holds the frame, writable only while one of
 * those leaves is. */
static bool foreign_leaf_explains(const struct domain *d, const struct page_info *pg,
                                  bool writable)
{
    return d->is_privileged && pg->foreign_leaves && (!writable || pg->foreign_rw);
}

/* One frame d's G-stage maps (I1, I6). */
static void check_gstage_entry(void *ctx, mfn_t m, bool writable)
{
    struct gstage_walk *w = ctx;
    struct page_info *pg;

    if (!mfn_in_frame_table(m)) {
        if (!iomem_allowed(w->d, m))
            fail(w->r, "G-stage maps MMIO the domain may not (I6)", m);
        return;
    }
    pg = mfn_to_page(m);
    if (writable && pgt_is_table(pg->type))
        fail(w->r, "page table writable in a G-stage (I1)", m);
    if (writable && (pg->flags & PGC_shared_ro))
        fail(w->r, "read-only shared frame writable in a G-stage (I6)", m);
    if ((pg->flags & PGC_xen_heap) && !pg->owner && !(pg->flags & PGC_shared_ro))
        fail(w->r, "G-stage maps a hypervisor frame (I6)", m);
    if (!(pg->flags & PGC_xen_heap) && !pg->owner)
        fail(w->r, "G-stage maps a free or reserved frame (I6)", m);
    if (pg->owner && pg->owner != w->d && !foreign_leaf_explains(w->d, pg, writable) &&
        (w->exact || !pg->count || (writable && !(pg->type == PGT_writable && pg->type_count))))
        fail(w->r, "G-stage maps another domain's frame without a grant's references (I6)", m);
}

static void check_domain(struct recount *r, struct domain *d, bool exact)
{
    struct gstage_walk w = { r, d, exact };
    uint64_t owned = 0, stacked = 0, flagged = 0;

    for (uint64_t i = 0; i < frame_table_nr; i++) {
        const struct page_info *pg = &frame_table[i];

        if (pg->owner == d && !(pg->flags & PGC_xen_heap))
            owned++;
        if (pg->owner == d && (pg->flags & PGT_deferred))
            flagged++;
    }
    arch_gstage_for_each(d, check_gstage_entry, &w);
    for (struct page_info *pg = d->mm.deferred; pg; pg = pg->next_deferred) {
        if (++stacked > frame_table_nr || !(pg->flags & PGT_deferred) || pg->owner != d) {
            fail(r, "deferred stack corrupt", page_to_mfn(pg));
            break;
        }
    }
    if (stacked != flagged)
        fail(r, "deferred flags and stack disagree", _mfn(0));
    if (owned != d->tot_pages || d->tot_pages > d->max_pages)
        fail(r, "tot_pages disagrees with the frames owned (I3)", _mfn(owned));
    check_roots(r, d);
}

static void compare(struct recount *r, bool exact)
{
    for (uint64_t i = 0; i < frame_table_nr; i++) {
        const struct page_info *pg = &frame_table[i];
        bool count_ok = exact ? pg->count == r->count[i] : pg->count >= r->count[i];
        bool type_ok = exact || pgt_is_table(pg->type) ? pg->type_count == r->type[i]
                                                       : pg->type_count >= r->type[i];

        if (!count_ok || !type_ok) {
            char what[96];

            snprintf(what, sizeof(what), "%s count %u, explained %u (type %u)",
                     count_ok ? "type" : "reference", count_ok ? pg->type_count : pg->count,
                     count_ok ? r->type[i] : r->count[i], pg->type);
            fail(r, what, page_to_mfn(pg));
        }
    }
}

int check_invariants(struct domain *const *doms, unsigned int nr, bool exact,
                     char *why, size_t why_len)
{
    struct recount r = { xzalloc_array(uint32_t, frame_table_nr),
                         xzalloc_array(uint32_t, frame_table_nr), why, why_len, 0 };

    if (why_len)
        why[0] = '\0';
    if (!r.count || !r.type) {
        xfree(r.count);
        xfree(r.type);
        return -ENOMEM;
    }
    for (uint64_t i = 0; i < frame_table_nr; i++)
        recount_frame(&r, &frame_table[i]);
    for (unsigned int i = 0; i < nr; i++)
        check_domain(&r, doms[i], exact);
    if (!r.bad)
        compare(&r, exact);
    xfree(r.count);
    xfree(r.type);
    return r.bad;
}
