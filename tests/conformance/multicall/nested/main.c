/*
 * A multicall inside a multicall is refused as Xen refuses it: that entry's
 * result is -EINVAL and its inner list is not run, while the outer list
 * carries on with the next entries.  A refused nesting leaves no state
 * behind: the next plain multicall works.
 */
#include "../../lib/multicall.h"
#include "../../lib/test.h"

static multicall_entry_t outer[3], inner[2];

/* The nested entry gets -EINVAL; its inner entries keep their sentinel. */
static void nested_refused(void)
{
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    mc_set(&inner[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc_set(&inner[1], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc_set(&outer[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc_set(&outer[1], __HYPERVISOR_multicall, (unsigned long)inner, 2, 0);
    mc_set(&outer[2], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(outer, 3), 0);
    EXPECT_EQ(outer[0].result, version);
    EXPECT_EQ(outer[1].result, -XEN_EINVAL);
    EXPECT_EQ(outer[2].result, version);
    EXPECT_EQ_HEX(inner[0].result, MC_UNTOUCHED);
    EXPECT_EQ_HEX(inner[1].result, MC_UNTOUCHED);
}

/* A nested multicall naming itself is refused the same way (no recursion). */
static void self_nesting_refused(void)
{
    mc_set(&outer[0], __HYPERVISOR_multicall, (unsigned long)outer, 1, 0);
    EXPECT_EQ(HYPERVISOR_multicall(outer, 1), 0);
    EXPECT_EQ(outer[0].result, -XEN_EINVAL);
}

/* After refusals the flag is clear: a plain multicall runs its entries. */
static void state_clean_afterwards(void)
{
    mc_set(&inner[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(inner, 1), 0);
    EXPECT_EQ(inner[0].result, HYPERVISOR_xen_version(XENVER_version, NULL));
}

static const struct test tests[] = {
    /* multicall in multicall: -EINVAL for that entry, the rest run. */
    TEST(nested_refused),
    /* a list that names itself: -EINVAL, no recursion. */
    TEST(self_nesting_refused),
    /* the next multicall works normally. */
    TEST(state_clean_afterwards),
};

int main(void)
{
    return run_tests("multicall/nested", tests, ARRAY_SIZE(tests));
}
