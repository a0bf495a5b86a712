/*
 * EVTCHNOP_reset of a full port table (4095 ports, the 2-level limit): the
 * hypervisor closes a bounded batch per pass and continues the call
 * itself, so the guest sees one call that returns 0 with every port
 * closed, including the interdomain one, whose other end (a loopback
 * here) is closed too.  A continuation the guest forges
 * (EVTCHNOP_reset_cont, Xen's internal 14) with no reset under way is
 * -EBUSY and changes nothing.  The test runs last what needs no timer:
 * the reset also closes the library's VIRQ_TIMER port.
 */
#include "../../lib/test.h"

#define NR_PORTS EVTCHN_2L_NR_CHANNELS
#define EVTCHNOP_reset_cont 14

static long op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long alloc_self(evtchn_port_t *port)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    long rc = op(EVTCHNOP_alloc_unbound, &au);

    *port = rc ? 0 : au.port;
    return rc;
}

static uint32_t state_of(evtchn_port_t port)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

    return op(EVTCHNOP_status, &st) ? 0xff : st.status;
}

static unsigned int count_state(uint32_t state)
{
    unsigned int n = 0;

    for (evtchn_port_t p = 1; p < NR_PORTS; p++)
        n += state_of(p) == state;
    return n;
}

static void forged_continuation(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    evtchn_port_t port;

    if (!EXPECT_EQ(alloc_self(&port), 0))
        return;
    EXPECT_EQ(op(EVTCHNOP_reset_cont, &r), -XEN_EBUSY);
    EXPECT_EQ(state_of(port), EVTCHNSTAT_unbound);
    r.dom = 0;
    EXPECT_EQ(op(EVTCHNOP_reset_cont, &r), -XEN_EPERM);      /* dom0's: not ours */
}

static void full_table_reset(void)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    evtchn_port_t port, last = 0;
    long rc;

    /* A loopback channel first, then every other port unbound. */
    if (!EXPECT_EQ(alloc_self(&port), 0))
        return;
    bi.remote_port = port;
    if (!EXPECT_EQ(op(EVTCHNOP_bind_interdomain, &bi), 0))
        return;
    mask_evtchn(bi.local_port);
    while ((rc = alloc_self(&port)) == 0)
        last = port;
    EXPECT_EQ(rc, -XEN_ENOSPC);
    EXPECT_EQ(last, NR_PORTS - 1);
    EXPECT_EQ(count_state(EVTCHNSTAT_closed), 0);
    EXPECT_EQ(state_of(bi.local_port), EVTCHNSTAT_interdomain);

    EXPECT_EQ(op(EVTCHNOP_reset, &r), 0);
    EXPECT_EQ(count_state(EVTCHNSTAT_closed), NR_PORTS - 1);
    /* Done: no reset under way, a new one is fine; ports allocate from 1. */
    EXPECT_EQ(op(EVTCHNOP_reset_cont, &r), -XEN_EBUSY);
    EXPECT_EQ(op(EVTCHNOP_reset, &r), 0);
    EXPECT_EQ(alloc_self(&port), 0);
    EXPECT_EQ(port, 1);
}

static const struct test tests[] = {
    /* A forged reset_cont with no reset under way: -EBUSY, port kept; dom0's: -EPERM. */
    TEST(forged_continuation),
    /* 4095 ports (a loopback pair among them) reset by one call: all closed. */
    TEST(full_table_reset),
};

int main(void)
{
    return run_tests("evtchn/reset_continuation", tests, ARRAY_SIZE(tests));
}
