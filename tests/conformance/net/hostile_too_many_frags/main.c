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

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    netif_tx_request_t r[19];

    for (unsigned int i = 0; i < 19; i++) {
        uint16_t id = hostile_tx_id(nd);

    r[i] = (netif_tx_request_t){ .gref = nd->nf.tx_ref[id], .offset = 0,
                                     .flags = i < 18 ? NETTXF_more_data : 0, .id = id,
                                     .size = i ? 1 : 100 };
    }
    hostile_push(nd, r, 19);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_too_many_frags", attack);
}
