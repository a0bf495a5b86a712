/*
 * Segment counts a front end may not send: a READ or WRITE with 0, 12 or
 * 255 segments gets BLKIF_RSP_ERROR, the connection stays up, and the
 * witness goes on.
 */
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void counts(void)
{
    static const uint8_t bad[] = { 0, 12, 200, 255 };

    for (unsigned int i = 0; i < sizeof(bad); i++) {
        EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, bad[i], 0, 0), BLKIF_RSP_ERROR);
        EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE, bad[i], 0, 0), BLKIF_RSP_ERROR);
    }
    blk_still_works();
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(blk_setup_witnessed),
    /* 0, 12, 200, 255 segments: ERROR each; still connected and working */
    TEST(counts),
    /* the witness's disk still works */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/bad_nsegs", tests, ARRAY_SIZE(tests));
}
