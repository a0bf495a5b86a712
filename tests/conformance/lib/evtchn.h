/* Event-channel helpers for tests. */
#ifndef CONFORMANCE_EVTCHN_H
#define CONFORMANCE_EVTCHN_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>

/*
 * The port this domain has bound to `virq` on VCPU 0 (the library binds
 * VIRQ_TIMER at start of day), found with EVTCHNOP_status; -XEN_ENOENT if
 * none among the first ports.
 */
long find_virq_port(uint32_t virq);

/*
 * Take over the library's VIRQ_TIMER port: find it and bind `handler` to
 * it.  Returns the port, or -1 after reporting the failure.
 */
long take_timer_port(void (*handler)(evtchn_port_t port, void *data));

/* Whether take_timer_port() succeeded; reports an error if not. */
bool have_timer_port(long port);

#endif /* CONFORMANCE_EVTCHN_H */
