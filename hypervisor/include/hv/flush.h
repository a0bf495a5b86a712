/*
 * Guest TLB shootdown: taking a right away from a domain on every CPU
 * (core/flush.c).
 *
 * A CPU may hold translations of a domain's address space in its TLB
 * (G-stage, VS-stage, or both combined, tagged with the domain's VMID)
 * long after the tables changed.  Adding a right needs nobody's help: a
 * CPU that still sees the old entry takes a spurious guest-page fault and
 * retries after a local flush (hv/arch/cpu.h).  Taking one away - a frame
 * leaving the G-stage, a G-stage entry turned read-only, a guest PTE
 * removed - is complete only when no CPU can use the old translation any
 * more, and only then may the reference that kept the frame alive be
 * dropped, the frame change type, or return to the heap.
 *
 * The state, per domain d:
 *   d->flush.active  CPUs that have d's translation context loaded and may
 *                    use it now: running one of d's VCPUs, in the guest or
 *                    in the hypervisor on its behalf (guest copies use it).
 *                    A CPU sets its bit before it uses the context and
 *                    clears it after its last use (flush_activate /
 *                    flush_deactivate, at the world switch).
 *   d->flush.stale   CPUs that must flush d's translations before they next
 *                    activate d: set by every revocation for every CPU.
 * and per CPU, a ticket pair: req (incremented by a CPU asking this one to
 * flush) and done (the last req this CPU answered, written by it alone).
 *
 * The protocol of flush_guest_tlbs(d), the revocation:
 *   1. the table change is made (before the call);
 *   2. every CPU is marked stale for d (this one flushes at once if d is
 *      loaded here);
 *   3. the CPUs in d->flush.active are each sent a ticket and an IPI, and
 *      waited for until they have answered it.
 * A CPU answers (flush_service) by reading its req, flushing every guest
 * translation it holds, and publishing that req as done: its flush came
 * after every request numbered up to it, hence after the table changes
 * those requests followed.  Steps 2 and 3 are ordered against activation
 * (set active, then test stale; both sequentially consistent): a CPU that
 * activates d concurrently is either seen active in 3, or sees the stale
 * mark of 2 and flushes before its first use.
 *
 * Who waits for whom, and why it ends.  The waiter in step 3 may hold any
 * lock and have interrupts off.  The CPU it waits for answers at its next
 * service point: the IPI itself (taken at once in the guest, or as soon as
 * the hypervisor enables interrupts), and every loop that waits with
 * interrupts off - spin locks, other CPUs' flush waits, the idle loop -
 * calls cpu_relax(), which answers pending requests.  The answer takes no
 * lock and waits for nothing.  A CPU in the hypervisor reaches a service
 * point within a bounded time (hypercalls are preemptible; every wait is a
 * service point), so every flush completes, and two CPUs waiting for each
 * other's answers both answer while they wait.
 *
 * Where rights are taken away (each site revokes, then waits, then lets
 * go; the order is written down at the site too):
 *   frame freed          free_domheap_page / free_domheap_batch
 *                        (mm/page_alloc.c): out of the owner's G-stage and
 *                        flushed, then back to the heap
 *   frame becomes a      start_type (mm/page_type.c): G-stage read-only and
 *   page table           flushed before the first entry is read
 *   table released       become_none: made writable again (widening: lazy)
 *   guest PTE removed    mm_update_pte / update_va_mapping: the guest's own
 *                        flush (MMUEXT_TLB_FLUSH_*, UVMF_*); the frame's
 *                        references outlive it only through the G-stage,
 *                        which every path above revokes
 *   grant unmapped       unmap_kinds (grant/grant_map.c): leaf cleared,
 *                        frame out of the mapper's G-stage (or read-only),
 *                        one flush for both, then the pin and the page
 *                        reference go
 *   grant table freed    grant_table_destroy: frames out of the G-stage and
 *                        flushed, then unshared and freed
 *   frame given back     decrease_reservation: the allocation reference
 *                        goes; the frame is freed (above) with the last one
 *   domain destroyed     domain_relinquish (core/domain.c): waits
 *                        until no CPU has the domain's context loaded
 *                        (flush_wait_inactive), then releases grants, tables
 *                        and pages through the paths above; destroydomain
 *                        (core/domain_destroy.c) frees the structures only
 *                        after every CPU passed a quiescent point
 *                        (hv/quiesce.h), and a later domain with the same
 *                        VMID starts stale on every CPU
 *   foreign leaf removed put_leaf_refs (mm/page_type.c): the last leaf of
 *                        a privileged mapper's tables mapping another
 *                        domain's frame takes the frame out of the
 *                        mapper's G-stage (or write access, for the last
 *                        writable leaf) and flushes, then drops the refs
 *   G-stage table freed  an emptied leaf table is unlinked, then freed only
 *                        by a flush that started after (arch/riscv/gstage.c)
 *   vcpu_info frame      written through the hypervisor's own mapping while
 *                        registered, which holds a writable type reference;
 *                        released only after the domain's event channels
 *                        are closed (no sender can still be writing it)
 *   runstate area        written through the guest's translation on a CPU
 *                        that has its context active: revocations wait for
 *                        that CPU
 *   M2P, shared_info     read-only in every G-stage / permanent: never
 *                        revoked while the domain lives (a PV domain's)
 *   p2m entry replaced   add_to_physmap (mm/physmap.c), auto-translated
 *   or moved             domains: the new entry written and the special
 *                        frame's old gfn cleared under the p2m lock, one
 *                        flush, then the displaced RAM frame's allocation
 *                        reference goes (shared_info and grant frames are
 *                        never freed while the domain lives)
 *   grant unmapped from  unmap_kinds via p2m_grant_unmap (grant/grant_map.c,
 *   a translated mapper  mm/p2m.c): the p2m entry at the mapper's gfn
 *                        cleared, one flush, then the pin and the page
 *                        reference go
 *   translated frame     p2m_frame_leaves (from arch_gstage_unmap): the
 *   freed                frame's entry, found through the M2P, cleared (a
 *                        dying domain's whole 2 MiB leaf), flushed by the
 *                        caller as for a PV frame
 *
 * Locking: none; the masks and tickets are atomic.
 */
