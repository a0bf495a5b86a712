/*
 * domU <-> domU through dom0's bridge: this test (domain 1,
 * 10.0.2.16) pings the peer (domain 2, 10.0.2.17) and is pinged by
 * nobody; each echo comes back with its sequence number and data, of
 * sizes from none to the largest that fits a frame, and the peer's
 * address was learned by ARP on the way.
 */
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static volatile struct net_peer *peer;

/* The interface comes up with our address and Xen's MAC for domain 1. */
static void up(void)
{
    if (!net_test_up(&nd))
        return;
    EXPECT_EQ_HEX(nd.ip.addr, netdev_addr_of(1));
    EXPECT_EQ(nd.nf.mac[0], 0x00);
    EXPECT_EQ(nd.nf.mac[1], 0x16);
    EXPECT_EQ(nd.nf.mac[2], 0x3e);
    EXPECT_EQ(nd.nf.mac[5], 1);
    peer = net_peer_attach(2);
}

/* Ten pings of 56 bytes, each answered with its data. */
static void pings(void)
{
    uint8_t mac[6];

    if (!peer)
        return;
    for (uint16_t seq = 1; seq <= 10; seq++) {
        long rtt = netdev_ping(&nd, netdev_addr_of(2), seq, 56,
                               monotonic_ns() + 2 * NSEC_PER_SEC);

        if (!EXPECT_RANGE(rtt, 1, 1000000000))
            return;
    }
    EXPECT_TRUE(inet_arp_lookup(&nd.ip, netdev_addr_of(2), mac, monotonic_ns()));
    EXPECT_EQ(mac[5], 2);
    EXPECT_EQ(nd.ip.stats.echo_replies_rcvd, 10);
}

/* Sizes 0, 1, 1000 and the largest (1472 data bytes: a 1514-byte frame). */
static void sizes(void)
{
    static const size_t len[] = { 0, 1, 1000, INET_ICMP_MAX };

    if (!peer)
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(len); i++)
        EXPECT_RANGE(netdev_ping(&nd, netdev_addr_of(2), (uint16_t)(100 + i), len[i],
                                 monotonic_ns() + 2 * NSEC_PER_SEC), 1, 1000000000);
}

/* The peer answered every ping and is told to stop. */
static void peer_stops(void)
{
    if (!peer)
        return;
    EXPECT_EQ(peer->magic, NET_PEER_MAGIC);
    net_peers_stop();
}

static const struct test tests[] = {
    TEST(up),
    TEST(pings),
    TEST(sizes),
    TEST(peer_stops),
};

int main(void)
{
    return run_tests("net/ping_domu", tests, ARRAY_SIZE(tests));
}
