/* A guest's network interface (netdev.h). */
#include <string.h>
#include <kernel.h>
#include "netdev.h"

#define TX_WAIT_NS (100 * NSEC_PER_MSEC)     /* for a transmit page */
#define ARP_RETRY_NS (20 * NSEC_PER_MSEC)

/*
 * The stack's transmit: if every page is in flight, waits (asleep) for the
 * back end to answer some, for TX_WAIT_NS at most.  The port is cleared
 * before the rings are looked at, so the sleep ends at the next
 * notification and never spins on an old one; receive loses nothing by
 * it, as netfront_recv looks at its ring before it sleeps.
 */
static int xmit(void *ctx, const void *frame, size_t len)
{
    struct netdev *nd = ctx;
    uint64_t until = monotonic_ns() + TX_WAIT_NS;
    int rc;

    while ((rc = netfront_send(&nd->nf, frame, len)) == -XEN_EAGAIN &&
           monotonic_ns() < until) {
        evtchn_test_and_clear(nd->nf.port);
        netfront_reap_tx(&nd->nf);          /* asks to be told of the next answer */
        if (!nd->nf.nr_tx_free)
            evtchn_poll(&nd->nf.port, 1, until);
    }
    return rc;
}

int netdev_up(struct netdev *nd, uint64_t timeout_ns)
{
    long self = xen_own_domid();
    int rc;

    if (self < 0)
        return (int)self;
    nd->self = (domid_t)self;
    rc = netfront_init(&nd->nf, 0, timeout_ns);
    if (rc)
        return rc;
    inet_init(&nd->ip, nd->nf.mac, netdev_addr_of(nd->self), NETDEV_NETMASK, NETDEV_GATEWAY,
              xmit, nd);
    return 0;
}

int netdev_poll(struct netdev *nd, uint64_t deadline)
{
    long len = netfront_recv(&nd->nf, nd->frame, sizeof(nd->frame), deadline);

    if (len == -XEN_ETIMEDOUT)
        return 0;
    if (len < 0)
        return -XEN_EIO;
    inet_input(&nd->ip, nd->frame, (size_t)len, monotonic_ns());
    return 1;
}

long netdev_ping(struct netdev *nd, uint32_t dst, uint16_t seq, size_t len, uint64_t timeout_ns)
{
    uint64_t sent = 0, retry = 0;

    nd->ip.echo.got = false;
    for (;;) {
        uint64_t now = monotonic_ns();
        int rc;

        if (now >= timeout_ns)
            return -XEN_ETIMEDOUT;
        if (!sent && now >= retry) {
            rc = inet_ping_send(&nd->ip, dst, nd->self, seq, len, now);
            if (rc == 0)
                sent = now;
            else if (rc == -XEN_EAGAIN)
                retry = now + ARP_RETRY_NS;
            else
                return rc;
        }
        rc = netdev_poll(nd, sent ? timeout_ns : retry);
        if (rc < 0)
            return rc;
        if (sent && nd->ip.echo.got && nd->ip.echo.from == dst && nd->ip.echo.seq == seq &&
            nd->ip.echo.id == nd->self) {
            long rtt = (long)(nd->ip.echo.when_ns - sent);

            if (!nd->ip.echo.data_ok || nd->ip.echo.len != len)
                return -XEN_EIO;
            return rtt > 0 ? rtt : 1;
        }
    }
}

int netdev_udp_send(struct netdev *nd, uint32_t dst, uint16_t sport, uint16_t dport,
                    const void *data, size_t len, uint64_t timeout_ns)
{
    uint32_t hop = (dst & NETDEV_NETMASK) == (nd->ip.addr & NETDEV_NETMASK) ? dst
                                                                            : nd->ip.gateway;
    uint8_t mac[6];

    for (;;) {
        uint64_t now = monotonic_ns();
        int rc = inet_udp_send(&nd->ip, dst, sport, dport, data, len, now);

        if (rc != -XEN_EAGAIN)
            return rc;
        if (now >= timeout_ns)
            return -XEN_ETIMEDOUT;
        /* Take frames (the ARP reply, if it comes) for a while, then ask again. */
        while (netdev_poll(nd, now + ARP_RETRY_NS) > 0 &&
               !inet_arp_lookup(&nd->ip, hop, mac, monotonic_ns()))
            ;
    }
}
