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

static long offer(const char *port, grant_ref_t *ref)
{
    char r[16];
    const struct xenbus_node nodes[] = { { "ring-ref", r }, { "event-channel", port } };
    uint64_t end = monotonic_ns() + 2 * NSEC_PER_SEC;
    long g = gnttab_grant_access(0, virt_to_mfn(ring), false);

    *ref = (grant_ref_t)g;
    xenbus_front_switch(&xb, XenbusStateInitialising);
    if (!EXPECT_EQ(xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateInitWait), end),
                   XenbusStateInitWait))
        return -1;
    snprintf(r, sizeof(r), "%ld", g);
    EXPECT_EQ(xenbus_front_publish(&xb, nodes, 2, XenbusStateInitialised), 0);
    return xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateConnected) |
                                XENBUS_STATE_BIT(XenbusStateClosing), end);
}

static void refused(const char *port)
{
    grant_ref_t ref;

    EXPECT_EQ(offer(port, &ref), XenbusStateClosing);
    EXPECT_EQ(gnttab_end_access(ref), 0);
    xenbus_front_switch(&xb, XenbusStateClosed);
    EXPECT_EQ(xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateClosed),
                                   monotonic_ns() + 2 * NSEC_PER_SEC), XenbusStateClosed);
}

static void setup(void)
{
    EXPECT_EQ(gnttab_init(1), 0);
    EXPECT_EQ(xenbus_front_find("vbd", XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC, &xb),
              0);
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
    xs_others_served();
    xs_witness_stop();
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
