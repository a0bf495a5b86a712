/*
 * Event channels from a domU: binding VIRQs and its errors, port status,
 * closing, and unbound ports (including XTF's way of learning one's own
 * domid: alloc_unbound to DOMID_SELF, then status names the domain).
 */
#include "../../lib/test.h"

static long bind(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (port)
        *port = op.port;
    return rc;
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    *st = (struct evtchn_status){ .dom = dom, .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static long send(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

static void bind_errors(void)
{
    EXPECT_EQ(bind(VIRQ_TIMER, 0, NULL), -XEN_EEXIST);      /* the library has it */
    EXPECT_EQ(bind(NR_VIRQS, 0, NULL), -XEN_EINVAL);
    EXPECT_EQ(bind(1000, 0, NULL), -XEN_EINVAL);
    EXPECT_EQ(bind(~0u, 0, NULL), -XEN_EINVAL);
    EXPECT_EQ(bind(VIRQ_DOM_EXC, 1, NULL), -XEN_EINVAL);    /* global, vcpu != 0 */
    EXPECT_EQ(bind(VIRQ_CONSOLE, 3, NULL), -XEN_EINVAL);
    EXPECT_EQ(bind(VIRQ_DEBUG, 1, NULL), -XEN_ENOENT);      /* one VCPU only */
    EXPECT_EQ(bind(VIRQ_TIMER, 1000, NULL), -XEN_ENOENT);
}

static void virq_port_lifecycle(void)
{
    struct evtchn_status st;
    evtchn_port_t port = 0, again = 0;

    if (!EXPECT_EQ(bind(VIRQ_DEBUG, 0, &port), 0) || !EXPECT_TRUE(port > 0))
        return;
    EXPECT_EQ(status(DOMID_SELF, port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_virq);
    EXPECT_EQ(st.u.virq, VIRQ_DEBUG);
    EXPECT_EQ(st.vcpu, 0);
    EXPECT_EQ(bind(VIRQ_DEBUG, 0, NULL), -XEN_EEXIST);
    EXPECT_EQ(send(port), -XEN_EINVAL);                     /* cannot send on a virq */
    EXPECT_EQ(close_port(port), 0);
    EXPECT_EQ(status(DOMID_SELF, port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    EXPECT_EQ(close_port(port), -XEN_EINVAL);
    EXPECT_EQ(bind(VIRQ_DEBUG, 0, &again), 0);              /* free to bind again */
    EXPECT_EQ(close_port(again), 0);
}

static void close_errors(void)
{
    EXPECT_EQ(close_port(0), -XEN_EINVAL);
    EXPECT_EQ(close_port(1000), -XEN_EINVAL);                /* free */
    EXPECT_EQ(close_port(EVTCHN_2L_NR_CHANNELS), -XEN_EINVAL);
    EXPECT_EQ(close_port(~0u), -XEN_EINVAL);
}

/* alloc_unbound + status + close, the XTF way: status names our domid (1). */
static void unbound_names_own_domid(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_status st;

    if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    EXPECT_TRUE(au.port > 0 && au.port < EVTCHN_2L_NR_CHANNELS);
    EXPECT_EQ(status(DOMID_SELF, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 1);
    EXPECT_EQ(xen_own_domid(), 1);
    EXPECT_EQ(close_port(au.port), 0);
    EXPECT_EQ(status(DOMID_SELF, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);
}

static void unbound_to_dom0(void)
{
    struct evtchn_alloc_unbound au = { .dom = 1, .remote_dom = 0 };
    struct evtchn_status st;

    if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    EXPECT_EQ(status(DOMID_SELF, au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 0);
    /* Nobody is connected: the event is dropped, and that is success. */
    EXPECT_EQ(send(au.port), 0);
    EXPECT_EQ(close_port(au.port), 0);
}

static void foreign_domain_refused(void)
{
    struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = DOMID_SELF };
    struct evtchn_status st;

    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), -XEN_EPERM);
    EXPECT_EQ(status(0, 1, &st), -XEN_EPERM);
}

static void status_and_send_errors(void)
{
    struct evtchn_status st;

    EXPECT_EQ(status(DOMID_SELF, EVTCHN_2L_NR_CHANNELS, &st), -XEN_EINVAL);
    EXPECT_EQ(send(0), -XEN_EINVAL);
    EXPECT_EQ(send(1000), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, (void *)UNMAPPED_VA), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* bind_virq: bound -EEXIST, virq >= 24 -EINVAL, global on vcpu != 0 -EINVAL, no vcpu -ENOENT. */
    TEST(bind_errors),
    /* A VIRQ_DEBUG port: status virq/vcpu 0, send -EINVAL, close, closed, rebind. */
    TEST(virq_port_lifecycle),
    /* close of port 0, a free port, 4096 and ~0 is -EINVAL. */
    TEST(close_errors),
    /* alloc_unbound(SELF, SELF): status unbound with dom 1; close frees it. */
    TEST(unbound_names_own_domid),
    /* alloc_unbound for dom0 to connect: send on it is 0 (dropped). */
    TEST(unbound_to_dom0),
    /* alloc_unbound in, or status of, another domain is -EPERM. */
    TEST(foreign_domain_refused),
    /* status of port 4096 and send on free ports -EINVAL; unmapped args -EFAULT. */
    TEST(status_and_send_errors),
};

int main(void)
{
    return run_tests("evtchn/virq_basic", tests, ARRAY_SIZE(tests));
}
