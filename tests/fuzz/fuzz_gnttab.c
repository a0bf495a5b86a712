/*
 * Grant tables: random sequences of grant operations from three domains
 * (d0 privileged), interleaved with the granters rewriting their entries
 * behind the hypervisor's back, with domains dying, and with other harts
 * starting and stopping to run domains (caching every right a domain's
 * G-stage gives: tests/unit's tlb_model), with every invariant of
 * tests/unit/gnttab_harness.h (and of the frame types, hv/page_type.h, and
 * of the shootdown: no hart running a domain caches a right it lost)
 * checked after every step.  Frame 7 of each domain is a
 * pinned leaf table, so host mappings (GNTMAP_contains_pte into its slots)
 * run through the real validator entry points, and grants of it are
 * grants of a page table.
 *
 * The input is read as a sequence of 8-byte steps: byte 0 chooses the
 * step, the others its arguments (domains mod 3, refs mostly small so that
 * steps meet on the same entries, now and then at or past the table's
 * end).  The ops go through do_grant_table_op() exactly as a guest issues
 * them, status fields pre-filled with garbage; every status that comes
 * back must be GNTST_okay or one of the GNTST_* codes.
 */
#include <hv/arch/machine.h>
#include "fuzz.h"

/* A small machine: setup_table asks for 4 frames at most here. */
#define GT_RAM_PAGES 512ULL

#include "../unit/gnttab_harness.h"

#define PT_FRAME 7

#define STEP 8
#define MAX_HANDLES 64

struct fz {
    struct gt_world *w;
    uint32_t handle[NR_DOMS][MAX_HANDLES];
    unsigned int nr_handles[NR_DOMS];
    bool dead[NR_DOMS];
};

static uint32_t pick_ref(uint8_t b)
{
    static const uint32_t edge[] = { 511, 512, 1023, 1024, 32767, 32768, 0x80000000u,
                                     UINT32_MAX };

    return b < 0xf0 ? b % 24 : edge[b % ARRAY_SIZE(edge)];
}

static bool status_ok(int16_t st)
{
    return st <= GNTST_okay && st >= GNTST_no_space;
}

static void step_grant(struct fz *z, const uint8_t *a)
{
    unsigned int g = a[1] % NR_DOMS;
    uint32_t ref = a[2] % 24;
    static const uint16_t kinds[] = { GTF_invalid, GTF_permit_access, GTF_accept_transfer,
                                      GTF_transitive };
    uint16_t flags = kinds[a[3] % 4] | (a[3] & 0x4 ? GTF_readonly : 0);
    mfn_t frame = a[5] < 0xf8 ? z->w->frame[a[5] % NR_DOMS][a[6] % DOM_FRAMES]
                              : z->w->dom[g]->grant_table->frame[0];
    grant_entry_v1_t *e;

    if (z->dead[g] || z->w->dom[g]->grant_table->freed)
        return;
    e = gt_entry(z->w, g, ref);
    /* A granter may rewrite domid/frame/readonly at any time; it cannot
     * set or clear the reading/writing bits the hypervisor owns without
     * lying to itself, but a hostile one may: a[7] says whether it does. */
    if (a[7] & 1) {
        e->domid = a[4] % (NR_DOMS + 1);
        e->frame = (uint32_t)mfn_x(frame);
    }
    if (a[7] & 2) {
        uint16_t hv_bits = e->flags & (GTF_reading | GTF_writing);

        __atomic_store_n(&e->flags, (uint16_t)(flags | hv_bits), __ATOMIC_RELEASE);
    }
}

static void step_map(struct fz *z, const uint8_t *a)
{
    unsigned int who = a[1] % NR_DOMS;
    static const uint32_t fl[] = { GNTMAP_device_map, GNTMAP_device_map | GNTMAP_readonly,
                                   GNTMAP_host_map, GNTMAP_host_map | GNTMAP_readonly, 0,
                                   GNTMAP_device_map | GNTMAP_host_map, GNTMAP_readonly,
                                   GNTMAP_host_map | GNTMAP_contains_pte };
    uint32_t h;
    int16_t st;

    if (z->dead[who])
        return;
    uint32_t flags = fl[a[4] % ARRAY_SIZE(fl)];
    uint64_t addr = mfn_to_maddr(z->w->frame[a[6] < 0xf0 ? who : a[6] % NR_DOMS][PT_FRAME]) +
                    (a[5] % 512) * sizeof(pte_t) + (a[7] == 0xff ? 4 : 0);

    if ((flags & GNTMAP_host_map) && (a[7] & 1))
        flags |= GNTMAP_contains_pte;
    st = gt_map(z->w, who, a[2] < 0xf0 ? a[2] % NR_DOMS : DOMID_SELF, pick_ref(a[3]), flags,
                flags & GNTMAP_contains_pte ? addr : 0x40000000ULL + a[5] * PAGE_SIZE, &h, NULL);
    CHECK(status_ok(st));
    if (st == GNTST_okay && z->nr_handles[who] < MAX_HANDLES)
        z->handle[who][z->nr_handles[who]++] = h;
}

static void step_unmap(struct fz *z, const uint8_t *a)
{
    unsigned int who = a[1] % NR_DOMS;
    uint32_t h;
    uint16_t flags;
    uint32_t ref;
    domid_t granter;
    mfn_t m;
    uint64_t bus = 0, host = 0;
    int16_t st;

    if (z->dead[who])
        return;
    if (z->nr_handles[who] && a[2] < 0xe0)
        h = z->handle[who][a[2] % z->nr_handles[who]];
    else
        h = a[3] | (a[4] << 8);
    if (gnttab_maptrack_info(z->w->dom[who], h, &ref, &granter, &flags, &m)) {
        struct grant_mapping *mt = maptrack_entry(z->w->dom[who]->grant_table, h);

        bus = a[5] & 1 ? mfn_to_maddr(m) : 0;
        host = a[5] & 2 ? (a[6] < 0xf0 ? mt->host_addr : 0x40000000ULL + a[6] * PAGE_SIZE) : 0;
    } else {
        bus = a[5];
    }
    st = gt_unmap(z->w, who, h, host, bus);
    CHECK(status_ok(st));
}

