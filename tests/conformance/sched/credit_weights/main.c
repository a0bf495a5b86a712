/*
 * Credit weights on one pCPU (-smp 1, sched=credit): dom0 gives its three
 * CPU-bound peers weights 256, 512 and 1024 through XEN_DOMCTL_scheduler_op
 * and then sleeps; over a 1.5 s window (after 0.5 s to settle) their CPU
 * times (XEN_DOMCTL_getvcpuinfo) split 1:2:4 within 3 points each.
 */
#include "../sched_ctl.h"

static const uint16_t weights[3] = { 256, 512, 1024 };

static void credit_in_use(void)
{
    EXPECT_EQ(sched_in_use(), XEN_SCHEDULER_CREDIT);
}

static void weights_set_and_read_back(void)
{
    struct xen_domctl_scheduler_op out;

    for (unsigned int i = 0; i < 3; i++) {
        EXPECT_EQ(set_credit((domid_t)(i + 1), weights[i], 0), 0);
        EXPECT_EQ(sched_domctl((domid_t)(i + 1), XEN_SCHEDULER_CREDIT,
                               XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
        EXPECT_EQ(out.u.credit.weight, weights[i]);
        EXPECT_EQ(out.u.credit.cap, 0);
    }
}

static void shares_follow_weights(void)
{
    uint64_t total[3], window[3];

    measure_shares(3, 500 * NSEC_PER_MSEC, 1500 * NSEC_PER_MSEC, total, window);
    /* ideal 142.9, 285.7, 571.4 per mille */
    EXPECT_RANGE(total[0], 113, 173);
    EXPECT_RANGE(total[1], 256, 316);
    EXPECT_RANGE(total[2], 541, 601);
    /* dom0 sleeps: the peers have nearly all of the CPU */
    EXPECT_RANGE(window[0] + window[1] + window[2], 950, 1001);
}

static const struct test tests[] = {
    /* sysctl sched_id reports the policy asked for on the command line. */
    TEST(credit_in_use),
    /* putinfo sets each peer's weight; getinfo reads it back. */
    TEST(weights_set_and_read_back),
    /* CPU-bound peers share one pCPU 1:2:4 within 3 points. */
    TEST(shares_follow_weights),
};

int main(void)
{
    return run_tests("sched/credit_weights", tests, ARRAY_SIZE(tests));
}
