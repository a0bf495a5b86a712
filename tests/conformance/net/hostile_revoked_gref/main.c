/*
 * A transmit request naming a page whose grant the front end revoked
 * before the back end copied it is answered ERROR and nothing of the
 * page is sent; the interface goes on working and the witness domU goes
 * on being served.
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
    void *page = alloc_page();
    unsigned long before;
    long ref;
    uint16_t id;

    if (!ready || !EXPECT_TRUE(page != NULL))
        return;
    ref = gnttab_grant_access(0, virt_to_mfn(page), true);
    if (!EXPECT_TRUE(ref >= 8) || !EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0))
        return;
    before = nd.nf.tx_errors;
    id = hostile_tx_id(&nd);
    hostile_push(&nd, &(netif_tx_request_t){ .gref = (grant_ref_t)ref, .id = id, .size = 60 }, 1);
    hostile_tx_errors(&nd, before, 1);
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
    return run_tests("net/hostile_revoked_gref", tests, ARRAY_SIZE(tests));
}