static void step_copy(struct fz *z, const uint8_t *a)
{
    unsigned int who = a[1] % NR_DOMS;
    struct gnttab_copy op = { .flags = a[2] & 3, .status = 0x7f };
    static const uint16_t lens[] = { 0, 1, 8, 4095, 4096, 4097, 0xffff, 100 };
    static const uint16_t offs[] = { 0, 1, 2048, 4095, 4096, 0xffff };

    if (z->dead[who])
        return;
    op.source.domid = a[3] & 0x80 ? DOMID_SELF : a[3] % NR_DOMS;
    op.dest.domid = a[4] & 0x80 ? DOMID_SELF : a[4] % NR_DOMS;
    if (op.flags & GNTCOPY_source_gref)
        op.source.u.ref = pick_ref(a[5]);
    else
        op.source.u.gmfn = mfn_x(z->w->frame[a[5] % NR_DOMS][a[5] / 3 % DOM_FRAMES]);
    if (op.flags & GNTCOPY_dest_gref)
        op.dest.u.ref = pick_ref(a[6]);
    else
        op.dest.u.gmfn = mfn_x(z->w->frame[a[6] % NR_DOMS][a[6] / 3 % DOM_FRAMES]);
    op.source.offset = offs[a[7] % ARRAY_SIZE(offs)];
    op.dest.offset = offs[(a[7] >> 3) % ARRAY_SIZE(offs)];
    op.len = lens[a[7] >> 5];
    CHECK(gt_op(z->w, who, GNTTABOP_copy, &op, sizeof(op), 1) == 0);
    gt_result(z->w, &op, sizeof(op));
    CHECK(status_ok(op.status));
}

static void step_table(struct fz *z, const uint8_t *a)
{
    unsigned int who = a[1] % NR_DOMS;
    struct {
        struct gnttab_setup_table op;
        xen_pfn_t frames[4];
    } b = { .op = { .dom = a[2] & 0x80 ? DOMID_SELF : a[2] % NR_DOMS, .nr_frames = a[3] % 5,
                    .status = 0x7f } };
    struct gnttab_swap_grant_ref sw = { .ref_a = pick_ref(a[4]), .ref_b = pick_ref(a[5]),
                                        .status = 0x7f };

    if (z->dead[who])
        return;
    if (a[6] & 1) {
        b.op.frame_list = host_guest_va(z->w->guest_mem + offsetof(__typeof__(b), frames));
        CHECK(gt_op(z->w, who, GNTTABOP_setup_table, &b, sizeof(b), 1) == 0);
        gt_result(z->w, &b, sizeof(b));
        CHECK(status_ok(b.op.status));
    } else {
        CHECK(gt_op(z->w, who, GNTTABOP_swap_grant_ref, &sw, sizeof(sw), 1) == 0);
        gt_result(z->w, &sw, sizeof(sw));
        CHECK(status_ok(sw.status));
    }
}

static void step_die(struct fz *z, const uint8_t *a)
{
    unsigned int who = a[1] % NR_DOMS;
    struct domain *d = z->w->dom[who];

    if (z->dead[who] || a[2] < 0xc0)
        return;
    z->dead[who] = true;
    host_tlb_stop(d);             /* its VCPUs have stopped everywhere */
    d->is_dying = true;
    gnttab_release_mappings(d);
    mm_domain_relinquish_all(d);
    relinquish_domain_pages(d);
    grant_table_destroy(d);
}

/* Another hart (CPU 1 or 2 of the model) starts running a live domain,
 * caching every right its G-stage gives, or stops running anything. */
static void step_hart(struct fz *z, const uint8_t *a)
{
    unsigned int cpu = 1 + (a[1] & 1), who = a[2] % NR_DOMS;

    host_tlb_switch(cpu, (a[1] & 2) || z->dead[who] ? NULL : z->w->dom[who]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    host_log_quiet = true;
    nr_cpus_online = 3;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static void (*const steps[])(struct fz *, const uint8_t *) = {
        step_grant, step_grant, step_map, step_map, step_unmap, step_copy, step_table, step_die,
        step_hart,
    };
    struct fz z = { .w = gt_world_create() };
    const char *why;

    host_tlb_reset();
    for (unsigned int i = 0; i < NR_DOMS; i++) {
        struct mm_budget b = mm_budget_start();

        spin_lock(&mm_lock);
        CHECK(mm_pin(z.w->dom[i], z.w->frame[i][PT_FRAME], 0, &b) == 0);
        spin_unlock(&mm_lock);
    }

    for (size_t off = 0; off + STEP <= size && off < 400 * STEP; off += STEP) {
        steps[data[off] % ARRAY_SIZE(steps)](&z, data + off);
        why = gt_check_invariants(z.w);
        if (why) {
            fprintf(stderr, "after step %zu: %s\n", off / STEP, why);
            abort();
        }
    }
    for (unsigned int i = 0; i < NR_DOMS; i++)
        step_die(&z, (const uint8_t[]){ 7, (uint8_t)i, 0xff });
    why = gt_check_invariants(z.w);
    if (why) {
        fprintf(stderr, "after every domain died: %s\n", why);
        abort();
    }
    for (unsigned int i = 0; i < NR_DOMS; i++)
        CHECK(z.w->dom[i]->grant_table->freed);
    gt_world_destroy(z.w);
    return 0;
}
