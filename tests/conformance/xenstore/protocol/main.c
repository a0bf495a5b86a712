/*
 * Every message type a domU can send, on the raw store ring, with the
 * exact reply: its type, the req_id and tx_id echoed, its length and its
 * bytes (public/io/xs_wire.h).  Watch events come with req_id and tx_id 0.
 * The witness (domain 2) uses the store meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

/* A payload literal: P("a\0b\0") is the bytes and their count. */
#define P(s) s, (uint32_t)(sizeof(s) - 1)

static struct xsd_sockmsg h;
static char body[4200];
static uint32_t last_id = 100;

/* Send a request; false if no reply came. */
static bool rq(uint32_t type, uint32_t tx, const char *payload, uint32_t len)
{
    return xs_raw_request(type, ++last_id, tx, payload, len, &h, body, sizeof(body)) >= 0;
}

/* The last reply was of `type` for our request, with exactly these bytes. */
static bool is(uint32_t type, uint32_t tx, const char *want, uint32_t len)
{
    bool ok = EXPECT_EQ(h.type, type) & EXPECT_EQ(h.req_id, last_id) &
              EXPECT_EQ(h.tx_id, tx) & EXPECT_EQ(h.len, len);

    return ok && EXPECT_TRUE(!memcmp(body, want, len));
}

#define OK(type, tx, req)        (rq(type, tx, P(req)) && is(type, tx, P("OK\0")))
#define ERR(type, tx, req, name) (rq(type, tx, P(req)) && is(XS_ERROR, tx, P(name "\0")))

/* No message arrives within 100 ms. */
static bool quiet(void)
{
    struct xenstore_domain_interface *r = xs_ring();
    uint64_t end = monotonic_ns() + 100 * NSEC_PER_MSEC;

    while (monotonic_ns() < end && r->rsp_prod == r->rsp_cons)
        sleep_ns(NSEC_PER_MSEC);
    return EXPECT_EQ(r->rsp_prod - r->rsp_cons, 0);
}

static void get_domain_path(void)
{
    EXPECT_TRUE(xs_witness_attach());
    if (EXPECT_TRUE(rq(XS_GET_DOMAIN_PATH, 0, P("1\0"))))
        is(XS_GET_DOMAIN_PATH, 0, P("/local/domain/1\0"));
    if (EXPECT_TRUE(rq(XS_GET_DOMAIN_PATH, 0, P("2\0"))))
        is(XS_GET_DOMAIN_PATH, 0, P("/local/domain/2\0"));
    EXPECT_TRUE(ERR(XS_GET_DOMAIN_PATH, 0, "x\0", "EINVAL"));
}

static void write_read(void)
{
    EXPECT_TRUE(OK(XS_WRITE, 0, "data/p\0hello"));
    if (EXPECT_TRUE(rq(XS_READ, 0, P("data/p\0"))))
        is(XS_READ, 0, P("hello"));                  /* raw bytes, no NUL */
    EXPECT_TRUE(OK(XS_WRITE, 0, "/local/domain/1/data/p\0"));
    if (EXPECT_TRUE(rq(XS_READ, 0, P("data/p\0"))))
        is(XS_READ, 0, "", 0);
    EXPECT_TRUE(ERR(XS_READ, 0, "data/none\0", "ENOENT"));
}

static void mkdir_directory(void)
{
    EXPECT_TRUE(OK(XS_MKDIR, 0, "data/d\0"));
    EXPECT_TRUE(OK(XS_MKDIR, 0, "data/d\0"));        /* exists: fine */
    EXPECT_TRUE(OK(XS_WRITE, 0, "data/d/a\0" "1"));
    EXPECT_TRUE(OK(XS_WRITE, 0, "data/d/b\0" "2"));
    if (EXPECT_TRUE(rq(XS_DIRECTORY, 0, P("data/d\0"))))
        is(XS_DIRECTORY, 0, P("a\0b\0"));
    if (EXPECT_TRUE(rq(XS_DIRECTORY, 0, P("data/d/a\0"))))
        is(XS_DIRECTORY, 0, "", 0);
    EXPECT_TRUE(ERR(XS_DIRECTORY, 0, "data/none\0", "ENOENT"));
}

