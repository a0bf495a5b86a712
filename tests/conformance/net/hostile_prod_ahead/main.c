/*
 * A front end that publishes a transmit producer index 1000 ahead of
 * what the ring can hold is disconnected (Closing, an error node, its
 * ring pages released); the witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

/* req_prod 1000 past the back end: disconnected. */
static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    nd->nf.tx.sring->req_prod = nd->nf.tx.req_prod_pvt + 1000;
    notify_remote_via_evtchn(nd->nf.port);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_prod_ahead", attack);
}
