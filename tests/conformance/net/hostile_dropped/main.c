/*
 * Well-formed packets the back end will not carry are answered ERROR and
 * dropped, the interface staying up: a runt (10 bytes), one longer than
 * an Ethernet frame (2000 bytes), one with a flag Xen does not define,
 * and one with a GSO extra (not offered).  The witness domU goes on
 * being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    netif_tx_request_t gso = { 0 };
    unsigned long before;
    uint16_t id[4];

    for (unsigned int i = 0; i < 4; i++)
        id[i] = hostile_tx_id(nd);
    ((uint8_t *)&gso)[0] = XEN_NETIF_EXTRA_TYPE_GSO;
    before = nd->nf.tx_errors;
    hostile_push(nd, (netif_tx_request_t[]){
        { .gref = nd->nf.tx_ref[id[0]], .id = id[0], .size = 10 },
        { .gref = nd->nf.tx_ref[id[1]], .id = id[1], .size = 2000 },
        { .gref = nd->nf.tx_ref[id[2]], .flags = 1u << 7, .id = id[2], .size = 60 },
        { .gref = nd->nf.tx_ref[id[3]], .flags = NETTXF_extra_info, .id = id[3], .size = 60 },
        gso }, 5);
    /* The extra slot's response is NETIF_RSP_NULL, not counted. */
    hostile_tx_errors(nd, before, 4);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_dropped", attack);
}
