/*
 * virtio-net (virtio 1.2, 5.1) for dom0: one receive and one transmit
 * queue, no offloads, no mergeable buffers.
 *
 * Receive: VNET_RX_BUFS pages are posted to the device, each taking one
 * frame behind its 12-byte header; a received frame is copied out by
 * vnet_recv() and its page posted again at once.  A completion whose
 * length is not a header plus a whole Ethernet frame (14..1514 bytes) is
 * dropped and counted.
 *
 * Transmit: vnet_send() copies the frame behind a zeroed header into one
 * of VNET_TX_BUFS pages and queues it; pages come back as the device
 * finishes with them.
 *
 * The MAC is the device's (VIRTIO_NET_F_MAC), or none (all zero); the
 * link is up unless the device reports otherwise (VIRTIO_NET_F_STATUS).
 */
#ifndef DRIVERS_VIRTIO_NET_H
#define DRIVERS_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>
#include "virtio_mmio.h"

#define VNET_RX_BUFS 64
#define VNET_TX_BUFS 32
#define VNET_HDR_LEN ((unsigned int)sizeof(struct virtio_net_hdr))

struct virtio_net {
    struct virtio_mmio_dev dev;
    struct virtqueue rx, tx;
    uint8_t mac[6];
    bool has_mac, has_status;
    void *rx_page[VNET_RX_BUFS];
    void *tx_page[VNET_TX_BUFS];
    uint16_t tx_free[VNET_TX_BUFS];      /* stack of free transmit pages */
    unsigned int nr_tx_free;
    unsigned long rx_frames, tx_frames, rx_dropped;
};

/* Bring up the nth virtio-net device of dom0's device tree, receive
 * buffers posted. */
int virtio_net_init(struct virtio_net *n, unsigned int nth);

/* Link state: the device's, or up if it does not say. */
bool vnet_link_up(const struct virtio_net *n);

/* Send one Ethernet frame (14..1514 bytes, no FCS).  0; -XEN_EINVAL (a
 * bad length); -XEN_ENOSPC (every transmit page in use); -XEN_EIO (the
 * device broke the queue protocol). */
int vnet_send(struct virtio_net *n, const void *frame, size_t len);

/* Copy the next received frame into buf (at most max bytes; the rest of
 * a longer frame is lost), waiting until deadline (monotonic ns).  The
 * frame's length; -XEN_ETIMEDOUT; -XEN_EIO. */
long vnet_recv(struct virtio_net *n, void *buf, size_t max, uint64_t deadline);

#endif /* DRIVERS_VIRTIO_NET_H */
