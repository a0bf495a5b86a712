/*
 * Event channels (event/), Xen's 2-level ABI.
 *
 * event_channel.c owns the port table of each domain and the
 * EVTCHNOP_* operations; event_2l.c the pending and mask bitmaps in
 * shared_info and the upcall; sched/schedop.c's SCHEDOP_poll sleeps on
 * ports through evtchn_poll_*().
 *
 * A port's state is one of EVTCHNSTAT_* (public/event_channel.h).  The
 * invariants, checked by evtchn_check_invariants():
 *   - ports below valid_evtchns sit in allocated buckets, buckets are
 *     allocated contiguously from bucket 0, valid_evtchns <= max_evtchns;
 *   - an interdomain port points at a port of its remote domain that is
 *     interdomain and points back;
 *   - a virq port of VIRQ n notified on VCPU v is v's (VCPU 0's for a
 *     global VIRQ) virq_to_evtchn[n] and nothing else is;
 *   - a pirq port of pirq n is pirq_to_evtchn[n] and nothing else is;
 *   - every notified VCPU exists;
 *   - no port below evtchn_free_hint is free.
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
    uint16_t notify_vcpu;         /* VCPU whose upcall the port raises */
    union {
        domid_t unbound_dom;      /* unbound: who may connect */
        uint32_t virq;            /* virq */
        uint32_t pirq;            /* pirq */
        struct {
            struct domain *dom;   /* interdomain: the remote end */
            uint32_t port;
        } remote;
    } u;
};

/* Domain creation: the port table with port 0 reserved.  0 or -ENOMEM. */
int evtchn_domain_init(struct domain *d);
/*
 * A new port of d, unbound, that domain `remote` may connect to (what
 * EVTCHNOP_alloc_unbound does, for the domain builder's store and console
 * ports).  The port, or -ENOSPC / -ENOMEM / -EINVAL (d finished).
 */
int evtchn_alloc_unbound_port(struct domain *d, domid_t remote);
/* VCPU creation: the SCHEDOP_poll timer. */
void evtchn_vcpu_init(struct vcpu *v);
/*
 * A domain that is finished (shut down): close every port it has, as a
 * dying domain's are in Xen; remote ends of its interdomain channels go
 * back to unbound (waiting for it).  No port can be allocated afterwards.
 */
void evtchn_destroy(struct domain *d);
/* Free the port buckets of a domain about to be freed. */
void evtchn_domain_free(struct domain *d);
/* Ports of d not closed (sysctl rvxen_counts). */
unsigned int evtchn_ports_in_use(struct domain *d);

/* Raise a per-VCPU VIRQ on v if it is bound; any context. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise a global VIRQ on its handler domain (dom0), if bound. */
void send_global_virq(unsigned int virq);
/* Raise the port bound to pirq in d, if any (the device path, later). */
void send_guest_pirq(struct domain *d, unsigned int pirq);
/*
 * The debug key ('q' in Xen): VIRQ_DEBUG on every VCPU of every domain
 * that bound it; returns how many VCPUs were notified.  Any context but
 * with domlist_lock and event locks free.
 */
unsigned int send_debug_virq_all(void);

/* event_2l.c: the 2-level bitmaps.  Lock-free (atomics on shared_info). */
/* Mark port pending for v's domain; upcall v unless masked; wake pollers. */
void evtchn_set_pending(struct vcpu *v, unsigned int port);
void evtchn_clear_pending(struct domain *d, unsigned int port);
bool evtchn_is_pending(const struct domain *d, unsigned int port);
bool evtchn_is_masked(const struct domain *d, unsigned int port);
/* Clear the mask; if the port is pending and was masked, upcall v. */
void evtchn_unmask_port(struct vcpu *v, unsigned int port);

/* SCHEDOP_poll support (event_2l.c). */
void evtchn_poll_start(struct vcpu *v, int port);   /* port -1: any */
bool evtchn_poll_cancel(struct vcpu *v);            /* true if still polling */
void evtchn_poll_timer_fn(void *data);

/* Invariants above: 0, or a negative number naming the one that failed. */
int evtchn_check_invariants(struct domain *d);

#endif
