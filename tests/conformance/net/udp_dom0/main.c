/*
 * UDP between a domU and dom0's own stack (10.0.2.15): echo (port 7)
 * returns each datagram whole; what is sent to discard (port 9) is
 * counted by dom0, as the query port (10) reports: every byte and
 * datagram, none more.
 */
#include <stdio.h>
#include <string.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

#define MY_PORT 6000

static struct netdev nd;
static bool is_up;
static uint8_t out[INET_UDP_MAX];
static char got[INET_UDP_MAX + 1];
static size_t got_len;
static unsigned int got_n;

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    if (src != NETDEV_DOM0)
        return;
    got_n++;
    got_len = len;
    memcpy(got, data, len);
    got[len] = '\0';
}

static bool wait_reply(unsigned int before)
{
    uint64_t until = monotonic_ns() + 2 * NSEC_PER_SEC;

    while (got_n == before && monotonic_ns() < until)
        netdev_poll(&nd, until);
    return EXPECT_EQ(got_n, before + 1);
}

static void up(void)
{
    is_up = net_test_up(&nd) && EXPECT_EQ(inet_udp_bind(&nd.ip, MY_PORT, sink, NULL), 0);
}

/* Echo of a few sizes. */
static void echo(void)
{
    static const size_t len[] = { 1, 333, INET_UDP_MAX };

    if (!is_up)
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(len); i++) {
        unsigned int before = got_n;

        memset(out, 0x30 + (int)i, len[i]);
        if (!EXPECT_EQ(netdev_udp_send(&nd, NETDEV_DOM0, MY_PORT, 7, out, len[i],
                                       monotonic_ns() + 2 * NSEC_PER_SEC), 0) ||
            !wait_reply(before))
            return;
        EXPECT_EQ(got_len, len[i]);
        EXPECT_TRUE(!memcmp(got, out, len[i]));
    }
}

/* 50 datagrams of 1000 bytes to discard: dom0 counted 50000 bytes in 50. */
static void discard_counted(void)
{
    unsigned int before;

    if (!is_up)
        return;
    memset(out, 0x5a, 1000);
    for (unsigned int i = 0; i < 50; i++)
        if (!EXPECT_EQ(netdev_udp_send(&nd, NETDEV_DOM0, MY_PORT, 9, out, 1000,
                                       monotonic_ns() + 2 * NSEC_PER_SEC), 0))
            return;
    before = got_n;
    if (!EXPECT_EQ(netdev_udp_send(&nd, NETDEV_DOM0, MY_PORT, 10, "?", 1,
                                   monotonic_ns() + 2 * NSEC_PER_SEC), 0) || !wait_reply(before))
        return;
    EXPECT_STREQ(got, "50000 50");
}

static const struct test tests[] = {
    TEST(up),
    TEST(echo),
    TEST(discard_counted),
};

int main(void)
{
    return run_tests("net/udp_dom0", tests, ARRAY_SIZE(tests));
}
