/*
 * Hostile event-channel calls from a domU (reference/security.md 2.C and
 * H-EC-02..09): each case asserts Xen's exact error and that nothing was
 * harmed, the latter by a round trip with the peer d2 after every case
 * (health()).  The peer (peer/main.c) first allocates two decoy ports,
 * unbound for d0 and for d1, then connects to the link d1 offers and
 * answers every event on it.
 */
#include "../../lib/evtchn.h"
#include "../../lib/peer_link.h"
#include "../../lib/test.h"

#define PEER 2
#define NR_PORTS EVTCHN_2L_NR_CHANNELS

static long link = -1;
static evtchn_port_t peer_port;
static const uint32_t beyond[] = { NR_PORTS, NR_PORTS + 1, 1u << 31, ~0u, NR_PORTS - 1 };

static long op(int cmd, void *arg)
{
    return HYPERVISOR_event_channel_op(cmd, arg);
}

static long port_op(int cmd, uint32_t port)
{
    return op(cmd, &port);
}

static long status_of(domid_t dom, uint32_t port, struct evtchn_status *st)
{
    st->dom = dom;
    st->port = port;
    return op(EVTCHNOP_status, st);
}

static uint32_t state(uint32_t port)
{
    struct evtchn_status st;

    return status_of(DOMID_SELF, port, &st) ? ~0u : st.status;
}

static long hv_bind_interdomain(domid_t dom, uint32_t rport, uint32_t *local)
{
    struct evtchn_bind_interdomain bi = { .remote_dom = dom, .remote_port = rport };
    long rc = op(EVTCHNOP_bind_interdomain, &bi);

    if (local)
        *local = rc ? 0 : bi.local_port;
    return rc;
}

static long alloc_for(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound au = { .dom = dom, .remote_dom = remote };
    long rc = op(EVTCHNOP_alloc_unbound, &au);

    return rc ? rc : (long)au.port;
}

static long hv_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq bv = { .virq = virq, .vcpu = vcpu };

    return op(EVTCHNOP_bind_virq, &bv);
}

static long bind_vcpu(uint32_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu bv = { .port = port, .vcpu = vcpu };

    return op(EVTCHNOP_bind_vcpu, &bv);
}

static long reset(domid_t dom)
{
    struct evtchn_reset r = { .dom = dom };

    return op(EVTCHNOP_reset, &r);
}

/* The peer still runs and answers on the link. */
static void health(void)
{
    if (link <= 0)
        xtf_error("no link with the peer");
    else
        EXPECT_TRUE(link_ping((evtchn_port_t)link, LINK_TIMEOUT_NS));
}

static void connect(void)
{
    struct evtchn_status st;

    link = link_offer(PEER);
    if (!EXPECT_TRUE(link > 0) || !EXPECT_TRUE(link_wait((evtchn_port_t)link, LINK_TIMEOUT_NS))) {
        link = -1;
        return;
    }
    EXPECT_EQ(status_of(DOMID_SELF, (uint32_t)link, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_interdomain);
    peer_port = st.u.interdomain.port;
    health();
}

static void ops_past_the_limit(void)
{
    struct evtchn_status st;

    for (unsigned int i = 0; i < ARRAY_SIZE(beyond); i++) {
        EXPECT_EQ(status_of(DOMID_SELF, beyond[i], &st), -XEN_EINVAL);
        EXPECT_EQ(port_op(EVTCHNOP_close, beyond[i]), -XEN_EINVAL);
        EXPECT_EQ(port_op(EVTCHNOP_send, beyond[i]), -XEN_EINVAL);
        EXPECT_EQ(port_op(EVTCHNOP_unmask, beyond[i]), -XEN_EINVAL);
        EXPECT_EQ(bind_vcpu(beyond[i], 0), -XEN_EINVAL);
        EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, beyond[i], NULL), -XEN_EINVAL);
        EXPECT_EQ(hv_bind_interdomain(PEER, beyond[i], NULL), -XEN_EINVAL);
    }
    health();
}

