/*
 * A front end whose req_prod runs more than a ring ahead of the responses
 * (Xen's RING_REQUEST_PROD_OVERFLOW): blkback takes nothing, disconnects
 * it (Closing, with an error node), releases its ring mapping; the
 * witness's disk goes on.
 */
#include <gnttab.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void far_ahead(void)
{
    char err[96];

    blk.ring.sring->req_prod = blk.ring.req_prod_pvt + 1000;
    notify_remote_via_evtchn(blk.port);
    EXPECT_EQ(blk_backend_state(XENBUS_STATE_BIT(XenbusStateClosing)), XenbusStateClosing);
    EXPECT_TRUE(xenbus_front_read_be(&blk.xb, "error", err, sizeof(err)) > 0);
    EXPECT_EQ(blkif_unconsumed_responses(&blk.ring), 0);
    /* The back end no longer maps the ring: its grant can be revoked. */
    EXPECT_EQ(gnttab_end_access(blk.ring_ref), 0);
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(blk_setup_witnessed),
    /* req_prod 1000 ahead: Closing, error node, nothing answered, ring unmapped */
    TEST(far_ahead),
    /* the witness's disk still works */
    TEST(blk_witness_done),
};

int main(void)
{
    return run_tests("blk/prod_ahead", tests, ARRAY_SIZE(tests));
}