/* "<generation>\0" and then the children, the list ended by one more NUL. */
static void directory_part(void)
{
    size_t genlen;

    if (!EXPECT_TRUE(rq(XS_DIRECTORY_PART, 0, P("data/d\0" "0\0"))))
        return;
    EXPECT_EQ(h.type, XS_DIRECTORY_PART);
    genlen = strlen(body) + 1;
    EXPECT_TRUE(genlen > 1 && strspn(body, "0123456789") == genlen - 1);
    EXPECT_EQ(h.len, genlen + 5);
    EXPECT_TRUE(!memcmp(body + genlen, "a\0b\0\0", 5));
    /* From the offset of the second name. */
    if (EXPECT_TRUE(rq(XS_DIRECTORY_PART, 0, P("data/d\0" "2\0"))))
        EXPECT_TRUE(!memcmp(body + strlen(body) + 1, "b\0\0", 3));
    EXPECT_TRUE(ERR(XS_DIRECTORY_PART, 0, "data/d\0", "EINVAL"));
}

static void rm(void)
{
    EXPECT_TRUE(OK(XS_RM, 0, "data/d\0"));
    EXPECT_TRUE(ERR(XS_READ, 0, "data/d/a\0", "ENOENT"));
    EXPECT_TRUE(OK(XS_RM, 0, "data/d\0"));           /* absent, parent there */
    EXPECT_TRUE(ERR(XS_RM, 0, "data/x/y\0", "ENOENT"));
}

static void permissions(void)
{
    if (EXPECT_TRUE(rq(XS_GET_PERMS, 0, P("data/p\0"))))
        is(XS_GET_PERMS, 0, P("n1\0"));
    EXPECT_TRUE(OK(XS_SET_PERMS, 0, "data/p\0n1\0r2\0"));
    if (EXPECT_TRUE(rq(XS_GET_PERMS, 0, P("data/p\0"))))
        is(XS_GET_PERMS, 0, P("n1\0r2\0"));
    EXPECT_TRUE(ERR(XS_SET_PERMS, 0, "data/p\0n0\0", "EPERM"));   /* XSA-352 */
    EXPECT_TRUE(ERR(XS_SET_PERMS, 0, "data/p\0q1\0", "EINVAL"));
}

/* Take the next two messages: the reply of type `type` and one watch event. */
static bool reply_and_event(uint32_t type, const char *ev, uint32_t evlen)
{
    bool got_reply = false, got_event = false;

    for (int i = 0; i < 2; i++) {
        if (i == 1 && !EXPECT_TRUE(xs_raw_reply(&h, body, sizeof(body)) >= 0))
            return false;
        if (h.type == XS_WATCH_EVENT) {
            got_event = EXPECT_EQ(h.req_id, 0) & EXPECT_EQ(h.tx_id, 0) &
                        EXPECT_EQ(h.len, evlen) && EXPECT_TRUE(!memcmp(body, ev, evlen));
        } else {
            got_reply = EXPECT_EQ(h.type, type) & EXPECT_EQ(h.req_id, last_id) &&
                        EXPECT_TRUE(!memcmp(body, "OK", 3));
        }
    }
    return EXPECT_TRUE(got_reply) & EXPECT_TRUE(got_event);
}

static void watch_events(void)
{
    /* OK, then the event Xen fires at registration; relative stays relative. */
    if (EXPECT_TRUE(rq(XS_WATCH, 0, P("data/w\0tok\0"))))
        reply_and_event(XS_WATCH, P("data/w\0tok\0"));
    if (EXPECT_TRUE(rq(XS_WRITE, 0, P("data/w/x\0" "1"))))
        reply_and_event(XS_WRITE, P("data/w/x\0tok\0"));
    EXPECT_TRUE(OK(XS_WRITE, 0, "data/other\0" "1"));
    quiet();
    EXPECT_TRUE(ERR(XS_WATCH, 0, "data/w\0tok\0", "EEXIST"));
    EXPECT_TRUE(ERR(XS_WATCH, 0, "data/w\0", "EINVAL"));          /* no token */
}

static void unwatch_reset(void)
{
    EXPECT_TRUE(OK(XS_UNWATCH, 0, "data/w\0tok\0"));
    EXPECT_TRUE(ERR(XS_UNWATCH, 0, "data/w\0tok\0", "ENOENT"));
    if (EXPECT_TRUE(rq(XS_WATCH, 0, P("data/w\0t2\0"))))
        reply_and_event(XS_WATCH, P("data/w\0t2\0"));
    EXPECT_TRUE(OK(XS_RESET_WATCHES, 0, ""));
    EXPECT_TRUE(OK(XS_WRITE, 0, "data/w/y\0" "1"));
    quiet();
}

