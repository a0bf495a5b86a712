/*
 * sched/policy_credit and sched/policy_sedf: the same set (dom0 and three
 * CPU-bound peers on 2 pCPUs) booted with sched=credit and with
 * sched=sedf.  Each checks that the policy in use is the one asked for
 * (EXPECT_SCHED, defined by the including test), that the other policy's
 * parameters are refused (-EINVAL: wrong sched_id), and that all three
 * peers make progress on the two pCPUs.
 */
#include "sched_ctl.h"

static void policy_is_the_one_asked_for(void)
{
    EXPECT_EQ(sched_in_use(), EXPECT_SCHED);
}

static void other_policy_refused(void)
{
    struct xen_domctl_scheduler_op out;
    uint32_t other = EXPECT_SCHED == XEN_SCHEDULER_CREDIT ? XEN_SCHEDULER_SEDF
                                                          : XEN_SCHEDULER_CREDIT;

    EXPECT_EQ(sched_domctl(1, other, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), -XEN_EINVAL);
    EXPECT_EQ(sched_domctl(1, EXPECT_SCHED, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
}

static void every_peer_runs(void)
{
    uint64_t total[3], window[3];

    measure_shares(3, 200 * NSEC_PER_MSEC, 600 * NSEC_PER_MSEC, total, window);
    /* 3 CPU-bound peers on 2 pCPUs: Credit balances them (2/3 of a pCPU
     * each); SEDF keeps each on the pCPU it was built on (d2 alone beside
     * a sleeping dom0, d1 and d3 sharing the other).  Either way each gets
     * at least 40%, and together they keep both pCPUs busy. */
    for (unsigned int i = 0; i < 3; i++)
        EXPECT_RANGE(window[i], 400, 1001);
    EXPECT_RANGE(window[0] + window[1] + window[2], 1800, 2001);
}

static const struct test tests[] = {
    /* sysctl sched_id is the policy given with sched=. */
    TEST(policy_is_the_one_asked_for),
    /* scheduler_op with another policy's id: -EINVAL. */
    TEST(other_policy_refused),
    /* Every peer runs and both pCPUs are kept busy. */
    TEST(every_peer_runs),
};
