/*
 * A Credit cap on one pCPU (-smp 1, sched=credit): of two CPU-bound peers,
 * d1 is capped at 25% (and given a weight that alone would win it far
 * more); over a 1.5 s window d1 stays at its cap (24..26%) and d2, uncapped,
 * takes the rest.  A capped domain alone would leave the CPU idle: the cap
 * is not work-conserving.
 */
#include "../sched_ctl.h"

static void cap_set(void)
{
    struct xen_domctl_scheduler_op out;

    EXPECT_EQ(sched_in_use(), XEN_SCHEDULER_CREDIT);
    EXPECT_EQ(set_credit(1, 4096, 25), 0);
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.credit.cap, 25);
    EXPECT_EQ(out.u.credit.weight, 4096);
}

static void capped_domain_stays_under_cap(void)
{
    uint64_t total[2], window[2];

    measure_shares(2, 500 * NSEC_PER_MSEC, 1500 * NSEC_PER_MSEC, total, window);
    EXPECT_RANGE(window[0], 200, 260);
    EXPECT_RANGE(window[1], 700, 800);
}

static const struct test tests[] = {
    /* putinfo sets weight and cap together; getinfo reads them back. */
    TEST(cap_set),
    /* The capped peer gets at most 25% (+1 point) of the pCPU. */
    TEST(capped_domain_stays_under_cap),
};

int main(void)
{
    return run_tests("sched/credit_cap", tests, ARRAY_SIZE(tests));
}