static void transaction(void)
{
    char id[16];
    uint32_t tx;

    if (!EXPECT_TRUE(rq(XS_TRANSACTION_START, 0, P("\0"))))
        return;
    EXPECT_EQ(h.type, XS_TRANSACTION_START);
    EXPECT_EQ(h.len, strlen(body) + 1);
    snprintf(id, sizeof(id), "%s", body);
    tx = (uint32_t)strtoul(id, NULL, 10);
    if (!EXPECT_NE(tx, 0))
        return;
    EXPECT_TRUE(OK(XS_WRITE, tx, "data/t\0in"));     /* tx_id echoed */
    EXPECT_TRUE(ERR(XS_READ, 0, "data/t\0", "ENOENT"));
    if (EXPECT_TRUE(rq(XS_READ, tx, P("data/t\0"))))
        is(XS_READ, tx, P("in"));
    EXPECT_TRUE(ERR(XS_TRANSACTION_START, tx, "\0", "EBUSY"));
    EXPECT_TRUE(OK(XS_TRANSACTION_END, tx, "T\0"));
    if (EXPECT_TRUE(rq(XS_READ, 0, P("data/t\0"))))
        is(XS_READ, 0, P("in"));
    EXPECT_TRUE(ERR(XS_TRANSACTION_END, tx, "T\0", "ENOENT"));
    EXPECT_TRUE(ERR(XS_READ, 4242, "data/t\0", "ENOENT"));       /* no such tx */
    if (EXPECT_TRUE(rq(XS_WATCH, 4242, P("data/t\0tx\0"))))       /* ignored there */
        reply_and_event(XS_WATCH, P("data/t\0tx\0"));
}

/* dom0's messages: EACCES; types only the daemon sends, or unknown: ENOSYS. */
static void refused_types(void)
{
    EXPECT_TRUE(ERR(XS_INTRODUCE, 0, "5\0" "100\0" "3\0", "EACCES"));
    EXPECT_TRUE(ERR(XS_RELEASE, 0, "2\0", "EACCES"));
    EXPECT_TRUE(ERR(XS_IS_DOMAIN_INTRODUCED, 0, "2\0", "EACCES"));
    EXPECT_TRUE(ERR(XS_RESUME, 0, "2\0", "EACCES"));
    EXPECT_TRUE(ERR(XS_CONTROL, 0, "print\0hi\0", "EACCES"));
    EXPECT_TRUE(ERR(XS_SET_TARGET, 0, "1\0" "2\0", "ENOSYS"));
    EXPECT_TRUE(ERR(XS_WATCH_EVENT, 0, "data\0t\0", "ENOSYS"));
    EXPECT_TRUE(ERR(XS_ERROR, 0, "EINVAL\0", "ENOSYS"));
    EXPECT_TRUE(ERR(20, 0, "\0", "ENOSYS"));
    EXPECT_TRUE(ERR(XS_TYPE_COUNT, 0, "\0", "ENOSYS"));
    EXPECT_TRUE(ERR(0xffff, 0, "\0", "ENOSYS"));
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* GET_DOMAIN_PATH: "/local/domain/<id>\0" for us and for d2; EINVAL for "x" */
    TEST(get_domain_path),
    /* WRITE "OK\0"; READ the raw bytes (empty too); ENOENT */
    TEST(write_read),
    /* MKDIR twice OK; DIRECTORY "a\0b\0", empty for a leaf; ENOENT */
    TEST(mkdir_directory),
    /* DIRECTORY_PART: "<gen>\0a\0b\0\0", from an offset; no offset EINVAL */
    TEST(directory_part),
    /* RM recursive; of an absent node OK; with no parent ENOENT */
    TEST(rm),
    /* GET_PERMS "n1\0"; SET_PERMS then "n1\0r2\0"; to dom0 EPERM; bad EINVAL */
    TEST(permissions),
    /* WATCH: OK and the registration event (req_id 0); a write below fires */
    TEST(watch_events),
    /* UNWATCH OK then ENOENT; RESET_WATCHES OK, nothing fires afterwards */
    TEST(unwatch_reset),
    /* TRANSACTION_START id; tx_id echoed; EBUSY nested; END T; unknown tx ENOENT */
    TEST(transaction),
    /* INTRODUCE ... CONTROL EACCES; SET_TARGET, 15, 16, 20, 22+1, 0xffff ENOSYS */
    TEST(refused_types),
};

int main(void)
{
    return run_tests("xenstore/protocol", tests, ARRAY_SIZE(tests));
}
