/*
 * The split network driver, measured from a domU (domain 1) with a peer
 * domU (domain 2, tests/conformance/net/peer) on dom0's bridge:
 *
 *   net_ping_rtt_virtual_us          domU -> domU ping of 56 bytes, the
 *                                    median round trip of 200 (after 10
 *                                    unmeasured; min, mean and max are
 *                                    logged: now and then a ping waits
 *                                    1-3 ms for the scheduler, the credit
 *                                    scheduler's 1 ms rate limit, which
 *                                    would swing a mean by 10x)
 *   net_udp_domu_dom0_virtual_MBps   8000 datagrams of 1472 bytes to dom0's
 *                                    discard port, until dom0's query port
 *                                    says every byte arrived
 *   net_udp_domu_domu_virtual_MBps   the same to the peer's sink port, until
 *                                    the peer counted every byte; the sender
 *                                    keeps at most WINDOW datagrams ahead of
 *                                    the peer's count (read from the page it
 *                                    shares), as UDP has no flow control and
 *                                    a receiver's queue is bounded
 *
 * Elapsed virtual time (-icount shift=0,sleep=off; MB = 10^6 bytes): no
 * device is involved on these paths, so some CPU is always executing
 * until the work is done and QEMU never jumps the clock over it (it jumps
 * only when every CPU idles).  The path counted is the whole one: netfront,
 * netback's grant copies, the bridge, the other side's stack.
 *
 * Checks: every ping answered with its data; dom0's count and the peer's
 * equal what was sent, the peer found every datagram's data intact; a
 * failed check prints the reason and no figure, and the result FAILURE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <net/netdev.h>
#include <net/netback.h>
#include "../conformance/lib/net_test.h"

#define PINGS      200
#define DGRAMS     8000
#define DGRAM_LEN  INET_UDP_MAX
#define WINDOW     48
#define WINDOW_WAIT_NS (20 * 1000)
#define MY_PORT    4000

static struct netdev nd;
static volatile struct net_peer *peer;
static char answer[64];
static bool answered;
static uint8_t data[DGRAM_LEN];

static void __attribute__((noreturn)) fail(const char *why, long v)
{
    printk("bench net: %s (%ld)\n", why, v);
    printk("Test result: FAILURE\n");
    shutdown(SHUTDOWN_poweroff);
}

static void on_answer(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                      const void *d, size_t len)
{
    if (len >= sizeof(answer))
        len = sizeof(answer) - 1;
    memcpy(answer, d, len);
    answer[len] = '\0';
    answered = true;
}

static void attach_peer(void)
{
    static struct gnttab_mapping map;
    uint64_t until = monotonic_ns() + 10 * NSEC_PER_SEC;

    while (gnttab_map(2, NET_PEER_REF, false, &map)) {
        if (monotonic_ns() > until)
            fail("the peer granted no page", 0);
        sleep_ns(NSEC_PER_MSEC);
    }
    peer = map.va;
    while (peer->magic != NET_PEER_MAGIC || !peer->up)
        if (monotonic_ns() > until || peer->err)
            fail("the peer did not come up", peer->err);
}

static int cmp_rtt(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static void ping_rtt(void)
{
    static uint64_t rtts[PINGS];
    uint64_t total = 0, median;

    for (int i = -10; i < PINGS; i++) {
        long rtt = netdev_ping(&nd, netdev_addr_of(2), (uint16_t)(i + 20), 56,
                               monotonic_ns() + NSEC_PER_SEC);

        if (rtt <= 0)
            fail("a ping was not answered", rtt);
        if (i >= 0) {
            rtts[i] = (uint64_t)rtt;
            total += (uint64_t)rtt;
        }
    }
    qsort(rtts, PINGS, sizeof(rtts[0]), cmp_rtt);
    median = (rtts[PINGS / 2 - 1] + rtts[PINGS / 2]) / 2;
    printk("bench net: ping rtt min %lu mean %lu max %lu ns\n", (unsigned long)rtts[0],
           (unsigned long)(total / PINGS), (unsigned long)rtts[PINGS - 1]);
    printk("BENCH net_ping_rtt_virtual_us %lu.%02lu us\n", (unsigned long)(median / 1000),
           (unsigned long)(median % 1000 / 10));
}

static void fill(unsigned int k)
{
    data[0] = (uint8_t)k;
    for (size_t i = 1; i < DGRAM_LEN; i++)
        data[i] = (uint8_t)(k + i);
}

static void send_one(uint32_t dst, uint16_t port, unsigned int k)
{
    int rc;

    fill(k);
    rc = netdev_udp_send(&nd, dst, MY_PORT, port, data, DGRAM_LEN, monotonic_ns() + NSEC_PER_SEC);
    if (rc)
        fail("a datagram could not be sent", rc);
}

static void print_rate(const char *name, uint64_t bytes, uint64_t ns)
{
    uint64_t milli = bytes * 1000000 / (ns ? ns : 1);     /* MB/s x 1000 */

    printk("BENCH %s %lu.%03lu MBps\n", name, (unsigned long)(milli / 1000),
           (unsigned long)(milli % 1000));
}

