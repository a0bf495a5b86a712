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

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    uint16_t a, b;

    a = hostile_tx_id(nd);
    b = hostile_tx_id(nd);
    hostile_push(nd, (netif_tx_request_t[]){
        { .gref = nd->nf.tx_ref[a], .flags = NETTXF_more_data, .id = a, .size = 100 },
        { .gref = nd->nf.tx_ref[b], .id = b, .size = 200 } }, 2);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_size_mismatch", attack);
}
