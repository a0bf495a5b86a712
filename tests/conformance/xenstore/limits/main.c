/*
 * The daemon's limits from a domU, each at and past its edge, with the
 * exact error Xen gives, and the witness (domain 2) served throughout:
 * path lengths, the node size quota, a watch flood, a transaction flood
 * and a domain that does not read its replies (the outstanding-request
 * quota: the daemon stops taking its requests, serves everyone else, and
 * answers every request in order once it reads again).
 */
#include <stdio.h>
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static char buf[4200], path[XENSTORE_ABS_PATH_MAX + 8];

/*
 * "<prefix>aaa.../aaa...a" of exactly len bytes, a '/' every 64 bytes
 * (one component of 2000 bytes would outgrow its parent's node quota).
 */
static const char *long_path(const char *prefix, size_t len)
{
    size_t n = strlen(prefix);

    memcpy(path, prefix, n);
    for (size_t i = n; i < len; i++)
        path[i] = i % 64 == 0 && i + 1 < len ? '/' : 'a';
    path[len] = '\0';
    return path;
}

/* Below our home, 2048 bytes is the limit (XENSTORE_REL_PATH_MAX). */
static void rel_path_limit(void)
{
    static char abs[XENSTORE_ABS_PATH_MAX + 8], at[XENSTORE_REL_PATH_MAX + 1];

    if (!EXPECT_EQ(xenstore_init(), 0) || !EXPECT_TRUE(xs_witness_attach()))
        return;
    snprintf(at, sizeof(at), "%s", long_path("data/", XENSTORE_REL_PATH_MAX));
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, at, "at"), 0);
    snprintf(abs, sizeof(abs), "/local/domain/1/%s", at);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, abs, buf, sizeof(buf)), 2);
    EXPECT_STREQ(buf, "at");
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE,
                             long_path("data/", XENSTORE_REL_PATH_MAX + 1), "past"),
              -XEN_EINVAL);
    /* The same, given as an absolute path (XSA-323). */
    snprintf(abs, sizeof(abs), "/local/domain/1/%s", path);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, abs, "past"), -XEN_EINVAL);
    snprintf(abs, sizeof(abs), "%s", at);
    abs[64] = '\0';                              /* its first component */
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, abs), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, at, buf, sizeof(buf)), -XEN_ENOENT);
    xs_others_served();
}

/* Outside any home a domU's whole path is held to 2048; 3072 for anyone. */
static void abs_path_limit(void)
{
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, long_path("/tool/", XENSTORE_REL_PATH_MAX),
                                buf, sizeof(buf)),
              -XEN_EACCES);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE,
                                long_path("/tool/", XENSTORE_REL_PATH_MAX + 1), buf,
                                sizeof(buf)),
              -XEN_EINVAL);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE,
                                long_path("/tool/", XENSTORE_ABS_PATH_MAX + 1), buf,
                                sizeof(buf)),
              -XEN_EINVAL);
    xs_others_served();
}

/* A node record may be 2048 bytes (24 header, 8 a permission entry). */
static void node_size_quota(void)
{
    static char val[2100];
    size_t max = 2048 - 24 - 8 - 1;

    memset(val, 'v', sizeof(val));
    EXPECT_EQ(xenstore_write_bytes(XENSTORE_TX_NONE, "data/big", val, max), 0);
    EXPECT_EQ(xenstore_write_bytes(XENSTORE_TX_NONE, "data/big", val, max + 1), -XEN_ENOSPC);
    EXPECT_EQ(xenstore_read(XENSTORE_TX_NONE, "data/big", buf, sizeof(buf)), (long)max);
    EXPECT_EQ(xenstore_rm(XENSTORE_TX_NONE, "data/big"), 0);
    xs_others_served();
}

