/*
 * SCHEDOP_poll (reference/xen-abi.md 7, security.md H-EC-01, XSA-221):
 * returns at once for a pending port, at the time-out otherwise, is woken
 * by an event on a masked port it polls, and refuses bad arguments with
 * Xen's errors: nr_ports > 128 and ports >= 4096 -EINVAL, unreadable
 * arrays -EFAULT.  Polling every port 0..4095 with a 1 ns time-out is
 * harmless.  Times are virtual (the runner's -icount).
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC

static long poll(const evtchn_port_t *ports, unsigned int n, uint64_t timeout)
{
    struct sched_poll p = { .nr_ports = n, .timeout = timeout };

    set_xen_guest_handle(p.ports, ports);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/* A masked IPI port of this domain, pending if asked. */
static long masked_ipi(bool pending)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };

    if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bi), 0))
        return -1;
    mask_evtchn(bi.port);
    if (pending)
        EXPECT_EQ(notify_remote_via_evtchn(bi.port), 0);
    return bi.port;
}

static void pending_returns_at_once(void)
{
    long port = masked_ipi(true);
    evtchn_port_t ports[3] = { 60, 61, 0 };
    uint64_t t0;

    if (port < 0)
        return;
    ports[2] = (evtchn_port_t)port;
    t0 = monotonic_ns();
    EXPECT_EQ(poll(ports + 2, 1, 0), 0);        /* no time-out: would hang */
    EXPECT_EQ(poll(ports, 3, 0), 0);
    EXPECT_TRUE(monotonic_ns() - t0 < MS);
    EXPECT_TRUE(evtchn_is_pending((evtchn_port_t)port));   /* poll does not consume */
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)port), 0);
}

static void times_out(void)
{
    evtchn_port_t ports[2] = { 60, 62 };
    uint64_t t0 = monotonic_ns(), t1;

    EXPECT_EQ(poll(ports, 2, t0 + 5 * MS), 0);
    t1 = monotonic_ns();
    EXPECT_RANGE(t1 - t0, 5 * MS, 50 * MS);
    /* nr_ports 0 waits for the time-out too. */
    EXPECT_EQ(poll(NULL, 0, t1 + 2 * MS), 0);
    EXPECT_RANGE(monotonic_ns() - t1, 2 * MS, 50 * MS);
    /* A time-out in the past ends it at once. */
    t0 = monotonic_ns();
    EXPECT_EQ(poll(ports, 2, 1), 0);
    EXPECT_TRUE(monotonic_ns() - t0 < 5 * MS);
}

/* The one-shot timer raises VIRQ_TIMER on its masked port: the poll ends. */
static void woken_by_masked_port(void)
{
    long timer = find_virq_port(VIRQ_TIMER);
    evtchn_port_t port;
    uint64_t t0;
    bool seen;

    if (!have_timer_port(timer))
        return;
    port = (evtchn_port_t)timer;
    mask_evtchn(port);
    clear_evtchn(port);
    t0 = monotonic_ns();
    EXPECT_EQ(HYPERVISOR_set_timer_op(t0 + 3 * MS), 0);
    while (!evtchn_is_pending(port) && monotonic_ns() - t0 < 100 * MS)
        EXPECT_EQ(poll(&port, 1, t0 + 100 * MS), 0);
    seen = evtchn_is_pending(port);
    EXPECT_TRUE(seen);
    EXPECT_RANGE(monotonic_ns() - t0, 3 * MS, 50 * MS);
    unmask_evtchn(port);
}

static void bad_counts(void)
{
    evtchn_port_t ports[1] = { 60 };

    EXPECT_EQ(poll(ports, 129, 1), -XEN_EINVAL);
    EXPECT_EQ(poll(ports, 1u << 31, 1), -XEN_EINVAL);
    EXPECT_EQ(poll(ports, ~0u, 1), -XEN_EINVAL);
    EXPECT_EQ(poll(NULL, 129, 1), -XEN_EINVAL);           /* count before pointer */
}

static void bad_pointers(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_poll, (void *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(poll(NULL, 1, 1), -XEN_EFAULT);
    EXPECT_EQ(poll((void *)UNMAPPED_VA, 128, 1), -XEN_EFAULT);
    EXPECT_EQ(poll((void *)NONCANONICAL_VA, 2, 1), -XEN_EFAULT);
}

static void bad_ports(void)
{
    long pending = masked_ipi(true);
    evtchn_port_t ports[2];

    ports[0] = EVTCHN_2L_NR_CHANNELS;
    EXPECT_EQ(poll(ports, 1, 1), -XEN_EINVAL);
    ports[0] = ~0u;
    EXPECT_EQ(poll(ports, 1, 1), -XEN_EINVAL);
    ports[0] = 1u << 31;
    EXPECT_EQ(poll(ports, 1, 1), -XEN_EINVAL);
    ports[0] = EVTCHN_2L_NR_CHANNELS - 1;        /* in range, never allocated */
    EXPECT_EQ(poll(ports, 1, monotonic_ns() + MS), 0);
    if (pending < 0)
        return;
    /* Checked in order: a pending port before the bad one wins. */
    ports[0] = (evtchn_port_t)pending;
    ports[1] = 5000;
    EXPECT_EQ(poll(ports, 2, 1), 0);
    ports[0] = 5000;
    ports[1] = (evtchn_port_t)pending;
    EXPECT_EQ(poll(ports, 2, 1), -XEN_EINVAL);
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)pending), 0);
}

/* XSA-221: every port, 128 at a time, with a 1 ns time-out. */
static void every_port(void)
{
    static evtchn_port_t ports[128];
    unsigned int bad = 0;

    for (unsigned int base = 0; base < EVTCHN_2L_NR_CHANNELS; base += 128) {
        for (unsigned int i = 0; i < 128; i++)
            ports[i] = base + i;
        bad += poll(ports, 128, monotonic_ns() + 1) != 0;
    }
    EXPECT_EQ(bad, 0);
    for (unsigned int p = 0; p < EVTCHN_2L_NR_CHANNELS; p += 97)
        bad += poll((evtchn_port_t[]){ p }, 1, monotonic_ns() + 1) != 0;
    EXPECT_EQ(bad, 0);
    /* Still alive and on time. */
    uint64_t t0 = monotonic_ns();

    sleep_ns(2 * MS);
    EXPECT_TRUE(monotonic_ns() - t0 >= 2 * MS);
}

static const struct test tests[] = {
    /* A pending (masked) listed port: poll returns 0 at once, pending kept. */
    TEST(pending_returns_at_once),
    /* Nothing pending: returns 0 at the time-out (5 ms, 2 ms with no ports); past: at once. */
    TEST(times_out),
    /* VIRQ_TIMER on its masked port ends the poll when the timer fires (3 ms). */
    TEST(woken_by_masked_port),
    /* nr_ports 129, 2^31, ~0: -EINVAL, before the array is read. */
    TEST(bad_counts),
    /* Unreadable sched_poll or ports array: -EFAULT. */
    TEST(bad_pointers),
    /* Port 4096, 2^31, ~0: -EINVAL; 4095 fine; a pending port listed first wins. */
    TEST(bad_ports),
    /* Every port 0..4095 polled with a 1 ns time-out: 0 each; the domain lives on. */
    TEST(every_port),
};

int main(void)
{
    return run_tests("evtchn/poll", tests, ARRAY_SIZE(tests));
}
