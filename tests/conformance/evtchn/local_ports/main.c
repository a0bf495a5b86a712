/*
 * Event channels within one domain: IPIs, bind_vcpu, status of every
 * state a domU can make, bind_pirq refused to a domU, mask and unmask
 * through the guest library with a handler, and EVTCHNOP_reset of the
 * domain itself (last: it also closes the library's VIRQ_TIMER port, so
 * nothing may sleep after it).
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

static volatile unsigned int hits;

static void on_event(evtchn_port_t port, void *data)
{
    hits++;
}

static long op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long status(evtchn_port_t port, struct evtchn_status *st)
{
    st->dom = DOMID_SELF;
    st->port = port;
    return op(EVTCHNOP_status, st);
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu bv = { .port = port, .vcpu = vcpu };

    return op(EVTCHNOP_bind_vcpu, &bv);
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close cl = { .port = port };

    return op(EVTCHNOP_close, &cl);
}

static void ipi(void)
{
    struct evtchn_bind_ipi bi = { .vcpu = 1 };
    struct evtchn_status st;
    long port;

    EXPECT_EQ(op(EVTCHNOP_bind_ipi, &bi), -XEN_ENOENT);
    bi.vcpu = ~0u;
    EXPECT_EQ(op(EVTCHNOP_bind_ipi, &bi), -XEN_ENOENT);
    hits = 0;
    port = bind_ipi(0, on_event, NULL);
    if (!EXPECT_TRUE(port > 0))
        return;
    EXPECT_EQ(status((evtchn_port_t)port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_ipi);
    EXPECT_EQ(st.vcpu, 0);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), 0);
    EXPECT_EQ(hits, 1);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), 0);
    EXPECT_EQ(hits, 2);
    EXPECT_EQ(bind_vcpu((evtchn_port_t)port, 0), -XEN_EINVAL);    /* IPIs stay */
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)port), 0);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), -XEN_EINVAL);
}

static void masking(void)
{
    long port = bind_ipi(0, on_event, NULL);

    if (!EXPECT_TRUE(port > 0))
        return;
    hits = 0;
    mask_evtchn((evtchn_port_t)port);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), 0);
    EXPECT_EQ(hits, 0);
    EXPECT_TRUE(evtchn_is_pending((evtchn_port_t)port));
    unmask_evtchn((evtchn_port_t)port);          /* pending: EVTCHNOP_unmask */
    EXPECT_EQ(hits, 1);
    EXPECT_TRUE(!evtchn_is_pending((evtchn_port_t)port));
    /* EVTCHNOP_unmask itself, on a masked pending port, raises the upcall. */
    mask_evtchn((evtchn_port_t)port);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), 0);
    {
        struct evtchn_unmask um = { .port = (evtchn_port_t)port };

        EXPECT_EQ(op(EVTCHNOP_unmask, &um), 0);
    }
    EXPECT_EQ(hits, 2);
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)port), 0);
}

static void bind_vcpu_rules(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
    long timer = find_virq_port(VIRQ_TIMER);
    struct evtchn_status st;

    if (!EXPECT_EQ(op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    EXPECT_EQ(bind_vcpu(au.port, 0), 0);
    EXPECT_EQ(status(au.port, &st), 0);
    EXPECT_EQ(st.vcpu, 0);
    EXPECT_EQ(bind_vcpu(au.port, 1), -XEN_ENOENT);
    EXPECT_EQ(bind_vcpu(au.port, ~0u), -XEN_ENOENT);
    EXPECT_EQ(bind_vcpu(5000, 1), -XEN_ENOENT);                  /* VCPU first */
    EXPECT_EQ(bind_vcpu(5000, 0), -XEN_EINVAL);
    if (EXPECT_TRUE(timer > 0))
        EXPECT_EQ(bind_vcpu((evtchn_port_t)timer, 0), -XEN_EINVAL); /* per-VCPU VIRQ */
    EXPECT_EQ(close_port(au.port), 0);
    EXPECT_EQ(bind_vcpu(au.port, 0), -XEN_EINVAL);                /* closed */
}

static void status_states(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
    struct evtchn_status st;
    long timer = find_virq_port(VIRQ_TIMER);

    EXPECT_EQ(status(0, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);                   /* reserved */
    EXPECT_EQ(status(63, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);                   /* free */
    if (EXPECT_TRUE(timer > 0)) {
        EXPECT_EQ(status((evtchn_port_t)timer, &st), 0);
        EXPECT_EQ(st.status, EVTCHNSTAT_virq);
        EXPECT_EQ(st.u.virq, VIRQ_TIMER);
    }
    if (!EXPECT_EQ(op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    EXPECT_EQ(status(au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 0);
    EXPECT_EQ(close_port(au.port), 0);
    /* Other domains' ports: -EPERM; an absent domain: -ESRCH. */
    st.dom = 0;
    st.port = 1;
    EXPECT_EQ(op(EVTCHNOP_status, &st), -XEN_EPERM);
    st.dom = 0x7000;
    EXPECT_EQ(op(EVTCHNOP_status, &st), -XEN_ESRCH);
}

static void pirq_refused(void)
{
    struct evtchn_bind_pirq bp = { .pirq = 1 };

    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EPERM);
    bp.pirq = 127;
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EPERM);
    bp.pirq = 128;
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EINVAL);
    bp.pirq = ~0u;
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EINVAL);
}

static void reset_self(void)
{
    struct evtchn_reset r = { .dom = 0 };
    struct evtchn_status st;
    long a = bind_ipi(0, on_event, NULL), b = alloc_evtchn(0, NULL, NULL);
    unsigned int open = 0;

    EXPECT_EQ(op(EVTCHNOP_reset, &r), -XEN_EPERM);
    r.dom = 0x7000;
    EXPECT_EQ(op(EVTCHNOP_reset, &r), -XEN_ESRCH);
    if (!EXPECT_TRUE(a > 0 && b > 0))
        return;
    r.dom = DOMID_SELF;
    EXPECT_EQ(op(EVTCHNOP_reset, &r), 0);
    for (evtchn_port_t p = 1; p < 64; p++)
        open += status(p, &st) == 0 && st.status != EVTCHNSTAT_closed;
    EXPECT_EQ(open, 0);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)a), -XEN_EINVAL);
    /* The table is usable again. */
    b = alloc_evtchn(0, NULL, NULL);
    EXPECT_TRUE(b > 0);
}

static const struct test tests[] = {
    /* bind_ipi: vcpu 1 / ~0 -ENOENT; vcpu 0: status ipi, each send runs the handler. */
    TEST(ipi),
    /* Masked: pending, no upcall; library unmask and EVTCHNOP_unmask deliver it. */
    TEST(masking),
    /* bind_vcpu: unbound ok on vcpu 0; bad vcpu -ENOENT first; per-VCPU VIRQ, closed -EINVAL. */
    TEST(bind_vcpu_rules),
    /* status: reserved and free closed, virq, unbound; foreign -EPERM, absent -ESRCH. */
    TEST(status_states),
    /* bind_pirq from a domU: -EPERM, past 127 -EINVAL. */
    TEST(pirq_refused),
    /* reset of dom0 -EPERM, absent -ESRCH; of itself: every port closed, table reusable. */
    TEST(reset_self),
};

int main(void)
{
    return run_tests("evtchn/local_ports", tests, ARRAY_SIZE(tests));
}
