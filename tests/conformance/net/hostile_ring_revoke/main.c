/*
 * A front end that tries to take its ring pages back while the back end
 * has them mapped: revoking the grants is refused (-EBUSY), and zeroing
 * the grant entries behind the hypervisor's back changes nothing for the
 * back end, whose mappings hold; the interface goes on working and the
 * witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    EXPECT_EQ(gnttab_end_access(nd->nf.tx_ring_ref), -XEN_EBUSY);
    EXPECT_EQ(gnttab_end_access(nd->nf.rx_ring_ref), -XEN_EBUSY);
    gnttab_entry(nd->nf.tx_ring_ref)->flags = 0;
    gnttab_entry(nd->nf.rx_ring_ref)->flags = 0;
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_ring_revoke", attack);
}
