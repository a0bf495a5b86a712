/*
 * blkfront: a domU's virtual disk, served by blkback in dom0 (blkback.h),
 * over one blkif ring (public/io/blkif.h).
 *
 * blkfront_connect() does the XenBus handshake (drivers/xenbus/
 * xenbus_front.h): find device vbd/<devid>, wait for the back end's
 * InitWait, grant a fresh ring page and offer an unbound port to the back
 * end, publish ring-ref, event-channel and protocol with state Initialised
 * in one transaction, wait for Connected, read sectors, sector-size, info,
 * feature-barrier and feature-flush-cache, and go to Connected itself.
 * protocol is "riscv64-abi": Xen names no RISC-V layout; ours is the
 * 64-bit one (tests/unit/test_io_abi.c), which blkback also accepts as
 * "x86_64-abi" or "arm-abi", or with no node at all.
 *
 * I/O is asynchronous underneath: blkfront_submit() grants a request's
 * pages to the back end (read-only for a write), fills a ring slot and
 * pushes, notifying only when the back end asked for it;
 * blkfront_complete() consumes responses (each copied out and its id
 * checked against what is in flight: a back end that answers what was not
 * asked, or moves rsp_prod impossibly, breaks the ring) and revokes the
 * grants; blkfront_wait() sleeps on the port with the final check.  At
 * most BLKFRONT_MAX_INFLIGHT (a ring's worth) requests are in flight.
 * The synchronous calls are built on them, splitting a buffer into
 * requests of up to 11 pages, all in flight at once.
 *
 * Buffers are page-aligned memory of the domain's physmap, a multiple of
 * 512 bytes long.  Results: 0, -XEN_EIO (BLKIF_RSP_ERROR),
 * -XEN_EOPNOTSUPP, -XEN_EINVAL (a bad buffer or range), -XEN_ETIMEDOUT,
 * -XEN_ENOSPC (ring or grants full).  Thread context only.
 */
#ifndef DRIVERS_BLKFRONT_H
#define DRIVERS_BLKFRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/blkif.h>
#include <xenbus/xenbus_front.h>
#include "blkback_req.h"

#define BLKFRONT_MAX_INFLIGHT BLKBACK_RING_SLOTS
/*
 * How long the synchronous calls wait for an answer.  Long: under QEMU's
 * -icount shift=0,sleep=off the virtual clock jumps to the next timer
 * whenever every CPU idles, while the host does the I/O in real time, so
 * a slow host read can take seconds of virtual time.
 */
#define BLKFRONT_TIMEOUT_NS   (120ULL * 1000 * 1000 * 1000)

struct blkfront_request {
    uint8_t operation;                    /* IN: BLKIF_OP_* */
    uint64_t sector;                      /* IN */
    unsigned int nr_pages;                /* IN: 0..11 */
    void *page[BLKIF_MAX_SEGMENTS_PER_REQUEST];      /* IN: page-aligned */
    uint8_t first_sect[BLKIF_MAX_SEGMENTS_PER_REQUEST]; /* IN */
    uint8_t last_sect[BLKIF_MAX_SEGMENTS_PER_REQUEST];  /* IN */
    bool done;                            /* OUT */
    int status;                           /* OUT: 0 or -XEN_E* */
    grant_ref_t gref[BLKIF_MAX_SEGMENTS_PER_REQUEST]; /* private */
};

struct blkfront {
    struct xenbus_front xb;
    blkif_front_ring_t ring;
    void *ring_page;
    grant_ref_t ring_ref;
    evtchn_port_t port;
    uint64_t sectors;                     /* the disk's size */
    unsigned long sector_size, info;
    bool barrier, flush;
    bool broken;                          /* the back end broke the ring */
    struct blkfront_request *inflight[BLKFRONT_MAX_INFLIGHT];  /* by id */
    unsigned int nr_inflight;
    unsigned long notifications;          /* notify hypercalls made */
};

/* Connect to vbd devid (XENBUS_ANY_DEVID: the first). */
int blkfront_connect(struct blkfront *bf, unsigned int devid, uint64_t timeout_ns);
/* Closing, then Closed, with the back end; the ring and port released. */
int blkfront_close(struct blkfront *bf);

/* Queue and push one request. */
int blkfront_submit(struct blkfront *bf, struct blkfront_request *rq);
/* Consume the responses there are: how many, or -XEN_EIO (broken). */
int blkfront_complete(struct blkfront *bf);
/* Until rq is done or deadline (absolute): 0 or -XEN_E*. */
int blkfront_wait(struct blkfront *bf, struct blkfront_request *rq, uint64_t deadline);
/* Until nothing is in flight. */
int blkfront_drain(struct blkfront *bf, uint64_t deadline);

/* Synchronous I/O; len a multiple of 512. */
int blkfront_read(struct blkfront *bf, uint64_t sector, void *buf, size_t len);
int blkfront_write(struct blkfront *bf, uint64_t sector, const void *buf, size_t len);
/* A WRITE_BARRIER of len bytes (0: a barrier with no data). */
int blkfront_barrier(struct blkfront *bf, uint64_t sector, const void *buf, size_t len);
int blkfront_flush(struct blkfront *bf);

/* A request of one op over buf's pages (len <= 11 pages): 0 or -XEN_EINVAL. */
int blkfront_prepare(struct blkfront_request *rq, uint8_t op, uint64_t sector, const void *buf,
                     size_t len);

#endif /* DRIVERS_BLKFRONT_H */
