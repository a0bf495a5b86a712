/*
 * Data written and flushed by a domU is on the disk image file once QEMU
 * has exited: the test writes three areas (a plain write, an 11-page
 * write, a barrier write), flushes, and prints "Disk expect:" lines; the
 * runner (this test has disk=copy: its own writable copy of the image)
 * checks the file after QEMU is gone and fails the test if any sector
 * differs.
 */
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

static uint8_t *buf;
static uint64_t first;

static void setup(void)
{
    if (blk_connect())
        buf = blk_buf(11);
    first = blk_slice_first();
    EXPECT_TRUE(buf != NULL && first != ~0ULL);
}

static void expect_on_image(uint64_t sector, unsigned int count, uint8_t seed)
{
    printk("Disk expect: %llu %u %u %llu\n", (unsigned long long)(first + sector), count, seed,
           (unsigned long long)sector);
}

static void write_and_flush(void)
{
    if (!buf)
        return;
    blk_fill(buf, 4096, 16, 51);
    EXPECT_EQ(blkfront_write(&blk, 16, buf, 4096), 0);
    blk_fill(buf, 11 * 4096, 1024, 52);
    EXPECT_EQ(blkfront_write(&blk, 1024, buf, 11 * 4096), 0);
    blk_fill(buf, 2 * 4096, 8000, 53);
    EXPECT_EQ(blkfront_barrier(&blk, 8000, buf, 2 * 4096), 0);
    if (!EXPECT_EQ(blkfront_flush(&blk), 0))
        return;
    expect_on_image(16, 8, 51);
    expect_on_image(1024, 88, 52);
    expect_on_image(8000, 16, 53);
}

static const struct test tests[] = {
    /* connected; the slice known */
    TEST(setup),
    /* written, barrier-written, flushed: announced for the host's check */
    TEST(write_and_flush),
};

int main(void)
{
    return run_tests("blk/durable", tests, ARRAY_SIZE(tests));
}
