/*
 * A producer index that moves backwards (security.md H-XS-01): after the
 * daemon has taken the first ten bytes of a request, req_prod is set five
 * bytes back, behind the daemon's consumer index.  The daemon reports
 * XENSTORE_ERROR_RINGIDX in the ring's error field and serves this ring no
 * more; the witness (domain 2) is served throughout.
 */
#include <kernel.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void ordinary_request(void)
{
    struct xsd_sockmsg h;
    char body[32];

    if (!EXPECT_TRUE(xs_witness_attach()) || !EXPECT_TRUE(xs_ring() != NULL))
        return;
    if (EXPECT_EQ(xs_raw_request(XS_GET_DOMAIN_PATH, 1, 0, "1", 2, &h, body, sizeof(body)), 16))
        EXPECT_STREQ(body, "/local/domain/1");
    xs_others_served();
}

static void producer_backwards(void)
{
    struct xsd_sockmsg m = { XS_READ, 2, 0, 5 };
    struct xenstore_domain_interface *r = xs_ring();
    uint64_t end = monotonic_ns() + NSEC_PER_SEC;

    xs_raw_send(&m, 10);
    while (r->req_cons != r->req_prod && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (!EXPECT_EQ(r->req_cons, r->req_prod))
        return;
    __atomic_store_n(&r->req_prod, r->req_prod - 5, __ATOMIC_RELEASE);
    notify_remote_via_evtchn(start_info->store_evtchn);
    EXPECT_EQ(xs_ring_error_wait(), XENSTORE_ERROR_RINGIDX);
    EXPECT_EQ(r->rsp_prod - r->rsp_cons, 0);
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* GET_DOMAIN_PATH answered before the attack */
    TEST(ordinary_request),
    /* req_prod moved 5 bytes behind req_cons: error field RINGIDX, no reply */
    TEST(producer_backwards),
};

int main(void)
{
    return run_tests("xenstore/ring_backwards", tests, ARRAY_SIZE(tests));
}
