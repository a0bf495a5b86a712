/*
 * A request flood: for 300 ms the front end keeps its ring full of requests
 * (a third of them invalid) and answers none of blkback's notifications
 * but by refilling; blkback serves it in batches, so the witness's disk
 * keeps working meanwhile, and every request of the flood is answered
 * exactly once with the status it deserves.
 */
#include <gnttab.h>
#include <mm.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

#define FLOOD_NS (300 * NSEC_PER_MSEC)

static grant_ref_t ref;
static uint64_t sent, answered, wrong;

static void setup(void)
{
    blk_setup_witnessed();
    ref = blk_scratch_grant();
}

static void take_answers(void)
{
    while (blkif_unconsumed_responses(&blk.ring)) {
        struct blkif_response rsp;

        blkif_copy_response(&blk.ring, blk.ring.rsp_cons, &rsp);
        blk.ring.rsp_cons++;
        answered++;
        /* Ids that are multiples of 3 carried 12 segments. */
        wrong += rsp.status != (rsp.id % 3 ? BLKIF_RSP_OKAY : BLKIF_RSP_ERROR);
    }
}

static void flood(void)
{
    uint64_t end = monotonic_ns() + FLOOD_NS;

    while (monotonic_ns() < end) {
        while (!blkif_full(&blk.ring)) {
            struct blkif_request *r = blk_raw_slot();

            r->operation = BLKIF_OP_READ;
            r->id = sent;
            r->nr_segments = sent % 3 ? 1 : 12;
            r->sector_number = (sent * 8) % 8192;
            r->seg[0] = (struct blkif_request_segment){ ref, 0, 7 };
            blk.ring.req_prod_pvt++;
            sent++;
        }
        blkif_push_requests(&blk.ring);
        notify_remote_via_evtchn(blk.port);
        take_answers();
    }
    /* Let the last ones come back. */
    end = monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    while (answered < sent && monotonic_ns() < end) {
        sleep_ns(NSEC_PER_MSEC);
        take_answers();
    }
    printk("flood: %llu requests sent, %llu answered\n", (unsigned long long)sent,
           (unsigned long long)answered);
    EXPECT_EQ(answered, sent);
    EXPECT_EQ(wrong, 0);
    EXPECT_TRUE(sent > 100);
}

static void others_go_on(void)
{
    EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateConnected);
    blk_witness_done();
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* 300 ms of a full ring: every request answered once, rightly */
    TEST(flood),
    /* still connected; the witness was served throughout */
    TEST(others_go_on),
};

int main(void)
{
    return run_tests("blk/flood", tests, ARRAY_SIZE(tests));
}
