/*
 * SEDF on one pCPU (-smp 1, sched=sedf): d1 reserves 10 ms every 100 ms
 * without extra time, d2 is best effort (the default); both are CPU-bound.
 * Over a 1.5 s window d1 gets its 10% (one slice of slack either side for
 * the window's edges) and d2 the rest; a second reservation that would
 * take the pCPU past 100% is refused with -EINVAL and changes nothing.
 */
#include "../sched_ctl.h"

#define MS (1000ULL * 1000ULL)

static void sedf_in_use(void)
{
    EXPECT_EQ(sched_in_use(), XEN_SCHEDULER_SEDF);
}

static void reservation_set(void)
{
    struct xen_domctl_scheduler_op out;

    EXPECT_EQ(set_sedf(1, 100 * MS, 10 * MS, 0), 0);
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_SEDF, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.sedf.period, 100 * MS);
    EXPECT_EQ(out.u.sedf.slice, 10 * MS);
    EXPECT_EQ(out.u.sedf.extratime, 0);
}

static void admission_refuses_overload(void)
{
    struct xen_domctl_scheduler_op out;

    /* 10% + 95% > 100% of the one pCPU (dom0 and d2 reserve nothing). */
    EXPECT_EQ(set_sedf(2, 100 * MS, 95 * MS, 0), -XEN_EINVAL);
    EXPECT_EQ(sched_domctl(2, XEN_SCHEDULER_SEDF, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.sedf.slice, 0);
    EXPECT_EQ(out.u.sedf.extratime, 1);
}

static void reservation_met(void)
{
    uint64_t total[2], window[2];

    measure_shares(2, 500 * NSEC_PER_MSEC, 1500 * NSEC_PER_MSEC, total, window);
    EXPECT_RANGE(window[0], 93, 107);
    EXPECT_RANGE(window[1], 850, 910);
}

static const struct test tests[] = {
    /* sysctl sched_id reports the policy asked for on the command line. */
    TEST(sedf_in_use),
    /* putinfo sets period and slice (ns); getinfo reads them back. */
    TEST(reservation_set),
    /* A set above 100% of a pCPU is refused, nothing changed. */
    TEST(admission_refuses_overload),
    /* 10 ms of every 100 ms, no more (no extra time), beside a CPU hog. */
    TEST(reservation_met),
};

int main(void)
{
    return run_tests("sched/sedf_reservation", tests, ARRAY_SIZE(tests));
}
