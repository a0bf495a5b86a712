/*
 * A receive producer index 1000 ahead of the ring: the back end finds it
 * when it next has a frame for us (dom0's answer to our ping) and
 * disconnects us; the witness domU goes on being served.
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
    nd.nf.rx.sring->req_prod = nd.nf.rx.req_prod_pvt + 1000;
    EXPECT_TRUE(netdev_ping(&nd, NETDEV_DOM0, 9, 8, monotonic_ns() + 300 * NSEC_PER_MSEC) < 0);
    hostile_disconnected(&nd);
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
    return run_tests("net/hostile_rx_prod_ahead", tests, ARRAY_SIZE(tests));
}
