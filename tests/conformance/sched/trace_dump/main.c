/*
 * The scheduling trace, dumped by dom0: after two peers (one CPU-bound,
 * one sleeping in 10 ms steps) have run on 2 pCPUs for 300 ms, debug key
 * 'r' (XEN_SYSCTL_debug_keys) prints the scheduler's queues and one
 * "sched-trace:" line per recent run of every pCPU to the console, where
 * scripts/sched-trace.py can turn them into a timeline.  Keys the
 * hypervisor does not know do nothing; a bad pointer is -EFAULT.
 */
#include <public/sysctl.h>
#include "../../lib/test.h"

static long debug_keys(const char *keys, uint32_t n)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_debug_keys,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };

    set_xen_guest_handle(op.u.debug_keys.keys, keys);
    op.u.debug_keys.nr_keys = n;
    return HYPERVISOR_sysctl(&op);
}

static void dump_after_some_runs(void)
{
    sleep_ns(300 * NSEC_PER_MSEC);
    EXPECT_EQ(debug_keys("r", 1), 0);
}

static void other_keys_and_faults(void)
{
    EXPECT_EQ(debug_keys("?", 1), 0);
    EXPECT_EQ(debug_keys(NULL, 0), 0);
    EXPECT_EQ(debug_keys((const char *)0x10, 1), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* Key 'r' dumps the queues and the trace of recent runs. */
    TEST(dump_after_some_runs),
    /* Unknown keys are ignored; an unreadable key is -EFAULT. */
    TEST(other_keys_and_faults),
};

int main(void)
{
    return run_tests("sched/trace_dump", tests, ARRAY_SIZE(tests));
}
