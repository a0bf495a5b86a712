/*
 * domU -> QEMU's user-network gateway (10.0.2.2, slirp) through dom0's
 * bridge and its virtio-net NIC: the gateway answers ARP and ICMP echo
 * (slirp answers pings to its own addresses), each reply carrying its
 * data back.
 */
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static bool is_up;

static void up(void)
{
    is_up = net_test_up(&nd);      /* asserts it came up */
}

/* Five pings, every one answered with its data. */
static void pings(void)
{
    uint8_t mac[6];

    if (!is_up)
        return;
    for (uint16_t seq = 1; seq <= 5; seq++)
        if (!EXPECT_RANGE(netdev_ping(&nd, NETDEV_GATEWAY, seq, 56,
                                      monotonic_ns() + 3 * NSEC_PER_SEC), 1, 3000000000u))
            return;
    /* The gateway's MAC was learned (slirp's 52:55:0a:00:02:02). */
    if (EXPECT_TRUE(inet_arp_lookup(&nd.ip, NETDEV_GATEWAY, mac, monotonic_ns()))) {
        EXPECT_EQ(mac[0], 0x52);
        EXPECT_EQ(mac[5], 0x02);
    }
}

/* A full-sized echo goes out through the NIC and back. */
static void large(void)
{
    if (!is_up)
        return;
    EXPECT_RANGE(netdev_ping(&nd, NETDEV_GATEWAY, 99, 1400, monotonic_ns() + 3 * NSEC_PER_SEC),
                 1, 3000000000u);
}

static const struct test tests[] = {
    TEST(up),
    TEST(pings),
    TEST(large),
};

int main(void)
{
    return run_tests("net/ping_gateway", tests, ARRAY_SIZE(tests));
}
