/*
 * A small machine for grant-table tests (test_grant_table.c and
 * fuzz_gnttab.c): simulated RAM, NR_DOMS domains built by hand (domain 0
 * privileged), each with some frames of its own and a grant table, and the
 * hypercall issued exactly as a guest would, with its arguments in a
 * "guest memory" buffer (host_guest_window).
 *
 * gt_check_invariants() recounts everything from scratch and returns a
 * description of the first broken invariant, or NULL: the frame-type
 * invariants of hv/page_type.h (check_invariants), and:
 *   - each active entry's four pin counters equal the mappings (maptrack
 *     entries of every mapper) that hold it, nr_pinned the pinned entries;
 *   - GTF_reading is set iff the entry is pinned, GTF_writing iff it has a
 *     writable pin;
 *   - every live maptrack entry names a pinned entry of its granter, for
 *     that mapper and that frame;
 *   - every domain frame's reference count is its allocation reference
 *     plus one per mapping kind that holds it (plus a page table's type
 *     references): a mapped frame is never freed, nothing leaks a reference;
 *   - a mapper's G-stage maps a foreign frame iff it holds a host mapping
 *     of it, writable iff one of them is writable.
 * This file is white-box: it reads the table through grant_priv.h.
 */
#ifndef GNTTAB_HARNESS_H
#define GNTTAB_HARNESS_H

#include <stdio.h>
#include <string.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant_table.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <asm/host.h>
#include <public/grant_table.h>
#include <public/xen.h>

#include "../../hypervisor/grant/grant_priv.h"

#define GT_RAM_BASE   0x80000000ULL
#ifndef GT_RAM_PAGES
#define GT_RAM_PAGES  4096ULL
#endif
#define NR_DOMS       3
#define DOM_FRAMES    8

struct gt_world {
    struct domain *dom[NR_DOMS];
    struct vcpu vcpu[NR_DOMS];
    mfn_t frame[NR_DOMS][DOM_FRAMES];   /* each domain's own frames */
    unsigned char guest_mem[64 * 1024]; /* hypercall arguments */
};

static struct gt_world *gt_w;

/* The grant code looks domains up by id; here they are the world's. */
struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; gt_w && i < NR_DOMS; i++)
        if (gt_w->dom[i] && gt_w->dom[i]->domain_id == id)
            return gt_w->dom[i];
    return NULL;
}

static struct domain *gt_make_domain(domid_t id, bool privileged)
{
    struct domain *d = xzalloc(struct domain);

    BUG_ON(!d);
    d->domain_id = id;
    d->is_privileged = privileged;
    d->max_pages = DOM_FRAMES;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->page_alloc_lock);
    list_init(&d->page_list);
    BUG_ON(arch_domain_init(d));
    mm_domain_init(d);
    BUG_ON(grant_table_init(d));
    return d;
}

static struct gt_world *gt_world_create(void)
{
    struct gt_world *w = calloc(1, sizeof(*w));

    BUG_ON(!w);
    host_mm_setup(GT_RAM_BASE, GT_RAM_PAGES << PAGE_SHIFT);
    gt_w = w;
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        w->dom[i] = gt_make_domain((domid_t)i, i == 0);
        w->vcpu[i].domain = w->dom[i];
        mm_vcpu_init(&w->vcpu[i]);
        for (unsigned int f = 0; f < DOM_FRAMES; f++) {
            w->frame[i][f] = alloc_domheap_pages(w->dom[i], 0);
            BUG_ON(!mfn_valid_raw(w->frame[i][f]));
            BUG_ON(arch_gstage_map(w->dom[i], w->frame[i][f], true));
        }
    }
    host_guest_window(w->guest_mem, sizeof(w->guest_mem));
    return w;
}

/* Everything goes at once: the simulated RAM holds every frame. */
static inline void gt_world_destroy(struct gt_world *w)
{
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        struct grant_table *gt = w->dom[i]->grant_table;

        for (unsigned int f = 0; !gt->freed && f < gt->nr_frames; f++)
            xfree(gt->active[f]);
        for (unsigned int c = 0; c < gt->maptrack_limit / MAPTRACK_CHUNK; c++)
            xfree(gt->maptrack[c]);
        xfree(gt->gcount);
        xfree(gt);
        xfree(w->dom[i]);
    }
    host_guest_window(NULL, 0);
    gt_w = NULL;
    host_mm_teardown();
    free(w);
}

/* The hypercall, from domain `who`, with `count` ops at guest_mem. */
static inline long gt_op(struct gt_world *w, unsigned int who, unsigned long cmd, const void *ops,
                  size_t size, unsigned long count)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, host_guest_va(w->guest_mem), count };
    long rc;

    BUG_ON(size > sizeof(w->guest_mem));
    memcpy(w->guest_mem, ops, size);
    do
        rc = do_grant_table_op(&w->vcpu[who], args);
    while (rc == -ERESTART);
    return rc;
}

