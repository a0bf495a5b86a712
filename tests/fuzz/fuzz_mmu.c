/*
 * libFuzzer harness for the page-table type system and its hypercalls
 * (security.md 4.1, FZ-PT).
 *
 * The input is a sequence of operations by two domains (d0 privileged, d1
 * not), each with a pool of frames, on the host machine model
 * (tests/unit/mm_model.h).  Operations: mmu_update, mmuext_op and
 * update_va_mapping batches through the real hypercall handlers (guest
 * memory is the harness's own buffer); continuing a VCPU's preempted call
 * - or doing something else first, as a guest whose upcall handler ran
 * would; raw guest stores into frames its G-stage lets it write; a new
 * preemption budget, so validation is cut at fuzzer-chosen points; another
 * hart (CPUs 1-2 of the model, tlb_model.c) starting to run a domain,
 * caching every right its G-stage gives, or stopping.  After every
 * operation check_invariants() (exact: no grant users here) must hold: no
 * frame both a page table and writable, every mapping to a frame the
 * domain owns or may map, every count explained, the G-stage agreeing with
 * the types; and no hart running a domain may still cache a right that
 * domain lost (the shootdown completed before the call returned).  At the end both domains are torn down and every frame
 * must be back in the heap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hv/hypercall.h>
#include <hv/arch/machine.h>
#include <public/xen.h>
#include "fuzz.h"
#include "../unit/mm_model.h"

#define RAM_PAGES 160
#define POOL 40
#define MAX_OPS 48

/* Callers: 0 is d0's VCPU, 1 and 2 are d1's two VCPUs (their streams
 * interleave on the same tables). */
#define NR_CALLERS 3
static struct mm_model mm;
static mfn_t pool[2][POOL];

struct pending {
    long (*fn)(struct vcpu *, unsigned long[]);
    unsigned long args[5];
    bool live;
};

static struct {
    struct mmu_update req[8];
    struct mmuext_op op[4];
    unsigned int done;
    unsigned long mask;
} guest[NR_CALLERS];

static struct vcpu *d1v1;
static struct pending pend[NR_CALLERS];

static unsigned int dom_of(unsigned int who) { return who ? 1 : 0; }
static struct vcpu *vcpu_of(unsigned int who) { return who == 2 ? d1v1 : mm.v[who]; }
static bool trace;     /* FUZZ_MMU_TRACE set: print each call (replaying a crash) */

struct domain *domain_by_id(domid_t id)
{
    for (unsigned int i = 0; i < mm.nr; i++)
        if (mm.d[i]->domain_id == id)
            return mm.d[i];
    return NULL;
}

struct input {
    const uint8_t *p;
    size_t left;
};

static uint8_t byte(struct input *in)
{
    if (!in->left)
        return 0;
    in->left--;
    return *in->p++;
}

static uint64_t word(struct input *in)
{
    uint64_t w = 0;

    for (unsigned int i = 0; i < 8; i++)
        w = w << 8 | byte(in);
    return w;
}

/* A frame some entry may name: mostly pool frames, sometimes others. */
static mfn_t pick_frame(struct input *in)
{
    uint8_t b = byte(in);

    switch (b >> 6) {
    case 0:
    case 1:
        return pool[(b >> 5) & 1][b % POOL];
    case 2:
        switch (b & 3) {
        case 0: return mm.d[b >> 2 & 1]->shared_info_mfn;
        case 1: return m2p_first_mfn();
        case 2: return _mfn(0x10000 + (b & 0xc));                 /* MMIO */
        default: return _mfn((MM_RAM_BASE >> PAGE_SHIFT) + byte(in) % RAM_PAGES);
        }
    default:
        return pool[(b >> 5) & 1][b % 4];                         /* crowd a few */
    }
}

static pte_t pick_pte(struct input *in)
{
    uint8_t f = byte(in), extra = byte(in);
    pte_t flags = f;

    if (extra & 0x80)
        flags |= (uint64_t)(extra & 0x7f) << 54;      /* reserved, PBMT, N... */
    if (extra & 0x40)
        flags |= PTE_GNTTAB;
    if ((f & 0xf) == 0xf)
        return word(in);
    return maddr_to_pte(mfn_to_maddr(pick_frame(in)), flags);
}

static paddr_t pick_slot(struct input *in)
{
    mfn_t t = pick_frame(in);
    uint8_t i = byte(in);

    return mfn_to_maddr(t) + (i & 0x80 ? i : i & 7) * sizeof(pte_t) + (byte(in) == 0xff ? 4 : 0);
}

