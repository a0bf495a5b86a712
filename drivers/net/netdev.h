/*
 * A guest's network interface: netfront (netfront.h) under the IPv4 stack
 * (inet.h), with the addressing netback.h documents: domain N is
 * 10.0.2.(15 + N)/24, gateway 10.0.2.2 (QEMU's user network), dom0
 * 10.0.2.15.
 *
 * Nothing runs in the background: frames are taken from the ring and
 * handed to the stack (which answers ARP and pings by itself) only while
 * the program is in netdev_poll(), netdev_ping() or netdev_udp_send(), so
 * a program that must answer others calls netdev_poll() in its loop.
 * Thread context only.
 */
#ifndef DRIVERS_NET_NETDEV_H
#define DRIVERS_NET_NETDEV_H

#include <stdint.h>
#include "inet.h"
#include "netfront.h"

#define NETDEV_GATEWAY INET_ADDR(10, 0, 2, 2)
#define NETDEV_DOM0    INET_ADDR(10, 0, 2, 15)
#define NETDEV_NETMASK INET_ADDR(255, 255, 255, 0)
#define NETDEV_BROADCAST INET_ADDR(10, 0, 2, 255)

struct netdev {
    struct netfront nf;
    struct inet ip;
    domid_t self;
    uint8_t frame[1514];
};

/* Domain N's address. */
static inline uint32_t netdev_addr_of(unsigned int domid)
{
    return INET_ADDR(10, 0, 2, 15 + domid);
}

/* Bring up vif 0 with this domain's address: 0 or -XEN_E*. */
int netdev_up(struct netdev *nd, uint64_t timeout_ns);
/* Take received frames into the stack until one came (wait until
 * deadline, absolute; 0: only what is there).  1: a frame was handled;
 * 0: none; -XEN_EIO: the interface is broken. */
int netdev_poll(struct netdev *nd, uint64_t deadline);
/* Ping dst once (seq, len data bytes), retrying ARP, until timeout_ns
 * (absolute).  The round-trip time in ns (> 0); -XEN_ETIMEDOUT; -XEN_EIO
 * (broken, or the reply's data was wrong). */
long netdev_ping(struct netdev *nd, uint32_t dst, uint16_t seq, size_t len, uint64_t timeout_ns);
/* Send a datagram, retrying while ARP resolves, until timeout_ns. */
int netdev_udp_send(struct netdev *nd, uint32_t dst, uint16_t sport, uint16_t dport,
                    const void *data, size_t len, uint64_t timeout_ns);

/* make run's demo (net_demo.c): ping the other domU and the gateway. */
void netdev_demo(void);

#endif /* DRIVERS_NET_NETDEV_H */
