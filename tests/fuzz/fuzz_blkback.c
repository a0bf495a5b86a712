/*
 * blkback's ring handling (drivers/block/blkback_req.c) fed from a
 * hostile front end: the input is a list of 8-byte records, each a step of
 * the front end (write any bytes into a request slot, set req_prod or
 * req_event to anything) or of the back end (take up to n requests, check
 * them against a disk, answer them, push the answers).
 *
 * After every step: the back end never takes more than a ring's worth of
 * unanswered requests, never moves req_cons backwards, and refuses an
 * impossible req_prod without taking anything; every request that passes
 * the check lies inside the disk, has 1..11 segments (0 only for a flush
 * or a barrier), each inside its page, adding up to its length; and the
 * answers written are exactly the requests taken.
 */
#include "fuzz.h"
#include "../../drivers/block/blkback_req.h"

#define MAX_TAKEN 64

static _Alignas(4096) uint8_t page[4096];
static blkif_sring_t *sring = (blkif_sring_t *)page;
static blkif_back_ring_t back;
static struct blkif_request taken[MAX_TAKEN];
static unsigned int nr_taken;

static void check_io(const struct blkif_request *req, const struct blkback_disk *disk,
                     const struct blkback_io *io)
{
    uint64_t total = 0;

    CHECK(io->id == req->id && io->operation == req->operation);
    CHECK(io->nr_segs <= BLKIF_MAX_SEGMENTS_PER_REQUEST);
    if (io->operation == BLKIF_OP_READ || io->operation == BLKIF_OP_WRITE)
        CHECK(io->nr_segs >= 1);
    if (io->operation == BLKIF_OP_FLUSH_DISKCACHE)
        CHECK(io->nr_segs == 0 && disk->flush);
    if (io->operation == BLKIF_OP_WRITE_BARRIER)
        CHECK(disk->barrier && !disk->readonly);
    if (io->operation == BLKIF_OP_WRITE)
        CHECK(!disk->readonly);
    CHECK(io->operation <= BLKIF_OP_FLUSH_DISKCACHE);
    for (unsigned int i = 0; i < io->nr_segs; i++) {
        CHECK(io->seg[i].len && io->seg[i].len % BLKIF_SECTOR_SIZE == 0);
        CHECK(io->seg[i].offset % BLKIF_SECTOR_SIZE == 0);
        CHECK((uint32_t)io->seg[i].offset + io->seg[i].len <= 4096);
        CHECK(io->seg[i].gref == req->seg[i].gref);
        total += io->seg[i].len / BLKIF_SECTOR_SIZE;
    }
    CHECK(total == io->nr_sectors);
    if (io->nr_segs)
        CHECK(io->sector <= disk->sectors && io->nr_sectors <= disk->sectors - io->sector);
}

static void take(uint8_t n, const struct blkback_disk *disk)
{
    RING_IDX cons = back.req_cons, prod = sring->req_prod;
    int got;

    if (n > MAX_TAKEN - nr_taken)
        n = (uint8_t)(MAX_TAKEN - nr_taken);
    got = blkback_take(&back, taken + nr_taken, n);
    if (got < 0) {
        CHECK(back.req_cons == cons);
        CHECK((RING_IDX)(prod - back.rsp_prod_pvt) > back.nr_ents ||
              (RING_IDX)(prod - back.rsp_prod_pvt) < (RING_IDX)(cons - back.rsp_prod_pvt));
        return;
    }
    CHECK((unsigned int)got <= n);
    CHECK(back.req_cons == cons + (RING_IDX)got);
    CHECK((RING_IDX)(back.req_cons - back.rsp_prod_pvt) <= back.nr_ents);
    for (int i = 0; i < got; i++) {
        struct blkback_io io;
        int st = blkback_check(&taken[nr_taken + i], disk, &io);

        CHECK(st == BLKIF_RSP_OKAY || st == BLKIF_RSP_ERROR || st == BLKIF_RSP_EOPNOTSUPP);
        if (st == BLKIF_RSP_OKAY)
            check_io(&taken[nr_taken + i], disk, &io);
    }
    nr_taken += (unsigned int)got;
}

static void answer(void)
{
    for (unsigned int i = 0; i < nr_taken; i++) {
        RING_IDX at = back.rsp_prod_pvt;

        blkback_respond(&back, taken[i].id, taken[i].operation, BLKIF_RSP_OKAY);
        CHECK(back.rsp_prod_pvt == at + 1);
    }
    nr_taken = 0;
    blkif_push_responses_and_check_notify(&back);
    CHECK(sring->rsp_prod == back.rsp_prod_pvt);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct blkback_disk disk = { .sectors = 8192, .barrier = true, .flush = true };
    RING_IDX start = 0;

    if (size >= 5) {
        memcpy(&start, data, 4);
        disk.readonly = data[4] & 1;
        disk.flush = disk.barrier = data[4] & 2;
        disk.sectors = (uint64_t)1 << (data[4] >> 2 & 63);
        data += 5;
        size -= 5;
    }
    memset(page, 0, sizeof(page));
    blkif_sring_init(sring);
    sring->req_prod = sring->rsp_prod = start;
    blkif_back_attach(&back, sring, start, sizeof(page));
    nr_taken = 0;
    for (; size >= 8; data += 8, size -= 8) {
        uint32_t v;

        memcpy(&v, data + 4, 4);
        switch (data[0] % 5) {
        case 0:     /* the front end writes 4 bytes anywhere in a slot */
            memcpy((uint8_t *)&sring->ring[data[1] % back.nr_ents] + data[2] % 112, &v,
                   data[2] % 112 <= 108 ? 4 : 112 - data[2] % 112);
            break;
        case 1:     /* ... moves req_prod by anything */
            sring->req_prod += (data[1] & 1) ? v : (RING_IDX)(int8_t)data[2];
            break;
        case 2:
            sring->req_event = v;
            break;
        case 3:
            take(data[1], &disk);
            break;
        default:
            answer();
        }
    }
    return 0;
}
