/*
 * A receive producer index 1000 ahead of the ring: the back end finds it
 * when it next has a frame for us (dom0's answer to our ping) and
 * disconnects us; the witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    nd->nf.rx.sring->req_prod = nd->nf.rx.req_prod_pvt + 1000;
    EXPECT_TRUE(netdev_ping(nd, NETDEV_DOM0, 9, 8, monotonic_ns() + 300 * NSEC_PER_MSEC) < 0);
    hostile_disconnected(nd);
}

int main(void)
{
    return hostile_main("net/hostile_rx_prod_ahead", attack);
}
