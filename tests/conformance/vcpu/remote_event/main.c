/*
 * An event for a VCPU on another pCPU reaches it at once: the hypervisor
 * wakes it if it is blocked, and interrupts it (an IPI) if it is running
 * guest code, rather than leaving the event until that pCPU next enters
 * the hypervisor for another reason.
 *
 * The event: VCPU 0's VIRQ_TIMER port, made pending while masked; VCPU 1
 * (on another pCPU: the builder spreads a domain's VCPUs) then unmasks it
 * with EVTCHNOP_unmask, which delivers the upcall to VCPU 0.
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define US NSEC_PER_USEC

static long port = -1;
static volatile unsigned int handled;
static volatile uint64_t handled_at, unmasked_at;

static void on_timer(evtchn_port_t p, void *data)
{
    handled_at = monotonic_ns();
    handled++;
}

/* VCPU 1: wait until VCPU 0 is in `state`, then unmask its port. */
static void unmasker(void *arg)
{
    int state = (int)(uintptr_t)arg;
    struct vcpu_runstate_info r;

    do {
        HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r);
    } while (r.state != state);
    if (state == RUNSTATE_running)
        sleep_ns(1 * MS);     /* well into VCPU 0's spin */
    unmasked_at = monotonic_ns();
    unmask_evtchn((evtchn_port_t)port);
}

/* Mask the port and let the timer make it pending. */
static bool arm_masked(void)
{
    uint64_t t0 = monotonic_ns();

    handled = 0;
    mask_evtchn((evtchn_port_t)port);
    if (!EXPECT_EQ(HYPERVISOR_set_timer_op(monotonic_ns() + 1 * MS), 0))
        return false;
    while (!(shared_info->evtchn_pending[port / 64] & (1ULL << (port % 64))))
        if (monotonic_ns() - t0 > 100 * MS)
            return EXPECT_TRUE(false);
    return EXPECT_EQ(handled, 0);
}

static void setup(void)
{
    port = take_timer_port(on_timer);
    EXPECT_EQ(nr_vcpus(), 2);
}

static void wakes_blocked(void)
{
    uint64_t woke;

    if (!have_timer_port(port) || !arm_masked())
        return;
    if (!EXPECT_EQ(vcpu_start(1, unmasker, (void *)(uintptr_t)RUNSTATE_blocked), 0))
        return;
    local_irq_disable();
    while (!handled)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);   /* returns with events on */
    local_irq_enable();
    woke = monotonic_ns();
    vcpu_wait(1);
    EXPECT_EQ(handled, 1);
    EXPECT_RANGE(woke - unmasked_at, 0, 2 * MS);
    printk("remote wake: %lu ns from the unmask to VCPU 0 running\n",
           (unsigned long)(woke - unmasked_at));
}

static void interrupts_running(void)
{
    uint64_t end;

    if (!have_timer_port(port) || !arm_masked())
        return;
    if (!EXPECT_EQ(vcpu_start(1, unmasker, (void *)(uintptr_t)RUNSTATE_running), 0))
        return;
    end = monotonic_ns() + 200 * MS;
    while (!handled && monotonic_ns() < end)
        ;                                            /* guest code, events on */
    vcpu_wait(1);
    if (!EXPECT_EQ(handled, 1))
        return;
    EXPECT_RANGE(handled_at - unmasked_at, 0, 500 * US);
    printk("remote upcall: %lu ns from the unmask to VCPU 0's handler\n",
           (unsigned long)(handled_at - unmasked_at));
}

static const struct test tests[] = {
    /* Take over VCPU 0's VIRQ_TIMER port; the domain has 2 VCPUs. */
    TEST(setup),
    /* VCPU 0 blocked: VCPU 1's unmask wakes it within 2 ms. */
    TEST(wakes_blocked),
    /* VCPU 0 spinning in guest code: the upcall interrupts it within 0.5 ms. */
    TEST(interrupts_running),
};

int main(void)
{
    return run_tests("vcpu/remote_event", tests, ARRAY_SIZE(tests));
}
