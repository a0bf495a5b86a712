/*
 * A guest's fatal fault ends that guest and nothing else.  This test
 * kernel is dom0; peer d1 clears its stvec and stores to an unmapped
 * address (an exception it cannot take), peer d2 sleeps for 300 ms in
 * 10 ms steps and powers off.  dom0 watches both, polling every 5 ms.
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define FAULTER 1
#define SLEEPER 2
#define MS NSEC_PER_MSEC
#define TIMEOUT_NS (10 * NSEC_PER_SEC)
/* dom0 polls every 5 ms; a gap this long means it was starved. */
#define MAX_GAP (200 * MS)

static long faulter_code = DOMAIN_RUNNING, sleeper_code = DOMAIN_RUNNING;
static unsigned int polls_between;  /* faulter gone, sleeper still running */
static uint64_t max_gap, sleeper_done_after;

static void watch(void)
{
    uint64_t start = monotonic_ns(), last = start;

    while (sleeper_code == DOMAIN_RUNNING || faulter_code == DOMAIN_RUNNING) {
        uint64_t now;

        sleep_ns(5 * MS);
        now = monotonic_ns();
        if (now - last > max_gap)
            max_gap = now - last;
        last = now;
        faulter_code = domain_shutdown_code(FAULTER);
        sleeper_code = domain_shutdown_code(SLEEPER);
        if (faulter_code < 0 || sleeper_code < 0) {
            xtf_error("cannot read the peers' state (%ld, %ld)", faulter_code, sleeper_code);
            return;
        }
        if (faulter_code != DOMAIN_RUNNING && sleeper_code == DOMAIN_RUNNING)
            polls_between++;
        if (sleeper_code != DOMAIN_RUNNING && !sleeper_done_after)
            sleeper_done_after = now - start;
        if (now - start > TIMEOUT_NS) {
            xtf_failure("peers still running after 10 s");
            return;
        }
    }
}

static void faulter_crashed(void)
{
    watch();
    EXPECT_EQ(faulter_code, SHUTDOWN_crash);
}

static void sleeper_finished_cleanly(void)
{
    EXPECT_EQ(sleeper_code, SHUTDOWN_poweroff);
    EXPECT_TRUE(sleeper_done_after >= 300 * MS);
}

static void dom0_ran_throughout(void)
{
    EXPECT_TRUE(polls_between > 0);
    EXPECT_RANGE(max_gap, 0, MAX_GAP);
    EXPECT_EQ(domain_shutdown_code(0), DOMAIN_RUNNING);
}

static const struct test tests[] = {
    /* The faulting peer is shut down with SHUTDOWN_crash (3). */
    TEST(faulter_crashed),
    /* The sleeping peer powers off (0), after its full 300 ms. */
    TEST(sleeper_finished_cleanly),
    /* dom0 polled between the crash and the sleeper's end, never starved 200 ms. */
    TEST(dom0_ran_throughout),
};

int main(void)
{
    return run_tests("fault/isolation", tests, ARRAY_SIZE(tests));
}
