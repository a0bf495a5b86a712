/*
 * Grants a front end may not hand blkback: a ref never granted, one past
 * the table, one granted to another domain, a read into a read-only
 * grant, a grant revoked before the request was pushed, and a request
 * whose middle segment is bad: BLKIF_RSP_ERROR each, and the good
 * segments of that request are unmapped again (their grants revocable at
 * once).  The connection is kept; the witness is served.
 */
#include <string.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void *page;

static grant_ref_t grant(domid_t to, bool readonly)
{
    long r = gnttab_grant_access(to, virt_to_mfn(page), readonly);

    EXPECT_TRUE(r > 0);
    return r > 0 ? (grant_ref_t)r : 0;
}

static void setup(void)
{
    blk_setup_witnessed();
    page = alloc_page();
    EXPECT_TRUE(page != NULL);
}

static void not_granted(void)
{
    EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, 0, 300), BLKIF_RSP_ERROR);
    EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE, 1, 0, 100000), BLKIF_RSP_ERROR);
}

static void granted_to_someone_else(void)
{
    grant_ref_t r = grant(2, false);

    EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, 0, r), BLKIF_RSP_ERROR);
    EXPECT_EQ(gnttab_end_access(r), 0);
}

static void read_into_readonly(void)
{
    grant_ref_t r = grant(0, true);

    EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, 0, r), BLKIF_RSP_ERROR);
    EXPECT_EQ(blk_raw_status(BLKIF_OP_WRITE, 1, 0, r), BLKIF_RSP_OKAY);   /* fine */
    EXPECT_EQ(gnttab_end_access(r), 0);
}

static void revoked_before_use(void)
{
    grant_ref_t r = grant(0, false);

    EXPECT_EQ(gnttab_end_access(r), 0);
    EXPECT_EQ(blk_raw_status(BLKIF_OP_READ, 1, 0, r), BLKIF_RSP_ERROR);
}

/* good, bad, good: ERROR, and both good ones unmapped. */
static void bad_one_in_the_middle(void)
{
    grant_ref_t a = grant(0, false), b = grant(0, false);
    struct blkif_request *req = blk_raw_slot();
    struct blkif_response rsp;

    req->operation = BLKIF_OP_READ;
    req->nr_segments = 3;
    req->id = 777;
    req->seg[0] = (struct blkif_request_segment){ a, 0, 7 };
    req->seg[1] = (struct blkif_request_segment){ 401, 0, 7 };
    req->seg[2] = (struct blkif_request_segment){ b, 0, 7 };
    blk_raw_push();
    if (EXPECT_TRUE(blk_raw_response(&rsp))) {
        EXPECT_EQ(rsp.id, 777);
        EXPECT_EQ(rsp.status, BLKIF_RSP_ERROR);
    }
    EXPECT_EQ(gnttab_end_access(a), 0);
    EXPECT_EQ(gnttab_end_access(b), 0);
}

static void still_connected(void)
{
    blk_still_works();
    blk_witness_done();
}

static const struct test tests[] = {
    /* connected; the witness runs */
    TEST(setup),
    /* refs never granted, and past the table: ERROR */
    TEST(not_granted),
    /* a grant to domain 2, not dom0: ERROR */
    TEST(granted_to_someone_else),
    /* a READ into a read-only grant: ERROR (a WRITE from it is fine) */
    TEST(read_into_readonly),
    /* a grant revoked before the request: ERROR */
    TEST(revoked_before_use),
    /* one bad segment among good ones: ERROR, the good ones unmapped */
    TEST(bad_one_in_the_middle),
    /* still connected, still working; the witness served */
    TEST(still_connected),
};

int main(void)
{
    return run_tests("blk/bad_grant", tests, ARRAY_SIZE(tests));
}
