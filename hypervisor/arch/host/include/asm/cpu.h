/* Host implementation of the CPU contract, for unit tests: no irqs; the
 * CPU a test runs on is host_current_cpu, the others are simulated. */
#ifndef ASM_HOST_CPU_H
#define ASM_HOST_CPU_H

#include <stdbool.h>

extern unsigned int host_current_cpu;

/* A CPU spinning lets the simulated remote CPUs reach their service point
 * (tlb_model.c). */
void arch_cpu_relax(void);
/* A simulated CPU never sleeps: dozing is one more spin. */
static inline bool arch_cpu_doze(void) { arch_cpu_relax(); return false; }
static inline void arch_cpu_reraise_ipi(void) { }
void arch_flush_guest_tlb_local(void);
static inline unsigned long arch_irq_save(void) { return 0; }
static inline void arch_irq_restore(unsigned long flags) { (void)flags; }
static inline void arch_irq_enable(void) { }
static inline void arch_irq_disable(void) { }
static inline bool arch_irqs_enabled(void) { return true; }
static inline unsigned int smp_processor_id(void) { return host_current_cpu; }
static inline void smp_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void smp_rmb(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static inline void smp_wmb(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }
static inline void arch_cpu_wait_for_interrupt(void) { }

#endif
