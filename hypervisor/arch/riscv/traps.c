/*
 * Trap handling.
 *
 * From a guest: an ecall is a hypercall (a7 = XEN_HYPERCALL_EID) or an SBI
 * call (handle_guest_ecall, the fast path); in handle_guest_trap, interrupts
 * are the hypervisor's (timer, IPI, and device interrupts from the PLIC on
 * CPU 0, which become pirq events: plic.c);
 * everything else is the guest's own exception and is reflected into it as
 * if the hardware had delegated it (hedeleg is 0 so that the hypervisor sees
 * the exceptions first: a guest that cannot take its exception - no stvec,
 * or a fault on its handler - is crashed with a register dump instead of
 * spinning).  Guest-page faults (an access outside the domain's G-stage)
 * are reflected as access faults.
 *
 * From the hypervisor itself (handle_hv_trap): interrupts while idle, and
 * faults in guest-memory copies, which the exception table fixes up.
 * Anything else is a hypervisor bug: panic.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/flush.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/perfc.h>
#include <hv/quiesce.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/xen.h>
#include <asm/csr.h>
#include <asm/percpu.h>
#include <asm/regs.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <asm/vsbi_pvh.h>

struct ex_entry {
    unsigned long insn, fixup;
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

void handle_guest_trap(struct cpu_user_regs *regs);
bool handle_guest_ecall(struct cpu_user_regs *regs);
void handle_hv_trap(struct hv_trap_frame *f);

#define INSN_WFI 0x10500073UL

void trap_init_cpu(void)
{
    csr_write(CSR_HEDELEG, 0);
    csr_write(CSR_HIDELEG, HVIP_VSSIP | HVIP_VSTIP | HVIP_VSEIP);
    csr_write(CSR_HVIP, 0);
    csr_write(CSR_HIE, 0);
    csr_write(CSR_HCOUNTEREN, ~0UL);   /* time, cycle, instret readable */
    csr_write(CSR_HENVCFG, 0);
    csr_write(CSR_HTIMEDELTA, 0);
    csr_set(CSR_SIE, SIP_SSIP);
}

static void handle_interrupt(unsigned long irq)
{
    switch (irq) {
    case IRQ_S_TIMER:
        timer_softirq();
        break;
    case IRQ_S_EXT:
        plic_handle_interrupt();
        break;
    case IRQ_S_SOFT:
        /* An IPI carries no message: answer flush requests (hv/flush.h),
         * run the timers (one may have been set from another CPU); a
         * reschedule flag is seen on the way out. */
        csr_clear(CSR_SIP, SIP_SSIP);
        flush_service();
        timer_softirq();
        break;
    default:
        printk(XENLOG_WARNING "unexpected interrupt %lu\n", irq);
        csr_clear(CSR_SIE, 1UL << irq);
        break;
    }
}

/*
 * Deliver exception `cause` to the guest as the hardware would have with
 * delegation: VS-level trap CSRs, previous mode and interrupt enable, pc to
 * stvec (exceptions always use the base address).
 */
void guest_inject_exception(struct vcpu *v, struct cpu_user_regs *regs,
                            unsigned long cause, unsigned long tval)
{
    unsigned long vstvec = csr_read(CSR_VSTVEC) & ~3UL;
    unsigned long vsstatus = csr_read(CSR_VSSTATUS);
    bool sie = vsstatus & SSTATUS_SIE;
    bool fetch_fault = cause == EXC_INST_ACCESS || cause == EXC_INST_PAGE_FAULT ||
                       cause == EXC_INST_MISALIGNED;

    if (!vstvec || (fetch_fault && regs->sepc == vstvec)) {
        printk(XENLOG_ERR "d%uv%u: exception %lu at %#lx that the guest cannot take\n",
               v->domain->domain_id, v->vcpu_id, cause, regs->sepc);
        domain_crash(v->domain, "unhandleable guest exception");
        return;
    }
    csr_write(CSR_VSEPC, regs->sepc);
    csr_write(CSR_VSCAUSE, cause);
    csr_write(CSR_VSTVAL, tval);
    vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
    if (regs->sstatus & SSTATUS_SPP)
        vsstatus |= SSTATUS_SPP;
    if (sie)
        vsstatus |= SSTATUS_SPIE;
    csr_write(CSR_VSSTATUS, vsstatus);
    /* Return to the guest in VS-mode at its handler. */
    regs->sstatus |= SSTATUS_SPP;
    regs->sepc = vstvec;
}

/*
 * An ecall from VS-mode, on the fast path of entry.S: the frame holds the
 * caller-saved registers only, which is all a hypercall or an SBI call
 * reads or writes.  The arguments are a0..a4 in place; a continuation
 * (-ERESTART) has updated them and leaves sepc on the ecall, so the guest
 * issues the call again.  Returns true when the way out must go through
 * leave_hypervisor(): entry.S then completes the frame with s0-s11 first,
 * so that a VCPU switched out there has all its registers in its frame
 * before another CPU may run it.
 */
