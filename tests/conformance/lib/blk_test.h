/*
 * Helpers for the blk family: the test's virtual disk (blkfront, connected
 * to dom0's blkback), a data pattern, and the raw ring below blkfront for
 * the hostile cases.
 *
 * The pattern: byte i of (disk-relative) sector s written with seed k is
 *     bytes 0..7   s, little-endian
 *     byte 8       k
 *     byte i >= 9  (s * 31 + i * 7 + k) mod 256
 * so a reader can tell which write of which sector it got.  A test that
 * prints "Disk expect: <absolute sector> <count> <seed> <sector>" asks the runner
 * (scripts/conformance.py, tests with disk=copy) to find that pattern on
 * the disk image file after QEMU has exited.
 *
 * The witness (tests/conformance/blk/witness, domain 2) keeps using its
 * own disk while a test attacks blkback, and counts its good rounds in the
 * page lib/xs_test.h describes (the same protocol as the xenstore
 * witness): xs_others_served() checks it went on.
 */
#ifndef CONFORMANCE_BLK_TEST_H
#define CONFORMANCE_BLK_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xenbus.h>
#include <block/blkfront.h>

extern struct blkfront blk;

/* Connect blk (EXPECTs it); false if that failed. */
bool blk_connect(void);
/* The first sector of this domain's slice of dom0's disk (its params). */
uint64_t blk_slice_first(void);
/* n contiguous fresh pages, page-aligned (the same ones on every call). */
void *blk_buf(unsigned int pages);

uint8_t blk_pattern_byte(uint64_t sector, unsigned int i, uint8_t seed);
void blk_fill(void *buf, size_t len, uint64_t sector, uint8_t seed);
bool blk_pattern_ok(const void *buf, size_t len, uint64_t sector, uint8_t seed);

/* ---- the raw ring (requests blkfront knows nothing of: ids >= 1000) ---- */

/* The next request slot, zeroed; blk_raw_push() publishes it and notifies. */
struct blkif_request *blk_raw_slot(void);
void blk_raw_push(void);
/* One request of op, nsegs segments all of gref (0..7), at sector; pushed. */
void blk_raw_request(uint8_t op, uint8_t nsegs, uint64_t sector, grant_ref_t gref,
                     uint64_t id);
/* The next response, waiting up to BLKFRONT_TIMEOUT_NS: true if one came. */
bool blk_raw_response(struct blkif_response *rsp);
/* A raw request's response status (EXPECTs that it came with the right id). */
int blk_raw_status(uint8_t op, uint8_t nsegs, uint64_t sector, grant_ref_t gref);

/* ---- the handshake by hand (lying about the ring or the port) ---- */

/* Find the disk's XenBus device (EXPECTs it). */
void blk_find(struct xenbus_front *xb);
/*
 * Start over from Initialising, wait for InitWait, publish ring-ref and
 * event-channel as given with Initialised: the back end's answer
 * (Connected or Closing), or -1.
 */
long blk_offer(const struct xenbus_front *xb, const char *ring_ref, const char *port);
/* After a refusal: an error node says why; Closed on both sides. */
void blk_close_refused(const struct xenbus_front *xb);

/* ---- beside the witness ---- */

/* Connect, check that I/O works and that the witness is served. */
void blk_setup_witnessed(void);
/* The witness was served throughout (xs_others_served); stop it. */
void blk_witness_done(void);
/* A fresh page granted read-write to dom0: its ref (EXPECTs one). */
grant_ref_t blk_scratch_grant(void);

/* The back end's state, waiting up to 2 s for one in mask. */
long blk_backend_state(uint32_t mask);
/* The device is still Connected and a read through blkfront works (EXPECTs it). */
bool blk_still_works(void);

#endif /* CONFORMANCE_BLK_TEST_H */
