/*
 * Operations blkback does not offer: the reserved 4, DISCARD and INDIRECT
 * (no feature-discard, no feature-max-indirect-segments), and unknown
 * numbers: BLKIF_RSP_EOPNOTSUPP with the request's id and operation; the
 * connection is kept and the witness served.
 */
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void setup(void)
{
    char v[8];

    blk_setup_witnessed();
    EXPECT_EQ(xenbus_front_read_be(&blk.xb, "feature-discard", v, sizeof(v)), -XEN_ENOENT);
}

static void unoffered(void)
{
    static const uint8_t ops[] = { BLKIF_OP_RESERVED_1, BLKIF_OP_DISCARD, BLKIF_OP_INDIRECT,
                                   7, 8, 100, 255 };

    for (unsigned int i = 0; i < sizeof(ops); i++)
        EXPECT_EQ(blk_raw_status(ops[i], 1, 0, 0), BLKIF_RSP_EOPNOTSUPP);
    blk_still_works();
}

static const struct test tests[] = {
    /* connected, no feature-discard; the witness runs */
    TEST(setup),
    /* reserved, discard, indirect, unknown: EOPNOTSUPP; still working */
    TEST(unoffered),
    /* the witness's disk still works */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/bad_op", tests, ARRAY_SIZE(tests));
}
