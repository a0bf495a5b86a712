/*
 * An exception a guest cannot take crashes the guest (with a register
 * dump on the hypervisor console) instead of looping or taking the
 * hypervisor down.  This test kernel is dom0; its peers are
 *   d1: stvec = 0, then a store to an unmapped address;
 *   d2: stvec = an unmapped address, then ebreak (the fetch of the
 *       handler itself faults).
 */
#include "../../lib/domains.h"
#include "../../lib/test.h"

#define TIMEOUT_NS (10 * NSEC_PER_SEC)

static void both_crashed(void)
{
    long codes[2];

    if (!EXPECT_TRUE(wait_domains(1, 2, TIMEOUT_NS, codes)))
        xtf_failure("peers still running after 10 s");
    EXPECT_EQ(codes[0], SHUTDOWN_crash);
    EXPECT_EQ(codes[1], SHUTDOWN_crash);
}

static void dom0_unaffected(void)
{
    EXPECT_EQ(domain_shutdown_code(0), DOMAIN_RUNNING);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL), (4 << 16) | 20);
}

static const struct test tests[] = {
    /* No stvec, and an stvec that cannot be fetched: both peers end with crash (3). */
    TEST(both_crashed),
    /* dom0 and the hypervisor carry on. */
    TEST(dom0_unaffected),
};

int main(void)
{
    return run_tests("fault/unhandleable", tests, ARRAY_SIZE(tests));
}
