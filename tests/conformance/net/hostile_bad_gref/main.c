/*
 * Transmit requests naming grant refs that grant nothing (a ref never
 * used, one past the table) are answered ERROR, one each, and the
 * interface goes on working; the witness domU goes on being served.
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
    uint16_t a, b;

    if (!ready)
        return;
    before = nd.nf.tx_errors;
    a = hostile_tx_id(&nd);
    b = hostile_tx_id(&nd);
    hostile_push(&nd, (netif_tx_request_t[]){
        { .gref = 400, .id = a, .size = 60 },
        { .gref = 100000, .id = b, .size = 60 } }, 2);
    hostile_tx_errors(&nd, before, 2);
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
    return run_tests("net/hostile_bad_gref", tests, ARRAY_SIZE(tests));
}
