/* Event-channel helpers for tests. */
#ifndef CONFORMANCE_EVTCHN_H
#define CONFORMANCE_EVTCHN_H

#include <stdint.h>

/*
 * The port this domain has bound to `virq` on VCPU 0 (the library binds
 * VIRQ_TIMER at start of day), found with EVTCHNOP_status; -XEN_ENOENT if
 * none among the first ports.
 */
long find_virq_port(uint32_t virq);

#endif /* CONFORMANCE_EVTCHN_H */
