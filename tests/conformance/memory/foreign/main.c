/*
 * memory_op from the control domain on another domain (here a peer domU
 * that sleeps, then powers off): dom0 may query and change any domain's
 * reservation, but only with that domain's frames - naming its own or the
 * hypervisor's frames in the peer's decrease_reservation releases nothing,
 * and the peer at its max_pages gets no more.  Afterwards the peer still
 * runs to a clean poweroff, its tot_pages are unchanged, and once it is
 * destroyed the free memory of the machine (sysctl physinfo) is the
 * baseline plus its pages: nothing leaked.
 */
#include "../../lib/domains.h"
#include "../../lib/memory.h"
#include "../../lib/test.h"

#define PEER 1

static long free_pages(void)
{
    xen_sysctl_t op = { .cmd = XEN_SYSCTL_physinfo,
                        .interface_version = XEN_SYSCTL_INTERFACE_VERSION };
    long rc = HYPERVISOR_sysctl(&op);

    return rc ? rc : (long)op.u.physinfo.free_pages;
}

static long baseline_free, peer_pages;

/* dom0 reads the peer's reservation; it is what the peer was built with. */
static void query_peer(void)
{
    struct xen_domctl_getdomaininfo info;

    baseline_free = free_pages();
    EXPECT_TRUE(baseline_free > 0);
    if (!EXPECT_EQ(domain_info(PEER, &info), 0))
        return;
    peer_pages = mem_query(XENMEM_current_reservation, PEER);
    EXPECT_EQ(peer_pages, info.tot_pages);
    EXPECT_EQ(mem_query(XENMEM_maximum_reservation, PEER), info.max_pages);
    EXPECT_EQ(mem_query(XENMEM_current_reservation, 77), -XEN_ESRCH);
}

/* Frames that are not the peer's: refused for the peer, nothing released. */
static void not_the_peers_frames(void)
{
    xen_pfn_t mine = pfn_to_mfn(start_info->nr_pages - 1);
    xen_pfn_t hv = 0x80200;
    long dom0_pages = mem_current();

    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, &mine, 1, 0, 0, PEER), 0);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, &hv, 1, 0, 0, PEER), 0);
    EXPECT_EQ(mem_current(), dom0_pages);
    EXPECT_EQ(mem_query(XENMEM_current_reservation, PEER), peer_pages);
}

/* The peer is at max_pages: increase for it gives 0 extents. */
static void peer_at_its_limit(void)
{
    xen_pfn_t m;

    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 0, 0, PEER), 0);
    EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, &m, 1, 0, 0, PEER), 0);
    EXPECT_EQ(mem_query(XENMEM_current_reservation, PEER), peer_pages);
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 0, 0, 500), 0);
}

/* The control domain's extent order limit is above the domU's. */
static void control_domain_order(void)
{
    xen_pfn_t m = 0;

    /* Order 10 passes the order check; dom0 is at its own max_pages, so
     * the answer is still 0, and nothing is allocated. */
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 10, 0, DOMID_SELF), 0);
    EXPECT_EQ(free_pages(), baseline_free);
}

/*
 * The peer runs on to a clean poweroff.  A domU that has shut down is
 * destroyed at once, so its memory comes back: free memory ends at the
 * baseline plus the peer's pages (and its few hypervisor pages).  The
 * release runs on the peer's CPU just after its shut-down state is
 * visible, hence the short wait.
 */
#define PEER_HV_PAGES_MAX 64

static void peer_unharmed(void)
{
    uint64_t end;
    long code;

    EXPECT_TRUE(wait_domains(PEER, 1, 10 * NSEC_PER_SEC, &code));
    EXPECT_EQ(code, SHUTDOWN_poweroff);
    end = monotonic_ns() + 1000 * NSEC_PER_MSEC;
    while (free_pages() < baseline_free + peer_pages && monotonic_ns() < end)
        sleep_ns(1 * NSEC_PER_MSEC);
    EXPECT_RANGE(free_pages(), baseline_free + peer_pages,
                 baseline_free + peer_pages + PEER_HV_PAGES_MAX);
}

static const struct test tests[] = {
    /* dom0 reads the peer's current/maximum reservation; unknown domid -ESRCH. */
    TEST(query_peer),
    /* dom0's or the hypervisor's frames named for the peer: 0 extents. */
    TEST(not_the_peers_frames),
    /* the peer at max_pages gets nothing more; a missing domain nothing. */
    TEST(peer_at_its_limit),
    /* order 10 from dom0 allocates nothing beyond its max_pages. */
    TEST(control_domain_order),
    /* the peer powers off normally; free_pages ends at baseline + its pages. */
    TEST(peer_unharmed),
};

int main(void)
{
    return run_tests("memory/foreign", tests, ARRAY_SIZE(tests));
}