/* Copy the results back out of guest memory. */
static inline void gt_result(struct gt_world *w, void *ops, size_t size)
{
    memcpy(ops, w->guest_mem, size);
}

static grant_entry_v1_t *gt_entry(struct gt_world *w, unsigned int granter, uint32_t ref)
{
    struct grant_table *gt = w->dom[granter]->grant_table;

    return &gt->shared[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static inline void gt_grant(struct gt_world *w, unsigned int granter, uint32_t ref, domid_t to,
                     mfn_t frame, uint16_t flags)
{
    grant_entry_v1_t *e = gt_entry(w, granter, ref);

    e->domid = to;
    e->frame = (uint32_t)mfn_x(frame);
    __atomic_store_n(&e->flags, flags, __ATOMIC_RELEASE);
}

static inline int16_t gt_map(struct gt_world *w, unsigned int who, domid_t granter, uint32_t ref,
                      uint32_t flags, uint64_t host_addr, uint32_t *handle, uint64_t *bus)
{
    struct gnttab_map_grant_ref op = { .host_addr = host_addr, .flags = flags, .ref = ref,
                                       .dom = granter, .status = 0x7f };

    BUG_ON(gt_op(w, who, GNTTABOP_map_grant_ref, &op, sizeof(op), 1));
    gt_result(w, &op, sizeof(op));
    if (handle)
        *handle = op.handle;
    if (bus)
        *bus = op.dev_bus_addr;
    return op.status;
}

static inline int16_t gt_unmap(struct gt_world *w, unsigned int who, uint32_t handle, uint64_t host_addr,
                        uint64_t bus)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = host_addr, .dev_bus_addr = bus,
                                         .handle = handle, .status = 0x7f };

    BUG_ON(gt_op(w, who, GNTTABOP_unmap_grant_ref, &op, sizeof(op), 1));
    gt_result(w, &op, sizeof(op));
    return op.status;
}

/* ---- invariants ---- */

static char gt_why[256];

#define GT_FAIL(...) do { snprintf(gt_why, sizeof(gt_why), __VA_ARGS__); return gt_why; } while (0)

/* What the pins of granter g's entries should be, from every maptrack. */
static inline void gt_expected_pins(struct gt_world *w, unsigned int g, uint32_t *pin,
                                    domid_t *mapper, unsigned int nr)
{
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        struct grant_table *lgt = w->dom[i]->grant_table;

        for (uint32_t h = 0; !lgt->freed && h < lgt->maptrack_limit; h++) {
            const struct grant_mapping *m = maptrack_entry(lgt, h);
            bool ro = m->flags & GNTMAP_readonly;

            if (!(m->flags & (GNTMAP_host_map | GNTMAP_device_map)) || m->domid != g ||
                m->ref >= nr)
                continue;
            mapper[m->ref] = w->dom[i]->domain_id;
            if (m->flags & GNTMAP_host_map)
                pin[m->ref] += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
            if (m->flags & GNTMAP_device_map)
                pin[m->ref] += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
        }
    }
}

static const char *gt_check_table(struct gt_world *w, unsigned int g)
{
    struct grant_table *gt = w->dom[g]->grant_table;
    static uint32_t want[GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME];
    static domid_t mapper[GNTTAB_MAX_FRAMES * GNTTAB_ENTRIES_PER_FRAME];
    unsigned int pinned = 0, nr;

    if (gt->freed)
        return NULL;
    nr = nr_entries(gt);
    memset(want, 0, nr * sizeof(want[0]));
    gt_expected_pins(w, g, want, mapper, nr);
    for (uint32_t ref = 0; ref < nr; ref++) {
        struct active_grant *act = active_entry(gt, ref);
        uint16_t flags = gt_entry(w, g, ref)->flags;

        if (act->pin != want[ref])
            GT_FAIL("d%u ref %u: pin %#x, mappings say %#x", g, ref, act->pin, want[ref]);
        if (want[ref] && act->domid != mapper[ref])
            GT_FAIL("d%u ref %u: pinned for d%u, mapped by d%u", g, ref, act->domid,
                    mapper[ref]);
        if (!!(flags & GTF_reading) != !!act->pin)
            GT_FAIL("d%u ref %u: GTF_reading %d with pin %#x", g, ref, !!(flags & GTF_reading),
                    act->pin);
        if (!!(flags & GTF_writing) != !!(act->pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)))
            GT_FAIL("d%u ref %u: GTF_writing %d with pin %#x", g, ref, !!(flags & GTF_writing),
                    act->pin);
        pinned += act->pin != 0;
    }
    if (pinned != gt->nr_pinned)
        GT_FAIL("d%u: nr_pinned %u, %u entries pinned", g, gt->nr_pinned, pinned);
    return NULL;
}

