/*
 * Scheduler parameters from dom0 under the default policy (Credit, 2
 * pCPUs, one idle peer d1): out-of-range values, a policy other than the
 * one in use, an unknown command, a domain that does not exist, a wrong
 * interface version and a pool other than 0 are refused with Xen's errno
 * and change nothing; good values round-trip and are restored.
 */
#include "../sched_ctl.h"

static long sched_sysctl(uint32_t pool, uint32_t sched_id, uint32_t cmd,
                         struct xen_sysctl_credit_schedule *p)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_scheduler_op,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    long rc;

    op.u.scheduler_op.cpupool_id = pool;
    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    op.u.scheduler_op.u.sched_credit = *p;
    rc = HYPERVISOR_sysctl(&op);
    *p = op.u.scheduler_op.u.sched_credit;
    return rc;
}

static void credit_is_the_default(void)
{
    EXPECT_EQ(sched_in_use(), XEN_SCHEDULER_CREDIT);
}

static void domain_defaults(void)
{
    struct xen_domctl_scheduler_op out;

    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.credit.weight, 256);
    EXPECT_EQ(out.u.credit.cap, 0);
}

static void bad_domain_params(void)
{
    struct xen_domctl_scheduler_op out, in = { .u.credit = { .weight = 300, .cap = 0 } };

    EXPECT_EQ(set_credit(1, 512, 101), -XEN_EINVAL);      /* d1 has 1 VCPU: cap <= 100 */
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_SEDF, XEN_DOMCTL_SCHEDOP_putinfo, NULL, &in),
              -XEN_EINVAL);
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, 7, NULL, &in), -XEN_EINVAL);
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putvcpuinfo, NULL, &in),
              -XEN_EINVAL);
    EXPECT_EQ(sched_domctl(77, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL),
              -XEN_ESRCH);
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.credit.weight, 256);                  /* nothing changed */
    EXPECT_EQ(out.u.credit.cap, 0);
}

static void wrong_interface_version(void)
{
    xen_domctl_t op = {
        .cmd = XEN_DOMCTL_scheduler_op,
        .interface_version = XEN_DOMCTL_INTERFACE_VERSION + 1,
        .domain = 1,
    };

    op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    EXPECT_EQ(HYPERVISOR_domctl(&op), -XEN_EACCES);
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.cmd = 0x7fff;
    EXPECT_EQ(HYPERVISOR_domctl(&op), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_domctl(NULL), -XEN_EFAULT);
}

static void good_domain_params_round_trip(void)
{
    struct xen_domctl_scheduler_op out;

    EXPECT_EQ(set_credit(1, 1000, 50), 0);
    EXPECT_EQ(set_credit(1, 0, 0xFFFF), 0);               /* both "unchanged" */
    EXPECT_EQ(sched_domctl(1, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo, &out, NULL), 0);
    EXPECT_EQ(out.u.credit.weight, 1000);
    EXPECT_EQ(out.u.credit.cap, 50);
    EXPECT_EQ(set_credit(1, 256, 0), 0);
}

static void bad_global_params(void)
{
    struct xen_sysctl_credit_schedule p = { 0 }, keep;
    static const struct xen_sysctl_credit_schedule bad[] = {
        { 0, 1000, 0 }, { 1001, 1000, 0 }, { 30, 99, 0 }, { 30, 500001, 0 },
        { 5, 6000, 0 }, { 30, 1000, 100001 },
    };

    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    EXPECT_EQ(p.tslice_ms, 30);
    EXPECT_EQ(p.ratelimit_us, 1000);
    keep = p;
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        p = bad[i];
        EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, &p),
                  -XEN_EINVAL);
    }
    p = keep;
    EXPECT_EQ(sched_sysctl(1, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), -XEN_ESRCH);
    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_SEDF, XEN_SYSCTL_SCHEDOP_getinfo, &p), -XEN_EINVAL);
    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    EXPECT_EQ(p.tslice_ms, 30);                           /* nothing changed */
    EXPECT_EQ(p.ratelimit_us, 1000);
}

static void good_global_params_round_trip(void)
{
    struct xen_sysctl_credit_schedule p = { .tslice_ms = 10, .ratelimit_us = 0 };

    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, &p), 0);
    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_getinfo, &p), 0);
    EXPECT_EQ(p.tslice_ms, 10);
    EXPECT_EQ(p.ratelimit_us, 0);
    p = (struct xen_sysctl_credit_schedule){ .tslice_ms = 30, .ratelimit_us = 1000 };
    EXPECT_EQ(sched_sysctl(0, XEN_SCHEDULER_CREDIT, XEN_SYSCTL_SCHEDOP_putinfo, &p), 0);
}

static const struct test tests[] = {
    /* With no sched= the policy is Credit, as Xen's default was. */
    TEST(credit_is_the_default),
    /* A domain starts at weight 256, no cap. */
    TEST(domain_defaults),
    /* Cap too large, other policy, bad cmd: -EINVAL; no domain: -ESRCH. */
    TEST(bad_domain_params),
    /* Wrong version -EACCES, unknown domctl -ENOSYS, bad pointer -EFAULT. */
    TEST(wrong_interface_version),
    /* weight 0 / cap 0xFFFF leave a value unchanged. */
    TEST(good_domain_params_round_trip),
    /* Out-of-range slice/ratelimit/delay: -EINVAL; pool 1: -ESRCH. */
    TEST(bad_global_params),
    /* A 10 ms slice without ratelimit is taken and read back. */
    TEST(good_global_params_round_trip),
};

int main(void)
{
    return run_tests("sched/param_checks", tests, ARRAY_SIZE(tests));
}