/* status of every port value up to twice the limit: none past it answers. */
static void every_port_value(void)
{
    struct evtchn_status st;
    unsigned int answered_past = 0, answered = 0;

    for (uint32_t p = 0; p < 2 * NR_PORTS; p++) {
        long rc = status_of(DOMID_SELF, p, &st);

        if (rc != 0 && rc != -XEN_EINVAL)
            xtf_failure("status(%u) = %ld", p, rc);
        answered += rc == 0;
        answered_past += rc == 0 && p >= NR_PORTS;
    }
    EXPECT_EQ(answered_past, 0);
    EXPECT_TRUE(answered >= 64);        /* the first block is always there */
    health();
}

static void close_twice(void)
{
    long p = alloc_for(DOMID_SELF, 0);

    if (!EXPECT_TRUE(p > 0))
        return;
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)p), 0);
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)p), -XEN_EINVAL);
    EXPECT_EQ(port_op(EVTCHNOP_close, 0), -XEN_EINVAL);
    EXPECT_EQ(port_op(EVTCHNOP_send, 0), -XEN_EINVAL);
    health();
}

static void close_while_pending(void)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };

    if (!EXPECT_EQ(op(EVTCHNOP_bind_ipi, &bi), 0))
        return;
    mask_evtchn(bi.port);
    EXPECT_EQ(port_op(EVTCHNOP_send, bi.port), 0);
    EXPECT_TRUE(evtchn_is_pending(bi.port));
    EXPECT_EQ(port_op(EVTCHNOP_close, bi.port), 0);
    EXPECT_TRUE(!evtchn_is_pending(bi.port));       /* the hypervisor cleared it */
    EXPECT_EQ(state(bi.port), EVTCHNSTAT_closed);
    EXPECT_EQ(port_op(EVTCHNOP_send, bi.port), -XEN_EINVAL);
    health();
}

static void send_to_closed_or_foreign(void)
{
    long p = alloc_for(DOMID_SELF, PEER);

    if (!EXPECT_TRUE(p > 0))
        return;
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)p), 0);
    EXPECT_EQ(port_op(EVTCHNOP_send, (uint32_t)p), -XEN_EINVAL);
    /* The peer's port number means nothing here unless we have it too. */
    if (state(peer_port) == EVTCHNSTAT_closed)
        EXPECT_EQ(port_op(EVTCHNOP_send, peer_port), -XEN_EINVAL);
    EXPECT_EQ(port_op(EVTCHNOP_send, 60), -XEN_EINVAL);
    health();
}

/* Of the peer's ports only the decoy offered to d1 can be bound. */
static void bind_not_offered(void)
{
    unsigned int won = 0;
    uint32_t local = 0, which = 0;
    struct evtchn_status st;

    for (uint32_t p = 0; p < LINK_SCAN_PORTS; p++) {
        uint32_t l;
        long rc = hv_bind_interdomain(PEER, p, &l);

        if (rc == 0) {
            won++;
            local = l;
            which = p;
        } else {
            EXPECT_EQ(rc, -XEN_EINVAL);
        }
    }
    if (!EXPECT_EQ(won, 1))
        return;
    EXPECT_NE(which, peer_port);
    EXPECT_EQ(status_of(DOMID_SELF, local, &st), 0);
    EXPECT_EQ(st.u.interdomain.dom, PEER);
    EXPECT_EQ(st.u.interdomain.port, which);
    EXPECT_EQ(hv_bind_interdomain(PEER, which, NULL), -XEN_EINVAL);     /* taken now */
    EXPECT_EQ(port_op(EVTCHNOP_close, local), 0);
    health();
}

static void bind_dom0_ports(void)
{
    unsigned int refused = 0;

    for (uint32_t p = 0; p < LINK_SCAN_PORTS; p++)
        refused += hv_bind_interdomain(0, p, NULL) == -XEN_EINVAL;
    EXPECT_EQ(refused, LINK_SCAN_PORTS);
    health();
}

static void bind_absent_domains(void)
{
    const domid_t ids[] = { 0x7000, DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID, DOMID_ANY,
                            DOMID_IDLE, 0xffff, 3 };

    for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++)
        EXPECT_EQ(hv_bind_interdomain(ids[i], 1, NULL), -XEN_ESRCH);
    health();
}

