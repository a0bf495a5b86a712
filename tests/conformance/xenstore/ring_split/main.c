/*
 * The store ring's indices as a hostile or odd producer moves them (XSA-38
 * class, security.md H-XS-01): a request whose bytes arrive one at a time,
 * the producer index moving under the daemon's feet; all four indices
 * wrapping past 2^32; and last, a header announcing more than the 4096-byte
 * payload limit, which breaks the connection for good (error field
 * XENSTORE_ERROR_PROTO, nothing answered).  The witness (domain 2) is served
 * throughout.
 */
#include <string.h>
#include <kernel.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static struct xsd_sockmsg h;
static char body[64];

/* A WRITE whose 29 bytes are published one at a time, each with an event. */
static void byte_at_a_time(void)
{
    struct { struct xsd_sockmsg h; char p[14]; } m = {
        { XS_WRITE, 61, 0, 13 }, "data/s\0" "abcdef" };
    const char *bytes = (const char *)&m;

    if (!EXPECT_TRUE(xs_witness_attach()) || !EXPECT_TRUE(xs_ring() != NULL))
        return;
    for (size_t i = 0; i < sizeof(m.h) + m.h.len; i++) {
        xs_raw_send(bytes + i, 1);
        sleep_ns(NSEC_PER_MSEC / 4);
    }
    if (!EXPECT_EQ(xs_raw_reply(&h, body, sizeof(body)), 3))
        return;
    EXPECT_EQ(h.type, XS_WRITE);
    EXPECT_EQ(h.req_id, 61);
    EXPECT_STREQ(body, "OK");
    if (EXPECT_EQ(xs_raw_request(XS_READ, 62, 0, "data/s", 7, &h, body, sizeof(body)), 6))
        EXPECT_TRUE(!memcmp(body, "abcdef", 6));
    xs_others_served();
}

/* Idle ring, every index set near 2^32: requests and replies wrap. */
static void indices_wrap(void)
{
    struct xenstore_domain_interface *r = xs_ring();

    r->req_cons = r->req_prod = 0xfffffff0u;
    r->rsp_cons = r->rsp_prod = 0xfffffff8u;
    for (uint32_t id = 70; id < 73; id++) {
        if (!EXPECT_EQ(xs_raw_request(XS_GET_DOMAIN_PATH, id, 0, "1", 2, &h, body,
                                      sizeof(body)), 16))
            return;
        EXPECT_EQ(h.req_id, id);
        EXPECT_STREQ(body, "/local/domain/1");
    }
    EXPECT_TRUE(r->req_prod < 0x100 && r->rsp_prod < 0x100);   /* wrapped */
    xs_others_served();
}

/* Last: a length of 4097 breaks the connection; nothing is answered. */
static void length_past_limit(void)
{
    struct xsd_sockmsg m = { XS_READ, 80, 0, XENSTORE_PAYLOAD_MAX + 1 };
    struct xenstore_domain_interface *r = xs_ring();

    xs_raw_send(&m, sizeof(m));
    EXPECT_EQ(xs_ring_error_wait(), XENSTORE_ERROR_PROTO);
    EXPECT_EQ(r->rsp_prod - r->rsp_cons, 0);
    xs_raw_send("data", 5);                       /* ignored from now on */
    EXPECT_EQ(xs_raw_reply(&h, body, sizeof(body)), -1);
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* a WRITE published a byte at a time: "OK" for req_id 61, the value stored */
    TEST(byte_at_a_time),
    /* indices near 2^32: three GET_DOMAIN_PATH answered exactly across the wrap */
    TEST(indices_wrap),
    /* len 4097: error field PROTO, no reply, later bytes ignored */
    TEST(length_past_limit),
};

int main(void)
{
    return run_tests("xenstore/ring_split", tests, ARRAY_SIZE(tests));
}
