/*
 * Event channels (event/event_channel.c, event/event_2l.c) through the
 * hypercall entry do_event_channel_op(), on the miniature machine of
 * evtchn_env.h: three domains (d0 privileged), two VCPUs each.  Every
 * test ends by checking evtchn_check_invariants() on every domain.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "evtchn_env.h"

#define NR_PORTS EVTCHN_2L_NR_CHANNELS

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 8ULL << 20);
    env_setup();
    return 0;
}

static int teardown(void **state)
{
    for (unsigned int i = 0; i < ENV_DOMS; i++)
        assert_int_equal(evtchn_check_invariants(&env_dom[i]), 0);
    env_teardown();
    host_mm_teardown();
    return 0;
}

/* ---- small wrappers ---- */

static long alloc_unbound(unsigned int caller, domid_t dom, domid_t remote, uint32_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
    long rc = env_op(caller, EVTCHNOP_alloc_unbound, &op);

    if (port)
        *port = rc ? 0 : op.port;
    return rc;
}

static uint32_t unbound_for(unsigned int dom, domid_t remote)
{
    uint32_t port;

    assert_int_equal(alloc_unbound(dom, DOMID_SELF, remote, &port), 0);
    return port;
}

static long bind_interdomain(unsigned int caller, domid_t remote, uint32_t rport, uint32_t *port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = rport };
    long rc = env_op(caller, EVTCHNOP_bind_interdomain, &op);

    if (port)
        *port = rc ? 0 : op.local_port;
    return rc;
}

static long bind_virq(unsigned int caller, uint32_t virq, uint32_t vcpu, uint32_t *port)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = env_op(caller, EVTCHNOP_bind_virq, &op);

    if (port)
        *port = rc ? 0 : op.port;
    return rc;
}

static long bind_ipi(unsigned int caller, uint32_t vcpu, uint32_t *port)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = env_op(caller, EVTCHNOP_bind_ipi, &op);

    if (port)
        *port = rc ? 0 : op.port;
    return rc;
}

static long bind_pirq(unsigned int caller, uint32_t pirq, uint32_t *port)
{
    struct evtchn_bind_pirq op = { .pirq = pirq };
    long rc = env_op(caller, EVTCHNOP_bind_pirq, &op);

    if (port)
        *port = rc ? 0 : op.port;
    return rc;
}

static long port_op(unsigned int caller, unsigned long cmd, uint32_t port)
{
    return env_op(caller, cmd, &port);
}

static long close_port(unsigned int caller, uint32_t port)
{
    return port_op(caller, EVTCHNOP_close, port);
}

static long send(unsigned int caller, uint32_t port)
{
    return port_op(caller, EVTCHNOP_send, port);
}

