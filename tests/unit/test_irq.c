/*
 * core/irq.c and core/physdev.c, with the event channels they deliver to,
 * on the host's model interrupt controller (asm/host.h: level-triggered
 * sources that latch while masked and re-latch at completion while the
 * line is high).  evtchn_env.h: d0 owns pirqs 1..8, d1 and d2 own none.
 *
 * After every step, the invariant of core/irq.c: a source is unmasked at
 * the controller exactly when it has an owner, is bound, and has no
 * interrupt in flight; and it is bound exactly when its owner's
 * pirq_to_evtchn names a port.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <public/physdev.h>
#include "evtchn_env.h"

unsigned int host_current_cpu;

static void check_invariant(void)
{
    for (unsigned int src = 1; src < host_irq_sources; src++) {
        struct irq_state st;

        irq_get_state(src, &st);
        assert_int_equal(host_irq_masked[src], !(st.owner && st.bound && !st.in_flight));
        if (st.owner)
            assert_int_equal(st.bound, ((struct domain *)st.owner)->pirq_to_evtchn[src] != 0);
        else
            assert_false(st.bound);
    }
}

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 8 << 20);
    host_log_quiet = true;
    env_setup();
    check_invariant();
    return 0;
}

static int teardown(void **state)
{
    env_teardown();
    host_mm_teardown();
    return 0;
}

static long bind_pirq(unsigned int dom, uint32_t pirq, uint32_t *port)
{
    struct evtchn_bind_pirq op = { .pirq = pirq };
    long rc = env_op(dom, EVTCHNOP_bind_pirq, &op);

    if (!rc && port)
        *port = op.port;
    check_invariant();
    return rc;
}

static long close_port(unsigned int dom, uint32_t port)
{
    long rc = env_op(dom, EVTCHNOP_close, &port);

    check_invariant();
    return rc;
}

static long physdev(unsigned int dom, unsigned long cmd, void *arg)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, (unsigned long)(uintptr_t)arg };
    long rc = do_physdev_op(&env_vcpu[dom][0], args);

    check_invariant();
    return rc;
}

static long eoi(unsigned int dom, uint32_t pirq)
{
    struct physdev_eoi op = { .irq = pirq };

    return physdev(dom, PHYSDEVOP_eoi, &op);
}

/* Take pending pending interrupts; clear and report whether port was raised. */
static unsigned int run(unsigned int budget)
{
    unsigned int n = host_irq_run(budget);

    check_invariant();
    return n;
}

static bool take_event(unsigned int dom, uint32_t port)
{
    bool was = evtchn_is_pending(&env_dom[dom], port);

    evtchn_clear_pending(&env_dom[dom], port);
    return was;
}

/* Who owns what: only the builder's grants; nobody owns source 0 or a
 * source the controller lacks. */
static void ownership(void **state)
{
    assert_true(irq_access_permitted(&env_dom[0], 1));
    assert_true(irq_access_permitted(&env_dom[0], 8));
    assert_false(irq_access_permitted(&env_dom[0], 9));
    assert_false(irq_access_permitted(&env_dom[0], 0));
    assert_false(irq_access_permitted(&env_dom[1], 1));
    assert_int_equal(irq_permit(&env_dom[1], 1), -EBUSY);
    assert_int_equal(irq_permit(&env_dom[0], 1), 0);          /* again: fine */
    assert_int_equal(irq_permit(&env_dom[1], 0), -EINVAL);
    assert_int_equal(irq_permit(&env_dom[1], HOST_IRQ_SOURCES), -EINVAL);
    assert_int_equal(irq_permit(&env_dom[1], NR_PIRQS + 5), -EINVAL);
    assert_false(irq_access_permitted(&env_dom[1], NR_PIRQS + 5));
    check_invariant();
}

/* A domU binds no pirq; nor does dom0 bind one it was not given; the
 * range is checked first, as Xen does. */
static void bind_refusals(void **state)
{
    assert_int_equal(bind_pirq(1, 1, NULL), -EPERM);
    assert_int_equal(bind_pirq(2, 8, NULL), -EPERM);
    assert_int_equal(bind_pirq(0, 10, NULL), -EPERM);         /* the UART's */
    assert_int_equal(bind_pirq(0, 0, NULL), -EPERM);
    assert_int_equal(bind_pirq(0, NR_PIRQS, NULL), -EINVAL);
    assert_int_equal(bind_pirq(1, ~0u, NULL), -EINVAL);
    assert_true(host_irq_masked[1]);
}

/* Bind arms the source; an interrupt is one event and leaves the source
 * masked however long the line stays high; EOI lets exactly one more in
 * while it is still high, none once the device has lowered it. */
static void deliver_mask_eoi(void **state)
{
    uint32_t port;
    struct irq_state st;

    assert_int_equal(bind_pirq(0, 3, &port), 0);
    assert_false(host_irq_masked[3]);
    assert_int_equal(bind_pirq(0, 3, NULL), -EEXIST);         /* double bind */
    host_irq_set_line(3, true);
    assert_int_equal(run(1000), 1);
    assert_true(take_event(0, port));
    assert_true(host_irq_masked[3]);
    assert_int_equal(run(1000), 0);                           /* no storm */
    assert_false(take_event(0, port));

    assert_int_equal(eoi(0, 3), 0);                           /* still high */
    assert_int_equal(run(1000), 1);
    assert_true(take_event(0, port));
    host_irq_set_line(3, false);                              /* serviced */
    assert_int_equal(eoi(0, 3), 0);
    assert_int_equal(run(1000), 0);
    assert_false(take_event(0, port));
    assert_int_equal(eoi(0, 3), 0);                           /* nothing in flight */
    irq_get_state(3, &st);
    assert_int_equal(st.delivered, 2);
    assert_int_equal(st.stray, 0);
    assert_false(st.in_flight);
}

