/*
 * Two domUs' disks never see each other's data: the test (domain 1) fills
 * its whole disk with its own pattern and reads it all back, while the
 * witness (domain 2) writes and checks its own disk and a guard area it
 * wrote at start.  Each sees only its own writes.
 */
#include <string.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

#define CHUNK (32 * 4096)
#define SEED  0x11

static uint8_t *buf;

static void setup(void)
{
    if (blk_connect())
        buf = blk_buf(CHUNK / 4096);
    EXPECT_TRUE(buf != NULL);
    EXPECT_TRUE(xs_witness_attach());
}

static void fill_whole_disk(void)
{
    int rc = 0;

    for (uint64_t s = 0; buf && !rc && s < blk.sectors; s += CHUNK / 512) {
        blk_fill(buf, CHUNK, s, SEED);
        rc = blkfront_write(&blk, s, buf, CHUNK);
    }
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(blkfront_flush(&blk), 0);
}

static void whole_disk_is_ours(void)
{
    unsigned int bad = 0;
    int rc = 0;

    for (uint64_t s = 0; buf && !rc && s < blk.sectors; s += CHUNK / 512) {
        memset(buf, 0, CHUNK);
        rc = blkfront_read(&blk, s, buf, CHUNK);
        bad += !rc && !blk_pattern_ok(buf, CHUNK, s, SEED);
    }
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(bad, 0);
}

/* The witness saw only its own data all along. */
static void witness_unharmed(void)
{
    blk_witness_done();
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* every sector of our disk written with our pattern */
    TEST(fill_whole_disk),
    /* every sector reads back as ours */
    TEST(whole_disk_is_ours),
    /* the witness's reads of its own disk and guard were all right */
    TEST(witness_unharmed),
};

int main(void)
{
    return run_tests("blk/isolation", tests, ARRAY_SIZE(tests));
}
