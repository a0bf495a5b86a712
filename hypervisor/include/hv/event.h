/*
 * Event channels (event/event_channel.c), Xen's 2-level ABI.
 *
 * This issue implements the core: ports, VIRQ binding, the 2-level pending
 * and mask bitmaps with the upcall, unbound ports; the inter-domain, IPI and
 * PIRQ bindings come with the event-channel issue.
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <hv/types.h>

struct domain;
struct vcpu;

#define EVTCHN_BUCKET_PORTS 64

/* struct evtchn.state: EVTCHNSTAT_* values */
struct evtchn {
    uint8_t state;
    uint8_t pad;
    uint16_t notify_vcpu;
    uint32_t virq;           /* state virq */
    domid_t remote_dom;      /* state unbound: who may bind */
};

int evtchn_domain_init(struct domain *d);
/* Raise a per-VCPU VIRQ on v if it is bound; any context. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ on the domain that bound it, if any. */
void send_global_virq(unsigned int virq);
/* Mark port pending for d and deliver the upcall; event_lock not needed. */
void evtchn_set_pending(struct vcpu *v, unsigned int port);

#endif
