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

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    uint16_t id;

    id = hostile_tx_id(nd);
    hostile_push(nd, &(netif_tx_request_t){ .gref = nd->nf.tx_ref[id], .offset = 4000,
                                              .id = id, .size = 200 }, 1);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_crosses_page", attack);
}
