/*
 * drivers/block/blkback_req.c on the host: blkback taking requests off a
 * ring whose front end may write anything, checking them, and writing
 * responses.  The test plays the front end, honest and lying.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <block/blkback_req.h>

static _Alignas(4096) unsigned char page[4096];
static blkif_sring_t *sring = (blkif_sring_t *)page;
static blkif_front_ring_t front;
static blkif_back_ring_t back;

static const struct blkback_disk disk = { .sectors = 8192, .barrier = true, .flush = true };
static const struct blkback_disk ro_disk = { .sectors = 8192, .readonly = true };

/* Both ends at index idx (to test the wrap at 2^32). */
static void rings_at(RING_IDX idx)
{
    memset(page, 0, sizeof(page));
    blkif_sring_init(sring);
    sring->req_prod = sring->rsp_prod = idx;
    blkif_front_attach(&front, sring, idx, sizeof(page));
    blkif_back_attach(&back, sring, idx, sizeof(page));
}

/* The front end queues a READ of one page (sector s, tag id). */
static void front_read(uint64_t id, uint64_t s)
{
    struct blkif_request *r = blkif_request_slot(&front, front.req_prod_pvt++);

    memset(r, 0, sizeof(*r));
    r->operation = BLKIF_OP_READ;
    r->nr_segments = 1;
    r->id = id;
    r->sector_number = s;
    r->seg[0] = (struct blkif_request_segment){ .gref = 100 + (grant_ref_t)id, 0, 7 };
}

static struct blkif_request req(uint8_t op, uint8_t nsegs, uint64_t sector)
{
    struct blkif_request r;

    memset(&r, 0, sizeof(r));
    r.operation = op;
    r.nr_segments = nsegs;
    r.id = 0x1234567890abcdefULL;
    r.sector_number = sector;
    for (unsigned int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        r.seg[i] = (struct blkif_request_segment){ .gref = 10 + i, 0, 7 };
    return r;
}

static void empty_ring_gives_nothing(void **state)
{
    struct blkif_request out[4];

    rings_at(0);
    assert_int_equal(blkback_take(&back, out, 4), 0);
}

static void takes_in_order_across_the_wrap(void **state)
{
    struct blkif_request out[8];

    rings_at(0xfffffffdu);
    for (unsigned int i = 0; i < 6; i++)
        front_read(i, i * 8);
    blkif_push_requests(&front);
    assert_int_equal(blkback_take(&back, out, 4), 4);
    assert_int_equal(blkback_take(&back, out + 4, 8), 2);
    for (unsigned int i = 0; i < 6; i++) {
        assert_int_equal(out[i].id, i);
        assert_int_equal(out[i].sector_number, i * 8);
    }
    assert_int_equal(back.req_cons, 0xfffffffdu + 6);
}

/* req_prod more than a ring ahead of the responses: broken, nothing taken. */
static void producer_far_ahead_is_refused(void **state)
{
    struct blkif_request out[4];

    rings_at(7);
    sring->req_prod = 7 + BLKBACK_RING_SLOTS + 1;
    assert_int_equal(blkback_take(&back, out, 4), -1);
    assert_int_equal(back.req_cons, 7);
    sring->req_prod = 7 + 0x80000000u;
    assert_int_equal(blkback_take(&back, out, 4), -1);
}

/* A full ring is fine; one more is not. */
static void producer_exactly_a_ring_ahead_is_fine(void **state)
{
    struct blkif_request out[BLKBACK_RING_SLOTS];

    rings_at(0);
    sring->req_prod = BLKBACK_RING_SLOTS;
    assert_int_equal(blkback_take(&back, out, BLKBACK_RING_SLOTS), BLKBACK_RING_SLOTS);
}

static void producer_moving_backwards_is_refused(void **state)
{
    struct blkif_request out[4];

    rings_at(100);
    for (unsigned int i = 0; i < 3; i++)
        front_read(i, 0);
    blkif_push_requests(&front);
    assert_int_equal(blkback_take(&back, out, 4), 3);
    sring->req_prod = 101;           /* behind req_cons = 103 */
    assert_int_equal(blkback_take(&back, out, 4), -1);
    assert_int_equal(back.req_cons, 103);
}

static void read_is_checked_and_described(void **state)
{
    struct blkif_request r = req(BLKIF_OP_READ, 3, 16);
    struct blkback_io io;

    r.seg[1] = (struct blkif_request_segment){ .gref = 77, 2, 5 };
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_OKAY);
    assert_int_equal(io.id, r.id);
    assert_int_equal(io.operation, BLKIF_OP_READ);
    assert_int_equal(io.sector, 16);
    assert_int_equal(io.nr_segs, 3);
    assert_int_equal(io.nr_sectors, 8 + 4 + 8);
    assert_int_equal(io.seg[1].gref, 77);
    assert_int_equal(io.seg[1].offset, 2 * 512);
    assert_int_equal(io.seg[1].len, 4 * 512);
}

static void segment_counts(void **state)
{
    struct blkback_io io;
    struct blkif_request r;

    r = req(BLKIF_OP_READ, 0, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_WRITE, 11, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_OKAY);
    r = req(BLKIF_OP_WRITE, 12, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_READ, 255, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_WRITE_BARRIER, 0, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_OKAY);
    r = req(BLKIF_OP_FLUSH_DISKCACHE, 1, 0);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
}

