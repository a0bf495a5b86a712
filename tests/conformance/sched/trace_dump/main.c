/*
 * The scheduling trace, dumped by dom0's debug keys: after two peers (one
 * CPU-bound, one sleeping in 10 ms steps) have run on 2 pCPUs for 300 ms
 * with recording on from boot (tevt_mask=15), debug key 'r'
 * (XEN_SYSCTL_debug_keys) prints the scheduler's queues and starts the
 * TRACE dump of core/trace.c, which scripts/sched-trace.py turns into a
 * timeline; the trace buffer holds records.  Keys the hypervisor does not
 * know do nothing; more than XEN_SYSCTL_DEBUG_KEYS_MAX keys is -EINVAL and
 * a bad pointer -EFAULT, both before any key runs.
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

static long tbuf(xen_sysctl_t *op, uint32_t cmd, uint32_t cpu, void *buf, uint32_t count)
{
    *op = (xen_sysctl_t){
        .cmd = XEN_SYSCTL_tbuf_op,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    op->u.tbuf_op.cmd = cmd;
    op->u.tbuf_op.cpu = cpu;
    op->u.tbuf_op.count = count;
    set_xen_guest_handle(op->u.tbuf_op.buffer, buf);
    return HYPERVISOR_sysctl(op);
}

static void dump_after_some_runs(void)
{
    static xen_sysctl_tbuf_rec_t recs[8];
    xen_sysctl_t op;

    sleep_ns(300 * NSEC_PER_MSEC);
    EXPECT_EQ(tbuf(&op, XEN_SYSCTL_TBUFOP_get_info, 0, NULL, 0), 0);
    EXPECT_EQ(op.u.tbuf_op.evt_mask, XEN_TBUF_EV_ALL);
    EXPECT_EQ(tbuf(&op, XEN_SYSCTL_TBUFOP_read, 0, recs, 8), 0);
    EXPECT_EQ(op.u.tbuf_op.count, 8);
    EXPECT_EQ(debug_keys("r", 1), 0);
    EXPECT_EQ(debug_keys("T", 1), 0);       /* one dump at a time: ignored */
    /* Let the timer print it all (tests/system/run.sh checks the log). */
    sleep_ns(200 * NSEC_PER_MSEC);
}

static void other_keys_and_faults(void)
{
    static const char many[XEN_SYSCTL_DEBUG_KEYS_MAX + 1] = "????????????????r";

    EXPECT_EQ(debug_keys("?", 1), 0);
    EXPECT_EQ(debug_keys(NULL, 0), 0);
    EXPECT_EQ(debug_keys(many, XEN_SYSCTL_DEBUG_KEYS_MAX), 0);
    EXPECT_EQ(debug_keys(many, XEN_SYSCTL_DEBUG_KEYS_MAX + 1), -XEN_EINVAL);
    EXPECT_EQ(debug_keys(many, 0xffffffffu), -XEN_EINVAL);
    EXPECT_EQ(debug_keys((const char *)0x10, 1), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* Key 'r' dumps the queues and the trace of recent runs. */
    TEST(dump_after_some_runs),
    /* Unknown keys are ignored; too many keys -EINVAL, unreadable -EFAULT. */
    TEST(other_keys_and_faults),
};

int main(void)
{
    return run_tests("sched/trace_dump", tests, ARRAY_SIZE(tests));
}
