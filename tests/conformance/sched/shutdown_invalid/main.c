/*
 * SCHEDOP_shutdown and SCHEDOP_shutdown_code refuse reasons past
 * SHUTDOWN_MAX (-EINVAL) and unreadable arguments (-EFAULT), and a
 * refused call leaves the domain running.
 */
#include "../../lib/test.h"

static const unsigned int bad_reasons[] = { SHUTDOWN_MAX + 1, 255, 0x80000000u, ~0u };

static void shutdown_bad_reason(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_reasons); i++) {
        struct sched_shutdown s = { .reason = bad_reasons[i] };

        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, &s), -XEN_EINVAL);
    }
}

static void shutdown_bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)UNMAPPED_VA), -XEN_EFAULT);
}

static void shutdown_code_bad(void)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(bad_reasons); i++) {
        struct sched_shutdown s = { .reason = bad_reasons[i] };

        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &s), -XEN_EINVAL);
    }
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, NULL), -XEN_EFAULT);
}

/* Still here: the domain runs on and can sleep. */
static void still_running(void)
{
    uint64_t t0 = monotonic_ns();

    sleep_ns(5 * NSEC_PER_MSEC);
    EXPECT_TRUE(monotonic_ns() - t0 >= 5 * NSEC_PER_MSEC);
}

static const struct test tests[] = {
    /* SCHEDOP_shutdown with reason 6, 255, 2^31 or ~0 is -EINVAL. */
    TEST(shutdown_bad_reason),
    /* SCHEDOP_shutdown with an unmapped argument is -EFAULT. */
    TEST(shutdown_bad_pointer),
    /* SCHEDOP_shutdown_code: the same reasons -EINVAL, NULL -EFAULT. */
    TEST(shutdown_code_bad),
    /* After the refusals the domain still runs and sleeps. */
    TEST(still_running),
};

int main(void)
{
    return run_tests("sched/shutdown_invalid", tests, ARRAY_SIZE(tests));
}
