/*
 * What event_channel.c and event_check.c share: the port table's lookup
 * and the VIRQ kinds.  Not for use outside hypervisor/event/.
 */
#ifndef EVENT_PRIVATE_H
#define EVENT_PRIVATE_H

#include <hv/domain.h>
#include <hv/event.h>
#include <public/xen.h>

/*
 * The continuation of a preempted EVTCHNOP_reset (Xen's internal number,
 * not part of the guest ABI), and the ports a reset closes per call.
 */
#define EVTCHNOP_reset_cont 14
#define EVTCHN_RESET_BATCH 128

/* struct evtchn.state of port 0: reads as closed, never allocated. */
#define EVTCHN_RESERVED 0xff

enum virq_type { VIRQ_VCPU, VIRQ_GLOBAL, VIRQ_DOMAIN };

static inline enum virq_type virq_type(unsigned int virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return VIRQ_VCPU;
    case VIRQ_ARGO:
        return VIRQ_DOMAIN;
    default:
        return VIRQ_GLOBAL;
    }
}

/* The port's entry if its bucket exists; event_lock held. */
static inline struct evtchn *lookup(const struct domain *d, uint32_t port)
{
    if (port >= d->valid_evtchns)
        return NULL;
    return &d->evtchn_bucket[port / EVTCHN_BUCKET_PORTS][port % EVTCHN_BUCKET_PORTS];
}

#endif /* EVENT_PRIVATE_H */
