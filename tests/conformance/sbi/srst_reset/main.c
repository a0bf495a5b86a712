/*
 * SBI system_reset from a guest ends its domain, mapped to a shutdown
 * reason the control domain sees: shutdown -> poweroff, cold and warm
 * reboot -> reboot, any type with reason "system failure" -> crash.  This
 * test kernel is dom0; its peers (build.mk) are
 *   d1 srst shutdown/none, d2 cold reboot/none, d3 warm reboot/none,
 *   d4 shutdown/failure.
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define NR_PEERS 4
#define TIMEOUT_NS (10 * NSEC_PER_SEC)

static void reset_mapped_to_shutdown(void)
{
    static const long expected[NR_PEERS] = {
        SHUTDOWN_poweroff, SHUTDOWN_reboot, SHUTDOWN_reboot, SHUTDOWN_crash,
    };
    long codes[NR_PEERS];

    if (!EXPECT_TRUE(wait_domains(1, NR_PEERS, TIMEOUT_NS, codes)))
        xtf_failure("not every peer reset within 10 s");
    for (unsigned int i = 0; i < NR_PEERS; i++)
        if (!EXPECT_EQ(codes[i], expected[i]))
            printk("  (d%u)\n", i + 1);
}

static void dom0_not_reset(void)
{
    EXPECT_EQ(domain_shutdown_code(0), DOMAIN_RUNNING);
}

static const struct test tests[] = {
    /* Peers' SRST resets end them with poweroff, reboot, reboot, crash. */
    TEST(reset_mapped_to_shutdown),
    /* A guest's system reset resets only that guest: dom0 runs on. */
    TEST(dom0_not_reset),
};

int main(void)
{
    return run_tests("sbi/srst_reset", tests, ARRAY_SIZE(tests));
}
