/*
 * VCPU machine state and the world switch.
 *
 * General registers live in v->arch.regs, saved by every trap (entry.S).
 * The VS-level CSRs are live in the hardware while v runs and are saved and
 * loaded only by arch_context_switch().  The FP registers are switched
 * lazily through sstatus.FS: they are saved only when the outgoing VCPU
 * dirtied them, and loaded only for a VCPU that has used FP at all.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/flush.h>
#include <hv/mm.h>
#include <hv/lib.h>
#include <hv/quiesce.h>
#include <hv/sched.h>
#include <hv/arch/machine.h>
#include <public/xen.h>
#include <asm/traps.h>
#include <hv/arch/domain.h>
#include <asm/csr.h>
#include <asm/percpu.h>
#include <asm/setup.h>
#include <asm/vsbi_pvh.h>

void fp_save(uint64_t *fpr, unsigned long *fcsr);
void fp_restore(const uint64_t *fpr, unsigned long fcsr);

/*
 * What an auto-translated guest handles itself, delivered by the hardware
 * straight to its VS-mode handler: misaligned fetch, illegal instruction,
 * breakpoint, misaligned load/store, ecall from VU-mode, and its own
 * (VS-stage) page faults - KVM's set plus the illegal instruction, which
 * the hypervisor would only reflect anyway.  Guest-page faults, virtual
 * instructions and VS-mode ecalls (hypercalls, SBI) still come here.
 */
#define PVH_HEDELEG ((1UL << EXC_INST_MISALIGNED) | (1UL << EXC_ILLEGAL_INST) | \
                     (1UL << EXC_BREAKPOINT) | (1UL << EXC_LOAD_MISALIGNED) |     \
                     (1UL << EXC_STORE_MISALIGNED) | (1UL << EXC_ECALL_U   ) |    \
                     (1UL << EXC_INST_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) | \
                     (1UL << EXC_STORE_PAGE_FAULT))
/* The counters VU-mode may read, as OpenSBI leaves scounteren for S-mode:
 * cycle, time, instret. */
#define SCOUNTEREN_DEFAULT 7UL

/* The first context every VCPU gets, bar pc, a0, a1 and the root: VS-mode
 * (SPP=1, SPV=1), interrupts off, FP usable but untouched. */
static void vcpu_reset_state(struct arch_vcpu *a, uint64_t entry, uint64_t arg0, uint64_t arg1)
{
    memset(&a->regs, 0, sizeof(a->regs));
    a->regs.sepc = entry;
    a->regs.x[REG_A0] = arg0;
    a->regs.x[REG_A1] = arg1;
    a->regs.sstatus = SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_FS_INITIAL | SSTATUS_UXL_64;
    a->regs.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64;
    a->vsstatus = SSTATUS_FS_INITIAL | SSTATUS_UXL_64;
    a->vsie = a->vstvec = a->vsscratch = a->vsepc = a->vscause = a->vstval = 0;
    a->vsatp = 0;
    a->hvip = 0;
    a->hedeleg = 0;
    a->henvcfg = 0;
    a->scounteren = SCOUNTEREN_DEFAULT;
}

void arch_vcpu_init(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1,
                    const struct guest_pt *pt)
{
    struct arch_vcpu *a = &v->arch;

    vcpu_reset_state(a, entry, arg0, arg1);
    a->vsatp = arch_guest_pt_base(pt);
}

/*
 * An auto-translated VCPU's start (the builder's VCPU 0, SBI HSM
 * hart_start for the others): translation off (vsatp 0: guest-virtual =
 * guest-physical), a0 = its hart id, a1 = the caller's opaque value, its
 * own exceptions delegated.  Sstc is not offered (henvcfg.STCE 0): the
 * guest's timer is SBI TIME.
 */
void arch_vcpu_init_translated(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1)
{
    struct arch_vcpu *a = &v->arch;

    vcpu_reset_state(a, entry, arg0, arg1);
    a->hedeleg = PVH_HEDELEG;
}

void arch_vcpu_set_root(struct vcpu *v, mfn_t m)
{
    v->arch.vsatp = SATP_MODE_SV39 | mfn_x(m);
    if (v == current_vcpu()) {
        csr_write(CSR_VSATP, v->arch.vsatp);
        hfence_vvma_all();
    }
}

/*
 * VCPUOP_initialise: the satp must be Sv39 (public/arch-riscv.h); its root
 * frame is returned for the type system, which checks it and takes the
 * VCPU's references on it (mm_new_baseptr), as NEW_BASEPTR does.
 */
int arch_vcpu_check_context(struct domain *d, const struct vcpu_guest_context *c, mfn_t *root)
{
    if ((c->satp & SATP_MODE_MASK) != SATP_MODE_SV39)
        return -EINVAL;
    *root = _mfn(c->satp & SATP_PPN_MASK);
    return 0;
}

