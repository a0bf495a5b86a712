/*
 * SCHEDOP_remote_shutdown is for the control domain: a domU may not shut
 * down dom0, itself, or anyone else that way (-EPERM), and nothing
 * happens - the caller runs on, and so does dom0, which reports this
 * domain's own clean end later.  As on Xen the target is looked up first:
 * an id that names no domain (DOMID_SELF is not resolved here) is -ESRCH.
 */
#include "../../lib/test.h"

static long remote_shutdown(domid_t dom, unsigned int reason)
{
    struct sched_remote_shutdown r = { .domain_id = dom, .reason = reason };

    return HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r);
}

static void denied_for_dom0(void)
{
    EXPECT_EQ(remote_shutdown(0, SHUTDOWN_poweroff), -XEN_EPERM);
    EXPECT_EQ(remote_shutdown(0, SHUTDOWN_crash), -XEN_EPERM);
}

static void denied_for_self(void)
{
    EXPECT_EQ(remote_shutdown((domid_t)test_domid(), SHUTDOWN_poweroff), -XEN_EPERM);
    EXPECT_EQ(remote_shutdown(DOMID_SELF, SHUTDOWN_poweroff), -XEN_ESRCH);
    EXPECT_EQ(remote_shutdown(0x7000, SHUTDOWN_poweroff), -XEN_ESRCH);
}

static void bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, NULL), -XEN_EFAULT);
}

/* Still here (and dom0 too: sleeping needs nobody, but the result line
 * is only read if the machine is still on). */
static void still_running(void)
{
    uint64_t t0 = monotonic_ns();

    sleep_ns(20 * NSEC_PER_MSEC);
    EXPECT_TRUE(monotonic_ns() - t0 >= 20 * NSEC_PER_MSEC);
}

static const struct test tests[] = {
    /* Shutting dom0 down remotely is -EPERM. */
    TEST(denied_for_dom0),
    /* Shutting oneself down remotely is -EPERM too. */
    TEST(denied_for_self),
    /* An unmapped argument is -EFAULT. */
    TEST(bad_pointer),
    /* The domain (and the machine) still run afterwards. */
    TEST(still_running),
};

int main(void)
{
    return run_tests("sched/remote_shutdown_denied", tests, ARRAY_SIZE(tests));
}
