/*
 * A front end that revokes every receive page it posted: the back end's
 * copies into them fail and are answered ERROR (our ping's answer is
 * lost, nothing else happens); once the pages are granted again the
 * interface works.  The witness domU goes on being served.
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
    unsigned long before;

    if (!ready)
        return;
    for (unsigned int i = 0; i < NETFRONT_RX_BUFS; i++)
        if (!EXPECT_EQ(gnttab_end_access(nd.nf.rx_ref[i]), 0))
            return;
    before = nd.nf.rx_errors;
    EXPECT_EQ(netdev_ping(&nd, NETDEV_DOM0, 5, 8, monotonic_ns() + 300 * NSEC_PER_MSEC),
              -XEN_ETIMEDOUT);
    EXPECT_RANGE(nd.nf.rx_errors - before, 1, NETFRONT_RX_BUFS);
    EXPECT_EQ(net_backend_state(&nd), XenbusStateConnected);
    for (unsigned int i = 0; i < NETFRONT_RX_BUFS; i++)
        gnttab_grant_access_ref(nd.nf.rx_ref[i], 0, virt_to_mfn(nd.nf.rx_page[i]), false);
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
    return run_tests("net/hostile_rx_revoked", tests, ARRAY_SIZE(tests));
}
