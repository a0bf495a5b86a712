/*
 * Arch contract: the CPU.
 *
 * Each architecture provides <asm/cpu.h> with these, as static inlines or
 * declarations.  Core code includes only this header.
 *
 *   void arch_cpu_relax(void);          spin-wait hint; any context.  Core
 *                                       code waits with cpu_relax()
 *                                       (hv/flush.h), which also answers
 *                                       flush requests
 *   bool arch_cpu_doze(void);           a longer wait's step: sleep until an
 *                                       interrupt is pending or a few
 *                                       microseconds pass; irqs on or off.
 *                                       Timers: at most an early timer
 *                                       interrupt, or, for one already due
 *                                       (irqs off), its interrupt a few
 *                                       microseconds later.  Answers flush
 *                                       requests before it sleeps.  True if
 *                                       it took a pending IPI out of the way
 *                                       to sleep (irqs off): the wait must
 *                                       then arch_cpu_reraise_ipi() at its end
 *   void arch_cpu_reraise_ipi(void);    make this CPU's IPI pending again
 *   unsigned long arch_irq_save(void);  disable interrupts on this CPU,
 *                                       return the previous state
 *   void arch_irq_restore(unsigned long);
 *   void arch_irq_enable(void);
 *   void arch_irq_disable(void);
 *   bool arch_irqs_enabled(void);
 *   unsigned int smp_processor_id(void); index of this physical CPU,
 *                                       0..nr_cpus-1 (not the hart id)
 *   void smp_mb(void), smp_rmb(void), smp_wmb(void); memory barriers
 *   void arch_cpu_wait_for_interrupt(void); idle until an interrupt is
 *                                       pending (called with irqs off;
 *                                       returns with them off)
 *
 * Guest TLB shootdown.  The protocol these serve - who may wait for whom,
 * with which locks held, and why every wait ends - is arch-neutral and
 * written down in hv/flush.h:
 *   void arch_flush_guest_tlb_local(void); drop every guest translation
 *                                       this CPU holds, every VMID, both
 *                                       stages; irqs off, any context
 *   void arch_send_flush_ipi(unsigned int cpu); interrupt cpu so that it
 *                                       runs flush_service() soon (in the
 *                                       guest: at once); any context, may
 *                                       be called with locks held
 */
#ifndef HV_ARCH_CPU_H
#define HV_ARCH_CPU_H

#include <asm/cpu.h>

/* Physical CPUs the hypervisor can use: CPU masks are one unsigned long. */
#define NR_CPUS 64

void arch_send_flush_ipi(unsigned int cpu);

#endif /* HV_ARCH_CPU_H */
