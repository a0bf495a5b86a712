/*
 * A transmit flood: for 300 ms of virtual time the front end keeps
 * its ring full of requests (runts, each answered ERROR).  The back end
 * serves it no more than its share: the witness's pings to dom0 go on
 * being answered during the flood, and afterwards the flooder's own
 * interface still works.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    uint64_t end = monotonic_ns() + 300 * NSEC_PER_MSEC;
    uint32_t ok0;
    unsigned long sent = 0, before;

    ok0 = w->pings_ok;
    before = nd->nf.tx_errors;
    while (monotonic_ns() < end) {
        netfront_reap_tx(&nd->nf);
        while (nd->nf.nr_tx_free) {
            uint16_t id = hostile_tx_id(nd);

            *netif_tx_request_slot(&nd->nf.tx, nd->nf.tx.req_prod_pvt++) =
                (netif_tx_request_t){ .gref = nd->nf.tx_ref[id], .id = id, .size = 10 };
            sent++;
        }
        netif_tx_push_requests(&nd->nf.tx);
        notify_remote_via_evtchn(nd->nf.port);
    }
    printk("flood: %lu requests in 300 ms; the witness got %u pings answered meanwhile\n",
           sent, w->pings_ok - ok0);
    EXPECT_RANGE(sent, 500, ~0ul);
    EXPECT_RANGE(w->pings_ok - ok0, 10, ~0u);
    hostile_tx_errors(nd, before, sent);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_flood", attack);
}
