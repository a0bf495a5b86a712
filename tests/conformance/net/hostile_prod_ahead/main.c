/*
 * A front end that publishes a transmit producer index 1000 ahead of
 * what the ring can hold is disconnected (Closing, an error node, its
 * ring pages released); the witness domU goes on being served.
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

/* req_prod 1000 past the back end: disconnected. */
static void attack(void)
{
    if (!ready)
        return;
    nd.nf.tx.sring->req_prod = nd.nf.tx.req_prod_pvt + 1000;
    notify_remote_via_evtchn(nd.nf.port);
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
    return run_tests("net/hostile_prod_ahead", tests, ARRAY_SIZE(tests));
}
