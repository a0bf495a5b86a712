/*
 * An event channel between a test domain and a peer domain, set up with
 * no shared memory and no xenstore (the handshake of
 * /work/wt/notes/evtchn-notes.md, written down here):
 *
 *   offerer:   port = link_offer(other)      EVTCHNOP_alloc_unbound
 *              link_wait(port, timeout)      until the other end's first
 *                                            event arrives
 *   connector: port = link_connect(other, timeout)
 *              tries EVTCHNOP_bind_interdomain on the offerer's ports
 *              1..LINK_SCAN_PORTS-1 in turn, every millisecond, until one
 *              is offered to it (a port that is not gives -EINVAL and
 *              changes nothing), then sends one event on it.  dom0 skips
 *              a domU's store and console ports, which the builder leaves
 *              unbound for it too (HVMOP_get_param names them).
 *
 * Domain ids are known from the boot order: in a domU-role test the test
 * is d1 and its n-th peer d(n+1); in a dom0-role test the n-th peer is dn.
 * Link ports are left masked: each side waits with SCHEDOP_poll
 * (link_wait), which needs no handler.
 */
#ifndef CONFORMANCE_PEER_LINK_H
#define CONFORMANCE_PEER_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>

#define LINK_SCAN_PORTS 64
#define LINK_TIMEOUT_NS (1000 * NSEC_PER_MSEC)

/* A masked unbound port for `other`, or -XEN_E*. */
long link_offer(domid_t other);

/*
 * Scan-connect to `other` as above; the new port is masked and one event
 * has been sent on it.  Returns the port, or -XEN_ETIMEDOUT.
 */
long link_connect(domid_t other, uint64_t timeout_ns);

/*
 * Wait until `port` is pending (SCHEDOP_poll, up to timeout_ns from now),
 * then clear it.  true if it was pending.
 */
bool link_wait(evtchn_port_t port, uint64_t timeout_ns);

/* One round trip: send on port, wait for the answer.  true if answered. */
bool link_ping(evtchn_port_t port, uint64_t timeout_ns);

#endif /* CONFORMANCE_PEER_LINK_H */
