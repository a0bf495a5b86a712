/*
 * Runstate accounting when two VCPUs of the domain share one pCPU (-smp 1):
 * both compute for the same 200 ms of system time, so each spends part of
 * it runnable, waiting for the other; together they cannot have run for
 * longer than the time that passed; and for each VCPU the four times add up
 * to the same span of time.
 */
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define SPAN (200 * MS)

static volatile uint64_t end;

static void spin(void *arg)
{
    while (monotonic_ns() < end)
        ;
}

static uint64_t sum(const struct vcpu_runstate_info *r)
{
    return r->time[0] + r->time[1] + r->time[2] + r->time[3];
}

static void share(void)
{
    struct vcpu_runstate_info a0, a1, b0, b1;
    uint64_t t0, t1;

    if (!EXPECT_EQ(nr_vcpus(), 2))
        return;
    t0 = monotonic_ns();
    end = t0 + SPAN;
    if (!EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &a0), 0) ||
        !EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &a1), 0) ||
        !EXPECT_EQ(vcpu_start(1, spin, NULL), 0))
        return;
    spin(NULL);
    if (!EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &b0), 0) ||
        !EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &b1), 0))
        return;
    t1 = monotonic_ns();
    vcpu_wait(1);
    uint64_t run0 = b0.time[RUNSTATE_running] - a0.time[RUNSTATE_running];
    uint64_t run1 = b1.time[RUNSTATE_running] - a1.time[RUNSTATE_running];
    uint64_t wait0 = b0.time[RUNSTATE_runnable] - a0.time[RUNSTATE_runnable];
    uint64_t wait1 = b1.time[RUNSTATE_runnable] - a1.time[RUNSTATE_runnable];

    printk("VCPU 0 ran %lu ms, waited %lu ms; VCPU 1 ran %lu ms, waited %lu ms\n",
           (unsigned long)(run0 / MS), (unsigned long)(wait0 / MS),
           (unsigned long)(run1 / MS), (unsigned long)(wait1 / MS));
    /* One pCPU: the two together ran no longer than the time that passed. */
    EXPECT_RANGE(run0 + run1, SPAN / 2, t1 - t0);
    /* Each had a real share and waited for the other. */
    EXPECT_RANGE(run0, 20 * MS, SPAN);
    EXPECT_RANGE(run1, 20 * MS, SPAN);
    EXPECT_TRUE(wait0 > 0);
    EXPECT_TRUE(wait1 > 0);
    /* For both, the states add up to the same elapsed time. */
    EXPECT_RANGE(sum(&b0) - sum(&a0), SPAN - MS, t1 - t0);
    EXPECT_RANGE(sum(&b1) - sum(&a1), SPAN - MS, t1 - t0);
}

static const struct test tests[] = {
    /* Two VCPUs on one pCPU: shares, waits and totals are consistent. */
    TEST(share),
};

int main(void)
{
    return run_tests("vcpu/runstate_shared", tests, ARRAY_SIZE(tests));
}
