/*
 * Several packets in flight: 48 datagrams are queued on the transmit
 * ring before any answer is read, the peer echoes them all, and all 48
 * come back through the receive ring, each once and intact; then the
 * same with the transmit ring's 64 pages all in flight at once.
 */
#include <string.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

#define MY_PORT 8000
#define BURST   48

static struct netdev nd;
static volatile struct net_peer *peer;
static uint8_t seen[256];
static unsigned int bad;

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    const uint8_t *d = data;

    if (len != 200 || src != netdev_addr_of(2)) {
        bad++;
        return;
    }
    for (size_t i = 1; i < len; i++)
        bad += d[i] != (uint8_t)(d[0] + i);
    seen[d[0]]++;
}

static void up(void)
{
    if (!net_test_up(&nd) || !EXPECT_EQ(inet_udp_bind(&nd.ip, MY_PORT, sink, NULL), 0))
        return;
    peer = net_peer_attach(2);
    /* Resolve the peer first, so the burst goes out at once. */
    if (peer)
        EXPECT_RANGE(netdev_ping(&nd, netdev_addr_of(2), 1, 8, monotonic_ns() + NSEC_PER_SEC),
                     1, 1000000000u);
}

static void burst(unsigned int n, uint8_t first)
{
    uint8_t d[200];
    uint64_t until = monotonic_ns() + 3 * NSEC_PER_SEC;
    unsigned int got = 0;

    memset(seen, 0, sizeof(seen));
    for (unsigned int k = 0; k < n; k++) {
        d[0] = (uint8_t)(first + k);
        for (size_t i = 1; i < sizeof(d); i++)
            d[i] = (uint8_t)(d[0] + i);
        if (!EXPECT_EQ(inet_udp_send(&nd.ip, netdev_addr_of(2), MY_PORT, NET_PEER_ECHO, d,
                                     sizeof(d), monotonic_ns()), 0))
            return;
    }
    EXPECT_TRUE(nd.nf.nr_tx_free + n >= NETFRONT_TX_BUFS - 1);
    while (got < n && monotonic_ns() < until) {
        netdev_poll(&nd, until);
        got = 0;
        for (unsigned int k = 0; k < n; k++)
            got += seen[(uint8_t)(first + k)] == 1;
    }
    EXPECT_EQ(got, n);
    EXPECT_EQ(bad, 0);
}

/* 48 queued, 48 back. */
static void forty_eight(void)
{
    if (peer)
        burst(BURST, 0);
}

/* Every transmit page in flight at once. */
static void whole_ring(void)
{
    if (peer)
        burst(NETFRONT_TX_BUFS, 100);
    if (peer)
        net_peers_stop();
}

static const struct test tests[] = {
    TEST(up),
    TEST(forty_eight),
    TEST(whole_ring),
};

int main(void)
{
    return run_tests("net/in_flight", tests, ARRAY_SIZE(tests));
}
