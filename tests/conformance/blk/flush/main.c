/*
 * FLUSH_DISKCACHE through blkback: offered (feature-flush-cache), answered
 * OKAY with nothing written, after writes, and with writes in flight; a
 * flush that carries segments is refused (BLKIF_RSP_ERROR).
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

static uint8_t *buf;

static void setup(void)
{
    if (blk_connect() && EXPECT_TRUE(blk.flush))
        buf = blk_buf(8);
    EXPECT_TRUE(buf != NULL);
}

static void nothing_written(void)
{
    EXPECT_EQ(blkfront_flush(&blk), 0);
}

static void after_writes(void)
{
    if (!buf)
        return;
    blk_fill(buf, 8 * 4096, 40, 9);
    EXPECT_EQ(blkfront_write(&blk, 40, buf, 8 * 4096), 0);
    EXPECT_EQ(blkfront_flush(&blk), 0);
    memset(buf, 0, 8 * 4096);
    if (EXPECT_EQ(blkfront_read(&blk, 40, buf, 8 * 4096), 0))
        EXPECT_TRUE(blk_pattern_ok(buf, 8 * 4096, 40, 9));
}

/* Writes still in flight when the flush is queued: every one answers OKAY. */
static void with_writes_in_flight(void)
{
    static struct blkfront_request w[4], f;
    uint64_t end = monotonic_ns() + BLKFRONT_TIMEOUT_NS;

    if (!buf)
        return;
    for (unsigned int i = 0; i < 4; i++) {
        blk_fill(buf + i * 4096, 4096, 200 + i * 8, 10);
        blkfront_prepare(&w[i], BLKIF_OP_WRITE, 200 + i * 8, buf + i * 4096, 4096);
        EXPECT_EQ(blkfront_submit(&blk, &w[i]), 0);
    }
    blkfront_prepare(&f, BLKIF_OP_FLUSH_DISKCACHE, 0, NULL, 0);
    EXPECT_EQ(blkfront_submit(&blk, &f), 0);
    EXPECT_EQ(blkfront_drain(&blk, end), 0);
    for (unsigned int i = 0; i < 4; i++)
        EXPECT_EQ(w[i].status, 0);
    EXPECT_EQ(f.status, 0);
}

static void flush_with_segments(void)
{
    if (!buf)
        return;
    EXPECT_EQ(blk_raw_status(BLKIF_OP_FLUSH_DISKCACHE, 1, 0, 0), BLKIF_RSP_ERROR);
    EXPECT_EQ(blkfront_flush(&blk), 0);
}

static const struct test tests[] = {
    /* connected, feature-flush-cache */
    TEST(setup),
    /* a flush with nothing written */
    TEST(nothing_written),
    /* writes, a flush, the data reads back */
    TEST(after_writes),
    /* a flush queued behind writes in flight: all OKAY */
    TEST(with_writes_in_flight),
    /* a flush with a segment: ERROR; flushes go on */
    TEST(flush_with_segments),
};

int main(void)
{
    return run_tests("blk/flush", tests, ARRAY_SIZE(tests));
}
