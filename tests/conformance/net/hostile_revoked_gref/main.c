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

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    void *page = alloc_page();
    unsigned long before;
    long ref;
    uint16_t id;

    if (!EXPECT_TRUE(page != NULL))
        return;
    ref = gnttab_grant_access(0, virt_to_mfn(page), true);
    if (!EXPECT_TRUE(ref >= 8) || !EXPECT_EQ(gnttab_end_access((grant_ref_t)ref), 0))
        return;
    before = nd->nf.tx_errors;
    id = hostile_tx_id(nd);
    hostile_push(nd, &(netif_tx_request_t){ .gref = (grant_ref_t)ref, .id = id, .size = 60 }, 1);
    hostile_tx_errors(nd, before, 1);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_revoked_gref", attack);
}
