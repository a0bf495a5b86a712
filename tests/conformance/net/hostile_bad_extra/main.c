/*
 * An extra-info slot of a type Xen does not define (9) disconnects the
 * front end; the witness domU goes on being served.
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
    netif_tx_request_t extra = { 0 };
    uint16_t id;

    if (!ready)
        return;
    id = hostile_tx_id(&nd);
    ((uint8_t *)&extra)[0] = 9;        /* netif_extra_info.type */
    hostile_push(&nd, (netif_tx_request_t[]){
        { .gref = nd.nf.tx_ref[id], .flags = NETTXF_extra_info, .id = id, .size = 60 },
        extra }, 2);
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
    return run_tests("net/hostile_bad_extra", tests, ARRAY_SIZE(tests));
}
