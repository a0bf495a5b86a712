/*
 * One request of 11 segments, each a different page of the domain's
 * memory and a different sector range within it (scattered, not
 * contiguous in memory): the disk sees them in order, contiguous from
 * sector_number, and a read with the same layout gets them back.
 */
#include <string.h>
#include <mm.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

#define SEGS BLKIF_MAX_SEGMENTS_PER_REQUEST

static uint8_t *pages[SEGS];
static uint8_t first_sect[SEGS], last_sect[SEGS];
static unsigned int total;

static void setup(void)
{
    if (!blk_connect())
        return;
    for (unsigned int i = 0; i < SEGS; i++) {
        /* Every other page, in reverse order: nothing is contiguous. */
        pages[SEGS - 1 - i] = alloc_page();
        alloc_page();
        first_sect[i] = (uint8_t)(i % 4);
        last_sect[i] = (uint8_t)(7 - i % 3);
        total += last_sect[i] - first_sect[i] + 1u;
    }
    EXPECT_TRUE(pages[0] != NULL);
}

static void request(uint8_t op, struct blkfront_request *rq)
{
    memset(rq, 0, sizeof(*rq));
    rq->operation = op;
    rq->sector = 3000;
    rq->nr_pages = SEGS;
    for (unsigned int i = 0; i < SEGS; i++) {
        rq->page[i] = pages[i];
        rq->first_sect[i] = first_sect[i];
        rq->last_sect[i] = last_sect[i];
    }
}

static void scattered_write_then_read(void)
{
    static struct blkfront_request rq;
    uint64_t sector = 3000;

    if (!pages[0])
        return;
    for (unsigned int i = 0; i < SEGS; i++) {
        unsigned int n = last_sect[i] - first_sect[i] + 1u;

        blk_fill(pages[i] + first_sect[i] * 512, n * 512, sector, 31);
        sector += n;
    }
    request(BLKIF_OP_WRITE, &rq);
    EXPECT_EQ(blkfront_submit(&blk, &rq), 0);
    EXPECT_EQ(blkfront_wait(&blk, &rq, monotonic_ns() + BLKFRONT_TIMEOUT_NS), 0);
    EXPECT_EQ(rq.status, 0);
    /* The disk holds them contiguously. */
    uint8_t *flat = blk_buf(16);

    if (EXPECT_TRUE(flat != NULL) && EXPECT_EQ(blkfront_read(&blk, 3000, flat, total * 512), 0))
        EXPECT_TRUE(blk_pattern_ok(flat, total * 512, 3000, 31));
    /* And a scattered read gives each segment its part. */
    for (unsigned int i = 0; i < SEGS; i++)
        memset(pages[i], 0, 4096);
    request(BLKIF_OP_READ, &rq);
    EXPECT_EQ(blkfront_submit(&blk, &rq), 0);
    EXPECT_EQ(blkfront_wait(&blk, &rq, monotonic_ns() + BLKFRONT_TIMEOUT_NS), 0);
    EXPECT_EQ(rq.status, 0);
    sector = 3000;
    for (unsigned int i = 0; i < SEGS; i++) {
        unsigned int n = last_sect[i] - first_sect[i] + 1u;

        EXPECT_TRUE(blk_pattern_ok(pages[i] + first_sect[i] * 512, n * 512, sector, 31));
        EXPECT_BYTES(pages[i], first_sect[i] * 512, 0);   /* outside: untouched */
        sector += n;
    }
}

static const struct test tests[] = {
    /* connected; 11 scattered pages */
    TEST(setup),
    /* an 11-segment write lands contiguously; an 11-segment read scatters back */
    TEST(scattered_write_then_read),
};

int main(void)
{
    return run_tests("blk/multi_segment", tests, ARRAY_SIZE(tests));
}
