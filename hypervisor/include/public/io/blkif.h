/*
 * blkif: the virtual block device protocol between a front end (blkfront,
 * in the guest) and a back end (blkback, in the domain that has the disk),
 * with Xen's numbers and layouts (reference/xen-abi.md 15).
 *
 * == The ring ==
 *
 * One shared ring (io/ring.h) of blkif_request / blkif_response in one
 * granted page: 32 slots.  Every request gets exactly one response, which
 * carries the request's id back; responses may come in any order.
 *
 * == Sectors and segments ==
 *
 * Disk addresses are always in 512-byte sectors, whatever the device's own
 * sector size (`sector-size`); a request's sector_number and length must
 * be multiples of sector-size / 512.  Data moves through segments: one
 * granted page each (gref), of which sectors first_sect..last_sect
 * (inclusive, 0..7 in a 4 KiB page) take part, first_sect <= last_sect.
 * A READ or WRITE covers up to BLKIF_MAX_SEGMENTS_PER_REQUEST (11)
 * segments, in order, contiguous on the disk from sector_number.
 *
 * == Operations ==
 *
 *   READ            disk -> the segments' pages (granted writable).
 *   WRITE           the segments' pages -> disk.
 *   WRITE_BARRIER   a WRITE that completes only once every request that
 *                   completed before it was issued is on stable storage,
 *                   and is itself on stable storage (feature-barrier).
 *   FLUSH_DISKCACHE no data (nr_segments may be 0): completes once every
 *                   write completed before it is on stable storage
 *                   (feature-flush-cache).
 *   DISCARD         blkif_request_discard: the back end may forget
 *                   nr_sectors from sector_number (feature-discard);
 *                   BLKIF_DISCARD_SECURE asks that they read back as
 *                   zeros (discard-secure).
 *   INDIRECT        blkif_request_indirect: a READ or WRITE (indirect_op)
 *                   of up to feature-max-indirect-segments segments, whose
 *                   blkif_request_segment array sits in up to 8 granted
 *                   pages (indirect_grefs), 512 segments a page.
 * An operation the back end does not offer gets BLKIF_RSP_EOPNOTSUPP; a
 * request it rejects or that failed, BLKIF_RSP_ERROR.
 *
 * == XenBus nodes ==
 *
 * Back end (/local/domain/<be>/backend/vbd/<fe-domid>/<devid>/):
 *   sectors               disk size in 512-byte sectors
 *   sector-size           logical sector size in bytes (512, 4096, ...)
 *   physical-sector-size  physical sector size, if larger
 *   info                  VDISK_* flags
 *   mode                  "r" or "w" (the toolstack's)
 *   feature-barrier       1 if WRITE_BARRIER is offered
 *   feature-flush-cache   1 if FLUSH_DISKCACHE is offered
 *   feature-discard       1 if DISCARD is offered, with discard-granularity,
 *                         discard-alignment, discard-secure
 *   feature-persistent    1 if the back end keeps grants mapped between
 *                         requests
 *   feature-max-indirect-segments  segments an INDIRECT request may carry
 *   max-ring-page-order   largest ring the back end accepts (2^order pages)
 * Front end (/local/domain/<fe>/device/vbd/<devid>/):
 *   ring-ref              grant ref of the ring page (ring-ref0..N with
 *                         ring-page-order for a multi-page ring)
 *   event-channel         its unbound port, offered to the back end
 *   protocol              the request layout's ABI ("x86_32-abi",
 *                         "x86_64-abi", "arm-abi"); Xen defines none for
 *                         RISC-V, whose layout is the 64-bit one above: a
 *                         back end reads a missing node as native
 *   feature-persistent    1 if the front end reuses its grants
 *   virtual-device        the disk's number (xvda = 202 << 8 = 51712)
 * The handshake is XenBus's (io/xenbus.h): the back end publishes its
 * features and goes to InitWait; the front end writes its nodes and goes
 * to Initialised; the back end maps the ring, binds the port, publishes
 * sectors, sector-size and info, and goes to Connected; so does the front.
 */
#ifndef PUBLIC_IO_BLKIF_H
#define PUBLIC_IO_BLKIF_H

#include "ring.h"
#include "../grant_table.h"

typedef uint16_t blkif_vdev_t;     /* the front end's device number */
typedef uint64_t blkif_sector_t;   /* a 512-byte sector on the disk */

#define BLKIF_OP_READ              0
#define BLKIF_OP_WRITE             1
#define BLKIF_OP_WRITE_BARRIER     2
#define BLKIF_OP_FLUSH_DISKCACHE   3
#define BLKIF_OP_RESERVED_1        4  /* was the blktap2 packet op */
#define BLKIF_OP_DISCARD           5
#define BLKIF_OP_INDIRECT          6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST       11
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8
/* blkif_request_segment entries in one indirect page. */
#define BLKIF_SEGS_PER_INDIRECT_FRAME                                          \
    (XEN_PAGE_SIZE / sizeof(struct blkif_request_segment))

/* The unit of sector_number, first_sect and last_sect. */
#define BLKIF_SECTOR_SHIFT 9
#define BLKIF_SECTOR_SIZE  (1U << BLKIF_SECTOR_SHIFT)

struct blkif_request_segment {
    grant_ref_t gref;             /* the page */
    uint8_t first_sect;           /* first sector of it used, 0..7 */
    uint8_t last_sect;            /* last sector of it used (inclusive) */
};

/* READ, WRITE, WRITE_BARRIER, FLUSH_DISKCACHE: 112 bytes. */
struct blkif_request {
    uint8_t operation;            /* BLKIF_OP_* */
    uint8_t nr_segments;          /* 0..11 (0 only for a flush) */
    blkif_vdev_t handle;          /* the device, for READ and WRITE */
    uint64_t id;                  /* the front end's tag, echoed back */
    blkif_sector_t sector_number; /* first sector on the disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* DISCARD (same slot). */
struct blkif_request_discard {
    uint8_t operation;            /* BLKIF_OP_DISCARD */
    uint8_t flag;                 /* BLKIF_DISCARD_SECURE or 0 */
    blkif_vdev_t handle;
    uint64_t id;
    blkif_sector_t sector_number; /* first sector to discard */
    uint64_t nr_sectors;          /* how many */
};
typedef struct blkif_request_discard blkif_request_discard_t;
#define BLKIF_DISCARD_SECURE (1U << 0)

/* INDIRECT (same slot). */
struct blkif_request_indirect {
    uint8_t operation;            /* BLKIF_OP_INDIRECT */
    uint8_t indirect_op;          /* BLKIF_OP_READ or BLKIF_OP_WRITE */
    uint16_t nr_segments;         /* segments in the indirect pages */
    uint64_t id;
    blkif_sector_t sector_number;
    blkif_vdev_t handle;
    grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

/* 16 bytes. */
struct blkif_response {
    uint64_t id;                  /* the request's */
    uint8_t operation;            /* the request's */
    int16_t status;               /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP  -2   /* the operation is not offered */
#define BLKIF_RSP_ERROR       -1   /* rejected, or the I/O failed */
#define BLKIF_RSP_OKAY         0

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* `info` node bits. */
#define VDISK_CDROM        0x1
#define VDISK_REMOVABLE    0x2
#define VDISK_READONLY     0x4

#endif /* PUBLIC_IO_BLKIF_H */
