/*
 * A front end whose req_prod moves backwards, behind what blkback has
 * already consumed: disconnected (Closing), its ring released; the
 * witness goes on.
 */
#include <gnttab.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void backwards(void)
{
    /* Requests 0..2 consumed and answered; then req_prod says 1 - 5. */
    for (unsigned int i = 0; i < 3; i++)
        blk_still_works();
    blk.ring.sring->req_prod = blk.ring.req_prod_pvt - 5;
    notify_remote_via_evtchn(blk.port);
    EXPECT_EQ(blk_backend_state(XENBUS_STATE_BIT(XenbusStateClosing)), XenbusStateClosing);
    EXPECT_EQ(gnttab_end_access(blk.ring_ref), 0);
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(blk_setup_witnessed),
    /* req_prod 5 behind req_cons: Closing, ring unmapped */
    TEST(backwards),
    /* the witness's disk still works */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/prod_backwards", tests, ARRAY_SIZE(tests));
}
