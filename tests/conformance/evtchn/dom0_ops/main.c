/*
 * Event channels as the hardware domain (this kernel is dom0; peers: d1
 * blocks for ever, d2 powers off after 100 ms): binding pirqs, the
 * global VIRQs (dom0 is their handler), allocating a port in another
 * domain and connecting to it, reading other domains' ports, reset of a
 * running domain refused; and, when d2 shuts down, VIRQ_DOM_EXC arrives
 * and every port of d2 is closed.
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define IDLE 1
#define QUITTER 2

static long op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long status_of(domid_t dom, uint32_t port, struct evtchn_status *st)
{
    st->dom = dom;
    st->port = port;
    return op(EVTCHNOP_status, st);
}

static long pirq_bind(uint32_t pirq, uint32_t *port)
{
    struct evtchn_bind_pirq bp = { .pirq = pirq, .flags = BIND_PIRQ__WILL_SHARE };
    long rc = op(EVTCHNOP_bind_pirq, &bp);

    if (port)
        *port = rc ? 0 : bp.port;
    return rc;
}

static long close_port(uint32_t port)
{
    return op(EVTCHNOP_close, &port);
}

static void dom_exc(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_DOM_EXC, .vcpu = 0 };
    struct evtchn_status st;
    uint64_t end;
    evtchn_port_t port;

    if (!EXPECT_EQ(op(EVTCHNOP_bind_virq, &bv), 0))
        return;
    port = bv.port;
    mask_evtchn(port);
    EXPECT_EQ(op(EVTCHNOP_bind_virq, &bv), -XEN_EEXIST);
    end = monotonic_ns() + 2000 * NSEC_PER_MSEC;
    while (!evtchn_is_pending(port) && monotonic_ns() < end)
        evtchn_poll(&port, 1, end);
    EXPECT_TRUE(evtchn_test_and_clear(port));
    EXPECT_EQ(domain_shutdown_code(QUITTER), SHUTDOWN_poweroff);
    /* d2 is finished: all its ports are closed (its VIRQ_TIMER was one). */
    for (uint32_t p = 1; p < 64; p++)
        if (status_of(QUITTER, p, &st) == 0 && !EXPECT_EQ(st.status, EVTCHNSTAT_closed))
            break;
    EXPECT_EQ(close_port(port), 0);
}

static void pirqs(void)
{
    struct evtchn_status st;
    struct evtchn_bind_vcpu bv;
    uint32_t port, again;

    EXPECT_EQ(pirq_bind(0, NULL), -XEN_EPERM);
    EXPECT_EQ(pirq_bind(128, NULL), -XEN_EINVAL);
    if (!EXPECT_EQ(pirq_bind(5, &port), 0))
        return;
    EXPECT_EQ(pirq_bind(5, NULL), -XEN_EEXIST);
    EXPECT_EQ(status_of(DOMID_SELF, port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_pirq);
    EXPECT_EQ(st.u.pirq, 5);
    EXPECT_EQ(op(EVTCHNOP_send, &port), -XEN_EINVAL);
    bv.port = port;
    bv.vcpu = 0;
    EXPECT_EQ(op(EVTCHNOP_bind_vcpu, &bv), 0);
    bv.vcpu = 1;
    EXPECT_EQ(op(EVTCHNOP_bind_vcpu, &bv), -XEN_ENOENT);
    EXPECT_EQ(close_port(port), 0);
    EXPECT_EQ(pirq_bind(5, &again), 0);
    EXPECT_EQ(close_port(again), 0);
    /* 127 is in range but not a source dom0 was given. */
    EXPECT_EQ(pirq_bind(127, &again), -XEN_EPERM);
}

static void global_virqs(void)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };

    if (EXPECT_EQ(op(EVTCHNOP_bind_virq, &bv), 0))
        EXPECT_EQ(close_port(bv.port), 0);
    bv.virq = VIRQ_ENOMEM;
    if (EXPECT_EQ(op(EVTCHNOP_bind_virq, &bv), 0))
        EXPECT_EQ(close_port(bv.port), 0);
    bv.vcpu = 1;
    EXPECT_EQ(op(EVTCHNOP_bind_virq, &bv), -XEN_EINVAL);
}

/* Allocate in d1 for dom0, connect to it, close: d1's end is unbound again. */
static void port_in_another_domain(void)
{
    struct evtchn_alloc_unbound au = { .dom = IDLE, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = IDLE };
    struct evtchn_status st;

    if (!EXPECT_EQ(op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    EXPECT_EQ(status_of(IDLE, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 0);          /* SELF named the caller */
    bi.remote_port = au.port;
    if (!EXPECT_EQ(op(EVTCHNOP_bind_interdomain, &bi), 0))
        return;
    mask_evtchn(bi.local_port);
    EXPECT_EQ(status_of(IDLE, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(st.u.interdomain.dom, 0);
    EXPECT_EQ(st.u.interdomain.port, bi.local_port);
    EXPECT_EQ(op(EVTCHNOP_send, &bi.local_port), 0);
    EXPECT_EQ(close_port(bi.local_port), 0);
    EXPECT_EQ(status_of(IDLE, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 0);
    au.dom = 0x7000;
    EXPECT_EQ(op(EVTCHNOP_alloc_unbound, &au), -XEN_ESRCH);
}

static void other_domains(void)
{
    struct evtchn_reset r = { .dom = IDLE };
    struct evtchn_status st;
    unsigned int virqs = 0;

    for (uint32_t p = 1; p < 64; p++)
        virqs += status_of(IDLE, p, &st) == 0 && st.status == EVTCHNSTAT_virq &&
                 st.u.virq == VIRQ_TIMER;
    EXPECT_EQ(virqs, 1);                     /* the peer library's timer */
    EXPECT_EQ(status_of(IDLE, 5000, &st), -XEN_EINVAL);
    EXPECT_EQ(status_of(7, 1, &st), -XEN_ESRCH);
    EXPECT_EQ(op(EVTCHNOP_reset, &r), -XEN_EINVAL);   /* d1 runs: not paused */
    r.dom = 7;
    EXPECT_EQ(op(EVTCHNOP_reset, &r), -XEN_ESRCH);
}

static const struct test tests[] = {
    /* VIRQ_DOM_EXC: bound (then -EEXIST), raised when d2 powers off; d2's ports closed. */
    TEST(dom_exc),
    /* bind_pirq: 0 -EPERM, 128 -EINVAL, 5 (a virtio slot's) ok then -EEXIST, status
     * pirq, send -EINVAL, bind_vcpu; 127 (no device of dom0's) -EPERM. */
    TEST(pirqs),
    /* Global VIRQs are dom0's: CONSOLE and ENOMEM bind; vcpu 1 -EINVAL. */
    TEST(global_virqs),
    /* alloc_unbound in d1 for dom0, bind to it, both views, close: unbound again. */
    TEST(port_in_another_domain),
    /* status of d1's ports; bad port -EINVAL; absent -ESRCH; reset of running d1 -EINVAL. */
    TEST(other_domains),
};

int main(void)
{
    return run_tests("evtchn/dom0_ops", tests, ARRAY_SIZE(tests));
}
