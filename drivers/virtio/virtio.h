/*
 * virtio 1.x, what dom0's drivers use of it (the OASIS virtio 1.2
 * specification): device status bits, feature bits, device ids and the
 * device-specific configuration and request layouts of virtio-blk and
 * virtio-net.  Everything in device-visible memory is little-endian, as
 * are both our targets, so the fields are plain integers.
 *
 * The drivers (drivers/virtio/):
 *   virtqueue.c    split virtqueues: descriptor chains, available and used
 *                  rings, checked against a device that breaks the rules
 *                  (arch-neutral, host-tested)
 *   blk_req.c      the descriptor chain of a virtio-blk request and the
 *                  meaning of its status (arch-neutral, host-tested)
 *   virtio_mmio.c  the virtio-mmio transport, version 2 (modern): probing
 *                  the slots of dom0's device tree, feature negotiation,
 *                  queue setup, notification, interrupts through the
 *                  slot's pirq
 *   virtio_blk.c   virtio-blk: read, write, flush, capacity, block size
 *   virtio_net.c   virtio-net: receive and transmit queues, MAC, link
 */
#ifndef DRIVERS_VIRTIO_H
#define DRIVERS_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <public/errno.h>

/* Device status (the status register), set in this order. */
#define VIRTIO_STATUS_ACKNOWLEDGE  1     /* the driver saw the device */
#define VIRTIO_STATUS_DRIVER       2     /* and can drive it */
#define VIRTIO_STATUS_DRIVER_OK    4     /* set up: the device may run */
#define VIRTIO_STATUS_FEATURES_OK  8     /* the features written are final */
#define VIRTIO_STATUS_NEEDS_RESET  64    /* the device gave up */
#define VIRTIO_STATUS_FAILED       128   /* the driver gave up */

/* Device-independent feature bits. */
#define VIRTIO_F_INDIRECT_DESC   28
#define VIRTIO_F_EVENT_IDX       29
#define VIRTIO_F_VERSION_1       32      /* modern device: required here */
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED     34

#define VIRTIO_BIT(f) (1ULL << (f))

/* Device ids. */
#define VIRTIO_ID_NET    1
#define VIRTIO_ID_BLOCK  2

/*
 * Feature negotiation: the features to accept, from those the device
 * offers and those the driver can use; -XEN_ENODEV if the device lacks
 * one the driver requires.
 */
static inline int virtio_negotiate(uint64_t offered, uint64_t wanted, uint64_t required,
                                   uint64_t *accepted)
{
    if ((offered & required) != required)
        return -XEN_ENODEV;
    *accepted = offered & (wanted | required);
    return 0;
}

/* ---- virtio-blk ---- */

#define VIRTIO_BLK_F_SIZE_MAX  1         /* config.size_max is valid */
#define VIRTIO_BLK_F_SEG_MAX   2         /* config.seg_max is valid */
#define VIRTIO_BLK_F_GEOMETRY  4
#define VIRTIO_BLK_F_RO        5         /* read-only */
#define VIRTIO_BLK_F_BLK_SIZE  6         /* config.blk_size is valid */
#define VIRTIO_BLK_F_FLUSH     9         /* VIRTIO_BLK_T_FLUSH works */
#define VIRTIO_BLK_F_TOPOLOGY  10
#define VIRTIO_BLK_F_CONFIG_WCE 11
#define VIRTIO_BLK_F_MQ        12
#define VIRTIO_BLK_F_DISCARD   13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Configuration space offsets (bytes). */
#define VIRTIO_BLK_CFG_CAPACITY  0       /* u64: 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX  8       /* u32: bytes per segment */
#define VIRTIO_BLK_CFG_SEG_MAX   12      /* u32: segments per request */
#define VIRTIO_BLK_CFG_BLK_SIZE  20      /* u32: logical block size */

#define VIRTIO_BLK_SECTOR_SIZE   512

/* Request types. */
#define VIRTIO_BLK_T_IN     0            /* read */
#define VIRTIO_BLK_T_OUT    1            /* write */
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_T_GET_ID 8

/* The request header: the first, device-readable, buffer of a request. */
struct virtio_blk_outhdr {
    uint32_t type;                       /* VIRTIO_BLK_T_* */
    uint32_t reserved;
    uint64_t sector;                     /* 512-byte sectors */
};

/* The status byte: the last, device-writable, buffer. */
#define VIRTIO_BLK_S_OK      0
#define VIRTIO_BLK_S_IOERR   1
#define VIRTIO_BLK_S_UNSUPP  2

/* ---- virtio-net ---- */

#define VIRTIO_NET_F_CSUM       0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MAC        5        /* config.mac is valid */
#define VIRTIO_NET_F_MRG_RXBUF  15
#define VIRTIO_NET_F_STATUS     16       /* config.status is valid */
#define VIRTIO_NET_F_CTRL_VQ    17

#define VIRTIO_NET_CFG_MAC      0        /* u8[6] */
#define VIRTIO_NET_CFG_STATUS   6        /* u16 */
#define VIRTIO_NET_S_LINK_UP    1

/* Queue numbers, one queue pair. */
#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

/* In front of every frame, both ways (12 bytes with VIRTIO_F_VERSION_1). */
struct virtio_net_hdr {
    uint8_t flags;
    uint8_t gso_type;
    uint16_t hdr_len;
    uint16_t gso_size;
    uint16_t csum_start;
    uint16_t csum_offset;
    uint16_t num_buffers;
};

/* The largest frame without offloads: 1500 bytes of payload, the MAC
 * header, no FCS. */
#define VIRTIO_NET_MAX_FRAME 1514

#endif /* DRIVERS_VIRTIO_H */