bool handle_guest_ecall(struct cpu_user_regs *regs)
{
    struct vcpu *v = container_of(regs, struct vcpu, arch.regs);
    long ret;

    perfc_count_entry();
    if (likely(regs->x[REG_A7] == XEN_HYPERCALL_EID)) {
        ret = do_hypercall(v, regs->x[REG_A6], &regs->x[REG_A0]);
        if (unlikely(ret == -ERESTART))
            goto out;
        regs->x[REG_A0] = (unsigned long)ret;
    } else {
        vsbi_ecall(v, regs);
    }
    regs->sepc += 4;
 out:
    quiesce_note(this_cpu()->cpu_id);      /* the call holds nothing now */
    /* Nothing to do on the way out, the common case: straight back. */
    return unlikely(__atomic_load_n(this_cpu()->resched, __ATOMIC_RELAXED) ||
                    v->vcpu_info->evtchn_upcall_pending ||
                    __atomic_load_n(&v->arch.sbi_pending, __ATOMIC_RELAXED));
}

/* The faulting instruction: from stval if the hart reported it, else read
 * it as the guest would execute it (HLVX). */
static unsigned long faulting_insn(const struct cpu_user_regs *regs)
{
    uint32_t insn = 0;

    if (regs->stval)
        return regs->stval;
    if (arch_copy_insn_from_guest(&insn, regs->sepc))
        return 0;
    return insn;
}

static void virtual_instruction(struct vcpu *v, struct cpu_user_regs *regs)
{
    unsigned long insn = faulting_insn(regs);

    if (insn == INSN_WFI) {
        regs->sepc += 4;
        vcpu_wait_for_event(v);
        return;
    }
    guest_inject_exception(v, regs, EXC_ILLEGAL_INST, insn);
}

/*
 * An access outside what the domain's G-stage allows is reflected as the
 * matching access fault, unless the G-stage allows it by now: this CPU
 * held an entry older than a change that added the right, and the access
 * is retried after a local flush (arch_gstage_publish).  The same fault
 * again with no widening of the G-stage in between is real: a flushed CPU
 * cannot hold a stale entry without a newer change (and an implicit write
 * of the VS-stage walk into a read-only table reports the original
 * access's cause, which the entry may allow).  htval is the guest-physical
 * address >> 2.
 */
static void guest_page_fault(struct vcpu *v, struct cpu_user_regs *regs, unsigned long cause)
{
    struct arch_vcpu *a = &v->arch;
    unsigned long access = cause == EXC_STORE_GUEST_PAGE_FAULT ? EXC_STORE_ACCESS
                         : cause == EXC_LOAD_GUEST_PAGE_FAULT  ? EXC_LOAD_ACCESS
                                                               : EXC_INST_ACCESS;
    unsigned long widened = __atomic_load_n(&v->domain->flush.widened, __ATOMIC_ACQUIRE);
    bool retried = a->retried_pc == regs->sepc && a->retried_htval == regs->htval &&
                   a->retried_widened == widened;

    if (!retried && gstage_fault_is_spurious(v->domain, (uint64_t)regs->htval << 2, cause)) {
        a->retried_pc = regs->sepc;
        a->retried_htval = regs->htval;
        a->retried_widened = widened;
        return;
    }
    guest_inject_exception(v, regs, access, regs->stval);
}

void handle_guest_trap(struct cpu_user_regs *regs)
{
    struct vcpu *v = current_vcpu();
    unsigned long cause = regs->scause;

    perfc_count_entry();
    if (cause & CAUSE_IRQ_FLAG) {
        handle_interrupt(cause & ~CAUSE_IRQ_FLAG);
    } else {
        switch (cause) {
        case EXC_VIRTUAL_INST:
            virtual_instruction(v, regs);
            break;
        case EXC_INST_GUEST_PAGE_FAULT:
        case EXC_LOAD_GUEST_PAGE_FAULT:
        case EXC_STORE_GUEST_PAGE_FAULT:
            guest_page_fault(v, regs, cause);
            break;
        default:
            guest_inject_exception(v, regs, cause, regs->stval);
            break;
        }
    }
    leave_hypervisor();
}

static bool fixup_exception(struct hv_trap_frame *f)
{
    for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
        if (e->insn == f->sepc) {
            f->sepc = e->fixup;
            return true;
        }
    return false;
}

void handle_hv_trap(struct hv_trap_frame *f)
{
    if (f->scause & CAUSE_IRQ_FLAG) {
        handle_interrupt(f->scause & ~CAUSE_IRQ_FLAG);
        return;
    }
    if (fixup_exception(f))
        return;
    panic("hypervisor trap: scause %#lx sepc %#lx stval %#lx ra %#lx sp %#lx",
          f->scause, f->sepc, f->stval, f->x[REG_RA], f->x[REG_SP]);
}
