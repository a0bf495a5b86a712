/* sched_op and set_timer_op: yield, block woken by the timer, bad shutdowns. */
#include <public/sched.h>
#include "../lib/test.h"

/* Yielding with or without competition returns 0. */
static void test_yield(void)
{
    for (int i = 0; i < 10; i++)
        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
}

/* sleep_ns (set_timer_op + SCHEDOP_block, woken by VIRQ_TIMER) never wakes
 * before its deadline and does not oversleep by more than a scheduling
 * slice. */
static void test_block_timer(void)
{
    for (int i = 0; i < 3; i++) {
        uint64_t t0 = monotonic_ns();

        sleep_ns(10000000);
        uint64_t slept = monotonic_ns() - t0;
        EXPECT_TRUE(slept >= 10000000);
        EXPECT_TRUE(slept < 60000000);
    }
}

/* A shutdown reason past SHUTDOWN_MAX is -EINVAL; a bad pointer -EFAULT;
 * remote shutdown is for the control domain. */
static void test_bad_shutdown(void)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_MAX + 1 };
    struct sched_remote_shutdown r = { .domain_id = 0, .reason = SHUTDOWN_poweroff };

    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, &s), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)16), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r), -XEN_EPERM);
}

TESTS({ "yield", test_yield }, { "block_timer", test_block_timer },
      { "bad_shutdown", test_bad_shutdown });

int main(void)
{
    RUN("sched/basic");
}
