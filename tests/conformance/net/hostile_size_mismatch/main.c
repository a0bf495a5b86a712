/*
 * A packet whose second fragment alone is larger than the size its first
 * request declared for the whole packet disconnects the front end; the
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
    uint16_t a, b;

    if (!ready)
        return;
    a = hostile_tx_id(&nd);
    b = hostile_tx_id(&nd);
    hostile_push(&nd, (netif_tx_request_t[]){
        { .gref = nd.nf.tx_ref[a], .flags = NETTXF_more_data, .id = a, .size = 100 },
        { .gref = nd.nf.tx_ref[b], .id = b, .size = 200 } }, 2);
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
    return run_tests("net/hostile_size_mismatch", tests, ARRAY_SIZE(tests));
}
