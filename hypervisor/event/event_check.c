/*
 * The event-channel invariants of hv/event.h, checked over one domain's
 * port table: used after every step by the host unit tests and the fuzz
 * harness, and available to a debug hypercall.
 *
 * Locking: takes d->event_lock; reads a remote domain's table without its
 * lock, which is safe for the pairs checked because a pair only changes
 * with both domains' locks held.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/spinlock.h>
#include <public/event_channel.h>
#include <public/xen.h>
#include "event_private.h"

static const struct vcpu *vcpu_of(const struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

static int check_port(struct domain *d, uint32_t port, const struct evtchn *chn)
{
    const struct evtchn *r;
    const struct vcpu *v = vcpu_of(d, chn->notify_vcpu);

    if (!v)
        return -5;
    switch (chn->state) {
    case EVTCHNSTAT_interdomain:
        r = lookup(chn->u.remote.dom, chn->u.remote.port);
        if (!r || r->state != EVTCHNSTAT_interdomain || r->u.remote.dom != d ||
            r->u.remote.port != port)
            return -2;
        break;
    case EVTCHNSTAT_virq:
        if (virq_type(chn->u.virq) != VIRQ_VCPU)
            v = d->vcpu[0];
        if (chn->u.virq >= NR_VIRQS || v->virq_to_evtchn[chn->u.virq] != port)
            return -3;
        break;
    case EVTCHNSTAT_pirq:
        if (chn->u.pirq >= NR_PIRQS || d->pirq_to_evtchn[chn->u.pirq] != port)
            return -4;
        break;
    }
    return 0;
}

static int check_reverse_maps(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        for (unsigned int virq = 0; v && virq < NR_VIRQS; virq++) {
            const struct evtchn *chn = lookup(d, v->virq_to_evtchn[virq]);

            if (v->virq_to_evtchn[virq] &&
                (!chn || chn->state != EVTCHNSTAT_virq || chn->u.virq != virq))
                return -3;
        }
    }
    for (unsigned int pirq = 0; pirq < NR_PIRQS; pirq++) {
        const struct evtchn *chn = lookup(d, d->pirq_to_evtchn[pirq]);

        if (d->pirq_to_evtchn[pirq] &&
            (!chn || chn->state != EVTCHNSTAT_pirq || chn->u.pirq != pirq))
            return -4;
    }
    return 0;
}

int evtchn_check_invariants(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    int rc = 0;

    if (d->valid_evtchns > d->max_evtchns || d->valid_evtchns % EVTCHN_BUCKET_PORTS ||
        d->max_evtchns > EVTCHN_2L_NR_CHANNELS)
        rc = -1;
    for (unsigned int b = 0; !rc && b < d->valid_evtchns / EVTCHN_BUCKET_PORTS; b++)
        if (!d->evtchn_bucket[b])
            rc = -1;
    for (uint32_t port = 1; !rc && port < d->valid_evtchns; port++) {
        rc = check_port(d, port, lookup(d, port));
        if (!rc && port < d->evtchn_free_hint && lookup(d, port)->state == EVTCHNSTAT_closed)
            rc = -6;
    }
    if (!rc)
        rc = check_reverse_maps(d);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

