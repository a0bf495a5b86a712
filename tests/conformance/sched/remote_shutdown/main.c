/*
 * SCHEDOP_remote_shutdown as the control domain (this test kernel is
 * dom0): an unknown domain is -ESRCH; a peer that blocks forever (d1) is
 * shut down with the reason given, and a second remote shutdown of it
 * changes nothing (the first reason stays).
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define PEER 1
#define TIMEOUT_NS (5 * NSEC_PER_SEC)

static long remote_shutdown(domid_t dom, unsigned int reason)
{
    struct sched_remote_shutdown r = { .domain_id = dom, .reason = reason };

    return HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &r);
}

static void unknown_domain(void)
{
    EXPECT_EQ(remote_shutdown(999, SHUTDOWN_poweroff), -XEN_ESRCH);
    EXPECT_EQ(remote_shutdown(DOMID_FIRST_RESERVED - 1, SHUTDOWN_poweroff), -XEN_ESRCH);
}

static void bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, NULL), -XEN_EFAULT);
}

static void shut_peer_down(void)
{
    long code;

    if (!EXPECT_EQ(domain_shutdown_code(PEER), DOMAIN_RUNNING))
        return;
    EXPECT_EQ(remote_shutdown(PEER, SHUTDOWN_reboot), 0);
    if (EXPECT_TRUE(wait_domains(PEER, 1, TIMEOUT_NS, &code)))
        EXPECT_EQ(code, SHUTDOWN_reboot);
}

static void second_shutdown_changes_nothing(void)
{
    EXPECT_EQ(remote_shutdown(PEER, SHUTDOWN_crash), 0);
    sleep_ns(10 * NSEC_PER_MSEC);
    EXPECT_EQ(domain_shutdown_code(PEER), SHUTDOWN_reboot);
}

static const struct test tests[] = {
    /* Remote shutdown of a domain that does not exist is -ESRCH. */
    TEST(unknown_domain),
    /* An unmapped argument is -EFAULT. */
    TEST(bad_pointer),
    /* dom0 shuts the blocked peer down with reboot, and getdomaininfo says reboot. */
    TEST(shut_peer_down),
    /* A second remote shutdown (crash) returns 0 and the code stays reboot. */
    TEST(second_shutdown_changes_nothing),
};

int main(void)
{
    return run_tests("sched/remote_shutdown", tests, ARRAY_SIZE(tests));
}
