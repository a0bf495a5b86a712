/*
 * Watches and transactions from a domU over its store ring: a watch fires
 * once at registration and then for changes at and below its path, with
 * its token; watches on nodes we cannot read stay silent, the special
 * watches are dom0's; transactions see their own writes, are invisible to
 * others until committed, conflict with EAGAIN and are retried by
 * xenstore_transact(); limits on open transactions and watches.
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include <xenbus.h>
#include "../../lib/test.h"

static char home[64], path[256], buf[512];
static unsigned int fired;
static char last_path[256], last_token[64];

static const char *at(const char *rel)
{
    snprintf(path, sizeof(path), "%s/%s", home, rel);
    return path;
}

static void on_watch(const char *p, const char *token, void *data)
{
    fired++;
    snprintf(last_path, sizeof(last_path), "%s", p);
    snprintf(last_token, sizeof(last_token), "%s", token);
}

static unsigned int settle(void)
{
    uint64_t end = monotonic_ns() + 200 * NSEC_PER_MSEC;

    while (monotonic_ns() < end)
        xenstore_wait_event(end);
    return fired;
}

static void watch_fires(void)
{
    snprintf(home, sizeof(home), "/local/domain/%u", test_domid());
    if (!EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/w"), "0"), 0))
        return;
    fired = 0;
    EXPECT_EQ(xenstore_watch(at("data/w"), "tok-w", on_watch, NULL), 0);
    EXPECT_EQ(settle(), 1);                      /* once at registration */
    EXPECT_STREQ(last_token, "tok-w");
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/w/child"), "1"), 0);
    EXPECT_EQ(settle(), 2);                      /* below the path */
    EXPECT_STREQ(last_path, at("data/w/child"));
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/other"), "1"), 0);
    EXPECT_EQ(settle(), 2);                      /* elsewhere: nothing */
    EXPECT_EQ(xenstore_unwatch(at("data/w"), "tok-w"), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/w"), "2"), 0);
    EXPECT_EQ(settle(), 2);                      /* unwatched */
    EXPECT_EQ(xenstore_unwatch(at("data/w"), "tok-w"), -XEN_ENOENT);
}

/* A watch on dom0's tree fires at registration only; special watches: EACCES. */
static void watch_permissions(void)
{
    fired = 0;
    EXPECT_EQ(xenstore_watch("/local/domain/0", "tok-d0", on_watch, NULL), 0);
    EXPECT_EQ(settle(), 1);
    EXPECT_EQ(xenstore_unwatch("/local/domain/0", "tok-d0"), 0);
    /* Special watches register (as on Xen); their events are filtered by the
     * daemon (its unit tests), so a domU learns nothing from them here. */
    EXPECT_EQ(xenstore_watch("@releaseDomain", "tok-rel", on_watch, NULL), 0);
    EXPECT_EQ(xenstore_unwatch("@releaseDomain", "tok-rel"), 0);
}

