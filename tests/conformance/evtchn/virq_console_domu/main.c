/*
 * The global VIRQs from a domU: VIRQ_CONSOLE (and VIRQ_DOM_EXC) belong to
 * the hardware domain, so binding one is -EBUSY, as in Xen for a domain
 * that is not the VIRQ's handler, and it allocates no port.
 */
#include "../../lib/test.h"

static long bind(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq bv = { .virq = virq, .vcpu = vcpu };

    return HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
}

/* The lowest free port, seen through alloc_unbound (then closed again). */
static long next_free_port(void)
{
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_close cl;
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);

    if (rc)
        return rc;
    cl.port = au.port;
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
    return au.port;
}

static void console_busy(void)
{
    long before = next_free_port();

    EXPECT_EQ(bind(VIRQ_CONSOLE, 0), -XEN_EBUSY);
    EXPECT_EQ(bind(VIRQ_CONSOLE, 0), -XEN_EBUSY);     /* and again: nothing kept */
    EXPECT_EQ(bind(VIRQ_DOM_EXC, 0), -XEN_EBUSY);
    EXPECT_EQ(next_free_port(), before);
}

/* A global VIRQ names VCPU 0 only: the VCPU check comes first. */
static void console_other_vcpu(void)
{
    EXPECT_EQ(bind(VIRQ_CONSOLE, 1), -XEN_EINVAL);
}

/* Reading the console is dom0's too. */
static void read_denied(void)
{
    char c;

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 1, &c), -XEN_EPERM);
}

static const struct test tests[] = {
    /* VIRQ_CONSOLE and VIRQ_DOM_EXC: -EBUSY, no port allocated. */
    TEST(console_busy),
    /* VIRQ_CONSOLE on VCPU 1: -EINVAL. */
    TEST(console_other_vcpu),
    /* CONSOLEIO_read from a domU: -EPERM. */
    TEST(read_denied),
};

int main(void)
{
    return run_tests("evtchn/virq_console_domu", tests, ARRAY_SIZE(tests));
}
