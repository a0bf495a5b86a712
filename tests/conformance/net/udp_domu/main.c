/*
 * UDP between two domUs through dom0's bridge: datagrams of 1 to 1472
 * bytes (the largest in one frame) go to the peer's echo port and come
 * back whole, to the port they came from, with checksums right (the
 * stack drops any that are not).
 */
#include <string.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

#define MY_PORT 5000

static struct netdev nd;
static volatile struct net_peer *peer;
static uint8_t out[INET_UDP_MAX], got[INET_UDP_MAX];
static size_t got_len;
static unsigned int got_n;
static uint32_t got_src;

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    got_n++;
    got_src = src;
    got_len = len;
    memcpy(got, data, len);
}

static void up(void)
{
    if (!net_test_up(&nd))
        return;
    EXPECT_EQ(inet_udp_bind(&nd.ip, MY_PORT, sink, NULL), 0);
    peer = net_peer_attach(2);
}

/* Send len bytes and wait for their echo: true if it came back whole. */
static bool echo_round(size_t len, uint8_t seed)
{
    uint64_t until = monotonic_ns() + 2 * NSEC_PER_SEC;
    unsigned int before = got_n;

    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(seed + i * 13);
    if (!EXPECT_EQ(netdev_udp_send(&nd, netdev_addr_of(2), MY_PORT, NET_PEER_ECHO, out, len,
                                   until), 0))
        return false;
    while (got_n == before && monotonic_ns() < until)
        netdev_poll(&nd, until);
    return EXPECT_EQ(got_n, before + 1) && EXPECT_EQ(got_src, netdev_addr_of(2)) &&
           EXPECT_EQ(got_len, len) && EXPECT_TRUE(!memcmp(got, out, len));
}

/* Sizes across the range, each echoed intact. */
static void sizes(void)
{
    static const size_t len[] = { 1, 2, 17, 100, 512, 1000, 1400, INET_UDP_MAX };

    if (!peer)
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(len); i++)
        if (!echo_round(len[i], (uint8_t)i))
            return;
    EXPECT_EQ(nd.ip.stats.bad_csum, 0);
}

/* One hundred in a row, one at a time. */
static void many(void)
{
    if (!peer)
        return;
    for (unsigned int i = 0; i < 100; i++)
        if (!echo_round(64 + i, (uint8_t)(i * 3)))
            return;
    EXPECT_RANGE(peer->echoed, 108, 108);
}

/* Too large for one frame: refused by the sender. */
static void too_large(void)
{
    if (!peer)
        return;
    EXPECT_EQ(netdev_udp_send(&nd, netdev_addr_of(2), MY_PORT, NET_PEER_ECHO, out,
                              INET_UDP_MAX + 1, monotonic_ns() + NSEC_PER_SEC), -XEN_EINVAL);
    net_peers_stop();
}

static const struct test tests[] = {
    TEST(up),
    TEST(sizes),
    TEST(many),
    TEST(too_large),
};

int main(void)
{
    return run_tests("net/udp_domu", tests, ARRAY_SIZE(tests));
}
