/* The test-to-peer event-channel handshake (see peer_link.h). */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include "peer_link.h"
#include "test.h"

long link_offer(domid_t other)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = other };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    if (rc)
        return rc;
    mask_evtchn(op.port);
    return op.port;
}

/*
 * A domU's builder leaves its store and console ports unbound for dom0
 * (HVM_PARAM_STORE_EVTCHN, _CONSOLE_EVTCHN): dom0 must not take one of
 * those for the link.  A domU asking gets an error and skips nothing.
 */
static bool ring_port(domid_t other, evtchn_port_t p)
{
    static const uint32_t params[] = { HVM_PARAM_STORE_EVTCHN, HVM_PARAM_CONSOLE_EVTCHN };

    for (unsigned int i = 0; i < 2; i++) {
        struct xen_hvm_param hp = { .domid = other, .index = params[i] };

        if (HYPERVISOR_hvm_op(HVMOP_get_param, &hp) == 0 && hp.value == p)
            return true;
    }
    return false;
}

static long try_connect(domid_t other)
{
    for (evtchn_port_t p = 1; p < LINK_SCAN_PORTS; p++) {
        struct evtchn_bind_interdomain op = { .remote_dom = other, .remote_port = p };

        if (ring_port(other, p))
            continue;
        if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op) == 0)
            return op.local_port;
    }
    return -XEN_ETIMEDOUT;
}

long link_connect(domid_t other, uint64_t timeout_ns)
{
    uint64_t end = monotonic_ns() + timeout_ns;
    long port;

    while ((port = try_connect(other)) < 0 && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (port < 0)
        return port;
    mask_evtchn((evtchn_port_t)port);
    clear_evtchn((evtchn_port_t)port);     /* set by bind_interdomain */
    notify_remote_via_evtchn((evtchn_port_t)port);
    return port;
}

bool link_wait(evtchn_port_t port, uint64_t timeout_ns)
{
    uint64_t end = monotonic_ns() + timeout_ns;

    while (!evtchn_test_and_clear(port)) {
        if (monotonic_ns() >= end)
            return false;
        evtchn_poll(&port, 1, end);
    }
    return true;
}

bool link_ping(evtchn_port_t port, uint64_t timeout_ns)
{
    clear_evtchn(port);
    if (notify_remote_via_evtchn(port))
        return false;
    return link_wait(port, timeout_ns);
}