static void bind_own_ports(void)
{
    long for_peer = alloc_for(DOMID_SELF, PEER), self = alloc_for(DOMID_SELF, DOMID_SELF);
    long timer = find_virq_port(VIRQ_TIMER);
    uint32_t l;

    EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, (uint32_t)link, NULL), -XEN_EINVAL);  /* connected */
    EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, (uint32_t)for_peer, NULL), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, 0, NULL), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, (uint32_t)timer, NULL), -XEN_EINVAL);
    if (EXPECT_EQ(hv_bind_interdomain(1, (uint32_t)self, &l), 0)) {
        mask_evtchn(l);
        EXPECT_EQ(hv_bind_interdomain(DOMID_SELF, (uint32_t)self, NULL), -XEN_EINVAL);
        EXPECT_EQ(port_op(EVTCHNOP_close, l), 0);
        clear_evtchn(l);
    }
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)self), 0);
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)for_peer), 0);
    health();
}

static void exhaust_then_bind(void)
{
    static uint8_t mine[NR_PORTS];
    unsigned int n = 0, leftover = 0;
    long p;

    while ((p = alloc_for(DOMID_SELF, 0)) > 0 && p < (long)NR_PORTS) {
        mine[p] = 1;
        n++;
    }
    EXPECT_EQ(p, -XEN_ENOSPC);
    EXPECT_TRUE(n > NR_PORTS - 64);
    EXPECT_EQ(hv_bind_virq(VIRQ_DEBUG, 0), -XEN_ENOSPC);
    EXPECT_EQ(op(EVTCHNOP_bind_ipi, &(struct evtchn_bind_ipi){ .vcpu = 0 }), -XEN_ENOSPC);
    EXPECT_EQ(hv_bind_interdomain(PEER, 1, NULL), -XEN_ENOSPC);
    EXPECT_EQ(hv_bind_interdomain(0x7000, 1, NULL), -XEN_ESRCH);       /* domain first */
    EXPECT_EQ(alloc_for(DOMID_SELF, 0), -XEN_ENOSPC);
    health();                                  /* the link still works when full */
    for (uint32_t q = 1; q < NR_PORTS; q++)
        if (mine[q] && port_op(EVTCHNOP_close, q) != 0)
            leftover++;
    EXPECT_EQ(leftover, 0);
    p = hv_bind_virq(VIRQ_DEBUG, 0);
    EXPECT_EQ(p, 0);
    health();
}

static void virq_hostile(void)
{
    EXPECT_EQ(hv_bind_virq(NR_VIRQS, 0), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_virq(1000, 0), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_virq(~0u, 0), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_virq(VIRQ_DOM_EXC, 0), -XEN_EBUSY);     /* dom0's */
    EXPECT_EQ(hv_bind_virq(VIRQ_CONSOLE, 0), -XEN_EBUSY);
    EXPECT_EQ(hv_bind_virq(VIRQ_ENOMEM, 0), -XEN_EBUSY);
    EXPECT_EQ(hv_bind_virq(VIRQ_DOM_EXC, 5), -XEN_EINVAL);
    EXPECT_EQ(hv_bind_virq(VIRQ_TIMER, 0), -XEN_EEXIST);
    EXPECT_EQ(hv_bind_virq(VIRQ_DEBUG, 1), -XEN_ENOENT);
    EXPECT_EQ(hv_bind_virq(VIRQ_DEBUG, ~0u), -XEN_ENOENT);
    health();
}

static void bind_vcpu_bad_vcpu(void)
{
    const uint32_t bad[] = { 1, 7, 8, 1u << 31, ~0u };
    struct evtchn_status st;

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
        EXPECT_EQ(bind_vcpu((uint32_t)link, bad[i]), -XEN_ENOENT);
    EXPECT_EQ(status_of(DOMID_SELF, (uint32_t)link, &st), 0);
    EXPECT_EQ(st.vcpu, 0);
    health();
}

static void bind_vcpu_fixed_ports(void)
{
    struct evtchn_bind_ipi bi = { .vcpu = 0 };
    long timer = find_virq_port(VIRQ_TIMER);

    EXPECT_EQ(bind_vcpu((uint32_t)timer, 0), -XEN_EINVAL);
    if (EXPECT_EQ(op(EVTCHNOP_bind_ipi, &bi), 0)) {
        EXPECT_EQ(bind_vcpu(bi.port, 0), -XEN_EINVAL);
        EXPECT_EQ(port_op(EVTCHNOP_close, bi.port), 0);
    }
    EXPECT_EQ(bind_vcpu(0, 0), -XEN_EINVAL);
    health();
}

