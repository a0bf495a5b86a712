/*
 * Interdomain event channels between this domain (d1) and a peer (d2)
 * that connects to the port offered to it and answers every event
 * (peer/main.c: evtchn_connect=1+evtchn_echo=0).  The handshake is
 * lib/peer_link.h's: d1 offers, d2 scans and connects.  Then: round
 * trips, both views of the channel, close leaving the remote end unbound
 * and connecting to it again, loopback channels, and the guest library's
 * bind-with-handler path.
 */
#include "../../lib/peer_link.h"
#include "../../lib/test.h"

#define PEER 2
#define QUITTER 3

static long link = -1;           /* our end of the link with the peer */
static evtchn_port_t peer_port;  /* the peer's end */

static long status(evtchn_port_t port, struct evtchn_status *st)
{
    st->dom = DOMID_SELF;
    st->port = port;
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

static long close_port(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

static bool have_link(void)
{
    if (link > 0)
        return true;
    xtf_error("no link with the peer");
    return false;
}

static void offer_and_connect(void)
{
    struct evtchn_status st;

    link = link_offer(PEER);
    if (!EXPECT_TRUE(link > 0))
        return;
    EXPECT_EQ(status((evtchn_port_t)link, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, PEER);
    if (!EXPECT_TRUE(link_wait((evtchn_port_t)link, LINK_TIMEOUT_NS))) {
        link = -1;
        return;
    }
    EXPECT_EQ(status((evtchn_port_t)link, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(st.u.interdomain.dom, PEER);
    EXPECT_TRUE(st.u.interdomain.port > 0 && st.u.interdomain.port < LINK_SCAN_PORTS);
    EXPECT_EQ(st.vcpu, 0);
    peer_port = st.u.interdomain.port;
}

static void round_trips(void)
{
    unsigned int answered = 0;

    if (!have_link())
        return;
    for (unsigned int i = 0; i < 50; i++)
        answered += link_ping((evtchn_port_t)link, LINK_TIMEOUT_NS);
    EXPECT_EQ(answered, 50);
}

static void peer_end_is_private(void)
{
    struct evtchn_status st = { .dom = PEER, .port = peer_port };

    if (!have_link())
        return;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -XEN_EPERM);
}

/* Close our end: the peer's goes back to unbound for us, and we rebind. */
static void close_and_reconnect(void)
{
    struct evtchn_bind_interdomain bi = { .remote_dom = PEER };
    struct evtchn_status st;
    unsigned long flags;
    long rc;

    if (!have_link())
        return;
    EXPECT_EQ(close_port((evtchn_port_t)link), 0);
    EXPECT_EQ(status((evtchn_port_t)link, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    EXPECT_EQ(close_port((evtchn_port_t)link), -XEN_EINVAL);
    bi.remote_port = peer_port;
    flags = local_irq_save();
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
    if (rc == 0) {
        /* Xen sets the new port pending, in case the peer signalled. */
        EXPECT_TRUE(evtchn_is_pending(bi.local_port));
        mask_evtchn(bi.local_port);
        clear_evtchn(bi.local_port);
    }
    local_irq_restore(flags);
    if (!EXPECT_EQ(rc, 0)) {
        link = -1;
        return;
    }
    link = bi.local_port;
    EXPECT_EQ(status((evtchn_port_t)link, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(st.u.interdomain.port, peer_port);
    EXPECT_TRUE(link_ping((evtchn_port_t)link, LINK_TIMEOUT_NS));
    /* The peer's port is taken again: a second bind is refused. */
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), -XEN_EINVAL);
}

static void loopback(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_status st;
    unsigned long flags;

    if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    bi.remote_port = au.port;
    flags = local_irq_save();
    mask_evtchn(au.port);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi), 0);
    mask_evtchn(bi.local_port);
    clear_evtchn(bi.local_port);
    local_irq_restore(flags);
    EXPECT_EQ(status(au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    EXPECT_EQ(st.u.interdomain.dom, 1);
    EXPECT_EQ(st.u.interdomain.port, bi.local_port);
    EXPECT_EQ(notify_remote_via_evtchn(au.port), 0);
    EXPECT_TRUE(evtchn_test_and_clear(bi.local_port));
    EXPECT_TRUE(!evtchn_is_pending(au.port));
    EXPECT_EQ(notify_remote_via_evtchn(bi.local_port), 0);
    EXPECT_TRUE(evtchn_test_and_clear(au.port));
    EXPECT_EQ(close_port(bi.local_port), 0);
    EXPECT_EQ(status(au.port, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, 1);
    EXPECT_EQ(notify_remote_via_evtchn(au.port), 0);         /* dropped */
    EXPECT_TRUE(!evtchn_is_pending(au.port));
    EXPECT_EQ(close_port(au.port), 0);
}

static volatile unsigned int hits[2];

static void on_event(evtchn_port_t port, void *data)
{
    hits[(uintptr_t)data]++;
}

/* The library's bindings: alloc_evtchn + bind_interdomain with handlers. */
static void library_bindings(void)
{
    long a = alloc_evtchn(DOMID_SELF, on_event, (void *)0), b;
    domid_t dom;
    evtchn_port_t rport;

    if (!EXPECT_TRUE(a > 0))
        return;
    b = bind_interdomain(DOMID_SELF, (evtchn_port_t)a, on_event, (void *)1);
    if (!EXPECT_TRUE(b > 0))
        return;
    /* b was pending from the bind: its handler ran once unmasked. */
    EXPECT_EQ(hits[1], 1);
    EXPECT_EQ(evtchn_remote_end((evtchn_port_t)b, &dom, &rport), 0);
    EXPECT_EQ(dom, 1);
    EXPECT_EQ(rport, a);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)a), 0);
    EXPECT_EQ(hits[1], 2);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)b), 0);
    EXPECT_EQ(hits[0], 1);
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)a), 0);
    EXPECT_EQ(evtchn_remote_end((evtchn_port_t)b, &dom, &rport), -XEN_EINVAL);
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)b), 0);
    EXPECT_EQ(unbind_evtchn((evtchn_port_t)b), -XEN_EINVAL);
}

