/*
 * The toolstack's operations from a domU: every domctl - creating,
 * destroying (another domain, dom0, itself), pausing, describing,
 * limiting, setting contexts - is -EPERM; memory_op on another domain
 * gives nothing, and a foreign mapping of dom0's frames is -EPERM.
 * Nothing changes: dom0 keeps running and this domain's memory is intact.
 */
#include <public/xen.h>
#include "../../lib/domctl.h"
#include "../../lib/health.h"
#include "../../lib/mmu.h"
#include "../../lib/test.h"

static void begin(void)
{
    health_begin();
}

static void domctls(void)
{
    static const uint32_t cmds[] = {
        XEN_DOMCTL_createdomain, XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain,
        XEN_DOMCTL_unpausedomain, XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_max_mem,
        XEN_DOMCTL_setvcpucontext, XEN_DOMCTL_getvcpucontext, XEN_DOMCTL_getvcpuinfo,
        XEN_DOMCTL_max_vcpus, XEN_DOMCTL_setdomainhandle, XEN_DOMCTL_get_domain_name,
    };
    const domid_t ids[] = { 0, (domid_t)test_domid(), DOMID_SELF, 55 };

    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
        for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++)
            EXPECT_EQ(dctl0(cmds[c], ids[i]), -XEN_EPERM);
}

static void memory_of_others(void)
{
    static xen_pfn_t list[4];

    EXPECT_EQ(dctl_populate(0, list, 4), 0);
    EXPECT_EQ(dctl_max_mem(0, 1), -XEN_EPERM);
}

static void foreign_map(void)
{
    mmu_update_t u = { .ptr = 0, .val = 0 };
    unsigned int done = 0;

    if (!EXPECT_EQ(mmu_scratch_setup(), 0))
        return;
    u.ptr = leaf_ma(SCRATCH_VA);
    u.val = pte_make(pt_current_root(), PTE_R | PTE_V);
    EXPECT_EQ(HYPERVISOR_mmu_update(&u, 1, &done, 0), -XEN_EPERM);
    EXPECT_EQ(done, 0);
}

static void end(void)
{
    health_end_peers(0);
}

static const struct test tests[] = {
    /* This domain's memory, before. */
    TEST(begin),
    /* Every toolstack domctl, on any id: -EPERM. */
    TEST(domctls),
    /* populate_physmap for dom0 gives nothing; max_mem -EPERM. */
    TEST(memory_of_others),
    /* mmu_update naming dom0 as foreigndom: -EPERM, nothing done. */
    TEST(foreign_map),
    /* This domain's memory, after: unchanged. */
    TEST(end),
};

int main(void)
{
    return run_tests("domctl/denied", tests, ARRAY_SIZE(tests));
}
