/*
 * Physical interrupts handed to a domain as pirqs (core/irq.c).
 *
 * Numbering: pirq n is the interrupt controller's source n (on QEMU virt,
 * PLIC source n: the virtio-mmio slots are 1..8).  The numbering is fixed
 * and the same in every domain, so PHYSDEVOP_map_pirq is not needed
 * (public/physdev.h).
 *
 * Each source has at most one owner, set when the domain is built (dom0
 * owns the sources of the virtio-mmio slots it may map); only the owner
 * may bind, acknowledge or query it.  An owned source is in one of three
 * states:
 *
 *   unbound    masked at the controller: no event channel to deliver to;
 *   armed      bound (EVTCHNOP_bind_pirq) and unmasked;
 *   in flight  it interrupted: the source was masked at the controller,
 *              then the event raised; it stays masked until the owner's
 *              PHYSDEVOP_eoi (or until it is unbound), so a device whose
 *              line stays high costs the hypervisor one interrupt per EOI
 *              and never more.
 *
 * Locking: irq_lock (interrupts off) guards the table.  It is taken inside
 * a domain's event_lock (bind and unbind run from event_channel.c with it
 * held) and never the other way round: irq_handle() releases irq_lock
 * before it raises the event, which takes the owner's event_lock.
 */
#ifndef HV_IRQ_H
#define HV_IRQ_H

#include <hv/types.h>

struct domain;

/* Boot: the sources the controller has (arch_irq_nr_sources()). */
void irq_init(void);

/* Builder: d owns pirq (a domain being built).  0, -EINVAL for a source
 * the controller does not have or a pirq above NR_PIRQS, -EBUSY if another
 * domain owns it. */
int irq_permit(struct domain *d, unsigned int pirq);
/* Does d own pirq?  Any context. */
bool irq_access_permitted(const struct domain *d, unsigned int pirq);

/*
 * EVTCHNOP_bind_pirq / close, d->event_lock held: the source becomes armed
 * (and may interrupt at once), or unbound (masked, any interrupt in
 * flight forgotten).  bind: 0 or -EPERM if d does not own it.
 */
int pirq_guest_bind(struct domain *d, unsigned int pirq);
void pirq_guest_unbind(struct domain *d, unsigned int pirq);

/* PHYSDEVOP_eoi: an in-flight source of d is unmasked again (if still
 * bound).  0, or -EINVAL if d does not own pirq. */
int pirq_guest_eoi(struct domain *d, unsigned int pirq);

/* PHYSDEVOP_irq_status_query: XENIRQSTAT_* for pirq of d, or -EINVAL. */
int pirq_status(const struct domain *d, unsigned int pirq, uint32_t *flags);

/* The arch layer: source src interrupted (its CPU, interrupts off). */
void irq_handle(unsigned int src);

/* A source's state and counters, for the log and the tests. */
struct irq_state {
    const struct domain *owner; /* NULL: nobody's */
    bool bound;                 /* armed or in flight */
    bool in_flight;             /* delivered, masked until EOI */
    uint64_t delivered;         /* interrupts raised as events */
    uint64_t stray;             /* interrupts nobody was bound to take */
};
void irq_get_state(unsigned int pirq, struct irq_state *out);

#endif /* HV_IRQ_H */