/* Ask dom0 what it got from us until it says `want` bytes, for 2 s. */
static bool dom0_has(unsigned long want)
{
    uint64_t until = monotonic_ns() + 2 * NSEC_PER_SEC;
    char expect[48];

    snprintf(expect, sizeof(expect), "%lu %u", want, DGRAMS);
    while (monotonic_ns() < until) {
        answered = false;
        send_one(NETDEV_DOM0, NETBACK_UDP_QUERY, 0);
        while (!answered && monotonic_ns() < until)
            netdev_poll(&nd, monotonic_ns() + 10 * NSEC_PER_MSEC);
        if (answered && !strcmp(answer, expect))
            return true;
    }
    printk("bench net: dom0 says \"%s\", wanted \"%s\"\n", answer, expect);
    return false;
}

static void udp_to_dom0(void)
{
    uint64_t start = monotonic_ns();

    for (unsigned int k = 0; k < DGRAMS; k++)
        send_one(NETDEV_DOM0, NETBACK_UDP_DISCARD, k);
    if (!dom0_has((unsigned long)DGRAMS * DGRAM_LEN))
        fail("dom0 did not get every byte", 0);
    print_rate("net_udp_domu_dom0_virtual_MBps", (uint64_t)DGRAMS * DGRAM_LEN,
               monotonic_ns() - start);
}

static void udp_to_peer(void)
{
    uint64_t start = monotonic_ns(), until;
    uint32_t base = peer->sink_dgrams;

    for (unsigned int k = 0; k < DGRAMS; k++) {
        until = monotonic_ns() + 2 * NSEC_PER_SEC;
        while (k - (peer->sink_dgrams - base) >= WINDOW) {
            if (monotonic_ns() > until)
                fail("the peer stopped counting", (long)(peer->sink_dgrams - base));
            sleep_ns(WINDOW_WAIT_NS);       /* asleep: a spinning VCPU slows the others */
        }
        send_one(netdev_addr_of(2), NET_PEER_SINK, k);
    }
    until = monotonic_ns() + 2 * NSEC_PER_SEC;
    while (peer->sink_dgrams - base < DGRAMS && monotonic_ns() < until)
        sleep_ns(WINDOW_WAIT_NS);
    if (peer->sink_dgrams - base != DGRAMS || peer->sink_bad)
        fail("the peer did not get every datagram intact", (long)(peer->sink_dgrams - base));
    print_rate("net_udp_domu_domu_virtual_MBps", (uint64_t)DGRAMS * DGRAM_LEN,
               monotonic_ns() - start);
}

int main(void)
{
    int rc = netdev_up(&nd, monotonic_ns() + 10 * NSEC_PER_SEC);

    if (rc)
        fail("the vif did not come up", rc);
    if ((rc = inet_udp_bind(&nd.ip, MY_PORT, on_answer, NULL)))
        fail("cannot bind", rc);
    attach_peer();
    ping_rtt();
    udp_to_dom0();
    udp_to_peer();
    peer->stop = 1;
    printk("Test result: SUCCESS\n");
    return 0;
}
