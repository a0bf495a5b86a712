/*
 * A ring's worth (32) of requests in flight at once, reads and writes
 * mixed, submitted before any is waited for: every one is answered once,
 * with its own id, and the data is right.  Then one more than fits is
 * refused by blkfront (the front end never overfills the ring).
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

#define N BLKFRONT_MAX_INFLIGHT

static struct blkfront_request rq[N + 1];
static uint8_t *buf;
static uint64_t first;

static void setup(void)
{
    if (blk_connect())
        buf = blk_buf(N + 1);
    first = blk_slice_first();
    EXPECT_TRUE(buf != NULL);
}

static void ring_full(void)
{
    uint64_t end = monotonic_ns() + BLKFRONT_TIMEOUT_NS;

    if (!buf)
        return;
    for (unsigned int i = 0; i < N; i++) {
        uint8_t *p = buf + i * 4096;
        uint64_t sector = 4000 + i * 8;

        if (i % 2) {
            blk_fill(p, 4096, sector, 41);
            blkfront_prepare(&rq[i], BLKIF_OP_WRITE, sector, p, 4096);
        } else {
            memset(p, 0, 4096);
            blkfront_prepare(&rq[i], BLKIF_OP_READ, sector, p, 4096);
        }
        EXPECT_EQ(blkfront_submit(&blk, &rq[i]), 0);
    }
    EXPECT_EQ(blk.nr_inflight, N);
    blkfront_prepare(&rq[N], BLKIF_OP_READ, 0, buf + N * 4096, 4096);
    EXPECT_EQ(blkfront_submit(&blk, &rq[N]), -XEN_ENOSPC);
    EXPECT_EQ(blkfront_drain(&blk, end), 0);
    for (unsigned int i = 0; i < N; i++) {
        EXPECT_TRUE(rq[i].done);
        EXPECT_EQ(rq[i].status, 0);
        if (i % 2 == 0)
            EXPECT_TRUE(disk_pattern_check(buf + i * 4096, first + 4000 + i * 8, 8));
    }
}

static void writes_landed(void)
{
    if (!buf)
        return;
    for (unsigned int i = 1; i < N; i += 2)
        if (EXPECT_EQ(blkfront_read(&blk, 4000 + i * 8, buf, 4096), 0))
            EXPECT_TRUE(blk_pattern_ok(buf, 4096, 4000 + i * 8, 41));
}

static const struct test tests[] = {
    /* connected */
    TEST(setup),
    /* 32 requests in flight, each answered once and right; a 33rd refused */
    TEST(ring_full),
    /* the 16 writes read back */
    TEST(writes_landed),
};

int main(void)
{
    return run_tests("blk/inflight", tests, ARRAY_SIZE(tests));
}
