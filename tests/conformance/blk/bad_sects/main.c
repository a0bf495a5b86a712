/*
 * Segments that are not inside their page: first_sect > last_sect,
 * last_sect 8 or 255: BLKIF_RSP_ERROR, connection kept, witness served.
 */
#include <gnttab.h>
#include <mm.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static grant_ref_t ref;

static void setup(void)
{
    blk_setup_witnessed();
    ref = blk_scratch_grant();
}

static int with_sects(uint8_t op, uint8_t first, uint8_t last)
{
    struct blkif_request *r = blk_raw_slot();
    struct blkif_response rsp;

    r->operation = op;
    r->nr_segments = 2;
    r->id = 4242;
    r->seg[0] = (struct blkif_request_segment){ ref, 0, 7 };
    r->seg[1] = (struct blkif_request_segment){ ref, first, last };
    blk_raw_push();
    if (!EXPECT_TRUE(blk_raw_response(&rsp)))
        return 1;
    EXPECT_EQ(rsp.id, 4242);
    return rsp.status;
}

static void sects(void)
{
    static const uint8_t bad[][2] = { { 5, 4 }, { 7, 0 }, { 0, 8 }, { 3, 255 }, { 255, 255 } };

    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_EQ(with_sects(BLKIF_OP_READ, bad[i][0], bad[i][1]), BLKIF_RSP_ERROR);
        EXPECT_EQ(with_sects(BLKIF_OP_WRITE, bad[i][0], bad[i][1]), BLKIF_RSP_ERROR);
    }
    EXPECT_EQ(with_sects(BLKIF_OP_READ, 7, 7), BLKIF_RSP_OKAY);
    EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateConnected);
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* first > last, last 8 or 255: ERROR; a good one OKAY */
    TEST(sects),
    /* the witness's disk still works */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/bad_sects", tests, ARRAY_SIZE(tests));
}