static unsigned int pick_dom(struct input *in, unsigned int self)
{
    uint8_t b = byte(in);

    if (b < 0xc0)
        return DOMID_SELF;
    return b & 1 ? mm.d[!self]->domain_id : b & 2 ? DOMID_IO : mm.d[self]->domain_id;
}

static void issue(unsigned int who, long (*fn)(struct vcpu *, unsigned long[]), unsigned long a0,
                  unsigned long a1, unsigned long a2, unsigned long a3)
{
    struct pending *p = &pend[who];

    long rc;

    *p = (struct pending){ fn, { a0, a1, a2, a3, 0 }, true };
    host_guest_window(&guest[who], sizeof(guest[who]));
    rc = p->fn(vcpu_of(who), p->args);
    if (rc != -ERESTART)
        p->live = false;
    if (trace)
        fprintf(stderr, "caller %u: %s(%#lx, %#lx, %#lx, %#lx) = %ld\n", who,
                fn == do_mmu_update ? "mmu_update" : fn == do_mmuext_op ? "mmuext_op" : "uva",
                a0, a1, a2, a3, rc);
}

static void op_mmu_update(struct input *in, unsigned int who)
{
    unsigned int n = 1 + byte(in) % 8, fd = pick_dom(in, dom_of(who)), pfd = byte(in) > 0xe0;

    host_guest_window(&guest[who], sizeof(guest[who]));
    for (unsigned int i = 0; i < n; i++) {
        uint8_t cmd = byte(in) % 8;

        guest[who].req[i].ptr = cmd == MMU_MACHPHYS_UPDATE
                                    ? mfn_to_maddr(pick_frame(in)) | cmd
                                    : pick_slot(in) | cmd;
        guest[who].req[i].val = cmd == MMU_MACHPHYS_UPDATE ? byte(in) : pick_pte(in);
    }
    for (unsigned int i = 0; trace && i < n; i++)
        fprintf(stderr, "  req %#llx val %#llx\n", (unsigned long long)guest[who].req[i].ptr,
                (unsigned long long)guest[who].req[i].val);
    issue(who, do_mmu_update, host_guest_va(guest[who].req), n, host_guest_va(&guest[who].done),
          fd | (pfd ? (mm.d[!dom_of(who)]->domain_id + 1u) << 16 : 0));
}

static void op_mmuext(struct input *in, unsigned int who)
{
    unsigned int n = 1 + byte(in) % 4, fd = pick_dom(in, dom_of(who));

    host_guest_window(&guest[who], sizeof(guest[who]));
    for (unsigned int i = 0; i < n; i++) {
        struct mmuext_op *op = &guest[who].op[i];
        uint8_t c = byte(in);

        op->cmd = c < 0xf0 ? c % 12 : c % 21;
        op->cmd = op->cmd == 3 ? MMUEXT_CLEAR_PAGE : op->cmd;
        op->cmd = op->cmd == 8 ? MMUEXT_COPY_PAGE : op->cmd;
        op->arg1.mfn = mfn_x(pick_frame(in));
        op->arg2.src_mfn = (c & 1) ? host_guest_va(&guest[who].mask) : mfn_x(pick_frame(in));
    }
    for (unsigned int i = 0; trace && i < n; i++)
        fprintf(stderr, "  op %u mfn %#llx arg2 %#llx\n", guest[who].op[i].cmd,
                (unsigned long long)guest[who].op[i].arg1.mfn,
                (unsigned long long)guest[who].op[i].arg2.src_mfn);
    issue(who, do_mmuext_op, host_guest_va(guest[who].op), n, host_guest_va(&guest[who].done), fd);
}

static void op_update_va(struct input *in, unsigned int who)
{
    uint64_t va = ((uint64_t)(byte(in) & 7) << 30) | ((uint64_t)(byte(in) & 7) << 21) |
                  ((uint64_t)(byte(in) & 7) << 12);
    pte_t val = pick_pte(in);
    unsigned long flags = byte(in) & 7;

    host_guest_window(&guest[who], sizeof(guest[who]));
    if (byte(in) > 0xf0)
        issue(who, do_update_va_mapping_otherdomain, va, val, flags, pick_dom(in, dom_of(who)));
    else
        issue(who, do_update_va_mapping, va, val, flags, 0);
}

/* A guest store: only into frames its G-stage lets it write. */
static void op_store(struct input *in, unsigned int who)
{
    unsigned int d = dom_of(who);
    mfn_t m = pool[d][byte(in) % POOL];
    uint8_t i = byte(in);
    pte_t v = pick_pte(in);

    if (host_gstage(mm.d[d], m) == 1)
        mm_model_table(m)[i & 0x80 ? i : i & 7] = v;
    if (trace)
        fprintf(stderr, "caller %u: store %#llx[%u] = %#llx%s\n", who, (unsigned long long)mfn_x(m),
                i & 0x80 ? i : i & 7, (unsigned long long)v,
                host_gstage(mm.d[d], m) == 1 ? "" : " (read-only: faults)");
}

