/*
 * A front end that stops taking what it receives (the receive hog of
 * XSA-392): it asks dom0 for 300 UDP echoes and reads none of them.  Its
 * 64 posted pages fill, then its queue of 64 frames in dom0, and dom0
 * drops the rest for it alone: the witness's pings go on being answered
 * meanwhile.  When it reads again it finds at most those 128 echoes,
 * whole, and it is served as before.
 */
#include "../../lib/net_test.h"
#include "../../lib/test.h"

#define MY_PORT 9100
#define ASKED   300

static unsigned int echoes, bad;

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    echoes++;
    bad += src != NETDEV_DOM0 || len != 200;
}

static void attack(struct netdev *nd, volatile struct net_peer *w)
{
    static uint8_t d[200];

    if (!EXPECT_EQ(inet_udp_bind(&nd->ip, MY_PORT, sink, NULL), 0))
        return;
    for (unsigned int i = 0; i < ASKED; i++)
        if (!EXPECT_EQ(inet_udp_send(&nd->ip, NETDEV_DOM0, MY_PORT, NETBACK_UDP_ECHO, d,
                                     sizeof(d), monotonic_ns()), 0))
            return;
    /* Not reading: the others are served all the same. */
    net_witness_ok(w, NULL);
    while (netdev_poll(nd, monotonic_ns() + 100 * NSEC_PER_MSEC) > 0)
        ;
    printk("rx hog: %u of %u echoes came through\n", echoes, ASKED);
    EXPECT_RANGE(echoes, NETFRONT_RX_BUFS, NETFRONT_RX_BUFS + NETBACK_RXQ);
    EXPECT_EQ(bad, 0);
    hostile_still_served(nd);
}

int main(void)
{
    return hostile_main("net/hostile_rx_hog", attack);
}
