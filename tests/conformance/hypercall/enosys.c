/* Unknown and unimplemented hypercall numbers return -ENOSYS. */
#include "../lib/test.h"

/* Numbers Xen leaves unassigned, numbers past the table, and the largest. */
static void test_unknown_numbers(void)
{
    static const unsigned long nrs[] = { 11, 43, 44, 45, 46, 47, 56, 63, 64, 1000, ~0UL };

    for (unsigned int i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
        EXPECT_EQ(_hypercall5(nrs[i], 1, 2, 3, 4, 5), -XEN_ENOSYS);
}

/* Unknown sub-ops of the multiplexing hypercalls. */
static void test_unknown_subops(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(1000, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_event_channel_op(1000, NULL), -XEN_ENOSYS);
}

TESTS({ "unknown_numbers", test_unknown_numbers }, { "unknown_subops", test_unknown_subops });

int main(void)
{
    RUN("hypercall/enosys");
}
