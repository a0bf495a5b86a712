/*
 * Physical interrupts handed to their owner domain as pirqs: the model and
 * the locking are in hv/irq.h.
 *
 * The interrupt path is short and bounded: irq_handle() masks the source
 * at the controller, marks it in flight and raises the owner's event; it
 * never loops on a source, so a device that keeps its line high, with an
 * owner that never acknowledges, interrupts the hypervisor once.  Every
 * later interrupt of that source needs the owner's PHYSDEVOP_eoi first.
 *
 * Invariant (checked by the unit tests and fuzz_evtchn through the host
 * controller model): a source is unmasked at the controller exactly when
 * it has an owner, is bound and is not in flight.
 *
 * Locking: irq_lock (interrupts off) guards pirq_desc[]; it nests inside a
 * domain's event_lock and never the other way round (hv/irq.h).  The
 * controller's mask is changed only under it.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/irq.h>
#include <hv/lib.h>
#include <hv/spinlock.h>
#include <hv/arch/irq.h>
#include <public/physdev.h>

struct pirq_desc {
    struct domain *owner;       /* irq_lock; set at build time */
    bool bound;                 /* irq_lock: an event channel delivers it */
    bool in_flight;             /* irq_lock: delivered, masked until EOI */
    uint64_t delivered;         /* irq_lock */
    uint64_t stray;             /* irq_lock */
};

static spinlock_t irq_lock = SPIN_LOCK_UNLOCKED;
static struct pirq_desc pirq_desc[NR_PIRQS];
static unsigned int nr_sources;  /* sources are 1..nr_sources-1 */

void irq_init(void)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);

    memset(pirq_desc, 0, sizeof(pirq_desc));
    nr_sources = MIN(arch_irq_nr_sources(), (unsigned int)NR_PIRQS);
    spin_unlock_irqrestore(&irq_lock, flags);
}

/* irq_lock held: the descriptor of a source d owns, or NULL. */
static struct pirq_desc *owned(const struct domain *d, unsigned int pirq)
{
    if (pirq == 0 || pirq >= nr_sources || pirq_desc[pirq].owner != d || !d)
        return NULL;
    return &pirq_desc[pirq];
}

int irq_permit(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    int rc = 0;

    if (pirq == 0 || pirq >= nr_sources)
        rc = -EINVAL;
    else if (pirq_desc[pirq].owner && pirq_desc[pirq].owner != d)
        rc = -EBUSY;
    else
        pirq_desc[pirq].owner = d;
    spin_unlock_irqrestore(&irq_lock, flags);
    return rc;
}

bool irq_access_permitted(const struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    bool ok = owned(d, pirq) != NULL;

    spin_unlock_irqrestore(&irq_lock, flags);
    return ok;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_desc *desc = owned(d, pirq);

    if (desc) {
        desc->bound = true;
        desc->in_flight = false;
        arch_irq_unmask(pirq);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    return desc ? 0 : -EPERM;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_desc *desc = owned(d, pirq);

    if (desc) {
        arch_irq_mask(pirq);
        desc->bound = false;
        desc->in_flight = false;
    }
    spin_unlock_irqrestore(&irq_lock, flags);
}

int pirq_guest_eoi(struct domain *d, unsigned int pirq)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_desc *desc = owned(d, pirq);

    if (desc && desc->in_flight) {
        desc->in_flight = false;
        if (desc->bound)
            arch_irq_unmask(pirq);
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    return desc ? 0 : -EINVAL;
}

int pirq_status(const struct domain *d, unsigned int pirq, uint32_t *status)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    bool ok = owned(d, pirq) != NULL;

    spin_unlock_irqrestore(&irq_lock, flags);
    if (!ok)
        return -EINVAL;
    /* Every source is level-triggered and masked until its EOI; no source
     * is shared between domains. */
    *status = XENIRQSTAT_needs_eoi;
    return 0;
}

void irq_handle(unsigned int src)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);
    struct pirq_desc *desc = src < nr_sources ? &pirq_desc[src] : NULL;
    struct domain *owner = NULL;

    /* Masked first, whatever happens next: a stray source stays quiet. */
    if (src < arch_irq_nr_sources())
        arch_irq_mask(src);
    if (desc && desc->owner && desc->bound && !desc->in_flight) {
        desc->in_flight = true;
        desc->delivered++;
        owner = desc->owner;
    } else if (desc) {
        desc->stray++;
    }
    spin_unlock_irqrestore(&irq_lock, flags);
    /* Raised outside irq_lock (lock order, hv/irq.h).  If the port was
     * closed meanwhile, send_guest_pirq finds no binding and does nothing;
     * the close has masked the source already. */
    if (owner)
        send_guest_pirq(owner, src);
}

void irq_get_state(unsigned int pirq, struct irq_state *out)
{
    unsigned long flags = spin_lock_irqsave(&irq_lock);

    *out = (struct irq_state){ 0 };
    if (pirq < NR_PIRQS) {
        const struct pirq_desc *desc = &pirq_desc[pirq];

        *out = (struct irq_state){ desc->owner, desc->bound, desc->in_flight,
                                   desc->delivered, desc->stray };
    }
    spin_unlock_irqrestore(&irq_lock, flags);
}