/* A line that stays high while its owner never acknowledges the device:
 * one interrupt per EOI, never more, and none at all without EOIs. */
static void storm_is_paced_by_eoi(void **state)
{
    uint32_t port;

    assert_int_equal(bind_pirq(0, 1, &port), 0);
    host_irq_set_line(1, true);
    assert_int_equal(run(100000), 1);
    for (unsigned int i = 0; i < 100; i++) {
        assert_int_equal(eoi(0, 1), 0);
        assert_int_equal(run(100000), 1);
    }
    assert_int_equal(host_irq_taken[1], 101);
    assert_int_equal(run(100000), 0);
    /* A request made while masked and withdrawn before the EOI is gone. */
    host_irq_set_line(1, false);
    assert_int_equal(eoi(0, 1), 0);
    assert_int_equal(run(100000), 0);
}

/* Closing the port while an interrupt is in flight masks the source and
 * forgets it; EOI then changes nothing; binding again takes the line as
 * it is (still high: at once). */
static void unbind_while_pending(void **state)
{
    uint32_t port, port2;
    struct irq_state st;

    assert_int_equal(bind_pirq(0, 2, &port), 0);
    host_irq_set_line(2, true);
    assert_int_equal(run(10), 1);
    assert_int_equal(close_port(0, port), 0);
    irq_get_state(2, &st);
    assert_false(st.bound);
    assert_false(st.in_flight);
    assert_true(host_irq_masked[2]);
    assert_int_equal(eoi(0, 2), 0);
    assert_true(host_irq_masked[2]);
    assert_int_equal(run(10), 0);
    assert_int_equal(close_port(0, port), -EINVAL);           /* closed already */

    assert_int_equal(bind_pirq(0, 2, &port2), 0);
    assert_int_equal(run(10), 1);
    assert_true(take_event(0, port2));
}

/* An interrupt of a source nobody is bound to (it could only come from a
 * controller that misbehaves) is counted, masked and dropped. */
static void stray_interrupts(void **state)
{
    struct irq_state st;

    irq_handle(10);                                           /* unowned */
    irq_handle(4);                                            /* owned, unbound */
    irq_handle(HOST_IRQ_SOURCES + 3);                         /* beyond the table */
    irq_get_state(10, &st);
    assert_int_equal(st.stray, 1);
    irq_get_state(4, &st);
    assert_int_equal(st.stray, 1);
    assert_int_equal(st.delivered, 0);
    check_invariant();
}

/* PHYSDEVOP_eoi and irq_status_query: the owner's pirqs only. */
static void physdev_ops(void **state)
{
    struct physdev_irq_status_query q = { .irq = 5, .flags = 0xdead };
    struct physdev_map_pirq_stub { uint32_t x[8]; } map = { { 0 } };

    assert_int_equal(physdev(0, PHYSDEVOP_irq_status_query, &q), 0);
    assert_int_equal(q.flags, XENIRQSTAT_needs_eoi);
    q = (struct physdev_irq_status_query){ .irq = 5, .flags = 0xdead };
    assert_int_equal(physdev(1, PHYSDEVOP_irq_status_query, &q), -EINVAL);
    assert_int_equal(q.flags, 0xdead);                        /* OUT untouched */
    q.irq = 10;
    assert_int_equal(physdev(0, PHYSDEVOP_irq_status_query, &q), -EINVAL);
    q.irq = NR_PIRQS;
    assert_int_equal(physdev(0, PHYSDEVOP_irq_status_query, &q), -EINVAL);
    assert_int_equal(physdev(0, PHYSDEVOP_irq_status_query, (void *)8), -EFAULT);

    assert_int_equal(eoi(1, 5), -EINVAL);
    assert_int_equal(eoi(0, 0), -EINVAL);
    assert_int_equal(eoi(0, NR_PIRQS), -EINVAL);
    assert_int_equal(eoi(0, ~0u), -EINVAL);
    assert_int_equal(physdev(0, PHYSDEVOP_eoi, (void *)8), -EFAULT);
    assert_int_equal(physdev(0, PHYSDEVOP_map_pirq, &map), -ENOSYS);
    assert_int_equal(physdev(0, PHYSDEVOP_unmap_pirq, &map), -ENOSYS);
    assert_int_equal(physdev(0, PHYSDEVOP_pirq_eoi_gmfn_v2, &map), -ENOSYS);
    assert_int_equal(physdev(0, 9999, &map), -ENOSYS);
}

/* A domain whose ports all close (it shut down) leaves its sources masked
 * and unbound. */
static void destroy_masks(void **state)
{
    uint32_t port;

    assert_int_equal(bind_pirq(0, 6, &port), 0);
    assert_int_equal(bind_pirq(0, 7, &port), 0);
    host_irq_set_line(7, true);
    assert_int_equal(run(10), 1);
    evtchn_destroy(&env_dom[0]);
    check_invariant();
    assert_true(host_irq_masked[6]);
    assert_true(host_irq_masked[7]);
    assert_int_equal(eoi(0, 7), 0);
    assert_int_equal(run(10), 0);
    assert_int_equal(bind_pirq(0, 6, NULL), -EINVAL);         /* no new ports */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(ownership), T(bind_refusals), T(deliver_mask_eoi), T(storm_is_paced_by_eoi),
        T(unbind_while_pending), T(stray_interrupts), T(physdev_ops), T(destroy_masks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