static long status(unsigned int caller, domid_t dom, uint32_t port, struct evtchn_status *st)
{
    memset(st, 0xa5, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return env_op(caller, EVTCHNOP_status, st);
}

static uint32_t state_of(unsigned int dom, uint32_t port)
{
    struct evtchn_status st;

    assert_int_equal(status(dom, DOMID_SELF, port, &st), 0);
    return st.status;
}

static long bind_vcpu(unsigned int caller, uint32_t port, uint32_t vcpu)
{
    struct evtchn_bind_vcpu op = { .port = port, .vcpu = vcpu };

    return env_op(caller, EVTCHNOP_bind_vcpu, &op);
}

static long reset(unsigned int caller, domid_t dom)
{
    struct evtchn_reset op = { .dom = dom };

    return env_op(caller, EVTCHNOP_reset, &op);
}

static bool pending(unsigned int dom, uint32_t port)
{
    return env_si[dom].evtchn_pending[port / 64] & (1UL << (port % 64));
}

static void mask(unsigned int dom, uint32_t port)
{
    env_si[dom].evtchn_mask[port / 64] |= 1UL << (port % 64);
}

/* Clear the upcall state as the guest's handler would. */
static void ack_upcall(unsigned int dom)
{
    env_si[dom].vcpu_info[0].evtchn_upcall_pending = 0;
    env_si[dom].vcpu_info[0].evtchn_pending_sel = 0;
    memset(env_si[dom].evtchn_pending, 0, sizeof(env_si[dom].evtchn_pending));
}

/* ---- port 0 and the table ---- */

static void port0_reserved(void **state)
{
    struct evtchn_status st;
    uint32_t port;

    assert_int_equal(status(1, DOMID_SELF, 0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(close_port(1, 0), -EINVAL);
    assert_int_equal(send(1, 0), -EINVAL);
    assert_int_equal(alloc_unbound(1, DOMID_SELF, 0, &port), 0);
    assert_int_equal(port, 1);
}

static void ports_beyond_the_table(void **state)
{
    struct evtchn_status st;
    const uint32_t bad[] = { EVTCHN_BUCKET_PORTS, NR_PORTS - 1, NR_PORTS, NR_PORTS + 1,
                             1u << 31, ~0u };

    /* A fresh domain has one bucket: a free port inside reads closed. */
    assert_int_equal(status(1, DOMID_SELF, EVTCHN_BUCKET_PORTS - 1, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(status(1, DOMID_SELF, bad[i], &st), -EINVAL);
        assert_int_equal(close_port(1, bad[i]), -EINVAL);
        assert_int_equal(send(1, bad[i]), -EINVAL);
        assert_int_equal(port_op(1, EVTCHNOP_unmask, bad[i]), -EINVAL);
        assert_int_equal(bind_vcpu(1, bad[i], 0), -EINVAL);
        assert_int_equal(bind_interdomain(2, 1, bad[i], NULL), -EINVAL);
    }
    assert_true(env_dom[1].valid_evtchns <= EVTCHN_BUCKET_PORTS * 2);
}

static void exhaustion_then_binds(void **state)
{
    uint32_t port, n = 0, remote = unbound_for(2, 1);
    long rc;

    while ((rc = alloc_unbound(1, DOMID_SELF, 0, &port)) == 0) {
        assert_true(port > 0 && port < NR_PORTS);
        n++;
    }
    assert_int_equal(rc, -ENOSPC);
    assert_int_equal(n, NR_PORTS - 1);
    assert_int_equal(env_dom[1].valid_evtchns, NR_PORTS);
    assert_int_equal(bind_virq(1, VIRQ_DEBUG, 0, NULL), -ENOSPC);
    assert_int_equal(bind_ipi(1, 0, NULL), -ENOSPC);
    /* Xen's order: no local port is -ENOSPC even before the remote check. */
    assert_int_equal(bind_interdomain(1, 2, remote, NULL), -ENOSPC);
    assert_int_equal(bind_interdomain(1, 2, 5000, NULL), -ENOSPC);
    assert_int_equal(state_of(2, remote), EVTCHNSTAT_unbound);
    /* The other domains are untouched. */
    assert_int_equal(alloc_unbound(0, DOMID_SELF, 0, &port), 0);
    assert_int_equal(close_port(1, 4095), 0);
    assert_int_equal(alloc_unbound(1, DOMID_SELF, 0, &port), 0);
    assert_int_equal(port, 4095);
}

/* ---- alloc_unbound ---- */

static void alloc_unbound_rules(void **state)
{
    struct evtchn_status st;
    uint32_t port;

    assert_int_equal(alloc_unbound(1, DOMID_SELF, DOMID_SELF, &port), 0);
    assert_int_equal(status(1, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);       /* SELF is the caller */
    assert_int_equal(st.vcpu, 0);
    assert_int_equal(alloc_unbound(1, 1, 0x1234, &port), 0);   /* own id */
    assert_int_equal(status(1, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.u.unbound.dom, 0x1234);
    assert_int_equal(alloc_unbound(1, 2, 0, NULL), -EPERM);
    assert_int_equal(alloc_unbound(1, 0, 0, NULL), -EPERM);
    assert_int_equal(alloc_unbound(1, 77, 0, NULL), -ESRCH);
    assert_int_equal(alloc_unbound(0, 77, 0, NULL), -ESRCH);
    /* dom0 allocates in d1 for d2; SELF as remote names dom0 itself. */
    assert_int_equal(alloc_unbound(0, 1, 2, &port), 0);
    assert_int_equal(status(1, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.u.unbound.dom, 2);
    assert_int_equal(alloc_unbound(0, 1, DOMID_SELF, &port), 0);
    assert_int_equal(status(1, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.u.unbound.dom, 0);
    assert_int_equal(env_op(1, EVTCHNOP_alloc_unbound, NULL), -EFAULT);
}

/* ---- bind_interdomain, close, send ---- */

static void interdomain_pair(void **state)
{
    struct evtchn_status st;
    uint32_t rport = unbound_for(2, 1), lport;

    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    assert_int_equal(status(1, DOMID_SELF, lport, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 2);
    assert_int_equal(st.u.interdomain.port, rport);
    assert_int_equal(status(2, DOMID_SELF, rport, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, lport);
    /* The new local port starts pending, with the upcall raised. */
    assert_true(pending(1, lport));
    assert_int_equal(env_si[1].vcpu_info[0].evtchn_upcall_pending, 1);
    /* dom0 may read both ends. */
    assert_int_equal(status(0, 2, rport, &st), 0);
    assert_int_equal(st.u.interdomain.port, lport);
}

static void interdomain_refusals(void **state)
{
    uint32_t for_d0 = unbound_for(2, 0), for_d1 = unbound_for(2, 1), lport;
    uint32_t ipi;

    assert_int_equal(bind_interdomain(1, 77, for_d1, NULL), -ESRCH);
    assert_int_equal(bind_interdomain(1, 2, for_d0, NULL), -EINVAL);   /* not offered to d1 */
    assert_int_equal(bind_interdomain(1, 2, 0, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(1, 2, 63, NULL), -EINVAL);       /* free */
    assert_int_equal(bind_ipi(2, 0, &ipi), 0);
    assert_int_equal(bind_interdomain(1, 2, ipi, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(1, 2, for_d1, &lport), 0);
    assert_int_equal(bind_interdomain(1, 2, for_d1, NULL), -EINVAL);   /* connected now */
    assert_int_equal(bind_interdomain(0, 2, for_d1, NULL), -EINVAL);
    /* The failed attempts left nothing behind in d1. */
    for (uint32_t p = 1; p < EVTCHN_BUCKET_PORTS; p++)
        if (p != lport && p != 1)
            assert_int_equal(state_of(1, p), EVTCHNSTAT_closed);
}

static void loopback(void **state)
{
    struct evtchn_status st;
    uint32_t a = unbound_for(1, DOMID_SELF), b;

    assert_int_equal(bind_interdomain(1, DOMID_SELF, a, &b), 0);
    assert_int_equal(status(1, DOMID_SELF, a, &st), 0);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, b);
    ack_upcall(1);
    assert_int_equal(send(1, a), 0);
    assert_true(pending(1, b));
    assert_false(pending(1, a));
    assert_int_equal(close_port(1, b), 0);
    assert_int_equal(status(1, DOMID_SELF, a, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);
}

static void close_leaves_remote_unbound(void **state)
{
    struct evtchn_status st;
    uint32_t rport = unbound_for(2, 1), lport, again;

    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    assert_true(pending(1, lport));
    assert_int_equal(close_port(1, lport), 0);
    assert_false(pending(1, lport));              /* a closed port is not pending */
    assert_int_equal(state_of(1, lport), EVTCHNSTAT_closed);
    assert_int_equal(status(2, DOMID_SELF, rport, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 1);
    assert_int_equal(close_port(1, lport), -EINVAL);  /* double close */
    assert_int_equal(send(2, rport), 0);              /* dropped */
    /* The same remote port can be connected again. */
    assert_int_equal(bind_interdomain(1, 2, rport, &again), 0);
    /* Closing from the other side works the same way round. */
    assert_int_equal(close_port(2, rport), 0);
    assert_int_equal(status(1, DOMID_SELF, again, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
}

static void send_delivery(void **state)
{
    uint32_t rport = unbound_for(2, 1), lport;
    struct vcpu_info *vi = &env_si[2].vcpu_info[0];

    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    ack_upcall(2);
    env_wakes[2][0] = 0;
    assert_int_equal(send(1, lport), 0);
    assert_true(pending(2, rport));
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(vi->evtchn_pending_sel, 1UL << (rport / 64));
    assert_int_equal(env_wakes[2][0], 1);
    /* Already pending: nothing more happens. */
    vi->evtchn_upcall_pending = 0;
    assert_int_equal(send(1, lport), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    /* Masked: pending, but no selector bit and no upcall. */
    ack_upcall(2);
    mask(2, rport);
    assert_int_equal(send(1, lport), 0);
    assert_true(pending(2, rport));
    assert_int_equal(vi->evtchn_pending_sel, 0);
    assert_int_equal(vi->evtchn_upcall_pending, 0);
    /* unmask re-raises the upcall for the pending port. */
    assert_int_equal(port_op(2, EVTCHNOP_unmask, rport), 0);
    assert_int_equal(vi->evtchn_upcall_pending, 1);
    assert_int_equal(vi->evtchn_pending_sel, 1UL << (rport / 64));
    assert_int_equal(env_si[2].evtchn_mask[rport / 64] & (1UL << (rport % 64)), 0);
    /* unmask of a free port inside the table is fine, beyond it not. */
    assert_int_equal(port_op(2, EVTCHNOP_unmask, 60), 0);
}

static void send_by_state(void **state)
{
    uint32_t ipi, virq, unbound = unbound_for(1, 2), pirq;

    assert_int_equal(bind_ipi(1, 1, &ipi), 0);
    assert_int_equal(send(1, ipi), 0);
    assert_true(pending(1, ipi));
    assert_int_equal(send(1, unbound), 0);
    assert_false(pending(1, unbound));
    assert_int_equal(bind_virq(1, VIRQ_DEBUG, 0, &virq), 0);
    assert_int_equal(send(1, virq), -EINVAL);
    assert_int_equal(send(1, 50), -EINVAL);                   /* closed */
    assert_int_equal(bind_pirq(0, 5, &pirq), 0);
    assert_int_equal(send(0, pirq), -EINVAL);
}

/* ---- VIRQs ---- */

static void virq_rules(void **state)
{
    uint32_t port, port2;

    assert_int_equal(bind_virq(1, NR_VIRQS, 0, NULL), -EINVAL);
    assert_int_equal(bind_virq(1, ~0u, 0, NULL), -EINVAL);
    assert_int_equal(bind_virq(1, VIRQ_DOM_EXC, 1, NULL), -EINVAL);   /* global: vcpu 0 */
    assert_int_equal(bind_virq(1, VIRQ_ARGO, 1, NULL), -EINVAL);      /* per-domain too */
    assert_int_equal(bind_virq(1, VIRQ_TIMER, ENV_VCPUS, NULL), -ENOENT);
    assert_int_equal(bind_virq(1, VIRQ_TIMER, ~0u, NULL), -ENOENT);
    assert_int_equal(bind_virq(1, VIRQ_DOM_EXC, 0, NULL), -EBUSY);    /* dom0's */
    assert_int_equal(bind_virq(1, VIRQ_CONSOLE, 0, NULL), -EBUSY);
    assert_int_equal(bind_virq(0, VIRQ_DOM_EXC, 0, &port), 0);
    assert_int_equal(bind_virq(0, VIRQ_DOM_EXC, 0, NULL), -EEXIST);
    assert_int_equal(bind_virq(1, VIRQ_TIMER, 0, &port), 0);
    assert_int_equal(bind_virq(1, VIRQ_TIMER, 0, NULL), -EEXIST);
    assert_int_equal(bind_virq(1, VIRQ_TIMER, 1, &port2), 0);         /* per VCPU */
    assert_int_not_equal(port, port2);
    assert_int_equal(env_vcpu[1][1].virq_to_evtchn[VIRQ_TIMER], port2);
    assert_int_equal(close_port(1, port2), 0);
    assert_int_equal(env_vcpu[1][1].virq_to_evtchn[VIRQ_TIMER], 0);
    assert_int_equal(bind_virq(1, VIRQ_TIMER, 1, NULL), 0);
}

static void virq_delivery(void **state)
{
    uint32_t timer, domexc;

    assert_int_equal(bind_virq(1, VIRQ_TIMER, 0, &timer), 0);
    send_guest_vcpu_virq(&env_vcpu[1][0], VIRQ_TIMER);
    assert_true(pending(1, timer));
    send_guest_vcpu_virq(&env_vcpu[1][0], VIRQ_DEBUG);          /* unbound: nothing */
    send_global_virq(VIRQ_DOM_EXC);                             /* unbound: nothing */
    assert_int_equal(bind_virq(0, VIRQ_DOM_EXC, 0, &domexc), 0);
    send_global_virq(VIRQ_DOM_EXC);
    assert_true(pending(0, domexc));
    /* A closed VIRQ port is raised no more. */
    assert_int_equal(close_port(1, timer), 0);
    send_guest_vcpu_virq(&env_vcpu[1][0], VIRQ_TIMER);
    assert_false(pending(1, timer));
}

/* ---- IPIs, pirqs, bind_vcpu ---- */

static void ipi_rules(void **state)
{
    struct evtchn_status st;
    uint32_t port;

    assert_int_equal(bind_ipi(1, ENV_VCPUS, NULL), -ENOENT);
    assert_int_equal(bind_ipi(1, ~0u, NULL), -ENOENT);
    assert_int_equal(bind_ipi(1, 1, &port), 0);
    assert_int_equal(status(1, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_ipi);
    assert_int_equal(st.vcpu, 1);
    env_wakes[1][1] = 0;
    assert_int_equal(send(1, port), 0);
    assert_int_equal(env_wakes[1][1], 1);                     /* VCPU 1 was told */
    assert_int_equal(bind_vcpu(1, port, 0), -EINVAL);         /* IPIs stay */
}

static void pirq_rules(void **state)
{
    struct evtchn_status st;
    uint32_t port;

    assert_int_equal(bind_pirq(1, 5, NULL), -EPERM);
    assert_int_equal(bind_pirq(0, NR_PIRQS, NULL), -EINVAL);
    assert_int_equal(bind_pirq(1, NR_PIRQS, NULL), -EINVAL);  /* range first */
    assert_int_equal(bind_pirq(0, 0, NULL), -EPERM);
    assert_int_equal(bind_pirq(0, 5, &port), 0);
    assert_int_equal(bind_pirq(0, 5, NULL), -EEXIST);
    assert_int_equal(status(0, DOMID_SELF, port, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_pirq);
    assert_int_equal(st.u.pirq, 5);
    send_guest_pirq(&env_dom[0], 5);
    assert_true(pending(0, port));
    send_guest_pirq(&env_dom[0], 6);
    send_guest_pirq(&env_dom[0], 1000);
    assert_int_equal(bind_vcpu(0, port, 1), 0);
    assert_int_equal(close_port(0, port), 0);
    assert_int_equal(env_dom[0].pirq_to_evtchn[5], 0);
    assert_int_equal(bind_pirq(0, 5, NULL), 0);
}

static void bind_vcpu_rules(void **state)
{
    struct evtchn_status st;
    uint32_t unbound = unbound_for(1, 2), timer, domexc, rport = unbound_for(2, 1), lport;

    assert_int_equal(bind_vcpu(1, unbound, ENV_VCPUS), -ENOENT);
    assert_int_equal(bind_vcpu(1, 5000, ENV_VCPUS), -ENOENT);   /* vcpu checked first */
    assert_int_equal(bind_vcpu(1, unbound, 1), 0);
    assert_int_equal(status(1, DOMID_SELF, unbound, &st), 0);
    assert_int_equal(st.vcpu, 1);
    assert_int_equal(bind_vcpu(1, 40, 1), -EINVAL);               /* closed */
    assert_int_equal(bind_virq(1, VIRQ_TIMER, 0, &timer), 0);
    assert_int_equal(bind_vcpu(1, timer, 1), -EINVAL);            /* per-VCPU VIRQ */
    assert_int_equal(bind_virq(0, VIRQ_DOM_EXC, 0, &domexc), 0);
    assert_int_equal(bind_vcpu(0, domexc, 1), 0);                 /* global may move */
    env_wakes[0][1] = 0;
    send_global_virq(VIRQ_DOM_EXC);
    assert_int_equal(env_wakes[0][1], 1);
    /* An interdomain port moved to VCPU 1 notifies VCPU 1. */
    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    assert_int_equal(bind_vcpu(2, rport, 1), 0);
    ack_upcall(2);
    env_wakes[2][1] = 0;
    assert_int_equal(send(1, lport), 0);
    assert_int_equal(env_wakes[2][1], 1);
}

/* ---- status, reset, destroy ---- */

static void status_rules(void **state)
{
    struct evtchn_status st;
    uint32_t port = unbound_for(2, 0);

    assert_int_equal(status(1, 2, port, &st), -EPERM);
    assert_int_equal(status(1, 2, 5000, &st), -EINVAL);   /* Xen: port before permission */
    assert_int_equal(status(1, 77, 1, &st), -ESRCH);
    assert_int_equal(status(0, 2, port, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(env_op(1, EVTCHNOP_status, (void *)8), -EFAULT);
}

static void reset_rules(void **state)
{
    uint32_t rport = unbound_for(2, 1), lport, a = unbound_for(1, 0);

    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    assert_int_equal(reset(1, 2), -EPERM);
    assert_int_equal(reset(1, 0), -EPERM);
    assert_int_equal(reset(1, 77), -ESRCH);
    assert_int_equal(reset(0, 2), -EINVAL);                 /* d2 is running */
    assert_int_equal(state_of(2, rport), EVTCHNSTAT_interdomain);
    assert_int_equal(reset(1, DOMID_SELF), 0);
    assert_int_equal(state_of(1, lport), EVTCHNSTAT_closed);
    assert_int_equal(state_of(1, a), EVTCHNSTAT_closed);
    assert_int_equal(state_of(2, rport), EVTCHNSTAT_unbound);
    env_dom[2].pause_count = 1;
    assert_int_equal(reset(0, 2), 0);
    assert_int_equal(state_of(2, rport), EVTCHNSTAT_closed);
    assert_int_equal(env_op(1, EVTCHNOP_reset, NULL), -EFAULT);
}

/* ---- h-virq: VIRQ_DEBUG to all, VIRQ_CONSOLE, the preemptible reset ---- */

/* send_debug_virq_all(): every VCPU that bound VIRQ_DEBUG, and only those. */
static void debug_virq_all(void **state)
{
    uint32_t d1v0, d1v1, d2v1, timer;

    assert_int_equal(send_debug_virq_all(), 0);                /* nobody bound it */
    assert_int_equal(bind_virq(1, VIRQ_DEBUG, 0, &d1v0), 0);
    assert_int_equal(bind_virq(1, VIRQ_DEBUG, 1, &d1v1), 0);
    assert_int_equal(bind_virq(2, VIRQ_DEBUG, 1, &d2v1), 0);
    assert_int_equal(bind_virq(0, VIRQ_TIMER, 0, &timer), 0);
    assert_int_equal(send_debug_virq_all(), 3);
    assert_true(pending(1, d1v0));
    assert_true(pending(1, d1v1));
    assert_true(pending(2, d2v1));
    assert_false(pending(0, timer));
    /* Closed: raised no more; the others still are. */
    assert_int_equal(close_port(1, d1v1), 0);
    evtchn_clear_pending(&env_dom[1], d1v0);
    assert_int_equal(send_debug_virq_all(), 2);
    assert_true(pending(1, d1v0));
    assert_false(pending(1, d1v1));
    evtchn_clear_pending(&env_dom[2], d2v1);
    assert_int_equal(send_debug_virq_all(), 2);
    assert_true(pending(2, d2v1));
}

/* VIRQ_CONSOLE, global: raised on dom0's port once bound, only there. */
static void console_virq_to_dom0(void **state)
{
    uint32_t port;

    send_global_virq(VIRQ_CONSOLE);                             /* unbound: nothing */
    assert_int_equal(bind_virq(1, VIRQ_CONSOLE, 0, NULL), -EBUSY);
    assert_int_equal(bind_virq(0, VIRQ_CONSOLE, 0, &port), 0);
    assert_false(pending(0, port));
    send_global_virq(VIRQ_CONSOLE);
    assert_true(pending(0, port));
    for (unsigned int p = 1; p < EVTCHN_BUCKET_PORTS; p++)
        assert_false(pending(1, p) || pending(2, p));
}

/* EVTCHNOP_reset issued by dom's VCPU 0 with its own args, as the entry
 * path re-issues a continuation; the number of passes it took. */
static unsigned int reset_passes(unsigned int caller, struct evtchn_reset *op, long *rc)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { EVTCHNOP_reset, (unsigned long)(uintptr_t)op };
    unsigned int passes = 0;

    do {
        *rc = do_event_channel_op(&env_vcpu[caller][0], args);
        passes++;
        if (*rc == -ERESTART)
            assert_int_equal(args[0], 14);                      /* EVTCHNOP_reset_cont */
    } while (*rc == -ERESTART && passes < 1000);
    return passes;
}

static void fill_ports(unsigned int dom, domid_t remote)
{
    while (alloc_unbound(dom, DOMID_SELF, remote, NULL) == 0)
        ;
}

/* 4095 ports: closed 128 a pass, 32 passes, then a fresh reset works. */
static void reset_preemptible(void **state)
{
    struct evtchn_reset op = { .dom = DOMID_SELF };
    uint32_t rport = unbound_for(2, 1), lport;
    long rc;

    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);
    fill_ports(1, 0);
    assert_int_equal(env_dom[1].valid_evtchns, NR_PORTS);
    assert_int_equal(reset_passes(1, &op, &rc), (NR_PORTS - 1 + 127) / 128);
    assert_int_equal(rc, 0);
    for (uint32_t p = 1; p < NR_PORTS; p++)
        assert_int_equal(state_of(1, p), EVTCHNSTAT_closed);
    assert_int_equal(state_of(2, rport), EVTCHNSTAT_unbound);
    assert_int_equal(env_dom[1].evtchn_reset_next, 0);
    /* The table keeps its size: a reset of the empty table takes as many passes. */
    assert_int_equal(reset_passes(1, &op, &rc), (NR_PORTS - 1 + 127) / 128);
    assert_int_equal(rc, 0);
}

/* Mid-way: another reset and a stray continuation are -EBUSY; ports bound
 * meanwhile below the cursor stay, those above it (the table grown
 * included) are closed; the other end of a closed channel is unbound. */
static void reset_while_ports_change(void **state)
{
    unsigned long args[HYPERCALL_NR_ARGS];
    struct evtchn_reset op = { .dom = DOMID_SELF };
    uint32_t rport = unbound_for(2, 1), lport, kept[128];
    long rc;

    args[0] = 14;
    args[1] = (unsigned long)(uintptr_t)&op;
    assert_int_equal(do_event_channel_op(&env_vcpu[1][0], args), -EBUSY); /* none under way */
    for (unsigned int i = 0; i < 199; i++)
        assert_int_equal(alloc_unbound(1, DOMID_SELF, 0, NULL), 0);
    assert_int_equal(bind_interdomain(1, 2, rport, &lport), 0);    /* port 200 */
    assert_int_equal(lport, 200);
    args[0] = EVTCHNOP_reset;
    assert_int_equal(do_event_channel_op(&env_vcpu[1][0], args), -ERESTART);
    assert_int_equal(args[0], 14);
    assert_int_equal(env_dom[1].evtchn_reset_next, 129);
    assert_int_equal(reset(1, DOMID_SELF), -EBUSY);
    assert_int_equal(reset(1, 1), -EBUSY);
    /* Bound meanwhile: 1..128 again (below the cursor), then 201..383. */
    for (unsigned int i = 0; i < 128; i++) {
        assert_int_equal(alloc_unbound(1, DOMID_SELF, 0, &kept[i]), 0);
        assert_int_equal(kept[i], i + 1);
    }
    for (unsigned int i = 0; i < 183; i++)
        assert_int_equal(alloc_unbound(1, DOMID_SELF, 0, NULL), 0);
    assert_int_equal(env_dom[1].valid_evtchns, 384);
    do {
        rc = do_event_channel_op(&env_vcpu[1][0], args);
    } while (rc == -ERESTART);
    assert_int_equal(rc, 0);
    for (uint32_t p = 1; p <= 128; p++)
        assert_int_equal(state_of(1, p), EVTCHNSTAT_unbound);
    for (uint32_t p = 129; p < 384; p++)
        assert_int_equal(state_of(1, p), EVTCHNSTAT_closed);
    assert_int_equal(state_of(2, rport), EVTCHNSTAT_unbound);
    assert_int_equal(do_event_channel_op(&env_vcpu[1][0], args), -EBUSY); /* done */
}

/* dom0 resetting a paused domU continues too; unpaused mid-way: -EINVAL. */
static void reset_other_domain_continues(void **state)
{
    unsigned long args[HYPERCALL_NR_ARGS];
    struct evtchn_reset op = { .dom = 2 };
    long rc;

    fill_ports(2, 0);
    env_dom[2].pause_count = 1;
    args[0] = EVTCHNOP_reset;
    args[1] = (unsigned long)(uintptr_t)&op;
    assert_int_equal(do_event_channel_op(&env_vcpu[0][0], args), -ERESTART);
    env_dom[2].pause_count = 0;
    assert_int_equal(do_event_channel_op(&env_vcpu[0][0], args), -EINVAL);
    env_dom[2].pause_count = 1;
    do {
        rc = do_event_channel_op(&env_vcpu[0][0], args);
    } while (rc == -ERESTART);
    assert_int_equal(rc, 0);
    for (uint32_t p = 1; p < NR_PORTS; p++)
        assert_int_equal(state_of(2, p), EVTCHNSTAT_closed);
}

static void destroy_closes_everything(void **state)
{
    struct evtchn_status st;
    uint32_t rport = unbound_for(1, 2), lport, virq;

    assert_int_equal(bind_interdomain(2, 1, rport, &lport), 0);
    assert_int_equal(bind_virq(2, VIRQ_TIMER, 0, &virq), 0);
    evtchn_destroy(&env_dom[2]);
    assert_int_equal(state_of(2, lport), EVTCHNSTAT_closed);
    assert_int_equal(state_of(2, virq), EVTCHNSTAT_closed);
    assert_int_equal(env_vcpu[2][0].virq_to_evtchn[VIRQ_TIMER], 0);
    assert_int_equal(status(1, DOMID_SELF, rport, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 2);
    assert_int_equal(alloc_unbound(2, DOMID_SELF, 0, NULL), -EINVAL);
    assert_int_equal(bind_interdomain(2, 1, rport, NULL), -EINVAL);
    assert_int_equal(send(1, rport), 0);
}

static void fifo_and_unknown(void **state)
{
    struct evtchn_set_priority prio = { .port = 1, .priority = 3 };
    uint32_t port = unbound_for(1, 0);

    assert_int_equal(env_op(1, EVTCHNOP_init_control, NULL), -ENOSYS);
    assert_int_equal(env_op(1, EVTCHNOP_expand_array, NULL), -ENOSYS);
    prio.port = port;
    assert_int_equal(env_op(1, EVTCHNOP_set_priority, &prio), -ENOSYS);
    prio.port = 5000;
    assert_int_equal(env_op(1, EVTCHNOP_set_priority, &prio), -EINVAL);
    assert_int_equal(env_op(1, 15, NULL), -ENOSYS);
    assert_int_equal(env_op(1, 14, NULL), -EFAULT);            /* reset_cont reads its argument */
    assert_int_equal(env_op(1, ~0ul, NULL), -ENOSYS);
    assert_int_equal(env_op(1, EVTCHNOP_close, NULL), -EFAULT);
    assert_int_equal(env_op(1, EVTCHNOP_bind_vcpu, NULL), -EFAULT);
}

/* ---- pollers (event_2l.c) ---- */

static void pollers_woken(void **state)
{
    uint32_t a, b, ra = unbound_for(2, 1), rb = unbound_for(2, 1);
    struct vcpu *v = &env_vcpu[2][1];

    assert_int_equal(bind_interdomain(1, 2, ra, &a), 0);
    assert_int_equal(bind_interdomain(1, 2, rb, &b), 0);
    mask(2, ra);
    mask(2, rb);
    /* Polling ra alone: an event on rb does not end the poll, on ra it does. */
    evtchn_poll_start(v, (int)ra);
    env_wakes[2][1] = 0;
    assert_int_equal(send(1, b), 0);
    assert_int_equal(env_wakes[2][1], 0);
    assert_int_equal(send(1, a), 0);                       /* masked, still wakes */
    assert_int_equal(env_wakes[2][1], 1);
    assert_int_equal(env_dom[2].poll_mask, 0);
    assert_false(evtchn_poll_cancel(v));
    /* Polling several (-1): any port of the domain wakes. */
    env_si[2].evtchn_pending[0] = 0;
    evtchn_poll_start(v, -1);
    assert_int_equal(send(1, b), 0);
    assert_int_equal(env_wakes[2][1], 2);
    /* The time-out wakes only a VCPU still polling. */
    evtchn_poll_start(v, (int)ra);
    evtchn_poll_timer_fn(v);
    assert_int_equal(env_wakes[2][1], 3);
    evtchn_poll_timer_fn(v);
    assert_int_equal(env_wakes[2][1], 3);
    /* An upcall (an unmasked port) ends the poll: its time-out is then void. */
    ack_upcall(2);
    env_si[2].evtchn_mask[ra / 64] &= ~(1UL << (ra % 64));
    assert_int_equal(bind_vcpu(2, ra, 1), 0);
    evtchn_poll_start(v, (int)rb);
    assert_int_equal(send(1, a), 0);
    assert_int_equal(env_dom[2].poll_mask, 0);
    assert_false(evtchn_poll_cancel(v));
}

/* ---- every port-taking op against every port state (table-driven) ---- */

enum row_state { R_RESERVED, R_FREE, R_UNBOUND_D1, R_UNBOUND_D2, R_INTERDOMAIN, R_VIRQ_VCPU,
                 R_VIRQ_GLOBAL, R_IPI, R_PIRQ, R_UNALLOCATED, R_LIMIT, R_HUGE, NR_ROWS };
enum row_op { O_CLOSE, O_SEND, O_UNMASK, O_BIND_VCPU0, O_BIND_VCPU1, O_STATUS, O_BIND_FROM_D1,
              NR_OPS };

/* Xen's answer; for O_STATUS, the EVTCHNSTAT_* (or a negative errno). */
static const long expected[NR_ROWS][NR_OPS] = {
    [R_RESERVED]    = { -EINVAL, -EINVAL, 0, -EINVAL, -EINVAL, EVTCHNSTAT_closed, -EINVAL },
    [R_FREE]        = { -EINVAL, -EINVAL, 0, -EINVAL, -EINVAL, EVTCHNSTAT_closed, -EINVAL },
    [R_UNBOUND_D1]  = { 0, 0, 0, 0, 0, EVTCHNSTAT_unbound, 0 },
    [R_UNBOUND_D2]  = { 0, 0, 0, 0, 0, EVTCHNSTAT_unbound, -EINVAL },
    [R_INTERDOMAIN] = { 0, 0, 0, 0, 0, EVTCHNSTAT_interdomain, -EINVAL },
    [R_VIRQ_VCPU]   = { 0, -EINVAL, 0, -EINVAL, -EINVAL, EVTCHNSTAT_virq, -EINVAL },
    [R_VIRQ_GLOBAL] = { 0, -EINVAL, 0, 0, 0, EVTCHNSTAT_virq, -EINVAL },
    [R_IPI]         = { 0, 0, 0, -EINVAL, -EINVAL, EVTCHNSTAT_ipi, -EINVAL },
    [R_PIRQ]        = { 0, -EINVAL, 0, 0, 0, EVTCHNSTAT_pirq, -EINVAL },
    [R_UNALLOCATED] = { -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL },
    [R_LIMIT]       = { -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL },
    [R_HUGE]        = { -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL },
};

/* A port of d0 in the given state. */
static uint32_t make_port(enum row_state r)
{
    uint32_t port = 0, rport;

    switch (r) {
    case R_RESERVED:
        return 0;
    case R_FREE:
        return EVTCHN_BUCKET_PORTS - 1;
    case R_UNBOUND_D1:
        return unbound_for(0, 1);
    case R_UNBOUND_D2:
        return unbound_for(0, 2);
    case R_INTERDOMAIN:
        rport = unbound_for(2, 0);
        assert_int_equal(bind_interdomain(0, 2, rport, &port), 0);
        return port;
    case R_VIRQ_VCPU:
        assert_int_equal(bind_virq(0, VIRQ_TIMER, 0, &port), 0);
        return port;
    case R_VIRQ_GLOBAL:
        assert_int_equal(bind_virq(0, VIRQ_DOM_EXC, 0, &port), 0);
        return port;
    case R_IPI:
        assert_int_equal(bind_ipi(0, 0, &port), 0);
        return port;
    case R_PIRQ:
        assert_int_equal(bind_pirq(0, 7, &port), 0);
        return port;
    case R_UNALLOCATED:
        return NR_PORTS - 1;
    case R_LIMIT:
        return NR_PORTS;
    default:
        return ~0u;
    }
}

static long run_op(enum row_op o, uint32_t port)
{
    struct evtchn_status st;
    long rc;

    switch (o) {
    case O_CLOSE:
        return close_port(0, port);
    case O_SEND:
        return send(0, port);
    case O_UNMASK:
        return port_op(0, EVTCHNOP_unmask, port);
    case O_BIND_VCPU0:
        return bind_vcpu(0, port, 0);
    case O_BIND_VCPU1:
        return bind_vcpu(0, port, 1);
    case O_STATUS:
        rc = status(0, DOMID_SELF, port, &st);
        return rc ? rc : (long)st.status;
    default:
        return bind_interdomain(1, 0, port, NULL);
    }
}

static void every_op_every_state(void **state)
{
    for (unsigned int r = 0; r < NR_ROWS; r++)
        for (unsigned int o = 0; o < NR_OPS; o++) {
            long got;

            env_teardown();
            env_setup();
            got = run_op(o, make_port(r));
            if (got != expected[r][o])
                fail_msg("state %u op %u: got %ld, want %ld", r, o, got, expected[r][o]);
            for (unsigned int i = 0; i < ENV_DOMS; i++)
                assert_int_equal(evtchn_check_invariants(&env_dom[i]), 0);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(port0_reserved, setup, teardown),
        cmocka_unit_test_setup_teardown(ports_beyond_the_table, setup, teardown),
        cmocka_unit_test_setup_teardown(exhaustion_then_binds, setup, teardown),
        cmocka_unit_test_setup_teardown(alloc_unbound_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(interdomain_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(interdomain_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(loopback, setup, teardown),
        cmocka_unit_test_setup_teardown(close_leaves_remote_unbound, setup, teardown),
        cmocka_unit_test_setup_teardown(send_delivery, setup, teardown),
        cmocka_unit_test_setup_teardown(send_by_state, setup, teardown),
        cmocka_unit_test_setup_teardown(virq_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(virq_delivery, setup, teardown),
        cmocka_unit_test_setup_teardown(ipi_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(pirq_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(bind_vcpu_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(status_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(destroy_closes_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(debug_virq_all, setup, teardown),
        cmocka_unit_test_setup_teardown(console_virq_to_dom0, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_preemptible, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_while_ports_change, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_other_domain_continues, setup, teardown),
        cmocka_unit_test_setup_teardown(fifo_and_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(pollers_woken, setup, teardown),
        cmocka_unit_test_setup_teardown(every_op_every_state, setup, teardown),
    };

    return cmocka_run_group_tests_name("evtchn", tests, NULL, NULL);
}
