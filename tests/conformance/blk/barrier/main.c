/*
 * WRITE_BARRIER through blkback (feature-barrier): a barrier write reads
 * back; a barrier without data is answered; and a barrier queued behind
 * writes in flight is answered only after every one of them (the back end
 * drains them first, so their responses come before the barrier's).
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

#define EARLIER 8

static uint8_t *buf;

static void setup(void)
{
    if (blk_connect() && EXPECT_TRUE(blk.barrier))
        buf = blk_buf(EARLIER + 2);
    EXPECT_TRUE(buf != NULL);
}

static void with_data(void)
{
    if (!buf)
        return;
    blk_fill(buf, 2 * 4096, 500, 21);
    EXPECT_EQ(blkfront_barrier(&blk, 500, buf, 2 * 4096), 0);
    memset(buf, 0, 2 * 4096);
    if (EXPECT_EQ(blkfront_read(&blk, 500, buf, 2 * 4096), 0))
        EXPECT_TRUE(blk_pattern_ok(buf, 2 * 4096, 500, 21));
}

static void without_data(void)
{
    EXPECT_EQ(blkfront_barrier(&blk, 0, NULL, 0), 0);
}

/*
 * EARLIER writes, then a barrier, all queued at once: in the ring's
 * responses (read back from the shared slots once all are in), the
 * barrier's is the last.
 */
static void orders_earlier_writes(void)
{
    static struct blkfront_request w[EARLIER], b;
    uint64_t end = monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    RING_IDX r0 = blk.ring.rsp_cons;

    if (!buf || !EXPECT_EQ(blk.nr_inflight, 0))
        return;
    for (unsigned int i = 0; i < EARLIER; i++) {
        blk_fill(buf + i * 4096, 4096, 600 + i * 8, 22);
        blkfront_prepare(&w[i], BLKIF_OP_WRITE, 600 + i * 8, buf + i * 4096, 4096);
        EXPECT_EQ(blkfront_submit(&blk, &w[i]), 0);
    }
    blk_fill(buf + EARLIER * 4096, 4096, 700, 23);
    blkfront_prepare(&b, BLKIF_OP_WRITE_BARRIER, 700, buf + EARLIER * 4096, 4096);
    EXPECT_EQ(blkfront_submit(&blk, &b), 0);
    EXPECT_EQ(blkfront_drain(&blk, end), 0);
    EXPECT_EQ(b.status, 0);
    for (unsigned int k = 0; k <= EARLIER; k++) {
        struct blkif_response rsp;

        blkif_copy_response(&blk.ring, r0 + k, &rsp);
        EXPECT_EQ(rsp.operation, k < EARLIER ? BLKIF_OP_WRITE : BLKIF_OP_WRITE_BARRIER);
    }
    memset(buf, 0, 4096);
    if (EXPECT_EQ(blkfront_read(&blk, 700, buf, 4096), 0))
        EXPECT_TRUE(blk_pattern_ok(buf, 4096, 700, 23));
}

static const struct test tests[] = {
    /* connected, feature-barrier */
    TEST(setup),
    /* a barrier write of two pages reads back */
    TEST(with_data),
    /* a barrier with no data: OKAY */
    TEST(without_data),
    /* every earlier write is answered before the barrier */
    TEST(orders_earlier_writes),
};

int main(void)
{
    return run_tests("blk/barrier", tests, ARRAY_SIZE(tests));
}
