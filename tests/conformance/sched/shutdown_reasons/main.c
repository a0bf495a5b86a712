/*
 * Every shutdown reason reaches the control domain.  This test kernel is
 * dom0; peers d1..d6 shut themselves down with SCHEDOP_shutdown and
 * reasons 0..5 (their command lines say reason=0 .. reason=5, see
 * build.mk).  dom0 polls XEN_SYSCTL_getdomaininfolist until all six have
 * shut down and checks each code in flags bits 23:16.  Then it checks
 * that its own SCHEDOP_shutdown with a reason past SHUTDOWN_MAX is
 * refused, privilege or not.
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define NR_PEERS 6
#define TIMEOUT_NS (10 * NSEC_PER_SEC)

static void every_reason_reported(void)
{
    long codes[NR_PEERS];

    if (!EXPECT_TRUE(wait_domains(1, NR_PEERS, TIMEOUT_NS, codes)))
        xtf_failure("not every peer shut down within 10 s");
    for (unsigned int i = 0; i < NR_PEERS; i++)
        if (!EXPECT_EQ(codes[i], i))
            printk("  (d%u)\n", i + 1);
}

static void shut_down_peers_are_not_running(void)
{
    for (domid_t id = 1; id <= NR_PEERS; id++) {
        struct xen_domctl_getdomaininfo info;

        if (!EXPECT_EQ(domain_info(id, &info), 0))
            continue;
        EXPECT_EQ_HEX(info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_running),
                      XEN_DOMINF_shutdown);
    }
}

static void dom0_still_running(void)
{
    EXPECT_EQ(domain_shutdown_code(0), DOMAIN_RUNNING);
}

static void own_bad_reason(void)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_MAX + 1 };

    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, &s), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &s), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_shutdown, NULL), -XEN_EFAULT);
    EXPECT_EQ(domain_shutdown_code(0), DOMAIN_RUNNING);
}

static const struct test tests[] = {
    /* Peers d1..d6 shut down with reasons 0..5 and getdomaininfo reports exactly those. */
    TEST(every_reason_reported),
    /* A shut-down peer has XEN_DOMINF_shutdown and not XEN_DOMINF_running. */
    TEST(shut_down_peers_are_not_running),
    /* dom0 itself is listed and not shut down. */
    TEST(dom0_still_running),
    /* dom0's own shutdown with reason 6 is -EINVAL (NULL: -EFAULT); it keeps running. */
    TEST(own_bad_reason),
};

int main(void)
{
    return run_tests("sched/shutdown_reasons", tests, ARRAY_SIZE(tests));
}
