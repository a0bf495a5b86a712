/*
 * dom0's virtio-net driver on QEMU's user-mode network (slirp: the
 * gateway is 10.0.2.2, the guest conventionally 10.0.2.15): the NIC's
 * MAC and link, an ARP request for the gateway answered by the gateway,
 * an ICMP echo to it answered, and frames of impossible lengths refused
 * by the driver.  The exchanges are interrupt-driven (the receive path
 * sleeps on the slot's pirq).
 */
#include <string.h>
#include <virtio/virtio_net.h>
#include "../../lib/test.h"

#define ETH_ARP  0x0806
#define ETH_IPV4 0x0800

static struct virtio_net nic;
static bool up;
static uint8_t gw_mac[6];
static bool have_gw;
static const uint8_t my_ip[4] = { 10, 0, 2, 15 }, gw_ip[4] = { 10, 0, 2, 2 };
static const uint8_t qemu_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static uint8_t frame[1600];

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* The Internet checksum of len bytes. */
static uint16_t csum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void eth_header(uint8_t *f, const uint8_t *dst, uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, nic.mac, 6);
    put16(f + 12, type);
}

/* Receive until a frame `match` accepts, or 2 s pass: its length or 0. */
static long wait_for(bool (*match)(const uint8_t *f, long len))
{
    uint64_t deadline = monotonic_ns() + 2 * NSEC_PER_SEC;

    for (;;) {
        long len = vnet_recv(&nic, frame, sizeof(frame), deadline);

        if (len < 0)
            return 0;
        if (match(frame, len))
            return len;
    }
}

static void device_found(void)
{
    up = EXPECT_EQ(virtio_net_init(&nic, 0), 0);
    if (!up)
        return;
    EXPECT_TRUE(nic.has_mac);
    EXPECT_EQ(memcmp(nic.mac, qemu_mac, 6), 0);
    EXPECT_TRUE(nic.has_status);
    EXPECT_TRUE(vnet_link_up(&nic));
    EXPECT_NE(nic.dev.port, 0);
}

static bool arp_reply(const uint8_t *f, long len)
{
    return len >= 42 && get16(f + 12) == ETH_ARP && get16(f + 20) == 2 &&
           !memcmp(f + 28, gw_ip, 4) && !memcmp(f + 32, nic.mac, 6) && !memcmp(f + 38, my_ip, 4);
}

static void arp_gateway(void)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint8_t f[60] = { 0 };
    unsigned long irqs = nic.dev.interrupts;

    if (!up)
        return;
    eth_header(f, bcast, ETH_ARP);
    put16(f + 14, 1);                   /* Ethernet */
    put16(f + 16, ETH_IPV4);
    f[18] = 6;
    f[19] = 4;
    put16(f + 20, 1);                   /* request */
    memcpy(f + 22, nic.mac, 6);
    memcpy(f + 28, my_ip, 4);
    memcpy(f + 38, gw_ip, 4);
    if (!EXPECT_EQ(vnet_send(&nic, f, sizeof(f)), 0) || !EXPECT_NE(wait_for(arp_reply), 0))
        return;
    memcpy(gw_mac, frame + 22, 6);
    have_gw = true;
    EXPECT_TRUE(!memcmp(frame, nic.mac, 6));            /* addressed to us */
    EXPECT_TRUE(nic.dev.interrupts > irqs);
}

static bool echo_reply(const uint8_t *f, long len)
{
    return len >= 42 && get16(f + 12) == ETH_IPV4 && f[23] == 1 /* ICMP */ &&
           !memcmp(f + 26, gw_ip, 4) && !memcmp(f + 30, my_ip, 4) && f[34] == 0 /* reply */ &&
           get16(f + 38) == 0x7276 && get16(f + 40) == 1;
}

static void ping_gateway(void)
{
    uint8_t f[14 + 20 + 8 + 32] = { 0 };
    uint8_t *ip = f + 14, *icmp = ip + 20;

    if (!have_gw)
        return xtf_error("no gateway MAC");
    eth_header(f, gw_mac, ETH_IPV4);
    ip[0] = 0x45;
    put16(ip + 2, 20 + 8 + 32);
    ip[8] = 64;                         /* TTL */
    ip[9] = 1;                          /* ICMP */
    memcpy(ip + 12, my_ip, 4);
    memcpy(ip + 16, gw_ip, 4);
    put16(ip + 10, csum(ip, 20));
    icmp[0] = 8;                        /* echo request */
    put16(icmp + 4, 0x7276);            /* id */
    put16(icmp + 6, 1);                 /* sequence */
    for (unsigned int i = 0; i < 32; i++)
        icmp[8 + i] = (uint8_t)i;
    put16(icmp + 2, csum(icmp, 8 + 32));
    if (EXPECT_EQ(vnet_send(&nic, f, sizeof(f)), 0) && EXPECT_NE(wait_for(echo_reply), 0))
        EXPECT_EQ(memcmp(frame + 42, icmp + 8, 32), 0);    /* the payload comes back */
}

static void bad_lengths(void)
{
    if (!up)
        return;
    EXPECT_EQ(vnet_send(&nic, frame, 0), -XEN_EINVAL);
    EXPECT_EQ(vnet_send(&nic, frame, 13), -XEN_EINVAL);
    EXPECT_EQ(vnet_send(&nic, frame, VIRTIO_NET_MAX_FRAME + 1), -XEN_EINVAL);
    EXPECT_TRUE(!nic.rx.broken && !nic.tx.broken);
    EXPECT_EQ(nic.rx_dropped, 0);
}

static const struct test tests[] = {
    /* The NIC: QEMU's MAC 52:54:00:12:34:56, link up, its pirq bound. */
    TEST(device_found),
    /* ARP who-has 10.0.2.2: the gateway answers, to our MAC, by interrupt. */
    TEST(arp_gateway),
    /* ICMP echo to 10.0.2.2: the reply carries the payload back. */
    TEST(ping_gateway),
    /* Frames of 0, 13 and 1515 bytes: -EINVAL, the queues intact. */
    TEST(bad_lengths),
};

int main(void)
{
    return run_tests("virtio/net", tests, ARRAY_SIZE(tests));
}
