/* virtio-net for dom0: virtio_net.h. */
#include <string.h>
#include "virtio_net.h"

#define ETH_MIN_FRAME 14

/* Tokens are buffer index + 1 (never NULL). */
static void *token_of(unsigned int i) { return (void *)(uintptr_t)(i + 1); }
static unsigned int index_of(void *token) { return (unsigned int)((uintptr_t)token - 1); }

static int post_rx(struct virtio_net *n, unsigned int i)
{
    struct virtq_buf buf = { virtio_bus_addr(n->rx_page[i]), PAGE_SIZE, true };

    return virtq_add(&n->rx, &buf, 1, token_of(i));
}

static int alloc_buffers(struct virtio_net *n)
{
    for (unsigned int i = 0; i < VNET_RX_BUFS; i++)
        if (!(n->rx_page[i] = alloc_page()) || post_rx(n, i))
            return -XEN_ENOMEM;
    for (unsigned int i = 0; i < VNET_TX_BUFS; i++) {
        if (!(n->tx_page[i] = alloc_page()))
            return -XEN_ENOMEM;
        n->tx_free[n->nr_tx_free++] = (uint16_t)i;
    }
    return 0;
}

int virtio_net_init(struct virtio_net *n, unsigned int nth)
{
    uint64_t wanted = VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS);
    int rc;

    memset(n, 0, sizeof(*n));
    if ((rc = virtio_mmio_find(VIRTIO_ID_NET, nth, &n->dev)) ||
        (rc = virtio_mmio_negotiate(&n->dev, wanted, 0)))
        return rc;
    n->has_mac = n->dev.features & VIRTIO_BIT(VIRTIO_NET_F_MAC);
    n->has_status = n->dev.features & VIRTIO_BIT(VIRTIO_NET_F_STATUS);
    if (n->has_mac)
        virtio_mmio_config_bytes(&n->dev, VIRTIO_NET_CFG_MAC, n->mac, sizeof(n->mac));
    if ((rc = virtio_mmio_setup_queue(&n->dev, VIRTIO_NET_RXQ, &n->rx, VNET_RX_BUFS)) ||
        (rc = virtio_mmio_setup_queue(&n->dev, VIRTIO_NET_TXQ, &n->tx, VNET_TX_BUFS)) ||
        (rc = alloc_buffers(n))) {
        virtio_mmio_fail(&n->dev);
        return rc;
    }
    virtio_mmio_ready(&n->dev);
    virtio_mmio_kick(&n->dev, VIRTIO_NET_RXQ, &n->rx);
    return 0;
}

bool vnet_link_up(const struct virtio_net *n)
{
    return !n->has_status ||
           (virtio_mmio_config16(&n->dev, VIRTIO_NET_CFG_STATUS) & VIRTIO_NET_S_LINK_UP);
}

/* Transmit pages the device has finished with go back on the stack. */
static void reap_tx(struct virtio_net *n)
{
    void *token;
    uint32_t len;

    while ((token = virtq_get_used(&n->tx, &len))) {
        n->tx_free[n->nr_tx_free++] = (uint16_t)index_of(token);
        n->tx_frames++;
    }
}

int vnet_send(struct virtio_net *n, const void *frame, size_t len)
{
    struct virtq_buf buf;
    unsigned int i;
    char *page;
    int rc;

    if (len < ETH_MIN_FRAME || len > VIRTIO_NET_MAX_FRAME)
        return -XEN_EINVAL;
    virtio_mmio_service(&n->dev);
    reap_tx(n);
    if (n->tx.broken)
        return -XEN_EIO;
    if (!n->nr_tx_free)
        return -XEN_ENOSPC;
    i = n->tx_free[n->nr_tx_free - 1];
    page = n->tx_page[i];
    memset(page, 0, VNET_HDR_LEN);
    memcpy(page + VNET_HDR_LEN, frame, len);
    buf = (struct virtq_buf){ virtio_bus_addr(page), (uint32_t)(VNET_HDR_LEN + len), false };
    rc = virtq_add(&n->tx, &buf, 1, token_of(i));
    if (rc)
        return rc;
    n->nr_tx_free--;
    virtio_mmio_kick(&n->dev, VIRTIO_NET_TXQ, &n->tx);
    return 0;
}

/* One received buffer: copied out (or dropped), then posted again.
 * The frame's length, or -1 if it was dropped. */
static long take_rx(struct virtio_net *n, unsigned int i, uint32_t len, void *buf, size_t max)
{
    long frame = -1;

    if (len >= VNET_HDR_LEN + ETH_MIN_FRAME && len <= VNET_HDR_LEN + VIRTIO_NET_MAX_FRAME) {
        frame = len - VNET_HDR_LEN;
        memcpy(buf, (char *)n->rx_page[i] + VNET_HDR_LEN, (size_t)frame < max ? (size_t)frame : max);
        n->rx_frames++;
    } else {
        n->rx_dropped++;
    }
    post_rx(n, i);
    virtio_mmio_kick(&n->dev, VIRTIO_NET_RXQ, &n->rx);
    return frame;
}

long vnet_recv(struct virtio_net *n, void *buf, size_t max, uint64_t deadline)
{
    for (;;) {
        void *token;
        uint32_t len;

        virtio_mmio_service(&n->dev);
        reap_tx(n);
        while ((token = virtq_get_used(&n->rx, &len))) {
            long frame = take_rx(n, index_of(token), len, buf, max);

            if (frame >= 0)
                return frame;
        }
        if (n->rx.broken || n->tx.broken)
            return -XEN_EIO;
        if (monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        virtio_mmio_wait(&n->dev, deadline);
    }
}
