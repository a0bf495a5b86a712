/* RISC-V implementation of the CPU contract (hv/arch/cpu.h). */
#ifndef ASM_RISCV_CPU_H
#define ASM_RISCV_CPU_H

#include <stdbool.h>
#include <asm/csr.h>
#include <asm/percpu.h>

static inline void arch_cpu_relax(void)
{
    /* pause (Zihintpause), a hint: a no-op where unsupported */
    __asm__ volatile(".4byte 0x0100000f" ::: "memory");
}

bool arch_cpu_doze(void);                 /* time.c */

static inline void arch_cpu_reraise_ipi(void)
{
    csr_set(CSR_SIP, SIP_SSIP);
}

static inline unsigned long arch_irq_save(void)
{
    return csr_read_clear(CSR_SSTATUS, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void arch_irq_restore(unsigned long flags)
{
    csr_set(CSR_SSTATUS, flags & SSTATUS_SIE);
}

static inline void arch_irq_enable(void) { csr_set(CSR_SSTATUS, SSTATUS_SIE); }
static inline void arch_irq_disable(void) { csr_clear(CSR_SSTATUS, SSTATUS_SIE); }
static inline bool arch_irqs_enabled(void)
{
    return csr_read(CSR_SSTATUS) & SSTATUS_SIE;
}

static inline unsigned int smp_processor_id(void) { return this_cpu()->cpu_id; }

static inline void smp_mb(void) { __asm__ volatile("fence rw,rw" ::: "memory"); }
static inline void smp_rmb(void) { __asm__ volatile("fence r,r" ::: "memory"); }
static inline void smp_wmb(void) { __asm__ volatile("fence w,w" ::: "memory"); }

/* Every guest translation this CPU holds: both stages, every VMID (the
 * hfence.vvma covers the VMID loaded, the hfence.gvma the combined entries
 * of all; hv/flush.h). */
static inline void arch_flush_guest_tlb_local(void)
{
    hfence_vvma_all();
    hfence_gvma_all();
}

static inline void arch_cpu_wait_for_interrupt(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

#endif
