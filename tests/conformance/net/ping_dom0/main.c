/*
 * domU -> dom0 (10.0.2.15, dom0's own port on the bridge): ARP and ping
 * answered by dom0's IPv4 stack, with the NIC's MAC.
 */
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static bool is_up;

static void up(void)
{
    is_up = net_test_up(&nd);      /* asserts it came up */
}

/* Twenty pings, of growing sizes, all answered. */
static void pings(void)
{
    if (!is_up)
        return;
    for (uint16_t seq = 1; seq <= 20; seq++)
        if (!EXPECT_RANGE(netdev_ping(&nd, NETDEV_DOM0, seq, (size_t)seq * 70,
                                      monotonic_ns() + 2 * NSEC_PER_SEC), 1, 2000000000u))
            return;
    EXPECT_EQ(nd.ip.stats.echo_replies_rcvd, 20);
}

/* dom0 answers with QEMU's NIC MAC (52:54:00:12:34:56). */
static void dom0_mac(void)
{
    uint8_t mac[6];

    if (!is_up)
        return;
    if (EXPECT_TRUE(inet_arp_lookup(&nd.ip, NETDEV_DOM0, mac, monotonic_ns()))) {
        EXPECT_EQ(mac[0], 0x52);
        EXPECT_EQ(mac[5], 0x56);
    }
}

static const struct test tests[] = {
    TEST(up),
    TEST(pings),
    TEST(dom0_mac),
};

int main(void)
{
    return run_tests("net/ping_dom0", tests, ARRAY_SIZE(tests));
}
