/* blkback's view of a front end's ring: blkback_req.h. */
#include <string.h>
#include "blkback_req.h"

int blkback_take(blkif_back_ring_t *ring, struct blkif_request *out, unsigned int max)
{
    RING_IDX prod;
    int avail = blkif_requests_to_consume(ring, &prod);
    unsigned int n = 0;

    if (avail < 0)
        return -1;
    while (n < max && n < (unsigned int)avail) {
        blkif_copy_request(ring, ring->req_cons, &out[n]);
        ring->req_cons++;
        n++;
    }
    return (int)n;
}

static bool op_offered(uint8_t op, const struct blkback_disk *disk)
{
    switch (op) {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
        return true;
    case BLKIF_OP_WRITE_BARRIER:
        return disk->barrier;
    case BLKIF_OP_FLUSH_DISKCACHE:
        return disk->flush;
    default:
        return false;
    }
}

static bool segment_count_ok(uint8_t op, unsigned int n)
{
    switch (op) {
    case BLKIF_OP_READ:
    case BLKIF_OP_WRITE:
        return n >= 1 && n <= BLKIF_MAX_SEGMENTS_PER_REQUEST;
    case BLKIF_OP_WRITE_BARRIER:
        return n <= BLKIF_MAX_SEGMENTS_PER_REQUEST;
    default:
        return n == 0;          /* a flush carries no data */
    }
}

/* The segments into io; their total in sectors, or 0 if one is malformed. */
static uint64_t take_segments(const struct blkif_request *req, struct blkback_io *io)
{
    uint64_t total = 0;

    for (unsigned int i = 0; i < io->nr_segs; i++) {
        const struct blkif_request_segment *s = &req->seg[i];

        if (s->first_sect > s->last_sect || s->last_sect >= BLKBACK_SECTORS_PER_PAGE)
            return 0;
        io->seg[i] = (struct blkback_seg){
            .gref = s->gref,
            .offset = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE),
            .len = (uint16_t)((s->last_sect - s->first_sect + 1u) * BLKIF_SECTOR_SIZE),
        };
        total += s->last_sect - s->first_sect + 1u;
    }
    return total;
}

int blkback_check(const struct blkif_request *req, const struct blkback_disk *disk,
                  struct blkback_io *io)
{
    bool writes;

    memset(io, 0, sizeof(*io));
    io->id = req->id;
    io->operation = req->operation;
    if (!op_offered(req->operation, disk))
        return BLKIF_RSP_EOPNOTSUPP;
    if (!segment_count_ok(req->operation, req->nr_segments))
        return BLKIF_RSP_ERROR;
    io->nr_segs = req->nr_segments;
    io->sector = req->sector_number;
    io->nr_sectors = take_segments(req, io);
    if (io->nr_segs && !io->nr_sectors)
        return BLKIF_RSP_ERROR;
    /* Written so that neither side can wrap; a flush has no range. */
    if (io->nr_segs &&
        (io->sector > disk->sectors || io->nr_sectors > disk->sectors - io->sector))
        return BLKIF_RSP_ERROR;
    writes = req->operation == BLKIF_OP_WRITE || req->operation == BLKIF_OP_WRITE_BARRIER;
    if (writes && disk->readonly)
        return BLKIF_RSP_ERROR;
    return BLKIF_RSP_OKAY;
}

void blkback_respond(blkif_back_ring_t *ring, uint64_t id, uint8_t operation, int16_t status)
{
    struct blkif_response rsp;

    memset(&rsp, 0, sizeof(rsp));
    rsp.id = id;
    rsp.operation = operation;
    rsp.status = status;
    memcpy(blkif_response_slot(ring, ring->rsp_prod_pvt), &rsp, sizeof(rsp));
    ring->rsp_prod_pvt++;
}
