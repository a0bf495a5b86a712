/*
 * domctl is for the control domain: from a domU every command, the
 * scheduler's included, is refused with -EPERM (after the interface
 * version check, -EACCES, as Xen), and dom0's parameters do not change.
 */
#include <public/domctl.h>
#include "../../lib/test.h"

static long domctl(uint32_t cmd, uint32_t version, domid_t dom)
{
    xen_domctl_t op = { .cmd = cmd, .interface_version = version, .domain = dom };

    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    op.u.scheduler_op.u.credit.weight = 65535;
    return HYPERVISOR_domctl(&op);
}

static void denied(void)
{
    EXPECT_EQ(domctl(XEN_DOMCTL_scheduler_op, XEN_DOMCTL_INTERFACE_VERSION, 0), -XEN_EPERM);
    EXPECT_EQ(domctl(XEN_DOMCTL_scheduler_op, XEN_DOMCTL_INTERFACE_VERSION,
                     (domid_t)test_domid()), -XEN_EPERM);
    EXPECT_EQ(domctl(XEN_DOMCTL_getvcpuinfo, XEN_DOMCTL_INTERFACE_VERSION, 0), -XEN_EPERM);
    EXPECT_EQ(domctl(0x7fff, XEN_DOMCTL_INTERFACE_VERSION, 0), -XEN_EPERM);
}

static void version_checked_first(void)
{
    EXPECT_EQ(domctl(XEN_DOMCTL_scheduler_op, 0, 0), -XEN_EACCES);
}

static const struct test tests[] = {
    /* A domU's domctl: -EPERM, whatever the command and target. */
    TEST(denied),
    /* The interface version is checked before the privilege. */
    TEST(version_checked_first),
};

int main(void)
{
    return run_tests("sched/domctl_denied", tests, ARRAY_SIZE(tests));
}
