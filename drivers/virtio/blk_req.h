/*
 * A virtio-blk request as a descriptor chain (virtio 1.2, 5.2.6), and the
 * meaning of its status byte: the arch-neutral part of virtio_blk.c.
 *
 * The chain is: the 16-byte header (device-readable), the data buffers
 * (device-writable for a read, device-readable for a write; none for a
 * flush), then the one status byte (device-writable).
 */
#ifndef DRIVERS_VIRTIO_BLK_REQ_H
#define DRIVERS_VIRTIO_BLK_REQ_H

#include <stdint.h>
#include "virtio.h"
#include "virtqueue.h"

/* A data buffer by bus address. */
struct vblk_seg {
    uint64_t addr;
    uint32_t len;
};

/*
 * The chain of a request of `type` (VIRTIO_BLK_T_IN, _OUT or _FLUSH) with
 * its header at hdr_addr, its status byte at status_addr and nsegs data
 * segments, written to out[0..max_out).  Returns the number of buffers, or
 * -XEN_EINVAL: an unknown type, a flush with data, a read or write without
 * any or with a segment of 0 bytes or a total that is not whole sectors,
 * or more buffers than max_out.
 */
int vblk_chain(uint32_t type, uint64_t hdr_addr, uint64_t status_addr,
               const struct vblk_seg *segs, unsigned int nsegs,
               struct virtq_buf *out, unsigned int max_out);

/*
 * What a finished request came to: 0 (VIRTIO_BLK_S_OK), -XEN_EOPNOTSUPP
 * (S_UNSUPP) or -XEN_EIO (S_IOERR, any other value, or a device that
 * wrote fewer bytes than the chain's data plus status when a read
 * succeeded: it must have written them all).  written: the used length;
 * expect: the device-writable bytes of the chain.
 */
int vblk_status(uint8_t status, uint32_t written, uint32_t expect);

#endif /* DRIVERS_VIRTIO_BLK_REQ_H */
