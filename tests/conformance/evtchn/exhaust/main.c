/*
 * The port space is finite and the end of it is an error, not a crash
 * (XSA-317): allocating unbound ports succeeds exactly until all 4095
 * usable 2-level ports (port 0 is reserved) are taken, each port is
 * handed out once and below 4096, then -ENOSPC; closing them all makes
 * them available again.
 */
#include "../../lib/test.h"

#define NR_PORTS ((long)EVTCHN_2L_NR_CHANNELS)

static uint64_t taken[NR_PORTS / 64];       /* ports this test allocated */
static unsigned int nr_taken;

static long alloc_port(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);

    return rc ? rc : (long)au.port;
}

static unsigned int ports_in_use(void)
{
    unsigned int n = 0;

    for (evtchn_port_t port = 1; port < NR_PORTS; port++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

        if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st) == 0 &&
            st.status != EVTCHNSTAT_closed)
            n++;
    }
    return n;
}

static void fill_port_space(void)
{
    unsigned int before = ports_in_use(), dup = 0, out_of_range = 0;
    long rc;

    while ((rc = alloc_port()) > 0) {
        if (rc >= NR_PORTS) {
            out_of_range++;
            continue;
        }
        if (taken[rc / 64] & (1ULL << (rc % 64)))
            dup++;
        taken[rc / 64] |= 1ULL << (rc % 64);
        nr_taken++;
        if (nr_taken > NR_PORTS)
            break;
    }
    EXPECT_EQ(rc, -XEN_ENOSPC);
    EXPECT_EQ(nr_taken, NR_PORTS - 1 - before);
    EXPECT_EQ(dup, 0);
    EXPECT_EQ(out_of_range, 0);
    EXPECT_EQ(alloc_port(), -XEN_ENOSPC);
}

static void close_all(void)
{
    unsigned int bad = 0;

    for (evtchn_port_t port = 1; port < NR_PORTS; port++) {
        struct evtchn_close cl = { .port = port };

        if ((taken[port / 64] & (1ULL << (port % 64))) &&
            HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl) != 0)
            bad++;
    }
    EXPECT_EQ(bad, 0);
}

static void reusable_after_close(void)
{
    long port = alloc_port();
    struct evtchn_close cl;

    if (!EXPECT_TRUE(port > 0 && port < NR_PORTS))
        return;
    cl.port = (evtchn_port_t)port;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
}

/* The timer still works: the hypervisor did not lose the library's port. */
static void timer_still_works(void)
{
    uint64_t t0 = monotonic_ns();

    sleep_ns(5 * NSEC_PER_MSEC);
    EXPECT_TRUE(monotonic_ns() - t0 >= 5 * NSEC_PER_MSEC);
}

static const struct test tests[] = {
    /* alloc_unbound gives every free port 1..4095 once, then -ENOSPC. */
    TEST(fill_port_space),
    /* Every allocated port closes with 0. */
    TEST(close_all),
    /* After closing, alloc_unbound succeeds again. */
    TEST(reusable_after_close),
    /* VIRQ_TIMER delivery survived the exhaustion. */
    TEST(timer_still_works),
};

int main(void)
{
    return run_tests("evtchn/exhaust", tests, ARRAY_SIZE(tests));
}