void arch_vcpu_set_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    struct arch_vcpu *a = &v->arch;

    memset(a, 0, sizeof(*a));
    for (unsigned int i = 1; i < 32; i++)
        a->regs.x[i] = c->x[i];
    a->regs.sepc = c->pc;
    a->regs.sstatus = SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_FS_INITIAL | SSTATUS_UXL_64;
    a->regs.hstatus = HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64;
    a->vsstatus = SSTATUS_FS_INITIAL | SSTATUS_UXL_64;
    a->vsatp = c->satp;
    a->vstvec = c->stvec;
    a->scounteren = SCOUNTEREN_DEFAULT;
}

/* The VCPU is paused and not running: its saved state is current. */
void arch_vcpu_get_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    const struct arch_vcpu *a = &v->arch;

    memset(c, 0, sizeof(*c));
    for (unsigned int i = 1; i < 32; i++)
        c->x[i] = a->regs.x[i];
    c->pc = a->regs.sepc;
    c->satp = a->vsatp;
    c->stvec = a->vstvec;
    c->flags = (v->pause_flags & VPF_down) ? 0 : VGCF_online;
}

static void save_vs_state(struct arch_vcpu *a)
{
    a->vsstatus = csr_read(CSR_VSSTATUS);
    a->vsie = csr_read(CSR_VSIE);
    a->vstvec = csr_read(CSR_VSTVEC);
    a->vsscratch = csr_read(CSR_VSSCRATCH);
    a->vsepc = csr_read(CSR_VSEPC);
    a->vscause = csr_read(CSR_VSCAUSE);
    a->vstval = csr_read(CSR_VSTVAL);
    a->vsatp = csr_read(CSR_VSATP);
    a->hvip = csr_read(CSR_HVIP);
    a->scounteren = csr_read(CSR_SCOUNTEREN);
}

static void load_vs_state(const struct arch_vcpu *a)
{
    csr_write(CSR_VSSTATUS, a->vsstatus);
    csr_write(CSR_VSIE, a->vsie);
    csr_write(CSR_VSTVEC, a->vstvec);
    csr_write(CSR_VSSCRATCH, a->vsscratch);
    csr_write(CSR_VSEPC, a->vsepc);
    csr_write(CSR_VSCAUSE, a->vscause);
    csr_write(CSR_VSTVAL, a->vstval);
    csr_write(CSR_VSATP, a->vsatp);
    csr_write(CSR_HVIP, a->hvip);
    csr_write(CSR_HEDELEG, a->hedeleg);
    csr_write(CSR_HENVCFG, a->henvcfg);
    csr_write(CSR_SCOUNTEREN, a->scounteren);
    /* Guest copies made before the return to the guest (its runstate area,
     * sched/core.c) must translate as its VS-mode does (hstatus.SPVP). */
    csr_write(CSR_HSTATUS, a->regs.hstatus);
}

/*
 * FP: the guest's HS-level sstatus.FS (saved in regs.sstatus by trap entry)
 * says Dirty when it wrote FP registers since they were loaded.
 */