/* After exhaust_then_bind the table holds every port up to 4095: those
 * stay valid (it never shrinks, as in Xen), so only the ports past it. */
static void unmask_bad_ports(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(beyond) - 1; i++)
        EXPECT_EQ(port_op(EVTCHNOP_unmask, beyond[i]), -XEN_EINVAL);
    EXPECT_EQ(port_op(EVTCHNOP_unmask, NR_PORTS - 1), 0);
    health();
}

static void reset_other_domains(void)
{
    EXPECT_EQ(reset(0), -XEN_EPERM);
    EXPECT_EQ(reset(PEER), -XEN_EPERM);
    EXPECT_EQ(reset(0x7000), -XEN_ESRCH);
    EXPECT_EQ(reset(DOMID_IO), -XEN_ESRCH);
    EXPECT_EQ(state((uint32_t)link), EVTCHNSTAT_interdomain);
    health();
}

static void alloc_for_others(void)
{
    EXPECT_EQ(alloc_for(0, DOMID_SELF), -XEN_EPERM);
    EXPECT_EQ(alloc_for(PEER, DOMID_SELF), -XEN_EPERM);
    EXPECT_EQ(alloc_for(0x7000, 0), -XEN_ESRCH);
    EXPECT_EQ(alloc_for(DOMID_XEN, 0), -XEN_ESRCH);
    health();
}

static void status_of_others(void)
{
    struct evtchn_status st;

    EXPECT_EQ(status_of(PEER, peer_port, &st), -XEN_EPERM);
    EXPECT_EQ(status_of(0, 1, &st), -XEN_EPERM);
    EXPECT_EQ(status_of(PEER, 5000, &st), -XEN_EINVAL);    /* Xen: the port first */
    EXPECT_EQ(status_of(0x7000, 1, &st), -XEN_ESRCH);
    health();
}

static void pirq_refused(void)
{
    struct evtchn_bind_pirq bp = { .pirq = 5 };

    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EPERM);
    bp.pirq = 0;
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EPERM);
    bp.pirq = 1u << 31;
    EXPECT_EQ(op(EVTCHNOP_bind_pirq, &bp), -XEN_EINVAL);
    health();
}

static void bad_pointers(void)
{
    const int cmds[] = { EVTCHNOP_bind_interdomain, EVTCHNOP_bind_virq, EVTCHNOP_bind_pirq,
                         EVTCHNOP_close, EVTCHNOP_send, EVTCHNOP_status,
                         EVTCHNOP_alloc_unbound, EVTCHNOP_bind_ipi, EVTCHNOP_bind_vcpu,
                         EVTCHNOP_unmask, EVTCHNOP_reset, EVTCHNOP_set_priority };

    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        EXPECT_EQ(op(cmds[i], NULL), -XEN_EFAULT);
        EXPECT_EQ(op(cmds[i], (void *)UNMAPPED_VA), -XEN_EFAULT);
        EXPECT_EQ(op(cmds[i], (void *)NONCANONICAL_VA), -XEN_EFAULT);
    }
    health();
}

static void unknown_ops(void)
{
    EXPECT_EQ(op(15, NULL), -XEN_ENOSYS);
    EXPECT_EQ(op(14, NULL), -XEN_EFAULT);   /* Xen's internal reset_cont reads its argument */
    EXPECT_EQ(op(1000, NULL), -XEN_ENOSYS);
    EXPECT_EQ(op(-1, NULL), -XEN_ENOSYS);
    EXPECT_EQ(op(EVTCHNOP_init_control, NULL), -XEN_ENOSYS);
    EXPECT_EQ(op(EVTCHNOP_set_priority, &(struct evtchn_set_priority){ .port = 5000 }),
              -XEN_EINVAL);
    health();
}

static void send_on_virq(void)
{
    long timer = find_virq_port(VIRQ_TIMER);

    EXPECT_EQ(port_op(EVTCHNOP_send, (uint32_t)timer), -XEN_EINVAL);
    health();
}

