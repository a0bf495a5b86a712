/*
 * A front end that publishes a ring it has not granted to dom0 (a ref
 * never granted, a ref granted to another domain, a ring-ref that is not
 * a number): blkback cannot map it, says why in its error node and goes
 * to Closing; nothing else is affected, and the same front end can then
 * connect properly.  Also a ring ungranted while in use: the front end's
 * revocation is refused (the back end maps it), so it cannot pull the
 * page from under blkback.
 */
#include <stdio.h>
#include <gnttab.h>
#include <mm.h>
#include <xenbus.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static struct xenbus_front xb;
static char port[16];

/* Publish ring-ref `ref` with a real port: refused, closed again. */
static void refused(const char *ref)
{
    EXPECT_EQ(blk_offer(&xb, ref, port), XenbusStateClosing);
    blk_close_refused(&xb);
}

static void setup(void)
{
    long p;

    blk_find(&xb);
    p = alloc_evtchn(0, NULL, NULL);
    EXPECT_TRUE(p > 0);
    snprintf(port, sizeof(port), "%ld", p);
    xs_others_served();
}

static void never_granted(void)
{
    refused("450");
}

static void granted_elsewhere(void)
{
    char ref[16];

    snprintf(ref, sizeof(ref), "%ld", gnttab_grant_access(2, virt_to_mfn(alloc_page()), false));
    refused(ref);
}

static void not_a_number(void)
{
    refused("12abc");
    refused("99999999999999999999");
}

/* After all that, an honest connection works, and its ring cannot be pulled. */
static void then_honest(void)
{
    if (!blk_connect())
        return;
    blk_still_works();
    EXPECT_EQ(gnttab_end_access(blk.ring_ref), -XEN_EBUSY);
    blk_still_works();
    blk_witness_done();
}

static const struct test tests[] = {
    /* the device found; the witness runs */
    TEST(setup),
    /* a ring-ref never granted: Closing with an error node */
    TEST(never_granted),
    /* a ring granted to domain 2: Closing */
    TEST(granted_elsewhere),
    /* ring-refs that are not numbers: Closing */
    TEST(not_a_number),
    /* then an honest connection works; its ring cannot be revoked in use */
    TEST(then_honest),
};

int main(void)
{
    return run_tests("blk/ring_ungranted", tests, ARRAY_SIZE(tests));
}
