/* The blk family's helpers: blk_test.h. */
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <mm.h>
#include <xenbus.h>
#include "blk_test.h"
#include "test.h"
#include "xs_test.h"

#define RAW_WAIT_NS (2 * NSEC_PER_SEC)
/* A response may wait for the host's disk: blkfront.h's time-out. */
#define RAW_RESPONSE_NS BLKFRONT_TIMEOUT_NS

struct blkfront blk;
static uint64_t raw_id = 1000;

bool blk_connect(void)
{
    return EXPECT_EQ(blkfront_connect(&blk, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC),
                     0);
}

uint64_t blk_slice_first(void)
{
    char params[48];

    if (xenbus_front_read_be(&blk.xb, "params", params, sizeof(params)) < 0)
        return ~0ULL;
    return strtoull(params, NULL, 10);
}

void *blk_buf(unsigned int pages)
{
    static void *buf;
    static unsigned int have;

    if (pages > have) {
        buf = alloc_pages_contig(pages);
        have = buf ? pages : 0;
    }
    return buf;
}

uint8_t blk_pattern_byte(uint64_t sector, unsigned int i, uint8_t seed)
{
    if (i < 8)
        return (uint8_t)(sector >> (8 * i));
    if (i == 8)
        return seed;
    return (uint8_t)(sector * 31 + i * 7 + seed);
}

void blk_fill(void *buf, size_t len, uint64_t sector, uint8_t seed)
{
    uint8_t *b = buf;

    for (size_t off = 0; off < len; off++)
        b[off] = blk_pattern_byte(sector + off / 512, (unsigned int)(off % 512), seed);
}

bool blk_pattern_ok(const void *buf, size_t len, uint64_t sector, uint8_t seed)
{
    const uint8_t *b = buf;

    for (size_t off = 0; off < len; off++)
        if (b[off] != blk_pattern_byte(sector + off / 512, (unsigned int)(off % 512), seed))
            return false;
    return true;
}

struct blkif_request *blk_raw_slot(void)
{
    struct blkif_request *r = blkif_request_slot(&blk.ring, blk.ring.req_prod_pvt);

    memset(r, 0, sizeof(*r));
    return r;
}

void blk_raw_push(void)
{
    blk.ring.req_prod_pvt++;
    blkif_push_requests(&blk.ring);
    notify_remote_via_evtchn(blk.port);
}

void blk_raw_request(uint8_t op, uint8_t nsegs, uint64_t sector, grant_ref_t gref,
                     uint64_t id)
{
    struct blkif_request *r = blk_raw_slot();

    r->operation = op;
    r->nr_segments = nsegs;
    r->id = id;
    r->sector_number = sector;
    for (unsigned int i = 0; i < nsegs && i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        r->seg[i] = (struct blkif_request_segment){ gref, 0, 7 };
    blk_raw_push();
}

bool blk_raw_response(struct blkif_response *rsp)
{
    uint64_t end = monotonic_ns() + RAW_RESPONSE_NS;

    while (blkif_unconsumed_responses(&blk.ring) == 0 && monotonic_ns() < end) {
        if (!blkif_final_check_for_responses(&blk.ring))
            evtchn_poll(&blk.port, 1, end);
        evtchn_test_and_clear(blk.port);
    }
    if (!blkif_unconsumed_responses(&blk.ring))
        return false;
    blkif_copy_response(&blk.ring, blk.ring.rsp_cons, rsp);
    blk.ring.rsp_cons++;
    return true;
}

int blk_raw_status(uint8_t op, uint8_t nsegs, uint64_t sector, grant_ref_t gref)
{
    struct blkif_response rsp;
    uint64_t id = raw_id++;

    blk_raw_request(op, nsegs, sector, gref, id);
    if (!EXPECT_TRUE(blk_raw_response(&rsp)))
        return 1;
    EXPECT_EQ(rsp.id, id);
    EXPECT_EQ(rsp.operation, op);
    return rsp.status;
}

long blk_backend_state(uint32_t mask)
{
    return xenbus_front_wait_be(&blk.xb, mask, monotonic_ns() + RAW_WAIT_NS);
}

bool blk_still_works(void)
{
    void *buf = blk_buf(1);

    return EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateConnected) &&
           EXPECT_TRUE(buf != NULL) && EXPECT_EQ(blkfront_read(&blk, 0, buf, 4096), 0);
}

void blk_find(struct xenbus_front *xb)
{
    EXPECT_EQ(gnttab_init(1), 0);
    EXPECT_EQ(xenbus_front_find("vbd", XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC, xb),
              0);
}

long blk_offer(const struct xenbus_front *xb, const char *ring_ref, const char *port)
{
    const struct xenbus_node nodes[] = { { "ring-ref", ring_ref }, { "event-channel", port } };
    uint64_t end = monotonic_ns() + RAW_WAIT_NS;

    xenbus_front_switch(xb, XenbusStateInitialising);
    if (!EXPECT_EQ(xenbus_front_wait_be(xb, XENBUS_STATE_BIT(XenbusStateInitWait), end),
                   XenbusStateInitWait))
        return -1;
    EXPECT_EQ(xenbus_front_publish(xb, nodes, 2, XenbusStateInitialised), 0);
    return xenbus_front_wait_be(xb, XENBUS_STATE_BIT(XenbusStateConnected) |
                                XENBUS_STATE_BIT(XenbusStateClosing), end);
}

void blk_close_refused(const struct xenbus_front *xb)
{
    char err[96];

    EXPECT_TRUE(xenbus_front_read_be(xb, "error", err, sizeof(err)) > 0);
    xenbus_front_switch(xb, XenbusStateClosed);
    EXPECT_EQ(xenbus_front_wait_be(xb, XENBUS_STATE_BIT(XenbusStateClosed),
                                   monotonic_ns() + RAW_WAIT_NS), XenbusStateClosed);
}

void blk_setup_witnessed(void)
{
    if (blk_connect())
        blk_still_works();
    xs_others_served();
}

void blk_witness_done(void)
{
    xs_others_served();
    xs_witness_stop();
}

grant_ref_t blk_scratch_grant(void)
{
    void *page = alloc_page();
    long r = page ? gnttab_grant_access(0, virt_to_mfn(page), false) : -XEN_ENOMEM;

    EXPECT_TRUE(r > 0);
    return r > 0 ? (grant_ref_t)r : 0;
}
