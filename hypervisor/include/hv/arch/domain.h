/*
 * Arch contract: per-domain and per-VCPU machine state.
 *
 * Domain (boot CPU or dom0's hypercalls; d not running yet, or d->lock):
 *   int  arch_domain_init(struct domain *d);        G-stage root, VMID
 *   void arch_domain_destroy(struct domain *d);     free the G-stage tables
 *        of a dead domain (nothing of its own mapped, no CPU using it)
 *   int  arch_gstage_map(d, mfn, writable);         let d touch one frame
 *   void arch_gstage_unmap(d, mfn);
 *   void arch_gstage_flush(d);     after entries were removed (or made
 *        read-only): returns only when no CPU can use the old ones
 *        (flush_guest_tlbs, hv/flush.h); the caller may then drop the
 *        references that kept the frames alive
 *   void arch_gstage_publish(d);   after entries were only added or made
 *        writable: this CPU sees them now, the others before they next run
 *        d; a CPU that faults on a stale entry meanwhile retries (a guest
 *        page fault whose access the G-stage now allows is spurious: the
 *        trap flushes this CPU and returns; a guest copy retries once)
 *   void arch_flush_domain_local(d);  drop d's translations (both stages)
 *        on this CPU; d's context may or may not be loaded here
 *
 * Page-table types (mm/page_type.c, under mm_lock, any CPU):
 *   void arch_gstage_protect(d, mfn, writable);  change the permission of
 *        an existing G-stage mapping of mfn (nothing if unmapped), then
 *        make it take effect: read-only as arch_gstage_flush (returns only
 *        when no CPU can still write the frame through a stale entry),
 *        writable as arch_gstage_publish
 *   int  arch_gstage_query(d, mfn);   -1 unmapped, 0 read-only, 1 writable
 *   void arch_gstage_for_each(d, fn, ctx);  fn(ctx, mfn, writable) for
 *        every frame d's G-stage maps (check_invariants)
 *   void arch_guest_tlb_flush(d, all_cpus, va);  VS-stage flush of d's
 *        address spaces: this CPU only or every CPU (then as
 *        arch_gstage_flush: complete on return); va = ~0UL for all
 *   void arch_vcpu_set_root(v, mfn);  v's translation root (vsatp) becomes
 *        mfn, taking effect at once if v is the current VCPU
 *
 * Bootstrap guest page tables, built by the domain builder in frames the
 * domain owns (struct guest_pt):
 *   unsigned int arch_guest_pt_frames(va, nr_pages);  table frames needed to
 *        map nr_pages pages from va (4 KiB leaves) plus one more page
 *   int  arch_guest_pt_map(pt, va, mfn, perms);      GUEST_MAP_* perms;
 *        table frames are typed and counted (mm.h) as they are used
 *   unsigned long arch_guest_pt_base(pt);            value for the guest's
 *        address-translation register (vsatp)
 *
 * VCPU:
 *   void arch_vcpu_init(v, entry, arg0, arg1, pt);  first guest context:
 *        pc, the first two argument registers, translation root
 *   void arch_context_switch(prev, next);     on this CPU, irqs off: save
 *        prev's guest-visible machine state, load next's; either may be
 *        an idle VCPU
 *   int  arch_vcpu_check_context(d, ctx, &root); VCPUOP_initialise, check
 *        phase: 0 or -EINVAL (public/arch-riscv.h says what is valid), and
 *        the root table frame the context names; no side effects
 *   void arch_vcpu_set_context(v, ctx);       apply a checked context to a
 *        VCPU that has never run (d->lock held)
 *   void arch_vcpu_get_context(v, ctx);       the saved state of a VCPU that
 *        is not running (domctl getvcpucontext)
 *   void arch_vcpu_dump(v);                   registers to the console
 *   void arch_vcpu_init_translated(v, entry, arg0, arg1);  first context
 *        of an auto-translated domain's VCPU (hv/p2m.h): its own
 *        translation off, the first two argument registers
 *   bool arch_vcpu_irq_pending(v);            an interrupt the arch raises
 *        for v itself (not an event upcall) is pending and enabled: WFI
 *        and SCHEDOP_block must not sleep
 *   void arch_vcpu_unmask_upcall(v);          see below
 *   void arch_vcpu_kick_upcall(v);
 */
#ifndef HV_ARCH_DOMAIN_H
#define HV_ARCH_DOMAIN_H

#include <hv/types.h>

struct domain;
struct vcpu;

int arch_domain_init(struct domain *d);
void arch_domain_destroy(struct domain *d);
int arch_gstage_map(struct domain *d, mfn_t m, bool writable);
void arch_gstage_unmap(struct domain *d, mfn_t m);
void arch_gstage_flush(struct domain *d);
void arch_gstage_publish(struct domain *d);
void arch_flush_domain_local(struct domain *d);
void arch_gstage_protect(struct domain *d, mfn_t m, bool writable);
int arch_gstage_query(struct domain *d, mfn_t m);
void arch_gstage_for_each(struct domain *d, void (*fn)(void *ctx, mfn_t m, bool writable),
                          void *ctx);
#define GUEST_TLB_ALL (~0UL)
void arch_guest_tlb_flush(struct domain *d, bool all_cpus, unsigned long va);
void arch_vcpu_set_root(struct vcpu *v, mfn_t m);

#define GUEST_MAP_R 1u
#define GUEST_MAP_W 2u
#define GUEST_MAP_X 4u

struct guest_pt {
    mfn_t *frames;          /* frames set aside for tables */
    unsigned int nr_frames;
    unsigned int used;      /* frames[0] is the root */
};

unsigned int arch_guest_pt_frames(uint64_t va, uint64_t nr_pages);
int arch_guest_pt_map(struct guest_pt *pt, uint64_t va, mfn_t m, unsigned int perms);
unsigned long arch_guest_pt_base(const struct guest_pt *pt);

void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1,
                    const struct guest_pt *pt);
void arch_context_switch(struct vcpu *prev, struct vcpu *next);
struct vcpu_guest_context;
int arch_vcpu_check_context(struct domain *d, const struct vcpu_guest_context *ctx, mfn_t *root);
void arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *ctx);
void arch_vcpu_get_context(const struct vcpu *v, struct vcpu_guest_context *ctx);
void arch_vcpu_dump(struct vcpu *v);
void arch_vcpu_init_translated(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1);
bool arch_vcpu_irq_pending(const struct vcpu *v);
/* SCHEDOP_block on current v: let the pending upcall be taken on return
 * (the counterpart of x86 PV's clearing evtchn_upcall_mask). */
void arch_vcpu_unmask_upcall(struct vcpu *v);
/* An event became pending for v (any CPU): make its upcall visible the next
 * time v enters the guest. */
void arch_vcpu_kick_upcall(struct vcpu *v);

#endif
