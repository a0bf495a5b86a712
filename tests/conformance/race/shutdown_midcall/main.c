/*
 * Domains shut down while their other VCPUs are in the middle of
 * hypercalls (-smp 4, real parallel harts): three stormer peers, each
 * with four VCPUs making page-table, grant and event calls nonstop from
 * the moment dom0 connects to them (after its baseline), power themselves
 * off 200, 300 and 400 ms later.  Each must end with its
 * own poweroff (not a crash: a stormer crashes itself on any answer the
 * ABI does not allow) and be destroyed, giving every frame back: free
 * memory ends at what it was plus the peers' pages (and their few
 * hypervisor pages).
 */
#include <public/sched.h>
#include <public/sysctl.h>
#include "../../lib/domains.h"
#include "../../lib/peer_link.h"
#include "../../lib/test.h"

#define PEERS 3
#define PEER_HV_PAGES_MAX 64

static long baseline_free, peer_pages;

static long free_pages(void)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERVISOR_sysctl(&op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

static void baseline(void)
{
    baseline_free = free_pages();
    EXPECT_TRUE(baseline_free > 0);
    for (domid_t d = 1; d <= PEERS; d++) {
        struct xen_domctl_getdomaininfo info;

        if (EXPECT_EQ(domain_info(d, &info), 0))
            peer_pages += (long)info.tot_pages;
        if (domain_shutdown_code(d) != DOMAIN_RUNNING)
            xtf_error("peer d%u finished before the baseline was taken", d);
    }
    for (domid_t d = 1; d <= PEERS; d++)          /* go */
        EXPECT_TRUE(link_connect(d, 10 * NSEC_PER_SEC) > 0);
}

static void stormers_power_off(void)
{
    long codes[PEERS];

    EXPECT_TRUE(wait_domains(1, PEERS, 10000 * NSEC_PER_MSEC, codes));
    for (unsigned int i = 0; i < PEERS; i++)
        EXPECT_EQ(codes[i], SHUTDOWN_poweroff);
}

static void memory_returned(void)
{
    uint64_t end = monotonic_ns() + 1000 * NSEC_PER_MSEC;

    while (free_pages() < baseline_free + peer_pages && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    EXPECT_RANGE(free_pages(), baseline_free + peer_pages,
                 baseline_free + peer_pages + PEERS * PEER_HV_PAGES_MAX);
}

static const struct test tests[] = {
    /* Free memory, and the peers' pages, while they wait; then start them. */
    TEST(baseline),
    /* Every stormer ends with its own poweroff. */
    TEST(stormers_power_off),
    /* Every frame of theirs is back. */
    TEST(memory_returned),
};

int main(void)
{
    return run_tests("race/shutdown_midcall", tests, ARRAY_SIZE(tests));
}
