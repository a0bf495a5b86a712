/*
 * A garbage consumer index on the reply ring (security.md H-XS-01): the
 * domain claims to have read 100 bytes more than the daemon ever wrote.
 * At its next request the daemon sees rsp_prod - rsp_cons out of range,
 * reports XENSTORE_ERROR_RINGIDX and writes nothing more into the ring;
 * the witness (domain 2) is served throughout.
 */
#include <kernel.h>
#include "../../lib/test.h"
#include "../../lib/xs_test.h"

static void consumer_ahead(void)
{
    struct xsd_sockmsg m = { XS_GET_DOMAIN_PATH, 9, 0, 2 };
    struct xenstore_domain_interface *r = xs_ring();
    uint32_t prod;

    if (!EXPECT_TRUE(xs_witness_attach()) || !EXPECT_TRUE(r != NULL))
        return;
    prod = r->rsp_prod;
    r->rsp_cons = prod + 100;
    xs_raw_send(&m, sizeof(m));
    xs_raw_send("1", 2);
    EXPECT_EQ(xs_ring_error_wait(), XENSTORE_ERROR_RINGIDX);
    EXPECT_EQ(r->rsp_prod, prod);                /* nothing written */
    xs_others_served();
    xs_witness_stop();
}

static const struct test tests[] = {
    /* rsp_cons 100 past rsp_prod: error field RINGIDX, rsp_prod unmoved */
    TEST(consumer_ahead),
};

int main(void)
{
    return run_tests("xenstore/ring_rsp", tests, ARRAY_SIZE(tests));
}
