/*
 * A front end that tries to take its ring pages back while the back end
 * has them mapped: revoking the grants is refused (-EBUSY), and zeroing
 * the grant entries behind the hypervisor's back changes nothing for the
 * back end, whose mappings hold; the interface goes on working and the
 * witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static volatile struct net_peer *w;
static bool ready;

/* Up, with the witness (domain 2) pinging dom0. */
static void setup(void)
{
    ready = hostile_begin(&nd, &w);
}

static void attack(void)
{
    if (!ready)
        return;
    EXPECT_EQ(gnttab_end_access(nd.nf.tx_ring_ref), -XEN_EBUSY);
    EXPECT_EQ(gnttab_end_access(nd.nf.rx_ring_ref), -XEN_EBUSY);
    gnttab_entry(nd.nf.tx_ring_ref)->flags = 0;
    gnttab_entry(nd.nf.rx_ring_ref)->flags = 0;
    hostile_still_served(&nd);
}

/* The witness's pings to dom0 went on being answered throughout. */
static void witness(void)
{
    hostile_end(&nd, w);
}

static const struct test tests[] = {
    TEST(setup),
    TEST(attack),
    TEST(witness),
};

int main(void)
{
    return run_tests("net/hostile_ring_revoke", tests, ARRAY_SIZE(tests));
}