static void bad_segments(void **state)
{
    struct blkif_request r = req(BLKIF_OP_READ, 2, 0);
    struct blkback_io io;

    r.seg[1].first_sect = 5;
    r.seg[1].last_sect = 4;
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r.seg[1].first_sect = 0;
    r.seg[1].last_sect = 8;          /* past the page */
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r.seg[1].first_sect = 255;
    r.seg[1].last_sect = 255;
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
}

static void ranges(void **state)
{
    struct blkback_io io;
    struct blkif_request r;

    r = req(BLKIF_OP_READ, 1, 8192 - 8);     /* the last page */
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_OKAY);
    r = req(BLKIF_OP_READ, 1, 8192 - 7);     /* one sector past the end */
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_WRITE, 2, 8192);
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_WRITE, 1, UINT64_MAX - 3);   /* sector + length wraps */
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_ERROR);
    r = req(BLKIF_OP_FLUSH_DISKCACHE, 0, UINT64_MAX);   /* a flush has no range */
    assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_OKAY);
}

static void unknown_and_unoffered_operations(void **state)
{
    static const uint8_t ops[] = { BLKIF_OP_RESERVED_1, BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT,
                                   7, 200, 255 };
    struct blkback_io io;

    for (unsigned int i = 0; i < sizeof(ops); i++) {
        struct blkif_request r = req(ops[i], 1, 0);

        assert_int_equal(blkback_check(&r, &disk, &io), BLKIF_RSP_EOPNOTSUPP);
        assert_int_equal(io.id, r.id);          /* still answerable */
        assert_int_equal(io.operation, ops[i]);
    }
    struct blkif_request b = req(BLKIF_OP_WRITE_BARRIER, 1, 0);
    struct blkif_request f = req(BLKIF_OP_FLUSH_DISKCACHE, 0, 0);

    assert_int_equal(blkback_check(&b, &ro_disk, &io), BLKIF_RSP_EOPNOTSUPP);
    assert_int_equal(blkback_check(&f, &ro_disk, &io), BLKIF_RSP_EOPNOTSUPP);
}

static void read_only_disk(void **state)
{
    struct blkback_io io;
    struct blkif_request r;

    r = req(BLKIF_OP_READ, 1, 0);
    assert_int_equal(blkback_check(&r, &ro_disk, &io), BLKIF_RSP_OKAY);
    r = req(BLKIF_OP_WRITE, 1, 0);
    assert_int_equal(blkback_check(&r, &ro_disk, &io), BLKIF_RSP_ERROR);
}

/* A response is written whole: no byte of what the slot held survives. */
static void responses_are_whole(void **state)
{
    struct blkif_response rsp, want;

    rings_at(0);
    memset(sring->ring, 0xa5, sizeof(sring->ring[0]) * BLKBACK_RING_SLOTS);
    blkback_respond(&back, 42, BLKIF_OP_WRITE, BLKIF_RSP_ERROR);
    assert_int_equal(back.rsp_prod_pvt, 1);
    assert_int_equal(sring->rsp_prod, 0);       /* not pushed yet */
    memset(&want, 0, sizeof(want));
    want.id = 42;
    want.operation = BLKIF_OP_WRITE;
    want.status = BLKIF_RSP_ERROR;
    memcpy(&rsp, &sring->ring[0].rsp, sizeof(rsp));
    assert_memory_equal(&rsp, &want, sizeof(rsp));
}

/* Responses free the slots: the front end may then queue a ring's worth more. */
static void answered_requests_make_room(void **state)
{
    struct blkif_request out[BLKBACK_RING_SLOTS];

    rings_at(0);
    sring->req_prod = BLKBACK_RING_SLOTS;
    assert_int_equal(blkback_take(&back, out, BLKBACK_RING_SLOTS), BLKBACK_RING_SLOTS);
    sring->req_prod = BLKBACK_RING_SLOTS + 1;
    assert_int_equal(blkback_take(&back, out, 1), -1);
    for (unsigned int i = 0; i < BLKBACK_RING_SLOTS; i++)
        blkback_respond(&back, i, BLKIF_OP_READ, BLKIF_RSP_OKAY);
    blkif_push_responses(&back);
    assert_int_equal(blkback_take(&back, out, 1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_ring_gives_nothing),
        cmocka_unit_test(takes_in_order_across_the_wrap),
        cmocka_unit_test(producer_far_ahead_is_refused),
        cmocka_unit_test(producer_exactly_a_ring_ahead_is_fine),
        cmocka_unit_test(producer_moving_backwards_is_refused),
        cmocka_unit_test(read_is_checked_and_described),
        cmocka_unit_test(segment_counts),
        cmocka_unit_test(bad_segments),
        cmocka_unit_test(ranges),
        cmocka_unit_test(unknown_and_unoffered_operations),
        cmocka_unit_test(read_only_disk),
        cmocka_unit_test(responses_are_whole),
        cmocka_unit_test(answered_requests_make_room),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
