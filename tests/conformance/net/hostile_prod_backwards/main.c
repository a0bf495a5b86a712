/*
 * A front end whose transmit producer index moves backwards, behind
 * requests the back end has already consumed, is disconnected; the
 * witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

/* After real traffic, req_prod goes back by 5: disconnected. */
static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    nd->nf.tx.sring->req_prod = nd->nf.tx.req_prod_pvt - 5;
    notify_remote_via_evtchn(nd->nf.port);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_prod_backwards", attack);
}