static void switch_fp_out(struct pcpu *p, struct vcpu *prev)
{
    unsigned long *st = &prev->arch.regs.sstatus;

    if ((*st & SSTATUS_FS) != SSTATUS_FS_DIRTY)
        return;
    fp_save(prev->arch.fpr, &prev->arch.fcsr);
    *st = (*st & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
    p->fp_owner = prev;
}

/* The registers must never carry another VCPU's values into next: load
 * next's (zeros if it never used FP) unless they are already its own. */
static void switch_fp_in(struct pcpu *p, struct vcpu *next)
{
    if (p->fp_owner == next)
        return;
    fp_restore(next->arch.fpr, next->arch.fcsr);
    p->fp_owner = next;
}

/*
 * next ran on another CPU since it last ran here (the scheduler moved it):
 * what this CPU's TLB holds for its VS-stage, and the FP registers if this
 * CPU still thinks they are next's, are out of date.  hgatp is next's.
 */
static void arrive_from_other_cpu(struct pcpu *p, struct vcpu *next)
{
    hfence_vvma_all();
    if (p->fp_owner == next)
        p->fp_owner = NULL;
    next->arch.last_cpu = p->cpu_id;
}

/*
 * The translation context follows the domain, not the VCPU: switching
 * between two VCPUs of one domain keeps it active here; leaving a domain
 * deactivates it (after prev's last guest copy, its runstate area, which
 * the scheduler wrote before calling us), entering one activates it once
 * its VMID is loaded, flushing first if it changed since this CPU last
 * ran it (hv/flush.h).  The idle VCPU uses no context: hgatp keeps the last
 * one loaded, unused.
 */
void arch_context_switch(struct vcpu *prev, struct vcpu *next)
{
    struct pcpu *p = this_cpu();
    struct domain *from = prev->is_idle ? NULL : prev->domain;
    struct domain *to = next->is_idle ? NULL : next->domain;

    if (from) {
        save_vs_state(&prev->arch);
        switch_fp_out(p, prev);
        if (from != to)
            flush_deactivate(&from->flush);
    }
    if (!to)
        return;
    if (p->hgatp != to->arch.hgatp || to->arch.vmid == 0) {
        csr_write(CSR_HGATP, to->arch.hgatp);
        p->hgatp = to->arch.hgatp;
        if (to->arch.vmid == 0)
            hfence_gvma_all();
    }
    if (from != to)
        flush_activate(to, &to->flush);
    /* Another VCPU of the domain ran here last: its VS-stage entries carry
     * the same VMID (and maybe the same ASID), but not next's tables. */
    if (p->vs_owner != next) {
        hfence_vvma_all();
        p->vs_owner = next;
    }
    if (next->arch.last_cpu != p->cpu_id)
        arrive_from_other_cpu(p, next);
    load_vs_state(&next->arch);
    switch_fp_in(p, next);
}

void arch_vcpu_dump(struct vcpu *v)
{
    static const char *const names[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
        "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
        "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };
    const struct cpu_user_regs *r = &v->arch.regs;

    printk(XENLOG_ERR "d%uv%u: sepc %016lx scause %016lx stval %016lx\n",
           v->domain->domain_id, v->vcpu_id, r->sepc, r->scause, r->stval);
    printk(XENLOG_ERR "d%uv%u: htval %016lx vstvec %016lx vsatp %016lx\n",
           v->domain->domain_id, v->vcpu_id, r->htval, csr_read(CSR_VSTVEC),
           csr_read(CSR_VSATP));
    for (unsigned int i = 1; i < 32; i += 3)
        printk(XENLOG_ERR "d%uv%u: %-4s %016lx  %-4s %016lx  %-4s %016lx\n",
               v->domain->domain_id, v->vcpu_id, names[i], r->x[i],
               names[(i + 1) % 32], i + 1 < 32 ? r->x[i + 1] : 0,
               names[(i + 2) % 32], i + 2 < 32 ? r->x[i + 2] : 0);
}

bool arch_vcpu_irq_pending(const struct vcpu *v)
{
    return v->domain->is_translated && vsbi_pvh_irq_pending(v);
}

void arch_vcpu_unmask_upcall(struct vcpu *v)
{
    csr_set(CSR_VSSTATUS, SSTATUS_SIE);
}

void arch_vcpu_kick_upcall(struct vcpu *v)
{
    /* A VCPU in the guest on another CPU must trap to see the upcall; one
     * that is not running picks it up in leave_hypervisor(). */
    if (v->is_running && v->processor != smp_processor_id())
        arch_smp_send_reschedule(v->processor);
}

/*
 * The way out of the hypervisor, irqs off.  Runs the scheduler if asked;
 * while this CPU has only its idle VCPU, waits for interrupts here.  Then
 * makes a pending event upcall visible to the guest: the VS-level software
 * interrupt (hvip.VSSIP), which the guest clears itself.
 */
static void __attribute__((noinline)) leave_hypervisor_slow(unsigned int cpu)
{
    for (;;) {
        sched_softirq(cpu);
        if (!sched_curr[cpu]->is_idle)
            return;
        quiesce_note(cpu);
        arch_cpu_wait_for_interrupt();
        arch_irq_enable();
        arch_irq_disable();
    }
}

void leave_hypervisor(void)
{
    struct pcpu *p = this_cpu();
    unsigned int cpu = p->cpu_id;
    struct vcpu *v = sched_curr[cpu];

    if (unlikely(__atomic_load_n(&resched_pending[cpu], __ATOMIC_RELAXED) || v->is_idle)) {
        leave_hypervisor_slow(cpu);
        v = sched_curr[cpu];
        /* v may have just been switched in (is_running stored): order that
         * before reading its upcall flag, against an event sender on
         * another CPU that stores the flag and then reads is_running to
         * decide whether to kick (arch_vcpu_kick_upcall). */
        smp_mb();
    }
    if (unlikely(v->vcpu_info->evtchn_upcall_pending))
        csr_set(CSR_HVIP, HVIP_VSSIP);
    if (unlikely(v->domain->is_translated))
        vsbi_pvh_deliver(v);
    p->guest_regs = &v->arch.regs;
    quiesce_note(cpu);
}