static void unbound_for_peer_drops(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = PEER };

    if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au), 0))
        return;
    mask_evtchn(au.port);
    EXPECT_EQ(notify_remote_via_evtchn(au.port), 0);
    EXPECT_TRUE(!evtchn_is_pending(au.port));
    EXPECT_EQ(close_port(au.port), 0);
    EXPECT_TRUE(!have_link() || link_ping((evtchn_port_t)link, LINK_TIMEOUT_NS));
}

/* d3 connects, then powers off: its ports are closed, ours goes unbound. */
static void peer_death_unbinds(void)
{
    long port = link_offer(QUITTER);
    struct evtchn_status st = { .status = EVTCHNSTAT_interdomain };
    uint64_t end;

    if (!EXPECT_TRUE(port > 0) ||
        !EXPECT_TRUE(link_wait((evtchn_port_t)port, LINK_TIMEOUT_NS)))
        return;
    end = monotonic_ns() + 2 * LINK_TIMEOUT_NS;
    while (EXPECT_EQ(status((evtchn_port_t)port, &st), 0) &&
           st.status == EVTCHNSTAT_interdomain && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    EXPECT_EQ(st.status, EVTCHNSTAT_unbound);
    EXPECT_EQ(st.u.unbound.dom, QUITTER);
    EXPECT_EQ(notify_remote_via_evtchn((evtchn_port_t)port), 0);   /* dropped */
    EXPECT_EQ(close_port((evtchn_port_t)port), 0);
    EXPECT_TRUE(!have_link() || link_ping((evtchn_port_t)link, LINK_TIMEOUT_NS));
}

static const struct test tests[] = {
    /* alloc_unbound for d2: unbound; d2 connects: interdomain, naming d2's port. */
    TEST(offer_and_connect),
    /* 50 round trips with the peer, each answered. */
    TEST(round_trips),
    /* status of the peer's port from a domU: -EPERM. */
    TEST(peer_end_is_private),
    /* close: ours closed, peer's unbound for us; bind again: pending, works. */
    TEST(close_and_reconnect),
    /* A loopback pair: each side's send raises the other; close leaves unbound. */
    TEST(loopback),
    /* Guest library: alloc_evtchn + bind_interdomain with handlers, unbind. */
    TEST(library_bindings),
    /* send on a port offered to the peer but not connected: 0, dropped. */
    TEST(unbound_for_peer_drops),
    /* d3 connects then powers off: our end is unbound for d3, send dropped. */
    TEST(peer_death_unbinds),
};

int main(void)
{
    return run_tests("evtchn/interdomain", tests, ARRAY_SIZE(tests));
}
