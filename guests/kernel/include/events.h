/*
 * Event channels, 2-level ABI (public/event_channel.h).
 *
 * A handler is attached to a port; the upcall runs it, with interrupts
 * off, each time the port is found pending and unmasked.  Ports above
 * NR_EVENT_HANDLERS cannot carry a handler (the hypervisor hands out low
 * numbers first, so a small guest never sees one).
 */
#ifndef GUEST_EVENTS_H
#define GUEST_EVENTS_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>

#define NR_EVENT_HANDLERS 1024

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/*
 * Bind VIRQ `virq` on VCPU 0 to a new port, attach handler and unmask.
 * Returns the port, or -XEN_E* (negative, as a long) on failure.
 */
long bind_virq(uint32_t virq, evtchn_handler_t handler, void *data);

/* Attach a handler to an existing port of this domain and unmask it;
 * VCPU 0's upcall handles it. */
/*
 * Split-driver bindings.  Each makes a port, attaches handler (may be NULL:
 * events are then only seen by polling or evtchn_poll) and unmasks it.
 * They return the new local port, or -XEN_E* from the hypervisor (the
 * port is closed again if the handler cannot be attached).
 *
 * alloc_evtchn: an unbound port that domain `remote` may connect to (the
 *   back end offers, the front end connects, or the other way round);
 * bind_interdomain: connect to port `remote_port` of domain `remote`,
 *   which must have been offered to this domain;
 * bind_ipi: a port whose sends raise `vcpu` of this domain.
 */
long alloc_evtchn(domid_t remote, evtchn_handler_t handler, void *data);
long bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                      evtchn_handler_t handler, void *data);
long bind_ipi(uint32_t vcpu, evtchn_handler_t handler, void *data);

/*
 * EVTCHNOP_status of a port of this domain: the remote end of an
 * interdomain port (0, with *dom and *remote_port set), or -XEN_EINVAL if it is not
 * interdomain.
 */
long evtchn_remote_end(evtchn_port_t port, domid_t *dom, evtchn_port_t *remote_port);

/*
 * SCHEDOP_poll: sleep until one of ports[0..n) is pending, or system time
 * reaches timeout_ns (absolute, 0 = none).  Returns 0 or -XEN_E*.
 */
long evtchn_poll(const evtchn_port_t *ports, unsigned int n, uint64_t timeout_ns);

/* Whether the port's pending bit is set, and test-and-clear of it. */
bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_test_and_clear(evtchn_port_t port);

/* Attach a handler to an existing port of this domain and unmask it. */
long bind_evtchn(evtchn_port_t port, evtchn_handler_t handler, void *data);

/*
 * Physical interrupts (dom0; public/physdev.h): bind_pirq binds pirq to a
 * new port as the bindings above do (the source is armed at once), except
 * that with a NULL handler the port stays masked, for a caller that polls
 * it (an unmasked port without a handler would lose its events to the
 * upcall, and a pirq event lost is never EOIed); pirq_eoi tells the
 * hypervisor it has been serviced (PHYSDEVOP_eoi), so that it may
 * interrupt again.  They return what the hypervisor says.
 */
long bind_pirq(uint32_t pirq, evtchn_handler_t handler, void *data);
long pirq_eoi(uint32_t pirq);

/*
 * The same for a port the hypervisor notifies on VCPU vcpu: only that
 * VCPU's upcall handles it.  bind_virq_on binds a per-VCPU VIRQ there.
 */
long bind_evtchn_on(evtchn_port_t port, unsigned int vcpu, evtchn_handler_t handler,
                    void *data);
long bind_virq_on(uint32_t virq, unsigned int vcpu, evtchn_handler_t handler, void *data);

/* Detach the handler and close the port (EVTCHNOP_close). */
long unbind_evtchn(evtchn_port_t port);

/* Mask / unmask a port; unmask re-raises the upcall if it is pending. */
void mask_evtchn(evtchn_port_t port);
void unmask_evtchn(evtchn_port_t port);
/* Clear the port's pending bit. */
void clear_evtchn(evtchn_port_t port);

/* EVTCHNOP_send. */
long notify_remote_via_evtchn(evtchn_port_t port);

/*
 * This domain's id, found the XTF way: allocate an unbound port with
 * remote_dom = DOMID_SELF, read u.unbound.dom back with EVTCHNOP_status,
 * close the port.  Returns the domid or -XEN_E*.
 */
long xen_own_domid(void);

/* The upcall, called from the trap code. */
void evtchn_do_upcall(void);

/* Setup: mask every port, enable the upcall source (sie.SSIE). */
void events_init(void);

#endif /* GUEST_EVENTS_H */