static void transaction_isolation(void)
{
    xenstore_tx_t tx;

    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/t"), "before"), 0);
    if (!EXPECT_EQ(xenstore_transaction_start(&tx), 0))
        return;
    EXPECT_EQ(xenstore_write(tx, at("data/t"), "inside"), 0);
    EXPECT_EQ(xenstore_read_str(tx, at("data/t"), buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "inside");
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/t"), buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "before");
    EXPECT_EQ(xenstore_transaction_end(tx, false), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/t"), buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "inside");
    /* Aborted: nothing happened. */
    EXPECT_EQ(xenstore_transaction_start(&tx), 0);
    EXPECT_EQ(xenstore_write(tx, at("data/t"), "aborted"), 0);
    EXPECT_EQ(xenstore_transaction_end(tx, true), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/t"), buf, sizeof(buf)), 6);
    /* An unknown transaction id: ENOENT. */
    EXPECT_EQ(xenstore_write(12345, at("data/t"), "x"), -XEN_ENOENT);
}

static void transaction_conflict(void)
{
    xenstore_tx_t tx;

    if (!EXPECT_EQ(xenstore_transaction_start(&tx), 0))
        return;
    EXPECT_EQ(xenstore_read_str(tx, at("data/t"), buf, sizeof(buf)), 6);
    EXPECT_EQ(xenstore_write(tx, at("data/t"), "mine"), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/t"), "theirs"), 0);
    EXPECT_EQ(xenstore_transaction_end(tx, false), -XEN_EAGAIN);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/t"), buf, sizeof(buf)), 6);
    EXPECT_STREQ(buf, "theirs");
}

static unsigned int tries;

static int bump(xenstore_tx_t tx, void *arg)
{
    unsigned long v = 0;

    tries++;
    xenbus_read_ulong(tx, at("data/counter"), &v);
    snprintf(buf, sizeof(buf), "%lu", v + 1);
    if (tries == 1)     /* someone else changes it under the first try */
        xenstore_write(XENSTORE_TX_NONE, at("data/counter"), "10");
    return xenstore_write(tx, at("data/counter"), buf);
}

static void transact_retries(void)
{
    unsigned long v = 0;

    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/counter"), "0"), 0);
    EXPECT_EQ(xenstore_transact(bump, NULL, 5), 0);
    EXPECT_EQ(tries, 2);
    EXPECT_EQ(xenbus_read_ulong(XENSTORE_TX_NONE, at("data/counter"), &v), 0);
    EXPECT_EQ(v, 11);
}

/* Xen's quota: 10 open transactions, the 11th ENOSPC; all abort cleanly. */
static void transaction_quota(void)
{
    xenstore_tx_t tx[11];
    int rc = 0;
    unsigned int n = 0;

    while (n < 11 && (rc = xenstore_transaction_start(&tx[n])) == 0)
        n++;
    EXPECT_EQ(n, 10);
    EXPECT_EQ(rc, -XEN_ENOSPC);
    while (n--)
        EXPECT_EQ(xenstore_transaction_end(tx[n], true), 0);
    EXPECT_EQ(xenstore_transaction_start(&tx[0]), 0);
    EXPECT_EQ(xenstore_transaction_end(tx[0], true), 0);
}

/* XenBus helper: switch our state, read it back, wait for it. */
static void xenbus_states(void)
{
    EXPECT_EQ(xenbus_switch_state(XENSTORE_TX_NONE, at("data/dev"), XenbusStateInitialising), 0);
    EXPECT_EQ(xenbus_read_state(at("data/dev")), XenbusStateInitialising);
    EXPECT_EQ(xenbus_switch_state(XENSTORE_TX_NONE, at("data/dev"), XenbusStateConnected), 0);
    EXPECT_EQ(xenbus_wait_state(at("data/dev"), XENBUS_STATE_BIT(XenbusStateConnected),
                                monotonic_ns() + NSEC_PER_SEC), XenbusStateConnected);
    EXPECT_EQ(xenbus_wait_state(at("data/dev"), XENBUS_STATE_BIT(XenbusStateClosed),
                                monotonic_ns() + 50 * NSEC_PER_MSEC), -XEN_ETIMEDOUT);
    EXPECT_EQ(xenbus_read_state(at("data/nodev")), XenbusStateUnknown);
    char be[96];

    snprintf(be, sizeof(be), "%s/data/be", home);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/dev/backend"), be), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/be/feature-x"), "1"), 0);
    EXPECT_EQ(xenbus_read_other(at("data/dev"), "backend", "feature-x", buf, sizeof(buf)), 1);
    EXPECT_STREQ(buf, "1");
}

static const struct test tests[] = {
    /* a watch fires at registration, for changes below, not elsewhere; unwatch */
    TEST(watch_fires),
    /* dom0's tree: the registration event only; @releaseDomain registers */
    TEST(watch_permissions),
    /* a transaction sees its writes, others do not until commit; abort; bad id ENOENT */
    TEST(transaction_isolation),
    /* a commit after a conflicting write: EAGAIN, the other write stays */
    TEST(transaction_conflict),
    /* xenstore_transact() retries on EAGAIN and ends with one increment */
    TEST(transact_retries),
    /* 10 open transactions, the 11th ENOSPC */
    TEST(transaction_quota),
    /* xenbus_switch_state / read_state / wait_state / read_other */
    TEST(xenbus_states),
};

int main(void)
{
    return run_tests("xenstore/watch_tx", tests, ARRAY_SIZE(tests));
}
