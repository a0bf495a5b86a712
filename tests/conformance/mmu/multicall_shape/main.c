/*
 * XSA-286's shape (security.md H-PT-18): one multicall that updates a VA,
 * switches the leaf table under it with mmu_update, then updates the same
 * VA again.  Each entry sees the hierarchy the previous one left: the
 * first update lands in the old leaf table, the last in the new one, and
 * the VA ends up mapping what the last entry said.  Also: garbage in the
 * argument slots a sub-call does not use changes nothing (H-MC-04).
 */
#include <string.h>
#include "../../lib/health.h"
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/multicall.h"
#include "../../lib/test.h"

static bool ready;
static uint64_t *page_a, *page_b, *l0b_page;
static uint64_t l1, l0a, l0b;

static void setup(void)
{
    ready = mmu_scratch_setup() == 0;
    page_a = alloc_page();
    page_b = alloc_page();
    l0b_page = alloc_page();
    if (!EXPECT_TRUE(ready && page_a && page_b && l0b_page)) {
        ready = false;
        return;
    }
    *page_a = 0xaaaa;
    *page_b = 0xbbbb;
    EXPECT_EQ(pt_physmap_protect(l0b_page, 0), 0);
    l1 = l1_of(SCRATCH_VA);
    l0a = l0_of(SCRATCH_VA);
    l0b = virt_to_mfn(l0b_page);
}

static void switch_in_the_middle(void)
{
    static multicall_entry_t mc[3];
    static mmu_update_t relink;
    static unsigned int done;
    uint64_t slot = pt_entry_ma(l1, pt_index(SCRATCH_VA, 1));

    if (!ready)
        return;
    relink.ptr = slot | MMU_NORMAL_PT_UPDATE;
    relink.val = pte_make(l0b, PTE_V);
    mc_set(&mc[0], __HYPERVISOR_update_va_mapping, SCRATCH_VA,
           pte_make(virt_to_mfn(page_a), PTE_V | PTE_R), UVMF_INVLPG);
    mc_set(&mc[1], __HYPERVISOR_mmu_update, (unsigned long)&relink, 1, (unsigned long)&done);
    mc[1].args[3] = DOMID_SELF;
    mc_set(&mc[2], __HYPERVISOR_update_va_mapping, SCRATCH_VA,
           pte_make(virt_to_mfn(page_b), PTE_V | PTE_R), UVMF_INVLPG);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 3), 0);
    EXPECT_EQ(mc[0].result, 0);
    EXPECT_EQ(mc[1].result, 0);
    EXPECT_EQ(mc[2].result, 0);
    EXPECT_EQ(pte_mfn(pt_table(l0a)[pt_index(SCRATCH_VA, 0)]), virt_to_mfn(page_a));
    EXPECT_EQ(pte_mfn(pt_table(l0b)[pt_index(SCRATCH_VA, 0)]), virt_to_mfn(page_b));
    EXPECT_EQ(*(volatile uint64_t *)SCRATCH_VA, 0xbbbb);
}

/* Put the old table back, empty both, and let the new one go. */
static void restore(void)
{
    uint64_t slot = pt_entry_ma(l1, pt_index(SCRATCH_VA, 1));

    if (!ready)
        return;
    EXPECT_EQ(pt_unmap(SCRATCH_VA), 0);                           /* B out of l0b */
    EXPECT_EQ(mmu1(slot, pte_make(l0a, PTE_V), NULL), 0);         /* l0a back */
    EXPECT_EQ(tlb_flush_local(), 0);
    EXPECT_EQ(*(volatile uint64_t *)SCRATCH_VA, 0xaaaa);
    EXPECT_EQ(pt_unmap(SCRATCH_VA), 0);
    EXPECT_EQ(pt_physmap_protect(l0b_page, 1), 0);                /* no longer a table */
    free_page(l0b_page);
}

/* Unused argument slots full of garbage: same results as clean calls. */
static void garbage_in_unused_slots(void)
{
    static multicall_entry_t mc[2];
    long version = HYPERVISOR_xen_version(XENVER_version, NULL);

    mc_set(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    mc[0].args[1] = mc[0].args[2] = mc[0].args[3] = mc[0].args[4] = mc[0].args[5] = ~0UL;
    mc_set(&mc[1], __HYPERVISOR_memory_op, XENMEM_maximum_ram_page, ~0UL, ~0UL);
    mc[1].args[3] = mc[1].args[4] = mc[1].args[5] = 0xdeadbeefdeadbeefUL;
    EXPECT_EQ(HYPERVISOR_multicall(mc, 2), 0);
    EXPECT_EQ(mc[0].result, version);
    EXPECT_EQ(mc[1].result, HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL));
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the scratch tables, two data pages and a spare leaf table. */
    TEST(setup),
    /* [uva A, switch leaf table, uva B]: A in the old table, B in the new, VA shows B. */
    TEST(switch_in_the_middle),
    /* the old table relinked shows A again; the spare is untyped and freed. */
    TEST(restore),
    /* garbage in a sub-call's unused argument slots changes nothing. */
    TEST(garbage_in_unused_slots),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/multicall_shape", tests, ARRAY_SIZE(tests));
}
