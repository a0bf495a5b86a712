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
static long port;

/* Publish ring-ref `ref` with a real port; the back end's answer. */
static long offer(const char *ref)
{
    char p[16];
    const struct xenbus_node nodes[] = { { "ring-ref", ref }, { "event-channel", p } };
    uint64_t end = monotonic_ns() + 2 * NSEC_PER_SEC;

    xenbus_front_switch(&xb, XenbusStateInitialising);
    if (!EXPECT_EQ(xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateInitWait), end),
                   XenbusStateInitWait))
        return -1;
    snprintf(p, sizeof(p), "%ld", port);
    EXPECT_EQ(xenbus_front_publish(&xb, nodes, 2, XenbusStateInitialised), 0);
    return xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateConnected) |
                                XENBUS_STATE_BIT(XenbusStateClosing), end);
}

/* Close after a refusal, as a front end must. */
static void close_again(void)
{
    char err[96];

    EXPECT_TRUE(xenbus_read_other(xb.dir, "backend", "error", err, sizeof(err)) > 0);
    xenbus_front_switch(&xb, XenbusStateClosed);
    EXPECT_EQ(xenbus_front_wait_be(&xb, XENBUS_STATE_BIT(XenbusStateClosed),
                                   monotonic_ns() + 2 * NSEC_PER_SEC), XenbusStateClosed);
}

static void setup(void)
{
    EXPECT_EQ(gnttab_init(1), 0);
    EXPECT_EQ(xenbus_front_find("vbd", XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC, &xb),
              0);
    port = alloc_evtchn(0, NULL, NULL);
    EXPECT_TRUE(port > 0);
    xs_others_served();
}

static void never_granted(void)
{
    EXPECT_EQ(offer("450"), XenbusStateClosing);
    close_again();
}

static void granted_elsewhere(void)
{
    char ref[16];
    long r = gnttab_grant_access(2, virt_to_mfn(alloc_page()), false);

    snprintf(ref, sizeof(ref), "%ld", r);
    EXPECT_EQ(offer(ref), XenbusStateClosing);
    close_again();
}

static void not_a_number(void)
{
    EXPECT_EQ(offer("12abc"), XenbusStateClosing);
    close_again();
    EXPECT_EQ(offer("99999999999999999999"), XenbusStateClosing);
    close_again();
}

/* After all that, an honest connection works, and its ring cannot be pulled. */
static void then_honest(void)
{
    xenbus_front_switch(&xb, XenbusStateInitialising);
    if (!blk_connect())
        return;
    blk_still_works();
    EXPECT_EQ(gnttab_end_access(blk.ring_ref), -XEN_EBUSY);
    blk_still_works();
    xs_others_served();
    xs_witness_stop();
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
