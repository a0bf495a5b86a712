/*
 * A domain that dies in the middle of a transaction (domain 3, the
 * witness kernel run as "die", which waits for our word): what it wrote in the open transaction is
 * never seen, and on its death xenstored releases it, its connection,
 * transaction and nodes going with its home.  The witness (domain 2)
 * keeps being served.  Domain 3 lets us read its data/, so we can watch
 * this from outside: ENOENT for the transaction's node while it lives,
 * EACCES for everything once its home is gone (/local/domain is dom0's).
 */
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static char buf[64];

static long rd(const char *p)
{
    return xenstore_read_str(XENSTORE_TX_NONE, p, buf, sizeof(buf));
}

static void dies_mid_transaction(void)
{
    uint64_t end = monotonic_ns() + 3 * NSEC_PER_SEC;
    long rc;

    if (!EXPECT_EQ(xenstore_init(), 0) || !EXPECT_TRUE(xs_witness_attach()))
        return;
    while (rd("/local/domain/3/data/ready") != 1 && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (!EXPECT_STREQ(buf, "1"))
        return;
    /* Its transaction is open: the write in it is unseen. */
    EXPECT_EQ(rd("/local/domain/3/data/intx"), -XEN_ENOENT);
    EXPECT_EQ(rd("/local/domain/3/data/outside"), 1);
    /* Now it may die. */
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/3/data/go", "1"), 0);
    end = monotonic_ns() + 5 * NSEC_PER_SEC;
    while ((rc = rd("/local/domain/3/data/outside")) == 1 && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    EXPECT_EQ(rc, -XEN_EACCES);                  /* released, home removed */
    xs_others_served();
}

static void nothing_left(void)
{
    EXPECT_EQ(rd("/local/domain/3/data/intx"), -XEN_EACCES);
    EXPECT_EQ(rd("/local/domain/3/data"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/3/data/x", "1"), -XEN_EACCES);
    EXPECT_EQ(xenstore_domain_path(3, buf, sizeof(buf)), 16);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/after", "1"), 0);
    EXPECT_EQ(rd("data/after"), 1);
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* d3's in-transaction node ENOENT while it lives; its home gone after: EACCES */
    TEST(dies_mid_transaction),
    /* nothing of d3 readable or writable; our store and the witness's work */
    TEST(nothing_left),
};

int main(void)
{
    return run_tests("xenstore/dying", tests, ARRAY_SIZE(tests));
}
