/*
 * dom0's bridge learns where each MAC lives: once this test (domain 1),
 * the peer (domain 2) and the sniffer (domain 3) have spoken, unicast
 * traffic between 1 and 2 never reaches the sniffer, which counts every
 * frame it gets for another MAC; a frame to a MAC nobody has shown is
 * flooded, and the sniffer sees exactly that one.
 */
#include <string.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static volatile struct net_peer *peer, *sniffer;

static void up(void)
{
    if (!net_test_up(&nd))
        return;
    peer = net_peer_attach(2);
    sniffer = net_peer_attach(3);
}

/* Everyone speaks once: pings to both. */
static void learn(void)
{
    if (!peer || !sniffer)
        return;
    EXPECT_RANGE(netdev_ping(&nd, netdev_addr_of(2), 1, 8, monotonic_ns() + 2 * NSEC_PER_SEC),
                 1, 2000000000u);
    EXPECT_RANGE(netdev_ping(&nd, netdev_addr_of(3), 2, 8, monotonic_ns() + 2 * NSEC_PER_SEC),
                 1, 2000000000u);
}

/* Forty unicast round trips with the peer: the sniffer sees none. */
static void unicast_not_flooded(void)
{
    uint32_t before;

    if (!peer || !sniffer)
        return;
    before = sniffer->not_for_us;
    for (uint16_t seq = 10; seq < 50; seq++)
        if (!EXPECT_RANGE(netdev_ping(&nd, netdev_addr_of(2), seq, 100,
                                      monotonic_ns() + 2 * NSEC_PER_SEC), 1, 2000000000u))
            return;
    sleep_ns(20 * NSEC_PER_MSEC);
    EXPECT_EQ(sniffer->not_for_us, before);
}

/* A frame to an unknown MAC is flooded: the sniffer gets it. */
static void unknown_flooded(void)
{
    uint8_t f[60] = { 0x02, 0, 0, 0, 0, 0x99 };
    uint64_t until = monotonic_ns() + NSEC_PER_SEC;
    uint32_t before;

    if (!peer || !sniffer)
        return;
    before = sniffer->not_for_us;
    memcpy(f + 6, nd.nf.mac, 6);
    f[12] = 0x88;
    f[13] = 0xb5;                       /* the local experimental EtherType */
    EXPECT_EQ(netfront_send(&nd.nf, f, sizeof(f)), 0);
    while (sniffer->not_for_us == before && monotonic_ns() < until)
        sleep_ns(NSEC_PER_MSEC);
    sleep_ns(20 * NSEC_PER_MSEC);
    EXPECT_EQ(sniffer->not_for_us, before + 1);
    net_peers_stop();
}

static const struct test tests[] = {
    TEST(up),
    TEST(learn),
    TEST(unicast_not_flooded),
    TEST(unknown_flooded),
};

int main(void)
{
    return run_tests("net/mac_learning", tests, ARRAY_SIZE(tests));
}
