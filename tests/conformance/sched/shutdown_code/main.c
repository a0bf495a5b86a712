/*
 * SCHEDOP_shutdown_code latches the reason reported when the domain later
 * shuts down, and the first reason latched wins (public/sched.h).  This
 * test kernel is dom0; its peers (build.mk) do
 *   d1: latch=1, then SCHEDOP_shutdown(poweroff)          -> reports reboot (1)
 *   d2: latch=4, latch=5, then SCHEDOP_shutdown(poweroff) -> reports watchdog (4)
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define TIMEOUT_NS (10 * NSEC_PER_SEC)

static void latched_reason_wins(void)
{
    long codes[2];

    if (!EXPECT_TRUE(wait_domains(1, 2, TIMEOUT_NS, codes)))
        return;
    EXPECT_EQ(codes[0], SHUTDOWN_reboot);
    EXPECT_EQ(codes[1], SHUTDOWN_watchdog);
}

static const struct test tests[] = {
    /* A latched code beats the shutdown's own reason; the first latch beats later ones. */
    TEST(latched_reason_wins),
};

int main(void)
{
    return run_tests("sched/shutdown_code", tests, ARRAY_SIZE(tests));
}
