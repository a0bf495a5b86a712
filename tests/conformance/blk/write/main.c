/*
 * Writes through blkback read back as written, leave their neighbours as
 * they were, and cover 1 sector to 11 pages, mid-page and the last sector.
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

static uint64_t first;
static uint8_t *out, *in;

static void setup(void)
{
    uint8_t *b;

    if (!blk_connect())
        return;
    first = blk_slice_first();
    b = blk_buf(24);
    if (EXPECT_TRUE(b != NULL)) {
        out = b;
        in = b + 12 * 4096;
    }
}

static void write_back(uint64_t sector, size_t offset, size_t len, uint8_t seed)
{
    if (!out)
        return;
    blk_fill(out + offset, len, sector, seed);
    if (!EXPECT_EQ(blkfront_write(&blk, sector, out + offset, len), 0))
        return;
    memset(in, 0, 12 * 4096);
    if (EXPECT_EQ(blkfront_read(&blk, sector, in + offset, len), 0))
        EXPECT_TRUE(blk_pattern_ok(in + offset, len, sector, seed));
}

static void one_sector(void) { write_back(100, 0, 512, 1); }
static void eleven_pages(void) { write_back(2000, 0, 11 * 4096, 2); }
static void mid_page(void) { write_back(300, 5 * 512, 2 * 512, 3); }
static void last_sector(void) { write_back(8191, 0, 512, 4); }
static void rewrite(void) { write_back(100, 0, 512, 5); }

static void neighbours_untouched(void)
{
    static const uint64_t around[] = { 99, 101, 1999, 2088, 299, 302, 8190 };

    if (!in)
        return;
    for (unsigned int i = 0; i < sizeof(around) / sizeof(around[0]); i++)
        if (EXPECT_EQ(blkfront_read(&blk, around[i], in, 512), 0))
            EXPECT_TRUE(disk_pattern_check(in, first + around[i], 1));
}

static const struct test tests[] = {
    /* connected */
    TEST(setup),
    /* one sector */
    TEST(one_sector),
    /* 11 pages in one request */
    TEST(eleven_pages),
    /* two sectors in the middle of a page */
    TEST(mid_page),
    /* the last sector */
    TEST(last_sector),
    /* a sector written twice reads the second */
    TEST(rewrite),
    /* the sectors around the writes keep the image's pattern */
    TEST(neighbours_untouched),
};

int main(void)
{
    return run_tests("blk/write", tests, ARRAY_SIZE(tests));
}
