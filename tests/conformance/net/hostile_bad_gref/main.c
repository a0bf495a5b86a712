/*
 * Transmit requests naming grant refs that grant nothing (a ref never
 * used, one past the table) are answered ERROR, one each, and the
 * interface goes on working; the witness domU goes on being served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    unsigned long before;
    uint16_t a, b;

    before = nd->nf.tx_errors;
    a = hostile_tx_id(nd);
    b = hostile_tx_id(nd);
    hostile_push(nd, (netif_tx_request_t[]){
        { .gref = 400, .id = a, .size = 60 },
        { .gref = 100000, .id = b, .size = 60 } }, 2);
    hostile_tx_errors(nd, before, 2);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_bad_gref", attack);
}
