/*
 * netfront: a guest's network front end (public/io/netif.h), in the guest
 * library.
 *
 * netfront_init() finds device vif/<devid> (xenbus_front.h), waits for
 * the back end to offer feature-rx-copy in InitWait, reads its MAC from
 * its own `mac` node, sets up both rings in fresh pages granted to the
 * back end, NETFRONT_TX_BUFS transmit pages (granted read-only) and
 * NETFRONT_RX_BUFS receive pages (granted writable, all posted at once),
 * allocates the event channel, publishes tx-ring-ref, rx-ring-ref,
 * event-channel, request-rx-copy=1, feature-rx-notify=1 and state
 * Connected in one transaction, and waits for the back end to connect.
 *
 * Transmit: a frame is copied into a free transmit page and sent as one
 * request (no fragments: feature-sg is not asked for); the page comes
 * back with the response.  Receive: each response's page is copied out to
 * the caller and posted again at once, with a notification when the back
 * end asks for one.  The back end is not trusted either: a response whose
 * id names no request in flight, or whose offset and length leave the
 * page, marks the interface broken (-XEN_EIO from then on).
 *
 * The port is kept masked and waited on with SCHEDOP_poll.  Thread
 * context only; one caller at a time.
 */
#ifndef DRIVERS_NET_NETFRONT_H
#define DRIVERS_NET_NETFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/netif.h>
#include <xenbus/xenbus_front.h>

#define NETFRONT_TX_BUFS 64
#define NETFRONT_RX_BUFS 64

struct netfront {
    struct xenbus_front xb;
    uint8_t mac[6];
    evtchn_port_t port;
    netif_tx_front_ring_t tx;
    netif_rx_front_ring_t rx;
    grant_ref_t tx_ring_ref, rx_ring_ref;
    void *tx_page[NETFRONT_TX_BUFS];
    grant_ref_t tx_ref[NETFRONT_TX_BUFS];
    bool tx_busy[NETFRONT_TX_BUFS];
    uint16_t tx_free[NETFRONT_TX_BUFS];
    unsigned int nr_tx_free;
    void *rx_page[NETFRONT_RX_BUFS];
    grant_ref_t rx_ref[NETFRONT_RX_BUFS];
    bool rx_posted[NETFRONT_RX_BUFS];
    bool broken;
    unsigned long tx_packets, tx_errors, rx_packets, rx_errors;
};

/*
 * Bring vif devid up, waiting until timeout_ns (absolute) for the device
 * and the back end.  0; -XEN_ETIMEDOUT; -XEN_EOPNOTSUPP (no rx-copy);
 * -XEN_ENOMEM; -XEN_ENOSPC (grant entries); or a XenStore error.
 */
int netfront_init(struct netfront *nf, unsigned int devid, uint64_t timeout_ns);

/* Send one frame (14..1514 bytes).  0; -XEN_EINVAL; -XEN_EAGAIN (every
 * transmit page in flight); -XEN_EIO (broken). */
int netfront_send(struct netfront *nf, const void *frame, size_t len);

/* The next received frame into buf (at most max bytes kept), waiting
 * until deadline (absolute; 0: do not wait).  Its length; -XEN_ETIMEDOUT;
 * -XEN_EIO. */
long netfront_recv(struct netfront *nf, void *buf, size_t max, uint64_t deadline);

/* Transmit responses collected so far (pages freed): for tests. */
void netfront_reap_tx(struct netfront *nf);

/* Close (state Closing, then Closed when the back end follows). */
int netfront_close(struct netfront *nf, uint64_t timeout_ns);

#endif /* DRIVERS_NET_NETFRONT_H */
