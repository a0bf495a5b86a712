/*
 * A transmit fragment that runs past the end of its granted page
 * (offset 4000, 200 bytes) is impossible: the front end is disconnected
 * and nothing is copied; the witness domU goes on being served.
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
    uint16_t id;

    if (!ready)
        return;
    id = hostile_tx_id(&nd);
    hostile_push(&nd, &(netif_tx_request_t){ .gref = nd.nf.tx_ref[id], .offset = 4000,
                                              .id = id, .size = 200 }, 1);
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
    return run_tests("net/hostile_crosses_page", tests, ARRAY_SIZE(tests));
}
