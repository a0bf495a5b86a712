/*
 * mmu_update's argument limits as Xen has them (xen/arch/x86/mm.c,
 * security.md H-PT-01, H-PT-20): the command is ptr's low three bits, so
 * 4..7 are -ENOSYS; a count that runs the request array off the guest's
 * half of the address space is -EFAULT before any request is applied; a foreigndom naming a
 * domain that does not exist is -ESRCH (the lookup comes before the
 * privilege check).
 */
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static bool ready;
static void *page;
static mmu_update_t req[4];

static void setup(void)
{
    ready = mmu_scratch_setup() == 0;
    page = alloc_page();
    EXPECT_TRUE(ready && page);
}

static void command_bits(void)
{
    for (unsigned int cmd = 4; ready && cmd < 8; cmd++)
        EXPECT_EQ(mmu1(leaf_ma(SCRATCH_VA) | cmd, 0, NULL), -XEN_ENOSYS);
}

/* A request array at the very top of the lower Sv39 half, whose count
 * runs past it: refused whole (-EFAULT) before its first, valid, request
 * is applied.  The same request with count 1 goes through. */
static void hostile_count(void)
{
    unsigned long top = (1UL << 38) - PAGE_SIZE;
    void *backing = alloc_page();
    mmu_update_t *r;
    unsigned int done = 99;

    if (!ready || !EXPECT_TRUE(backing != NULL) ||
        !EXPECT_EQ(pt_map(top, virt_to_mfn(backing), PTE_R | PTE_W), 0))
        return;
    r = (mmu_update_t *)(top + PAGE_SIZE - sizeof(*r));
    r->ptr = leaf_ma(SCRATCH_VA);
    r->val = pte_make(virt_to_mfn(page), PTE_V | PTE_R);
    EXPECT_EQ(HYPERVISOR_mmu_update(r, 2, &done, DOMID_SELF), -XEN_EFAULT);
    EXPECT_EQ(leaf_val(SCRATCH_VA), 0);
    EXPECT_EQ(HYPERVISOR_mmu_update(r, 0x7fffffff, &done, DOMID_SELF), -XEN_EFAULT);
    EXPECT_EQ(leaf_val(SCRATCH_VA), 0);
    EXPECT_EQ(HYPERVISOR_mmu_update(r, 1, &done, DOMID_SELF), 0);
    EXPECT_EQ(pte_mfn(leaf_val(SCRATCH_VA)), virt_to_mfn(page));
    EXPECT_EQ(mmu1(leaf_ma(SCRATCH_VA), 0, NULL), 0);
    EXPECT_EQ(pt_unmap(top), 0);
    free_page(backing);
}

static void missing_domain(void)
{
    unsigned int done;

    if (!ready)
        return;
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 1, &done, 999), -XEN_ESRCH);
    EXPECT_EQ(leaf_val(SCRATCH_VA), 0);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the scratch tables exist. */
    TEST(setup),
    /* ptr low bits 4..7: -ENOSYS. */
    TEST(command_bits),
    /* an array whose count runs off the Sv39 half: -EFAULT, nothing applied. */
    TEST(hostile_count),
    /* foreigndom 999 from a domU: -ESRCH. */
    TEST(missing_domain),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/batch_limits", tests, ARRAY_SIZE(tests));
}
