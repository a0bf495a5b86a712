/*
 * blkback's view of a front end's ring, the arch-neutral part: taking
 * requests off a ring the front end may have written anything into,
 * checking them, and writing responses.  Built into dom0 and, unchanged,
 * into the host unit tests and the fuzz harness (tests/unit/test_blkback.c,
 * tests/fuzz/fuzz_blkback.c).
 *
 * Nothing the front end wrote is used in place:
 *   - blkback_take() reads req_prod once and refuses an impossible one
 *     (more than a ring's worth of unanswered requests, or behind what was
 *     already consumed: Xen's RING_REQUEST_PROD_OVERFLOW); the ring is then
 *     broken and the caller disconnects the front end.  Each request is
 *     copied out of its slot whole, once (XSA-155), before any field is
 *     looked at;
 *   - blkback_check() validates the copy against the virtual disk and
 *     turns it into a blkback_io: the operation, the range in 512-byte
 *     sectors relative to the disk, and each segment as (gref, byte
 *     offset, byte length) within its page.  Segments are never merged,
 *     so no I/O crosses a grant frame (XSA-229);
 *   - blkback_respond() writes a whole response (every byte defined, no
 *     padding left over from before: XSA-216) at rsp_prod_pvt.
 *
 * The checks, and the answer each failure gets (status of the response):
 *   operation not READ, WRITE, WRITE_BARRIER or FLUSH_DISKCACHE, or a
 *     barrier or flush the disk does not offer          BLKIF_RSP_EOPNOTSUPP
 *   READ/WRITE with 0 or more than 11 segments; a barrier with more than
 *     11; a flush with any                               BLKIF_RSP_ERROR
 *   a segment with first_sect > last_sect or last_sect > 7   BLKIF_RSP_ERROR
 *   sector_number + length past the disk's end (or wrapping)  BLKIF_RSP_ERROR
 *     (a request without segments has no range: sector_number is ignored)
 *   a WRITE or barrier to a read-only disk               BLKIF_RSP_ERROR
 * DISCARD and INDIRECT are not offered (no feature-discard, no
 * feature-max-indirect-segments), so they get EOPNOTSUPP too, as does the
 * reserved operation 4.
 */
#ifndef DRIVERS_BLKBACK_REQ_H
#define DRIVERS_BLKBACK_REQ_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/blkif.h>

#define BLKBACK_RING_SLOTS XEN_RING_CONST_SIZE(blkif, XEN_PAGE_SIZE)
#define BLKBACK_SECTORS_PER_PAGE (XEN_PAGE_SIZE / BLKIF_SECTOR_SIZE)

/* What the virtual disk offers. */
struct blkback_disk {
    uint64_t sectors;            /* size in 512-byte sectors */
    bool readonly;
    bool barrier;                /* feature-barrier */
    bool flush;                  /* feature-flush-cache */
};

struct blkback_seg {
    grant_ref_t gref;
    uint16_t offset;             /* bytes into the page */
    uint16_t len;                /* bytes, a multiple of 512 */
};

/* A checked request. */
struct blkback_io {
    uint64_t id;                 /* echoed in the response */
    uint8_t operation;           /* BLKIF_OP_* */
    uint64_t sector;             /* first sector, relative to the disk */
    uint64_t nr_sectors;
    unsigned int nr_segs;
    struct blkback_seg seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/*
 * Copy up to max requests off the ring (advancing req_cons): how many, or
 * -1 if req_prod is impossible (the ring is broken; nothing was taken).
 */
int blkback_take(blkif_back_ring_t *ring, struct blkif_request *out, unsigned int max);

/* Check one copied request: BLKIF_RSP_OKAY (io filled in), _ERROR or
 * _EOPNOTSUPP (io->id and io->operation still set, for the response). */
int blkback_check(const struct blkif_request *req, const struct blkback_disk *disk,
                  struct blkback_io *io);

/* Write the response for (id, operation) with status; not yet pushed. */
void blkback_respond(blkif_back_ring_t *ring, uint64_t id, uint8_t operation, int16_t status);

#endif /* DRIVERS_BLKBACK_REQ_H */
