/*
 * Masking the event upcall.
 *
 * The upcall is the supervisor software interrupt.  setup enables its
 * source (sie.SSIE) once; after that, "interrupts on/off" is sstatus.SIE
 * alone, as on a single-hart bare-metal kernel.  The library runs main()
 * with interrupts on.  SCHEDOP_block always returns with them on.
 */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#include <stdbool.h>
#include "csr.h"

static inline void local_irq_enable(void)
{
    csr_set(sstatus, SSTATUS_SIE);
}

static inline void local_irq_disable(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
}

/* Disable, returning the previous state for local_irq_restore(). */
static inline unsigned long local_irq_save(void)
{
    return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void local_irq_restore(unsigned long flags)
{
    csr_set(sstatus, flags & SSTATUS_SIE);
}

static inline bool irqs_disabled(void)
{
    return !(csr_read(sstatus) & SSTATUS_SIE);
}

#endif /* GUEST_IRQ_H */