/* Mapping kinds that reference frame m, over every mapper. */
static inline unsigned int gt_frame_refs(struct gt_world *w, mfn_t m)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < NR_DOMS; i++) {
        struct grant_table *lgt = w->dom[i]->grant_table;

        for (uint32_t h = 0; !lgt->freed && h < lgt->maptrack_limit; h++) {
            const struct grant_mapping *e = maptrack_entry(lgt, h);

            if (mfn_eq(e->mfn, m))
                n += !!(e->flags & GNTMAP_host_map) + !!(e->flags & GNTMAP_device_map);
        }
    }
    return n;
}

static const char *gt_check_mappings(struct gt_world *w, unsigned int i)
{
    struct grant_table *lgt = w->dom[i]->grant_table;

    for (uint32_t h = 0; !lgt->freed && h < lgt->maptrack_limit; h++) {
        const struct grant_mapping *e = maptrack_entry(lgt, h);
        struct domain *rd;
        struct active_grant *act;

        if (!(e->flags & (GNTMAP_host_map | GNTMAP_device_map)))
            continue;
        rd = domain_by_id(e->domid);
        if (!rd || rd->grant_table->freed)
            GT_FAIL("d%u handle %u: granter d%u has no table", i, h, e->domid);
        if (e->ref >= nr_entries(rd->grant_table))
            GT_FAIL("d%u handle %u: ref %u past d%u's table", i, h, e->ref, e->domid);
        act = active_entry(rd->grant_table, e->ref);
        if (!act->pin || act->domid != w->dom[i]->domain_id || !mfn_eq(act->mfn, e->mfn))
            GT_FAIL("d%u handle %u: d%u ref %u not pinned for it", i, h, e->domid, e->ref);
        if ((e->flags & GNTMAP_host_map) && rd != w->dom[i]) {
            bool wr = false;

            for (uint32_t k = 0; k < lgt->maptrack_limit; k++) {
                const struct grant_mapping *o = maptrack_entry(lgt, k);

                if ((o->flags & GNTMAP_host_map) && mfn_eq(o->mfn, e->mfn))
                    wr |= !(o->flags & GNTMAP_readonly);
            }
            if (host_gstage(w->dom[i], e->mfn) != (int)wr)
                GT_FAIL("d%u: G-stage of %#llx is %d, want %d", i,
                        (unsigned long long)mfn_x(e->mfn), host_gstage(w->dom[i], e->mfn), wr);
        }
    }
    return NULL;
}

static const char *gt_check_invariants(struct gt_world *w)
{
    const char *why;

    /* The frame-type invariants of hv/page_type.h first (I1-I6), over the
     * live domains: a dead one never runs again, and its G-stage still
     * names the frames it gave back. */
    struct domain *live[NR_DOMS];
    unsigned int nr_live = 0;

    for (unsigned int i = 0; i < NR_DOMS; i++)
        if (!w->dom[i]->is_dying)
            live[nr_live++] = w->dom[i];
    if (check_invariants(live, nr_live, false, gt_why, sizeof(gt_why)))
        return gt_why;
    /* No hart running a domain caches a right it lost (tlb_model.c). */
    if (host_tlb_check(gt_why, sizeof(gt_why)))
        return gt_why;

    for (unsigned int i = 0; i < NR_DOMS; i++) {
        if ((why = gt_check_table(w, i)) || (why = gt_check_mappings(w, i)))
            return why;
        for (unsigned int f = 0; f < DOM_FRAMES; f++) {
            mfn_t m = w->frame[i][f];
            struct page_info *pg = mfn_to_page(m);
            unsigned int refs = gt_frame_refs(w, m);
            /* A page table's type references (pins, parent entries) come
             * with general ones too (hv/page_type.h). */
            unsigned int want = refs + !!(pg->flags & PGC_allocated) +
                                (pgt_is_table(pg->type) ? pg->type_count : 0);

            if (!refs && pg->owner != w->dom[i])
                continue;   /* freed (after its owner died), maybe reused */
            if (pg->count != want)
                GT_FAIL("d%u frame %u: count %u, want %u", i, f, pg->count, want);
            if (refs && pg->owner != w->dom[i])
                GT_FAIL("d%u frame %u: mapped but freed", i, f);
            if (!refs && !(pg->flags & PGC_allocated))
                GT_FAIL("d%u frame %u: released but not freed", i, f);
            if (mfn_valid_raw(m) && refs == 0 && host_gstage(w->dom[(i + 1) % NR_DOMS], m) >= 0)
                GT_FAIL("d%u frame %u: in d%u's G-stage with no mapping", i, f, (i + 1) % NR_DOMS);
        }
    }
    return NULL;
}

#endif /* GNTTAB_HARNESS_H */
