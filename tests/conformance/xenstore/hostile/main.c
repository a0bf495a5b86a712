/*
 * A domU that abuses its store ring (security.md 2.E), then checks that
 * xenstored still serves it where the abuse was recoverable.  The raw ring
 * is written here directly, below the client library.  Cases that break
 * the connection for good (garbage indices, a length past 4096) come last,
 * each checking the `error` field the daemon reports.  After each case the
 * witness (domain 2, lib/xs_test.h) must still be served.
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static char home[64], path[256], buf[512];

static const char *at(const char *rel)
{
    snprintf(path, sizeof(path), "%s/%s", home, rel);
    return path;
}

static void client_works(void)
{
    snprintf(home, sizeof(home), "/local/domain/%u", test_domid());
    if (!EXPECT_TRUE(xs_ring() != NULL) || !EXPECT_TRUE(xs_witness_attach()))
        return;
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/h"), "ok"), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
}

/* A READ whose path is not NUL-terminated: EINVAL, and the ring goes on. */
static void unterminated_path(void)
{
    struct { struct xsd_sockmsg h; char p[4]; } m = {
        { .type = XS_READ, .req_id = 7001, .len = 4 }, { 'd', 'a', 't', 'a' } };
    struct xsd_sockmsg h;

    xs_raw_send(&m, sizeof(m));
    if (!EXPECT_TRUE(xs_raw_reply(&h, buf, sizeof(buf)) >= 0))
        return;
    EXPECT_EQ(h.type, XS_ERROR);
    EXPECT_EQ(h.req_id, 7001);
    EXPECT_STREQ(buf, "EINVAL");
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
    xs_others_served();
}

/* A WATCH with a 4000-byte token: refused (XSA-324), the daemon alive. */
static void huge_watch_token(void)
{
    static char token[4000];

    memset(token, 't', sizeof(token) - 1);
    EXPECT_NE(xenstore_request(XS_WATCH, 0, token, 0, buf, sizeof(buf)), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
    xs_others_served();
}

/* Xen's node quota: 1000 nodes per domain, then ENOSPC; the store is unharmed. */
static void node_quota(void)
{
    int rc = 0;
    unsigned int n;

    for (n = 0; n < 1100 && rc == 0; n++) {
        char p[64];

        snprintf(p, sizeof(p), "%s/data/q/%u", home, n);
        rc = xenstore_write(XENSTORE_TX_NONE, p, "");
    }
    EXPECT_EQ(rc, -XEN_ENOSPC);
    EXPECT_TRUE(n < 1100);
    xs_others_served();                  /* its own quota is untouched */
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, at("data/q")), 0);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at("data/q2"), "fine"), 0);
}

/* 128 watches per connection, then E2BIG. */
static void watch_quota(void)
{
    int rc = 0;
    unsigned int n;

    for (n = 0; n < 140 && rc == 0; n++) {
        char tok[16];

        snprintf(tok, sizeof(tok), "q%u", n);
        snprintf(buf, sizeof(buf), "%s/data%c%s", home, 0, tok);
        rc = (int)xenstore_request(XS_WATCH, 0, buf, strlen(home) + 6 + strlen(tok) + 1,
                                   buf + 256, 16);
        rc = rc < 0 ? rc : 0;
    }
    EXPECT_EQ(rc, -XEN_E2BIG);
    EXPECT_EQ(xenstore_request(XS_RESET_WATCHES, 0, "", 1, buf, 16), 3);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
    xs_others_served();
}

/* Last: indices 2000 apart.  The daemon marks the ring broken (RINGIDX). */
static void garbage_indices(void)
{
    struct xenstore_domain_interface *ring = xs_ring();

    ring->req_prod = ring->req_cons + 2000;
    notify_remote_via_evtchn(start_info->store_evtchn);
    EXPECT_EQ(xs_ring_error_wait(), XENSTORE_ERROR_RINGIDX);
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* the client reads and writes */
    TEST(client_works),
    /* READ without a NUL: XS_ERROR "EINVAL" with our req_id; the ring goes on */
    TEST(unterminated_path),
    /* a 4000-byte watch token is refused; reads still work */
    TEST(huge_watch_token),
    /* 1000 nodes, then ENOSPC; removing them frees the quota */
    TEST(node_quota),
    /* 128 watches, then E2BIG; RESET_WATCHES; reads still work */
    TEST(watch_quota),
    /* req_prod 2000 past req_cons: error field RINGIDX */
    TEST(garbage_indices),
};

int main(void)
{
    return run_tests("xenstore/hostile", tests, ARRAY_SIZE(tests));
}
