/* Event-channel helpers (see evtchn.h). */
#include "evtchn.h"
#include "test.h"

/* A test kernel binds a handful of ports; the library's come first. */
#define PORTS_SCANNED 64

long find_virq_port(uint32_t virq)
{
    for (evtchn_port_t port = 1; port < PORTS_SCANNED; port++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

        if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) == 0 &&
            st.status == EVTCHNSTAT_virq && st.u.virq == virq && st.vcpu == 0)
            return port;
    }
    return -XEN_ENOENT;
}

long take_timer_port(void (*handler)(evtchn_port_t port, void *data))
{
    long port = find_virq_port(VIRQ_TIMER);

    if (!EXPECT_TRUE(port > 0))
        return -1;
    if (!EXPECT_EQ(bind_evtchn((evtchn_port_t)port, handler, NULL), port))
        return -1;
    return port;
}

bool have_timer_port(long port)
{
    if (port > 0)
        return true;
    xtf_error("no VIRQ_TIMER port");
    return false;
}
