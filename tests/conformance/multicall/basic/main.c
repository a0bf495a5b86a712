/*
 * multicall runs each entry through the ordinary dispatch, in order, and
 * writes each sub-call's return value to that entry's result: a sub-call
 * that succeeds, one that fails and unknown numbers all give exactly what
 * the direct call gives.  The multicall itself returns 0.  Only the low 32
 * bits of the count matter (Xen's uint32_t nr_calls).
 */
#include <public/event_channel.h>
#include "../../lib/multicall.h"
#include "../../lib/test.h"

static multicall_entry_t mc[8];

/* An empty list is a no-op, even with a null list pointer. */
static void empty_list(void)
{
    EXPECT_EQ(HYPERVISOR_multicall(NULL, 0), 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 0), 0);
}

/* Results equal the direct calls' results, entry by entry. */
static void results_match_direct_calls(void)
{
    static struct xen_feature_info fi = { .submap_idx = 0 };
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    mc_set(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc_set(&mc[1], __HYPERVISOR_xen_version, XENVER_get_features, (unsigned long)&fi, 0);
    mc_set(&mc[2], __HYPERVISOR_xen_version, 999, 0, 0);
    mc_set(&mc[3], 11, 0, 0, 0);                          /* unassigned number */
    mc_set(&mc[4], 1000, 0, 0, 0);                        /* beyond the table */
    mc_set(&mc[5], __HYPERVISOR_xen_version | (1UL << 40), XENVER_version, 0, 0);
    mc_set(&mc[6], __HYPERVISOR_console_io, 77, 0, 0);    /* unknown sub-op */
    mc_set(&mc[7], __HYPERVISOR_sched_op, 99, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 8), 0);
    EXPECT_EQ(mc[0].result, version);
    EXPECT_EQ(mc[1].result, 0);
    EXPECT_EQ(mc[2].result, -XEN_ENOSYS);
    EXPECT_EQ(mc[3].result, -XEN_ENOSYS);
    EXPECT_EQ(mc[4].result, -XEN_ENOSYS);
    EXPECT_EQ(mc[5].result, -XEN_ENOSYS);
    EXPECT_EQ(mc[6].result, HYPERVISOR_console_io(77, 0, NULL));
    EXPECT_EQ(mc[7].result, HYPERVISOR_sched_op(99, NULL));
}

/* Entries run in order: two port allocations get consecutive ports, the
 * first entry the lower one, and a close in the same list sees them. */
static void entries_run_in_order(void)
{
    static struct evtchn_alloc_unbound a1, a2;
    static struct evtchn_close cl;

    a1 = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF, .remote_dom = 0 };
    a2 = a1;
    mc_set(&mc[0], __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
           (unsigned long)&a1, 0);
    mc_set(&mc[1], __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
           (unsigned long)&a2, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 2), 0);
    EXPECT_EQ(mc[0].result, 0);
    EXPECT_EQ(mc[1].result, 0);
    EXPECT_EQ(a2.port, a1.port + 1);
    cl.port = a1.port;
    mc_set(&mc[0], __HYPERVISOR_event_channel_op, EVTCHNOP_close, (unsigned long)&cl, 0);
    mc_set(&mc[1], __HYPERVISOR_event_channel_op, EVTCHNOP_close, (unsigned long)&cl, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 2), 0);
    EXPECT_EQ(mc[0].result, 0);
    EXPECT_EQ(mc[1].result, -XEN_EINVAL);     /* closed by the entry before */
    cl.port = a2.port;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
}

/* The count is 32 bits: bits above are ignored, as in Xen. */
static void count_is_32_bits(void)
{
    mc_set(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc_set(&mc[1], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, (1UL << 32) | 1), 0);
    EXPECT_EQ(mc[0].result, HYPERVISOR_xen_version(XENVER_version, NULL));
    EXPECT_EQ_HEX(mc[1].result, MC_UNTOUCHED);
}

static const struct test tests[] = {
    /* nr = 0 returns 0 and touches nothing. */
    TEST(empty_list),
    /* Each entry's result is what the same call made directly returns. */
    TEST(results_match_direct_calls),
    /* Entries run in list order, each seeing the effects of the ones before. */
    TEST(entries_run_in_order),
    /* Only nr's low 32 bits count. */
    TEST(count_is_32_bits),
};

int main(void)
{
    return run_tests("multicall/basic", tests, ARRAY_SIZE(tests));
}
