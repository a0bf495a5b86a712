/*
 * An extra-info slot of a type Xen does not define (9) disconnects the
 * front end; the witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    netif_tx_request_t extra = { 0 };
    uint16_t id;

    id = hostile_tx_id(nd);
    ((uint8_t *)&extra)[0] = 9;        /* netif_extra_info.type */
    hostile_push(nd, (netif_tx_request_t[]){
        { .gref = nd->nf.tx_ref[id], .flags = NETTXF_extra_info, .id = id, .size = 60 },
        extra }, 2);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_bad_extra", attack);
}
