/*
 * A front end that closes its interface and connects again naming ring
 * refs that grant nothing: the back end cannot map them, refuses the
 * connection (Closing, an error node) and holds nothing of ours; the
 * witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    const struct xenbus_node nodes[] = {
        { "tx-ring-ref", "450" }, { "rx-ring-ref", "451" },
    };
    char why[96];

    if (!EXPECT_EQ(netfront_close(&nd->nf, monotonic_ns() + 2 * NSEC_PER_SEC), 0) ||
        !net_backend_state_wait(nd, XenbusStateClosed))
        return;
    EXPECT_EQ(xenbus_front_switch(&nd->nf.xb, XenbusStateInitialising), 0);
    if (!net_backend_state_wait(nd, XenbusStateInitWait))
        return;
    EXPECT_EQ(xenbus_front_publish(&nd->nf.xb, nodes, 2, XenbusStateConnected), 0);
    net_backend_state_wait(nd, XenbusStateClosing);
    if (EXPECT_TRUE(net_backend_read(nd, "error", why, sizeof(why)) > 0))
        printk("net: the back end says: %s\n", why);
}

int main(void)
{
    return hostile_main("net/hostile_ring_ungranted", attack);
}
