/*
 * Other domains' nodes and our own home, through the guest library's
 * client: the witness (domain 2) keeps its nodes to itself, dom0's tree
 * is dom0's, and in our home (laid out as libxl does) the nodes dom0
 * wrote are not ours to change or remove; only data/, control/shutdown
 * and the like are.  Permission entries naming a domain that does not
 * exist are dropped (XSA-322/417).  Every refusal is the exact error Xen
 * gives, and the witness is served throughout.
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static char buf[512];

static long rd(const char *p)
{
    return xenstore_read_str(XENSTORE_TX_NONE, p, buf, sizeof(buf));
}

/* GET_PERMS of p is exactly the strings want (len bytes, NULs included). */
static bool perms_are(const char *p, const char *want, size_t len)
{
    long n = xenstore_get_perms(XENSTORE_TX_NONE, p, buf, sizeof(buf));

    return EXPECT_EQ(n, (long)len) && EXPECT_TRUE(!memcmp(buf, want, len));
}

static void read_others(void)
{
    if (!EXPECT_EQ(xenstore_init(), 0) || !EXPECT_TRUE(xs_witness_attach()))
        return;
    EXPECT_EQ(rd("/local/domain/2/name"), -XEN_EACCES);
    EXPECT_EQ(rd("/local/domain/2/data/witness"), -XEN_EACCES);
    EXPECT_EQ(rd("/local/domain/2/data/none"), -XEN_EACCES);   /* absence hidden */
    EXPECT_EQ(rd("/local/domain/0/name"), -XEN_EACCES);
    EXPECT_EQ(xenstore_directory(XENSTORE_TX_NONE, "/local/domain", buf, sizeof(buf)),
              -XEN_EACCES);
    EXPECT_EQ(xenstore_get_perms(XENSTORE_TX_NONE, "/local/domain/2/data", buf, sizeof(buf)),
              -XEN_EACCES);
    xs_others_served();
}

static void write_others(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/2/data/witness", "evil"),
              -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/2/data/new", "x"), -XEN_EACCES);
    EXPECT_EQ(xenstore_mkdir(XENSTORE_TX_NONE, "/local/domain/2/data/dir"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "/local/domain/2/data"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "/local/domain/2"), -XEN_EACCES);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "/local/domain/2/data", "n1", 3),
              -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "/local/domain/newdom", "x"), -XEN_EACCES);
    xs_others_served();
}

/* A watch on the witness's nodes: the registration event, then silence. */
static unsigned int events;

static void on_event(const char *path, const char *token, void *data)
{
    events++;
}

static void watch_others(void)
{
    uint64_t end;

    events = 0;
    EXPECT_EQ(xenstore_watch("/local/domain/2/data", "spy", on_event, NULL), 0);
    end = monotonic_ns() + 100 * NSEC_PER_MSEC;
    while (monotonic_ns() < end)
        xenstore_wait_event(end);
    EXPECT_EQ(events, 1);                        /* registration only */
    xs_others_served();                          /* it wrote meanwhile */
    end = monotonic_ns() + 100 * NSEC_PER_MSEC;
    while (monotonic_ns() < end)
        xenstore_wait_event(end);
    EXPECT_EQ(events, 1);
    EXPECT_EQ(xenstore_unwatch("/local/domain/2/data", "spy"), 0);
}

/* libxl's layout: the home and control/ are dom0's, we may read them. */
static void home_layout(void)
{
    perms_are("/local/domain/1", "n0\0r1", 6);
    perms_are("control", "n0\0r1", 6);
    perms_are("device", "n0\0r1", 6);
    perms_are("memory", "n0\0r1", 6);
    perms_are("name", "n0\0r1", 6);
    perms_are("console/ring-ref", "n0\0r1", 6);
    perms_are("data", "n1", 3);
    perms_are("control/shutdown", "n1", 3);
    perms_are("control/feature-poweroff", "n1", 3);
    perms_are("error", "n1", 3);
}

/* What dom0 wrote in our home is not ours to change or remove. */
static void home_not_ours(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "name", "evil"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "domid", "0"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "console/ring-ref", "1"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "store/port", "1"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "control/new", "x"), -XEN_EACCES);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "newtop", "x"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "name"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "control"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "console"), -XEN_EACCES);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "/local/domain/1"), -XEN_EACCES);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "control", "n1", 3), -XEN_EACCES);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "/local/domain/1", "n0\0b1", 6),
              -XEN_EACCES);
    EXPECT_EQ(rd("name"), 4);                    /* unchanged */
    EXPECT_STREQ(buf, "test");
    /* Ours: acknowledging a shutdown request, our data. */
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "control/shutdown", ""), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/mine", "1"), 0);
    xs_others_served();
}

/* Rights for a domain that does not exist are dropped; an owner: ENOENT. */
static void perms_unknown_domain(void)
{
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/p", "x"), 0);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "data/p", "n1\0r7\0b2\0r0", 12), 0);
    perms_are("data/p", "n1\0b2\0r0", 9);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "data/p", "n9", 3), -XEN_ENOENT);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "data/p", "n1\0r65535", 10), 0);
    perms_are("data/p", "n1", 3);
    EXPECT_EQ(xenstore_set_perms(XENSTORE_TX_NONE, "data/p", "n1\0r2\0r3\0r4\0r5\0r6", 18),
              -XEN_ENOSPC);                      /* more than 5 entries */
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* d2's and dom0's nodes, /local/domain's list, d2's perms: EACCES */
    TEST(read_others),
    /* writing, creating, removing, re-permissioning d2's nodes: EACCES */
    TEST(write_others),
    /* a watch on d2's data fires at registration only, not on its writes */
    TEST(watch_others),
    /* home, control, device, memory, name, console "n0 r1"; data, control/shutdown "n1" */
    TEST(home_layout),
    /* name, domid, console, store, control/new, home: EACCES; ours writable */
    TEST(home_not_ours),
    /* r7 (no such domain) dropped; owner n9 ENOENT; 6 entries ENOSPC */
    TEST(perms_unknown_domain),
};

int main(void)
{
    return run_tests("xenstore/access", tests, ARRAY_SIZE(tests));
}
