/*
 * Arch contract: the platform's interrupt controller (the PLIC on RISC-V).
 *
 * Device interrupt sources are numbered 1..arch_irq_nr_sources()-1 (the
 * controller's own numbers; 0 means none).  The arch layer sets the
 * controller up at boot, before the core's irq_init(): every source
 * routed to one CPU of the hypervisor, masked.  When a source interrupts,
 * the arch layer claims it, calls irq_handle(src) (hv/irq.h) on that CPU
 * with interrupts off, and completes the claim when irq_handle returns.
 *
 * Sources are level-triggered.  A masked source never interrupts, but the
 * controller still latches a request its device makes meanwhile: a source
 * unmasked with a request latched interrupts at once (once interrupts are
 * on).  The request is forgotten if the device lowers its line before
 * then.
 *
 *   unsigned int arch_irq_nr_sources(void); sources + 1, or 0 if the
 *                                         platform has no usable
 *                                         controller; any context
 *   void arch_irq_mask(unsigned int src);   stop src interrupting; any
 *                                         context, any CPU
 *   void arch_irq_unmask(unsigned int src); let it interrupt again; any
 *                                         context, any CPU
 */
#ifndef HV_ARCH_IRQ_H
#define HV_ARCH_IRQ_H

unsigned int arch_irq_nr_sources(void);
void arch_irq_mask(unsigned int src);
void arch_irq_unmask(unsigned int src);

#endif /* HV_ARCH_IRQ_H */