static void op_continue(unsigned int who)
{
    struct pending *p = &pend[who];

    if (!p->live)
        return;
    host_guest_window(&guest[who], sizeof(guest[who]));
    if (p->fn(vcpu_of(who), p->args) != -ERESTART)
        p->live = false;
    if (trace)
        fprintf(stderr, "caller %u: continue: %s\n", who, p->live ? "-ERESTART" : "done");
}

/* Another hart starts running d0 or d1, or stops (host_tlb_switch). */
static void op_hart(struct input *in)
{
    uint8_t b = byte(in);
    unsigned int cpu = 1 + (b & 1);

    host_tlb_switch(cpu, (b & 6) == 6 ? NULL : mm.d[(b >> 1) & 1]);
    if (trace)
        fprintf(stderr, "cpu %u runs %s\n", cpu, (b & 6) == 6 ? "nothing" : (b & 2) ? "d1" : "d0");
}

static void check(const char *after)
{
    char why[200];

    if (mm_model_check(&mm, true, why, sizeof(why))) {
        fprintf(stderr, "invariant broken after %s: %s\n", after, why);
        abort();
    }
}

static void setup(void)
{
    mm_model_init(&mm, RAM_PAGES);
    mm_model_domain(&mm, 0, true, POOL);
    mm_model_domain(&mm, 1, false, POOL);
    for (unsigned int d = 0; d < 2; d++)
        for (unsigned int i = 0; i < POOL; i++) {
            pool[d][i] = mm_model_frame(mm.d[d]);
            BUG_ON(!mfn_valid_raw(pool[d][i]));
        }
    d1v1 = calloc(1, sizeof(*d1v1));
    BUG_ON(!d1v1);
    d1v1->vcpu_id = 1;
    d1v1->domain = mm.d[1];
    mm_vcpu_init(d1v1);
    mm.d[1]->vcpu[1] = d1v1;
    mm.d[1]->max_vcpus = 2;
    memset(pend, 0, sizeof(pend));
    memset(guest, 0, sizeof(guest));
    mm_budget_units = 8;
    nr_cpus_online = 3;
}

/*
 * Both domains die.  finish: first let each preempted call complete (it
 * must, within a bounded number of continuations); otherwise the domains
 * die with their calls - and their pins - half done (XSA-310's case).
 */
static void teardown(bool finish)
{
    int rc;

    for (unsigned int who = 0; finish && who < NR_CALLERS; who++) {
        for (unsigned int n = 0; pend[who].live && n < 20000; n++)
            op_continue(who);
        if (pend[who].live)
            abort();   /* a continued call that never finishes */
    }
    check("finishing the pending calls");
    for (unsigned int who = 0; who < 2; who++) {
        host_tlb_stop(mm.d[who]);
        MM_RUN(rc, mm_relinquish(mm.d[who], &b_));
        BUG_ON(rc);
        check("relinquish");
    }
    for (unsigned int who = 0; who < 2; who++)
        relinquish_domain_pages(mm.d[who]);
    for (unsigned int who = 0; who < 2; who++)
        if (mm.d[who]->tot_pages)
            abort();   /* a frame kept alive by a reference nobody holds */
    /* Every domain frame is back in the heap: no owner, no reference
     * (hypervisor frames - the M2P, shared_info, xmalloc's - aside). */
    for (uint64_t i = 0; i < frame_table_nr; i++) {
        const struct page_info *pg = &frame_table[i];

        if (!(pg->flags & PGC_xen_heap) && (pg->owner || pg->count || pg->type_count))
            abort();
    }
    host_guest_window(NULL, 0);
    mm_model_free(&mm);
    free(d1v1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };
    bool finish = !size || !(data[size - 1] & 0x80);

    host_log_quiet = true;
    trace = getenv("FUZZ_MMU_TRACE") != NULL;
    setup();
    for (unsigned int n = 0; in.left && n < MAX_OPS; n++) {
        uint8_t op = byte(&in);
        unsigned int who = (op & 1) ? 1 + (op >> 7) : 0;

        switch ((op >> 1) % 8) {
        case 0: op_mmu_update(&in, who); break;
        case 1: op_mmuext(&in, who); break;
        case 2: op_update_va(&in, who); break;
        case 3: op_store(&in, who); break;
        case 4:
        case 5: op_continue(who); break;
        case 6: mm_budget_units = 1 + byte(&in) % 64; break;
        default: op_hart(&in); break;
        }
        check("an operation");
    }
    teardown(finish);
    return 0;
}
