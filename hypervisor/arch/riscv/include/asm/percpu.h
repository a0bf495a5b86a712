/*
 * Per-CPU data.  In HS-mode, tp always points at this CPU's struct pcpu.
 * While a guest runs, sscratch holds it instead and tp holds the guest's tp;
 * trap entry swaps them back (entry.S).
 */
#ifndef ASM_RISCV_PERCPU_H
#define ASM_RISCV_PERCPU_H

#ifndef __ASSEMBLY__
#include <hv/types.h>

struct cpu_user_regs;
struct vcpu;

struct pcpu {
    unsigned long scratch;              /* entry.S temporary */
    struct cpu_user_regs *guest_regs;   /* frame of the VCPU to return to */
    unsigned long stack_top;
    struct cpu_user_regs *partial_regs; /* frame lacking s0-s11 (fast path), or NULL */
    unsigned long hart_id;
    unsigned int cpu_id;
    unsigned int boot_state;            /* CPU_* (smp.c), atomic */
    struct vcpu *fp_owner;              /* whose FP state is in the registers */
    unsigned long *resched;             /* this CPU's flag in the scheduler core */
    unsigned long hgatp;                /* loaded into the CSR now */
    struct vcpu *vs_owner;              /* the VCPU whose VS-stage translations
                                           the TLB may hold (vcpu.c) */
    uint64_t timer_ticks;               /* the timer deadline arch_set_timer
                                           asked for (time.c) */
};

extern struct pcpu pcpu_data[];

static inline struct pcpu *this_cpu(void)
{
    struct pcpu *p;

    __asm__("mv %0, tp" : "=r"(p));
    return p;
}

static inline struct pcpu *per_cpu(unsigned int cpu) { return &pcpu_data[cpu]; }

#endif
#endif
