/*
 * A packet of 19 fragments (one more than XEN_NETIF_NR_SLOTS_MIN, the
 * most a back end must take) disconnects the front end; the witness domU
 * goes on being served.
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
    netif_tx_request_t r[19];

    if (!ready)
        return;
    for (unsigned int i = 0; i < 19; i++) {
        uint16_t id = hostile_tx_id(&nd);

        r[i] = (netif_tx_request_t){ .gref = nd.nf.tx_ref[id], .offset = 0,
                                     .flags = i < 18 ? NETTXF_more_data : 0, .id = id,
                                     .size = i ? 1 : 100 };
    }
    hostile_push(&nd, r, 19);
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
    return run_tests("net/hostile_too_many_frags", tests, ARRAY_SIZE(tests));
}
