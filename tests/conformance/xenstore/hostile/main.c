/*
 * A domU that abuses its store ring (security.md 2.E), then checks that
 * xenstored still serves it where the abuse was recoverable.  The raw ring
 * is written here directly, below the client library.  Cases that break
 * the connection for good (garbage indices, a length past 4096) come last,
 * each checking the `error` field the daemon reports.
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include <ring/byte_ring.h>
#include "../../lib/test.h"

static struct xenstore_domain_interface *ring;
static char home[64], path[256], buf[512];

static void find_ring(void)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == start_info->store_mfn)
            ring = pfn_to_virt(pfn);
    snprintf(home, sizeof(home), "/local/domain/%u", test_domid());
}

static const char *at(const char *rel)
{
    snprintf(path, sizeof(path), "%s/%s", home, rel);
    return path;
}

/* Raw bytes on the request ring, and a wait for the reply ring to move. */
static void raw_send(const void *msg, size_t len)
{
    struct byte_ring r = { ring->req, XENSTORE_RING_SIZE, &ring->req_cons, &ring->req_prod };

    byte_ring_produce(&r, msg, len);
    notify_remote_via_evtchn(start_info->store_evtchn);
}

static long raw_reply(struct xsd_sockmsg *hdr, char *body, size_t cap)
{
    struct byte_ring r = { ring->rsp, XENSTORE_RING_SIZE, &ring->rsp_cons, &ring->rsp_prod };
    uint64_t end = monotonic_ns() + NSEC_PER_SEC;

    while (byte_ring_pending(&r) < (long)sizeof(*hdr) && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (byte_ring_consume(&r, hdr, sizeof(*hdr)) != sizeof(*hdr))
        return -1;
    while (byte_ring_pending(&r) < (long)hdr->len && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (hdr->len > cap)
        return -1;
    return byte_ring_consume(&r, body, hdr->len);
}

static void client_works(void)
{
    find_ring();
    if (!EXPECT_TRUE(ring != NULL))
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

    raw_send(&m, sizeof(m));
    if (!EXPECT_TRUE(raw_reply(&h, buf, sizeof(buf)) >= 0))
        return;
    EXPECT_EQ(h.type, XS_ERROR);
    EXPECT_EQ(h.req_id, 7001);
    EXPECT_STREQ(buf, "EINVAL");
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
}

/* A WATCH with a 4000-byte token: refused (XSA-324), the daemon alive. */
static void huge_watch_token(void)
{
    static char token[4000];

    memset(token, 't', sizeof(token) - 1);
    EXPECT_NE(xenstore_request(XS_WATCH, 0, token, 0, buf, sizeof(buf)), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at("data/h"), buf, sizeof(buf)), 2);
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
}

/* Last: indices 2000 apart.  The daemon marks the ring broken (RINGIDX). */
static void garbage_indices(void)
{
    uint64_t end = monotonic_ns() + NSEC_PER_SEC;

    ring->req_prod = ring->req_cons + 2000;
    notify_remote_via_evtchn(start_info->store_evtchn);
    while (ring->error == XENSTORE_ERROR_NONE && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    EXPECT_EQ(ring->error, XENSTORE_ERROR_RINGIDX);
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
