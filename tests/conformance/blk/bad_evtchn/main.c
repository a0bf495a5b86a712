/*
 * A front end that publishes an event channel blkback cannot bind: a port
 * that does not exist, one not offered to dom0, garbage: Closing with an
 * error node, and the ring page it granted is unmapped again (revocable).
 */
#include <stdio.h>
#include <gnttab.h>
#include <mm.h>
#include <xenbus.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static struct xenbus_front xb;
static void *ring;

/* A fresh grant of the ring page with `port`: refused, the ring unmapped. */
static void refused(const char *port)
{
    long g = gnttab_grant_access(0, virt_to_mfn(ring), false);
    char ref[16];

    snprintf(ref, sizeof(ref), "%ld", g);
    EXPECT_EQ(blk_offer(&xb, ref, port), XenbusStateClosing);
    EXPECT_EQ(gnttab_end_access((grant_ref_t)g), 0);
    blk_close_refused(&xb);
}

static void setup(void)
{
    blk_find(&xb);
    ring = alloc_page();
    blkif_sring_init(ring);
    xs_others_served();
}

static void no_such_port(void) { refused("4000"); }

static void port_for_someone_else(void)
{
    char p[16];

    snprintf(p, sizeof(p), "%ld", alloc_evtchn(2, NULL, NULL));
    refused(p);
}

static void garbage(void) { refused("-1"); }

static void then_honest(void)
{
    if (blk_connect())
        blk_still_works();
    blk_witness_done();
}

static const struct test tests[] = {
    /* the device found; the witness runs */
    TEST(setup),
    /* a port that does not exist: Closing, ring unmapped */
    TEST(no_such_port),
    /* a port offered to domain 2: Closing */
    TEST(port_for_someone_else),
    /* not a port number: Closing */
    TEST(garbage),
    /* then an honest connection works */
    TEST(then_honest),
};

int main(void)
{
    return run_tests("blk/bad_evtchn", tests, ARRAY_SIZE(tests));
}
