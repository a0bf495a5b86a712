/*
 * virtio-blk (virtio 1.2, 5.2) for dom0: one request queue.
 *
 * Requests are asynchronous underneath: vblk_submit() queues one and
 * notifies the device; vblk_reap() collects the finished ones; vblk_wait()
 * sleeps on the device's interrupt until a given request is done.  The
 * synchronous vblk_read/vblk_write/vblk_flush are built on them.  Several
 * requests may be in flight (as many as the queue's descriptors allow).
 *
 * Data buffers are given by bus address (struct vblk_seg); for buffers in
 * dom0's own physmap, vblk_read/vblk_write split them by page, since
 * consecutive pages need not be consecutive machine frames.  Sector
 * numbers are 512-byte units whatever blk_size is.  The driver does not
 * check requests against the capacity: the device refuses one that runs
 * past the end (VIRTIO_BLK_S_IOERR: -XEN_EIO).
 *
 * Each request's 16-byte header and status byte live in a slot of a
 * driver page, one slot per descriptor of the queue.
 */
#ifndef DRIVERS_VIRTIO_BLK_H
#define DRIVERS_VIRTIO_BLK_H

#include <stddef.h>
#include <stdint.h>
#include "blk_req.h"
#include "virtio_mmio.h"

#define VBLK_MAX_SEGS 64                 /* 256 KiB in 4 KiB pages */
#define VBLK_QUEUE    VIRTQ_MAX
/* Long: under -icount shift=0,sleep=off the virtual clock jumps ahead
 * while the host does the I/O in real time (blkfront.h says more). */
#define VBLK_TIMEOUT_NS (120ULL * 1000 * 1000 * 1000)

struct vblk_request {
    uint32_t type;                       /* IN: VIRTIO_BLK_T_IN, _OUT, _FLUSH */
    uint64_t sector;                     /* IN: first 512-byte sector */
    unsigned int nr_segs;                /* IN */
    struct vblk_seg seg[VBLK_MAX_SEGS];  /* IN: the data */
    bool done;                           /* OUT: finished */
    int status;                          /* OUT: 0, -XEN_EIO, -XEN_EOPNOTSUPP */
    unsigned int slot;                   /* private: header and status */
    uint32_t expect;                     /* private: device-writable bytes */
};

struct vblk_slot {
    struct virtio_blk_outhdr hdr;
    uint8_t status;
    uint8_t pad[15];
};

struct virtio_blk {
    struct virtio_mmio_dev dev;
    struct virtqueue vq;
    uint64_t capacity;                   /* 512-byte sectors */
    uint32_t blk_size;                   /* bytes per logical block */
    uint32_t seg_max, size_max;          /* 0: the device states none */
    bool read_only, has_flush;
    struct vblk_slot *slot_page[VBLK_QUEUE * sizeof(struct vblk_slot) / 4096];
    uint16_t free_slot[VBLK_QUEUE];      /* stack of free slots */
    unsigned int nr_free_slots;
    unsigned long completed, failed;
};

/* Bring up the nth virtio-blk device of dom0's device tree. */
int virtio_blk_init(struct virtio_blk *b, unsigned int nth);

/* Queue rq and notify the device.  0; -XEN_ENOSPC (the queue is full:
 * reap first); -XEN_EINVAL (a malformed request); -XEN_EIO (the device
 * broke the queue protocol). */
int vblk_submit(struct virtio_blk *b, struct vblk_request *rq);

/* Collect every finished request (done and status set); how many. */
unsigned int vblk_reap(struct virtio_blk *b);

/* Service interrupts and reap until rq is done: 0, or -XEN_ETIMEDOUT
 * (rq stays in flight), -XEN_EIO (the queue broke). */
int vblk_wait(struct virtio_blk *b, struct vblk_request *rq, uint64_t deadline);

/* Synchronous I/O on dom0 memory; len a multiple of 512 bytes, at most
 * VBLK_MAX_SEGS pages' worth.  0 or a negative XEN errno. */
int vblk_read(struct virtio_blk *b, uint64_t sector, void *buf, size_t len);
int vblk_write(struct virtio_blk *b, uint64_t sector, const void *buf, size_t len);
int vblk_flush(struct virtio_blk *b);

/* A request for buf's pages: segments filled in (len as above). */
int vblk_prepare(struct vblk_request *rq, uint32_t type, uint64_t sector, const void *buf,
                 size_t len);

#endif /* DRIVERS_VIRTIO_BLK_H */
