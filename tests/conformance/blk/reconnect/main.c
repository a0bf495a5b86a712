/*
 * A front end that closes and connects again (Closed -> Initialising, as
 * Linux's blkfront does on resume): the back end goes back to InitWait,
 * maps the new ring, and I/O works; the old ring's grant was released.
 */
#include <string.h>
#include <gnttab.h>
#include <xenbus.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

static uint8_t *buf;

static bool io_works(uint8_t seed)
{
    if (!buf)
        return false;
    blk_fill(buf, 4096, 64, seed);
    if (!EXPECT_EQ(blkfront_write(&blk, 64, buf, 4096), 0))
        return false;
    memset(buf, 0, 4096);
    return EXPECT_EQ(blkfront_read(&blk, 64, buf, 4096), 0) &&
           EXPECT_TRUE(blk_pattern_ok(buf, 4096, 64, seed));
}

static void first_connection(void)
{
    if (blk_connect())
        buf = blk_buf(1);
    io_works(61);
}

static void close_releases_ring(void)
{
    grant_ref_t old = blk.ring_ref;

    EXPECT_EQ(blkfront_close(&blk), 0);
    EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateClosed);
    /* blkfront_close revoked it: the entry is free again. */
    EXPECT_EQ(gnttab_entry(old)->flags, 0);
}

static void second_connection(void)
{
    if (blk_connect())
        EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateConnected);
    io_works(62);
}

static void three_more_rounds(void)
{
    for (unsigned int i = 0; i < 3; i++) {
        EXPECT_EQ(blkfront_close(&blk), 0);
        EXPECT_EQ(blkfront_connect(&blk, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC),
                  0);
        io_works((uint8_t)(70 + i));
    }
}

static const struct test tests[] = {
    /* connect, write, read back */
    TEST(first_connection),
    /* close: both sides Closed, the ring's grant revoked */
    TEST(close_releases_ring),
    /* connect again: Connected, I/O works */
    TEST(second_connection),
    /* and three more times */
    TEST(three_more_rounds),
};

int main(void)
{
    return run_tests("blk/reconnect", tests, ARRAY_SIZE(tests));
}
