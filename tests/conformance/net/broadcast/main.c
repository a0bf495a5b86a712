/*
 * Broadcast through dom0's bridge: a UDP datagram to 10.0.2.255 goes out
 * to the Ethernet broadcast address, reaches every port but ours, and is
 * echoed by both the peer (10.0.2.17) and dom0 (10.0.2.15); a broadcast
 * ping is answered by neither (as Linux, by default).
 */
#include <string.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

#define MY_PORT 7000

static struct netdev nd;
static volatile struct net_peer *peer;
static bool from_peer, from_dom0;
static unsigned int replies;

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    replies++;
    from_peer |= src == netdev_addr_of(2) && len == 5 && !memcmp(data, "hello", 5);
    from_dom0 |= src == NETDEV_DOM0 && len == 5 && !memcmp(data, "hello", 5);
}

static void up(void)
{
    if (!net_test_up(&nd) || !EXPECT_EQ(inet_udp_bind(&nd.ip, MY_PORT, sink, NULL), 0))
        return;
    peer = net_peer_attach(2);
}

/* One broadcast datagram, two echoes, from the two other hosts. */
static void udp_broadcast(void)
{
    uint64_t until = monotonic_ns() + 2 * NSEC_PER_SEC;

    if (!peer)
        return;
    EXPECT_EQ(netdev_udp_send(&nd, NETDEV_BROADCAST, MY_PORT, 7, "hello", 5, until), 0);
    while (!(from_peer && from_dom0) && monotonic_ns() < until)
        netdev_poll(&nd, until);
    EXPECT_TRUE(from_peer);
    EXPECT_TRUE(from_dom0);
    EXPECT_EQ(peer->echoed, 1);
    /* Nothing of ours came back to us. */
    EXPECT_EQ(nd.ip.stats.no_port, 0);
}

/* A broadcast ping: nobody answers. */
static void ping_broadcast(void)
{
    if (!peer)
        return;
    EXPECT_EQ(netdev_ping(&nd, NETDEV_BROADCAST, 1, 8, monotonic_ns() + 300 * NSEC_PER_MSEC),
              -XEN_ETIMEDOUT);
    EXPECT_EQ(replies, 2);
    net_peers_stop();
}

static const struct test tests[] = {
    TEST(up),
    TEST(udp_broadcast),
    TEST(ping_broadcast),
};

int main(void)
{
    return run_tests("net/broadcast", tests, ARRAY_SIZE(tests));
}
