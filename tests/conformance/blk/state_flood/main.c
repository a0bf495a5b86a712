/*
 * A front end that rewrites its state node a thousand times while
 * connected (XSA-349's pattern): blkback follows without piling up work
 * (it reads the node once per event) and the device stays Connected;
 * the witness is served throughout.  A state that is not a number counts
 * as the node gone: blkback closes that device, and only that one.
 */
#include <stdio.h>
#include <xenbus.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static char path[128];

static void setup(void)
{
    blk_setup_witnessed();
    snprintf(path, sizeof(path), "%s/state", blk.xb.dir);
}

static void rewrites(void)
{
    int rc = 0;

    for (unsigned int i = 0; i < 1000 && !rc; i++)
        rc = xenstore_write(XENSTORE_TX_NONE, path, i % 2 ? "4" : "3");
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, path, "4"), 0);
    sleep_ns(50 * NSEC_PER_MSEC);
    blk_still_works();
    xs_others_served();
}

static void not_a_number(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, path, "banana"), 0);
    EXPECT_EQ(blk_backend_state(XENBUS_STATE_BIT(XenbusStateClosed)), XenbusStateClosed);
    blk_witness_done();
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* 1000 rewrites: still Connected, still working, witness served */
    TEST(rewrites),
    /* "banana": this device Closed, the witness served */
    TEST(not_a_number),
};

int main(void)
{
    return run_tests("blk/state_flood", tests, ARRAY_SIZE(tests));
}