/* 128 watches on one node, 40 writes below it: 5120 events, most dropped. */
static void watch_flood(void)
{
    char req[64], r[16];
    unsigned int n;
    long rc = 0;

    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/f", ""), 0);
    for (n = 0; n < 129 && rc >= 0; n++) {
        int len = snprintf(req, sizeof(req), "data/f%ct%u", 0, n);

        rc = xenstore_request(XS_WATCH, XENSTORE_TX_NONE, req, (size_t)len + 1, r, sizeof(r));
    }
    EXPECT_EQ(n, 129);
    EXPECT_EQ(rc, -XEN_E2BIG);                   /* the 129th */
    for (n = 0; n < 40; n++) {
        snprintf(req, sizeof(req), "%u", n);
        if (!EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/f/x", req), 0))
            break;
    }
    xs_others_served();
    EXPECT_EQ(xenstore_request(XS_RESET_WATCHES, XENSTORE_TX_NONE, "", 1, r, sizeof(r)), 3);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, "data/f/x", buf, sizeof(buf)), 2);
    EXPECT_STREQ(buf, "39");
}

/* 10 open transactions (the 11th ENOSPC), each adding a child of data/tf:
 * the first commit wins, the other nine get EAGAIN. */
static void transaction_flood(void)
{
    xenstore_tx_t tx[11];
    unsigned int ok = 0, again = 0;

    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "data/tf", ""), 0);
    for (unsigned int i = 0; i < 10; i++) {
        char p[32];

        if (!EXPECT_EQ(xenstore_transaction_start(&tx[i]), 0))
            return;
        snprintf(p, sizeof(p), "data/tf/%u", i);
        EXPECT_EQ(xenstore_write(tx[i], p, "1"), 0);
    }
    EXPECT_EQ(xenstore_transaction_start(&tx[10]), -XEN_ENOSPC);
    xs_others_served();
    for (unsigned int i = 0; i < 10; i++) {
        int rc = xenstore_transaction_end(tx[i], false);

        ok += rc == 0;
        again += rc == -XEN_EAGAIN;
    }
    EXPECT_EQ(ok, 1);
    EXPECT_EQ(again, 9);
    EXPECT_EQ(xenstore_directory(XENSTORE_TX_NONE, "data/tf", buf, sizeof(buf)), 2);
    EXPECT_STREQ(buf, "0");
}

/*
 * 56 requests (1008 bytes of ring) and no reply read: the daemon stops
 * taking them once 20 replies wait beyond what the reply ring holds, and
 * serves the witness meanwhile; then every reply comes, in order.
 */
static void unread_replies(void)
{
    static char reqs[56 * 18];
    struct xenstore_domain_interface *r = xs_ring();
    struct xsd_sockmsg h;
    uint32_t prod;

    for (unsigned int i = 0; i < 56; i++) {
        struct xsd_sockmsg m = { XS_GET_DOMAIN_PATH, 5000 + i, 0, 2 };

        memcpy(reqs + i * 18, &m, sizeof(m));
        memcpy(reqs + i * 18 + 16, "1", 2);
    }
    xs_raw_send(reqs, sizeof(reqs));
    prod = r->req_prod;
    sleep_ns(200 * NSEC_PER_MSEC);
    EXPECT_TRUE(prod - r->req_cons > 0);         /* it stopped taking them */
    EXPECT_EQ(r->rsp_prod - r->rsp_cons, XENSTORE_RING_SIZE);   /* replies full */
    xs_others_served();
    for (unsigned int i = 0; i < 56; i++) {
        if (!EXPECT_EQ(xs_raw_reply(&h, buf, sizeof(buf)), 16))
            return;
        EXPECT_EQ(h.type, XS_GET_DOMAIN_PATH);
        EXPECT_EQ(h.req_id, 5000 + i);
        EXPECT_TRUE(!memcmp(buf, "/local/domain/1", 16));
    }
    EXPECT_EQ(r->req_prod, r->req_cons);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, "name", buf, sizeof(buf)), 4);
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* 2048 bytes below the home written and read; 2049, or absolute: EINVAL */
    TEST(rel_path_limit),
    /* /tool/... of 2048: EACCES; of 2049 and 3073: EINVAL */
    TEST(abs_path_limit),
    /* a 2015-byte value fits the 2048-byte node quota; one more ENOSPC */
    TEST(node_size_quota),
    /* 128 watches then E2BIG; 40 writes fire 5120 events; reads still right */
    TEST(watch_flood),
    /* 10 transactions then ENOSPC; 1 commit OK, 9 EAGAIN */
    TEST(transaction_flood),
    /* 56 unread requests: input stops, reply ring full; then 56 replies in order */
    TEST(unread_replies),
};

int main(void)
{
    return run_tests("xenstore/limits", tests, ARRAY_SIZE(tests));
}
