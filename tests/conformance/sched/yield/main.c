/*
 * SCHEDOP_yield returns 0, with event delivery on or off, and leaves the
 * caller's interrupt state as it was.
 */
#include "../../lib/test.h"

static void yield_returns_zero(void)
{
    for (int i = 0; i < 20; i++)
        if (!EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0))
            return;
}

static void yield_keeps_irq_state(void)
{
    local_irq_disable();
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    bool off_after = irqs_disabled();
    local_irq_enable();
    EXPECT_TRUE(off_after);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    EXPECT_TRUE(!irqs_disabled());
}

/* The argument is ignored: even a wild pointer is fine. */
static void yield_ignores_argument(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, (void *)UNMAPPED_VA), 0);
}

/* Time goes on while yielding: 10 ms of yields ends. */
static void yield_loop_ends(void)
{
    uint64_t t0 = monotonic_ns();
    unsigned long n = 0;

    while (monotonic_ns() - t0 < 10 * NSEC_PER_MSEC)
        n += HYPERVISOR_sched_op(SCHEDOP_yield, NULL) == 0;
    EXPECT_TRUE(n > 0);
}

static const struct test tests[] = {
    /* Twenty yields each return 0. */
    TEST(yield_returns_zero),
    /* sstatus.SIE is the same after a yield as before it. */
    TEST(yield_keeps_irq_state),
    /* The argument pointer is not used. */
    TEST(yield_ignores_argument),
    /* Yielding in a loop for 10 ms terminates. */
    TEST(yield_loop_ends),
};

int main(void)
{
    return run_tests("sched/yield", tests, ARRAY_SIZE(tests));
}