#ifndef HV_FLUSH_H
#define HV_FLUSH_H

#include <hv/types.h>
#include <hv/arch/cpu.h>
#include <hv/arch/domain.h>

struct domain;

struct domain_flush {
    unsigned long active;          /* atomic: CPUs using d's translations now */
    unsigned long stale;           /* atomic: CPUs to flush d before next use */
    unsigned long widened;         /* atomic: flush_guest_tlbs_lazy calls */
};

/* d's translations were taken away (entries removed or made read-only):
 * returns when no CPU can use the old ones.  Any context; may wait. */
void flush_guest_tlbs(struct domain *d);

/* d's translations were added to or widened: this CPU sees them now, the
 * others flush before they next activate d (or on a spurious fault). */
void flush_guest_tlbs_lazy(struct domain *d);

/* Wait until no CPU has d's context loaded (a dying domain's VCPUs have
 * all stopped, but a CPU may still be finishing its switch away). */
void flush_wait_inactive(struct domain *d);

/*
 * The answering side, inline and call-free: every spin loop and every
 * switch between domains runs it, and a call there would cost each lock
 * site its registers (a call in spin_lock's wait loop, even never taken,
 * added 128 instructions to an event round trip).
 */

/* Per-CPU tickets, each pair on its own cache line: req is written by the
 * CPUs asking, done only by its owner.  They only grow (64 bits), so
 * done >= ticket says "answered". */
struct flush_ticket {
    unsigned long req;             /* atomic: requests made of this CPU */
    unsigned long done;            /* atomic, owner only: requests answered */
} __attribute__((aligned(64)));
extern struct flush_ticket flush_tickets[NR_CPUS];

/* Answer this CPU's pending flush requests: read req, flush, publish it as
 * done, so the flush follows every request numbered up to it.  Any
 * context, irqs off. */
static inline void flush_service(void)
{
    struct flush_ticket *t = &flush_tickets[smp_processor_id()];
    unsigned long req = __atomic_load_n(&t->req, __ATOMIC_ACQUIRE);

    if (req == __atomic_load_n(&t->done, __ATOMIC_RELAXED))
        return;
    arch_flush_guest_tlb_local();
    __atomic_store_n(&t->done, req, __ATOMIC_RELEASE);
}

/*
 * Every loop that waits for another CPU is written
 *
 *     struct cpu_wait w = CPU_WAIT_INIT;
 *     while (!done)
 *         cpu_relax(&w);
 *     cpu_wait_end(&w);
 *
 * cpu_relax() answers flush requests, then spins; a wait that lasts more
 * than CPU_WAIT_SPINS turns dozes instead (arch_cpu_doze: the hart sleeps
 * until an interrupt, a flush request's included, or a few microseconds).
 * Spinning on would be wrong where harts take turns on fewer host CPUs:
 * under QEMU's -icount a hart runs until the next timer deadline, tens of
 * milliseconds, before the one it waits for runs again, and on a host with
 * fewer cores than harts a spinning vCPU thread keeps the lock holder's off
 * the core.  A dozing hart ends its turn at once.
 */
struct cpu_wait {
    unsigned int spins;
    bool ipi_taken;                /* a doze took the IPI: raise it again */
};
#define CPU_WAIT_INIT { 0, false }
#define CPU_WAIT_SPINS 64

static inline void cpu_relax(struct cpu_wait *w)
{
    flush_service();
    if (w->spins < CPU_WAIT_SPINS) {
        w->spins++;
        arch_cpu_relax();
    } else if (arch_cpu_doze()) {
        w->ipi_taken = true;
    }
}

static inline void cpu_wait_end(struct cpu_wait *w)
{
    if (w->ipi_taken)
        arch_cpu_reraise_ipi();
}

/* This CPU starts using the translation context of d, f = &d->flush (its
 * VMID is loaded): flushes first if d changed since this CPU last used it.
 * Set active, then test stale: the order the protocol relies on. */
static inline void flush_activate(struct domain *d, struct domain_flush *f)
{
    unsigned long self = 1UL << smp_processor_id();

    __atomic_or_fetch(&f->active, self, __ATOMIC_SEQ_CST);
    if (__builtin_expect(__atomic_load_n(&f->stale, __ATOMIC_SEQ_CST) & self, 0)) {
        __atomic_and_fetch(&f->stale, ~self, __ATOMIC_SEQ_CST);
        arch_flush_domain_local(d);
    }
}

/* This CPU stops using that context (no guest copy on its behalf
 * follows); answers any pending request on the way. */
static inline void flush_deactivate(struct domain_flush *f)
{
    __atomic_and_fetch(&f->active, ~(1UL << smp_processor_id()), __ATOMIC_SEQ_CST);
    flush_service();
}

#endif /* HV_FLUSH_H */