/* Close our end: the peer's goes unbound (for us); bind it again. */
static void close_link_and_rebind(void)
{
    uint32_t l;

    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)link), 0);
    EXPECT_EQ(port_op(EVTCHNOP_close, (uint32_t)link), -XEN_EINVAL);
    if (!EXPECT_EQ(hv_bind_interdomain(PEER, peer_port, &l), 0)) {
        link = -1;
        return;
    }
    mask_evtchn(l);
    link = l;
    health();
}

/* Reset ourselves: every port closed, the peer's end unbound; rebind it. */
static void reset_self_and_rebind(void)
{
    uint32_t l;
    unsigned int open = 0;

    EXPECT_EQ(reset(DOMID_SELF), 0);
    for (uint32_t p = 1; p < LINK_SCAN_PORTS; p++)
        open += state(p) != EVTCHNSTAT_closed;
    EXPECT_EQ(open, 0);
    if (!EXPECT_EQ(hv_bind_interdomain(PEER, peer_port, &l), 0)) {
        link = -1;
        return;
    }
    mask_evtchn(l);
    link = l;
    health();
}

static const struct test tests[] = {
    /* Offer the link to d2 and exchange one event. */
    TEST(connect),
    /* Ports 4095 (unallocated), 4096, 4097, 2^31, ~0: every op -EINVAL. */
    TEST(ops_past_the_limit),
    /* status of ports 0..8191: nothing at or past 4096 answers. */
    TEST(every_port_value),
    /* close twice, close / send port 0: -EINVAL. */
    TEST(close_twice),
    /* close of a pending port: closed, pending bit gone, send -EINVAL. */
    TEST(close_while_pending),
    /* send on a closed port, on the peer's port number: -EINVAL. */
    TEST(send_to_closed_or_foreign),
    /* bind_interdomain to each of d2's ports: only the one offered to d1 works. */
    TEST(bind_not_offered),
    /* bind_interdomain to dom0's ports (none offered to d1): -EINVAL each. */
    TEST(bind_dom0_ports),
    /* bind_interdomain to absent or reserved domain ids: -ESRCH. */
    TEST(bind_absent_domains),
    /* Loopback to own connected, foreign-offered, reserved, virq ports: -EINVAL. */
    TEST(bind_own_ports),
    /* Exhaust the port space, then bind_virq/ipi/interdomain: -ENOSPC; recovery. */
    TEST(exhaust_then_bind),
    /* bind_virq: bad virq -EINVAL, dom0's globals -EBUSY, bound -EEXIST, vcpu -ENOENT. */
    TEST(virq_hostile),
    /* bind_vcpu to VCPUs 1, 7, 8, 2^31, ~0: -ENOENT, binding unchanged. */
    TEST(bind_vcpu_bad_vcpu),
    /* bind_vcpu of per-VCPU VIRQ, IPI and port 0: -EINVAL. */
    TEST(bind_vcpu_fixed_ports),
    /* unmask of ports 4096, 4097, 2^31, ~0: -EINVAL; 4095 (now in the table) 0. */
    TEST(unmask_bad_ports),
    /* reset of dom0 and of the peer: -EPERM; absent: -ESRCH; link intact. */
    TEST(reset_other_domains),
    /* alloc_unbound in dom0 or the peer: -EPERM; absent domain: -ESRCH. */
    TEST(alloc_for_others),
    /* status of others' ports: -EPERM, past their table -EINVAL, absent -ESRCH. */
    TEST(status_of_others),
    /* bind_pirq from a domU: -EPERM; pirq 2^31: -EINVAL. */
    TEST(pirq_refused),
    /* Every sub-op with a NULL, unmapped or non-canonical argument: -EFAULT. */
    TEST(bad_pointers),
    /* Unknown sub-ops and FIFO ops: -ENOSYS; reset_cont (14) on NULL -EFAULT; set_priority on port 5000 -EINVAL. */
    TEST(unknown_ops),
    /* send on a VIRQ port: -EINVAL. */
    TEST(send_on_virq),
    /* close our end of the link: the peer's is unbound for us again; rebind. */
    TEST(close_link_and_rebind),
    /* reset of ourselves: all ports closed; rebind the peer's end. */
    TEST(reset_self_and_rebind),
};

int main(void)
{
    return run_tests("evtchn/hostile", tests, ARRAY_SIZE(tests));
}
