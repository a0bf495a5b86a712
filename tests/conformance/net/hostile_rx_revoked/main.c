/*
 * A front end that revokes every receive page it posted: the back end's
 * copies into them fail and are answered ERROR (our ping's answer is
 * lost, nothing else happens); once the pages are granted again the
 * interface works.  The witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    unsigned long before;

    for (unsigned int i = 0; i < NETFRONT_RX_BUFS; i++)
        if (!EXPECT_EQ(gnttab_end_access(nd->nf.rx_ref[i]), 0))
            return;
    before = nd->nf.rx_errors;
    EXPECT_EQ(netdev_ping(nd, NETDEV_DOM0, 5, 8, monotonic_ns() + 300 * NSEC_PER_MSEC),
              -XEN_ETIMEDOUT);
    EXPECT_RANGE(nd->nf.rx_errors - before, 1, NETFRONT_RX_BUFS);
    EXPECT_EQ(net_backend_state(nd), XenbusStateConnected);
    for (unsigned int i = 0; i < NETFRONT_RX_BUFS; i++)
        gnttab_grant_access_ref(nd->nf.rx_ref[i], 0, virt_to_mfn(nd->nf.rx_page[i]), false);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_rx_revoked", attack);
}
