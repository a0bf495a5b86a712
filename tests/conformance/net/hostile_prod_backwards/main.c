/*
 * A front end whose transmit producer index moves backwards, behind
 * requests the back end has already consumed, is disconnected; the
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

/* After real traffic, req_prod goes back by 5: disconnected. */
static void attack(void)
{
    if (!ready)
        return;
    nd.nf.tx.sring->req_prod = nd.nf.tx.req_prod_pvt - 5;
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
    return run_tests("net/hostile_prod_backwards", tests, ARRAY_SIZE(tests));
}
