/*
 * Reads through blkback: what they return is the image's pattern of the
 * domain's own slice (lib/disk_pattern.h), at the sector asked for: one
 * sector, a page, 11 pages in one request, sectors in the middle of a
 * page, the last sector; and a read past the end fails.
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

static uint64_t first;
static uint8_t *buf;

static void setup(void)
{
    if (!blk_connect())
        return;
    first = blk_slice_first();
    buf = blk_buf(16);
    EXPECT_EQ(first, 8192);         /* domain 1's slice */
    EXPECT_TRUE(buf != NULL);
}

static void read_at(uint64_t sector, size_t offset, size_t len)
{
    if (!buf)
        return;
    memset(buf, 0, 16 * 4096);
    if (EXPECT_EQ(blkfront_read(&blk, sector, buf + offset, len), 0))
        EXPECT_TRUE(disk_pattern_check(buf + offset, first + sector, (unsigned int)(len / 512)));
}

static void one_sector(void) { read_at(5, 0, 512); }
static void one_page(void) { read_at(64, 0, 4096); }
static void eleven_pages(void) { read_at(1000, 0, 11 * 4096); }
static void mid_page(void) { read_at(77, 3 * 512, 3 * 512); }
static void last_sector(void) { read_at(8191, 0, 512); }

static void past_the_end(void)
{
    if (!buf)
        return;
    EXPECT_EQ(blkfront_read(&blk, 8192, buf, 512), -XEN_EIO);
    EXPECT_EQ(blkfront_read(&blk, 8190, buf, 4096), -XEN_EIO);
    read_at(0, 0, 512);                 /* and it goes on */
}

static const struct test tests[] = {
    /* connected; the slice is domain 1's */
    TEST(setup),
    /* one sector */
    TEST(one_sector),
    /* one page */
    TEST(one_page),
    /* 11 pages in one request */
    TEST(eleven_pages),
    /* sectors 3..5 of a page */
    TEST(mid_page),
    /* the disk's last sector */
    TEST(last_sector),
    /* past the end: BLKIF_RSP_ERROR, and reads go on */
    TEST(past_the_end),
};

int main(void)
{
    return run_tests("blk/read", tests, ARRAY_SIZE(tests));
}
