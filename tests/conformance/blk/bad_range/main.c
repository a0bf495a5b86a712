/*
 * Sector ranges outside the disk: starting past the end, running past it,
 * wrapping 2^64, and the first sector of the next domain's slice, for
 * reads and writes: BLKIF_RSP_ERROR each, and no write reaches the witness
 * (domain 2, whose slice follows ours: it checks its guard area and every
 * page it wrote).
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

static void ranges(void)
{
    static const uint64_t bad[] = { 8192, 8192 - 7, 8192 + 4096, UINT64_MAX - 3,
                                    UINT64_MAX, 1ULL << 63 };

    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE, 1, bad[i], ref), BLKIF_RSP_ERROR);
        EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, bad[i], ref), BLKIF_RSP_ERROR);
        EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE_BARRIER, 1, bad[i], ref), BLKIF_RSP_ERROR);
    }
    /* 11 segments from the last page: ten pages past the end. */
    EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE, 11, 8192 - 8, ref), BLKIF_RSP_ERROR);
    /* The last page itself is fine. */
    EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, 8192 - 8, ref), BLKIF_RSP_OKAY);
    EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateConnected);
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* past the end, running over, wrapping: ERROR; the last page: OKAY */
    TEST(ranges),
    /* the witness's disk, guard area included, is as it wrote it */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/bad_range", tests, ARRAY_SIZE(tests));
}
