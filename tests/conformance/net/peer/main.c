/*
 * The net family's peer (lib/net_test.h): a domU that brings its vif up,
 * answers ARP and pings, echoes UDP port NET_PEER_ECHO back to the
 * sender, counts and checks what comes to NET_PEER_SINK, and, with "witness" on its command line, pings dom0 every 5 ms,
 * counting answered and failed pings.  Its counters live in the first
 * page it grants, to domain 1.  It powers off when the test sets `stop`,
 * or after 40 s of virtual time if the test never does.
 */
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <mm.h>
#include <net/netdev.h>
#include "../../lib/net_test.h"

#define WITNESS_PERIOD_NS (5 * NSEC_PER_MSEC)
#define LIFETIME_NS       (40ULL * NSEC_PER_SEC)

static struct netdev nd;
static volatile struct net_peer *shared;

static void echo(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    if (!inet_udp_send(&nd.ip, src, dport, sport, data, len, monotonic_ns()))
        shared->echoed++;
}

static void sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport, const void *data,
                 size_t len)
{
    const uint8_t *d = data;
    bool ok = len > 0;

    for (size_t i = 1; i < len && ok; i++)
        ok = d[i] == (uint8_t)(d[0] + i);
    shared->sink_bytes += (uint32_t)len;
    shared->sink_dgrams++;
    shared->sink_bad += !ok;
}

static void witness_ping(uint16_t seq)
{
    long rtt = netdev_ping(&nd, NETDEV_DOM0, seq, 32, monotonic_ns() + 200 * NSEC_PER_MSEC);

    if (rtt > 0) {
        shared->pings_ok++;
        shared->last_rtt_ns = (uint32_t)rtt;
    } else {
        shared->pings_fail++;
    }
}

int main(void)
{
    uint64_t end = monotonic_ns() + LIFETIME_NS, next = 0;
    bool witness = strstr((const char *)start_info->cmd_line, "witness") != NULL;
    void *page = alloc_page();
    uint16_t seq = 0;
    int rc;

    if (!page || gnttab_init(1))
        panic("peer: no page or grant table");
    memset(page, 0, PAGE_SIZE);
    if (gnttab_grant_access(1, virt_to_mfn(page), false) != NET_PEER_REF)
        panic("peer: the shared page is not ref %u", NET_PEER_REF);
    shared = page;
    shared->magic = NET_PEER_MAGIC;
    rc = netdev_up(&nd, monotonic_ns() + 10 * NSEC_PER_SEC);
    if (rc || inet_udp_bind(&nd.ip, NET_PEER_ECHO, echo, NULL) ||
        inet_udp_bind(&nd.ip, NET_PEER_SINK, sink, NULL)) {
        shared->err = rc ? rc : -XEN_EEXIST;
        printk("peer: the vif did not come up (%d)\n", rc);
        shutdown(SHUTDOWN_poweroff);
    }
    shared->up = 1;
    while (!shared->stop && monotonic_ns() < end) {
        uint64_t now = monotonic_ns();

        if (witness && now >= next) {
            witness_ping(++seq);
            next = now + WITNESS_PERIOD_NS;
        }
        if (netdev_poll(&nd, witness ? next : now + 10 * NSEC_PER_MSEC) < 0)
            break;
        shared->not_for_us = (uint32_t)nd.ip.stats.not_for_us;
        shared->rx_frames = (uint32_t)nd.ip.stats.rx_frames;
    }
    printk("peer: %u pings answered, %u failed, %u datagrams echoed, %lu frames in\n",
           shared->pings_ok, shared->pings_fail, shared->echoed, nd.ip.stats.rx_frames);
    shutdown(SHUTDOWN_poweroff);
}
