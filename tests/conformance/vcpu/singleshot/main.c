/*
 * VCPUOP_set_singleshot_timer / stop_singleshot_timer: the calling VCPU's
 * one-shot timer (the one set_timer_op sets) raises VIRQ_TIMER no earlier
 * than its absolute deadline; VCPU_SSHOTTMR_future refuses a deadline
 * already past with -ETIME; stop cancels; only the calling VCPU may use
 * them (-EINVAL for another of its VCPUs).
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define SLACK (50 * MS)

static long timer_port = -1;
static volatile unsigned int fired;

static void on_timer(evtchn_port_t port, void *data)
{
    fired++;
}

static long set(uint64_t deadline, uint32_t flags)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline, .flags = flags };

    return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

static uint64_t block_until_fired(unsigned int want)
{
    for (;;) {
        local_irq_disable();
        if (fired >= want)
            break;
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    }
    local_irq_enable();
    return monotonic_ns();
}

static void bind_timer_port(void)
{
    timer_port = take_timer_port(on_timer);
}

static void fires(void)
{
    uint64_t deadline, woke;

    if (!have_timer_port(timer_port))
        return;
    fired = 0;
    deadline = monotonic_ns() + 10 * MS;
    EXPECT_EQ(set(deadline, VCPU_SSHOTTMR_future), 0);
    woke = block_until_fired(1);
    EXPECT_RANGE(woke, deadline, deadline + SLACK);
    EXPECT_EQ(fired, 1);
}

static void past_deadline(void)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = 1, .flags = 0 };
    uint64_t t0;

    if (!have_timer_port(timer_port))
        return;
    fired = 0;
    EXPECT_EQ(set(1, VCPU_SSHOTTMR_future), -XEN_ETIME);
    EXPECT_EQ(set(monotonic_ns() - MS, VCPU_SSHOTTMR_future), -XEN_ETIME);
    t0 = monotonic_ns();
    while (monotonic_ns() - t0 < 20 * MS)
        ;
    EXPECT_EQ(fired, 0);
    /* Without the flag a past deadline fires at once. */
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t), 0);
    EXPECT_RANGE(block_until_fired(1) - t0, 0, 20 * MS + SLACK);
}

static void stop(void)
{
    uint64_t t0;

    if (!have_timer_port(timer_port))
        return;
    fired = 0;
    EXPECT_EQ(set(monotonic_ns() + 10 * MS, 0), 0);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    t0 = monotonic_ns();
    while (monotonic_ns() - t0 < 30 * MS)
        ;
    EXPECT_EQ(fired, 0);
}

static void other_vcpu_refused(void)
{
    struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = monotonic_ns() + MS };

    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &t), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 1, NULL), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)UNMAPPED_VA),
              -XEN_EFAULT);
}

static const struct test tests[] = {
    /* The library bound VIRQ_TIMER on VCPU 0; take its port over. */
    TEST(bind_timer_port),
    /* A 10 ms one-shot wakes SCHEDOP_block no earlier than its deadline, once. */
    TEST(fires),
    /* VCPU_SSHOTTMR_future with a past deadline: -ETIME, no event; without it, at once. */
    TEST(past_deadline),
    /* stop_singleshot_timer cancels a pending one. */
    TEST(stop),
    /* Another VCPU's timer: -EINVAL; a bad argument: -EFAULT. */
    TEST(other_vcpu_refused),
};

int main(void)
{
    return run_tests("vcpu/singleshot", tests, ARRAY_SIZE(tests));
}
