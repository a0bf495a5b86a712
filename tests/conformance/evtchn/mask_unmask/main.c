/*
 * Masking in the 2-level ABI: an event on a masked port sets its pending
 * bit but raises no upcall; EVTCHNOP_unmask on a masked, pending port
 * clears the mask and raises the upcall then.  An unmasked event arriving
 * while the guest has interrupts off raises the upcall as soon as they are
 * back on.  The events come from the one-shot timer (VIRQ_TIMER), whose
 * port the test takes over from the library.
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define WAIT_LIMIT (100 * MS)

static long timer_port = -1;
static volatile unsigned int fired;

static void on_timer(evtchn_port_t port, void *data)
{
    fired++;
}

static bool port_pending(evtchn_port_t port)
{
    return __atomic_load_n(&shared_info->evtchn_pending[port / 64], __ATOMIC_SEQ_CST) &
           (1UL << (port % 64));
}

static bool port_masked(evtchn_port_t port)
{
    return __atomic_load_n(&shared_info->evtchn_mask[port / 64], __ATOMIC_SEQ_CST) &
           (1UL << (port % 64));
}

static void spin_ms(unsigned int ms)
{
    uint64_t end = monotonic_ns() + ms * MS;

    while (monotonic_ns() < end)
        ;
}

/* Arm the timer 1 ms ahead and spin until the port is pending (or give up). */
static bool fire_and_wait_pending(evtchn_port_t port)
{
    uint64_t t0 = monotonic_ns();

    EXPECT_EQ(HYPERVISOR_set_timer_op(t0 + 1 * MS), 0);
    while (!port_pending(port))
        if (monotonic_ns() - t0 > WAIT_LIMIT) {
            xtf_failure("VIRQ_TIMER port %u not pending %lu ms after its deadline", port,
                        (unsigned long)(WAIT_LIMIT / MS));
            return false;
        }
    return true;
}

static bool have_timer(void)
{
    return have_timer_port(timer_port);
}

static void bind_timer_port(void)
{
    timer_port = take_timer_port(on_timer);
}

/*
 * Interrupts stay off while the event arrives, so that an upcall raised
 * by mistake is still visible (upcall_pending, sip.SSIP) rather than
 * consumed by the handler, which would skip the masked port anyway.
 */
static void masked_event_raises_no_upcall(void)
{
    evtchn_port_t port = (evtchn_port_t)timer_port;
    struct evtchn_unmask op = { .port = port };
    bool pending;

    if (!have_timer())
        return;
    fired = 0;
    mask_evtchn(port);
    local_irq_disable();
    pending = fire_and_wait_pending(port);
    spin_ms(2);     /* time for a wrongly raised upcall to arrive */
    EXPECT_EQ(shared_info->vcpu_info[0].evtchn_upcall_pending, 0);
    EXPECT_EQ_HEX(csr_read(sip) & SIP_SSIP, 0);
    local_irq_enable();
    if (!pending)
        return;
    EXPECT_EQ(fired, 0);
    EXPECT_TRUE(port_masked(port));
    /* The hypervisor's unmask sees the mask set and the port pending. */
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op), 0);
    EXPECT_TRUE(!port_masked(port));
    EXPECT_EQ(fired, 1);
    EXPECT_TRUE(!port_pending(port));
}

/* The library's unmask_evtchn() must not lose an event that came while masked. */
static void library_unmask_delivers(void)
{
    evtchn_port_t port = (evtchn_port_t)timer_port;

    if (!have_timer())
        return;
    fired = 0;
    mask_evtchn(port);
    if (!fire_and_wait_pending(port))
        return;
    EXPECT_EQ(fired, 0);
    unmask_evtchn(port);
    EXPECT_EQ(fired, 1);
    if (fired == 0) {
        /* Do not leave the port pending with no upcall for later tests. */
        clear_evtchn(port);
    }
}

static void upcall_waits_for_irqs_on(void)
{
    evtchn_port_t port = (evtchn_port_t)timer_port;
    bool got;

    if (!have_timer())
        return;
    fired = 0;
    local_irq_disable();
    got = fire_and_wait_pending(port);
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(shared_info->vcpu_info[0].evtchn_upcall_pending, got ? 1 : 0);
    local_irq_enable();
    EXPECT_EQ(fired, got ? 1 : 0);
}

static void unmask_errors(void)
{
    struct evtchn_unmask op = { .port = EVTCHN_2L_NR_CHANNELS };

    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op), -XEN_EINVAL);
    op.port = ~0u;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, NULL), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* Take the library's VIRQ_TIMER port over with a counting handler. */
    TEST(bind_timer_port),
    /* Masked: pending set, no upcall; EVTCHNOP_unmask raises it. */
    TEST(masked_event_raises_no_upcall),
    /* The library's unmask_evtchn() delivers an event that came while masked. */
    TEST(library_unmask_delivers),
    /* With interrupts off the upcall waits, pending; it runs when they go on. */
    TEST(upcall_waits_for_irqs_on),
    /* unmask of port 4096 or ~0 is -EINVAL; an unmapped argument -EFAULT. */
    TEST(unmask_errors),
};

int main(void)
{
    return run_tests("evtchn/mask_unmask", tests, ARRAY_SIZE(tests));
}
