/*
 * A frame is never at once a page table and writable (xen-abi.md 9.3 rule
 * 5).  A writable mapping of any page-table frame - the root, a leaf table -
 * is refused with -EINVAL whether asked for directly (mmu_update,
 * update_va_mapping, PRESERVE_AD) or by upgrading the read-only physmap
 * entry of a table to W; read-only mappings of tables are fine.  The other
 * way round, a page that still has a writable mapping cannot become a page
 * table (link or pin: -EINVAL) until that mapping is gone.
 */
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

#define VA (SCRATCH_VA + 9 * PAGE_SIZE)
#define RW (PTE_V | PTE_R | PTE_W)
#define RO (PTE_V | PTE_R)

static bool ready;

static void setup(void)
{
    ready = mmu_scratch_setup() == 0;
    EXPECT_TRUE(ready);
}

static void expect_no_rw(const char *what, uint64_t table)
{
    long a = mmu1(leaf_ma(VA), pte_make(table, RW), NULL);
    long b = HYPERVISOR_update_va_mapping(VA, pte_make(table, RW), UVMF_INVLPG);
    long c = mmu1(leaf_ma(VA) | MMU_PT_UPDATE_PRESERVE_AD, pte_make(table, RW), NULL);

    if (a != -XEN_EINVAL || b != -XEN_EINVAL || c != -XEN_EINVAL || leaf_val(VA) != 0)
        xtf_failure("%s mapped RW: %ld %ld %ld, entry %#lx; expected -EINVAL x3, 0",
                    what, a, b, c, (unsigned long)leaf_val(VA));
    else
        EXPECT_TRUE(true);
}

/* RW mappings of the root, a middle table and a leaf table: -EINVAL. */
static void tables_never_writable(void)
{
    if (!ready)
        return;
    expect_no_rw("root", pt_current_root());
    expect_no_rw("l1 table", l1_of(SCRATCH_VA));
    expect_no_rw("l0 table", l0_of(SCRATCH_VA));
}

/* A read-only alias of the root shows its entries. */
static void read_only_alias(void)
{
    const uint64_t *root = pt_table(pt_current_root());

    if (!ready)
        return;
    EXPECT_EQ(mmu1(leaf_ma(VA), pte_make(pt_current_root(), RO), NULL), 0);
    tlb_flush_va(VA);
    EXPECT_EQ_HEX(((volatile uint64_t *)VA)[pt_index(SCRATCH_VA, 2)],
                  root[pt_index(SCRATCH_VA, 2)]);
    EXPECT_EQ(mmu1(leaf_ma(VA), 0, NULL), 0);
    tlb_flush_va(VA);
}

/* The physmap's own read-only entry of the root upgraded to W: refused. */
static void upgrade_physmap_entry(void)
{
    unsigned long va = start_info->pt_base;
    uint64_t before = pt_lookup(pt_current_root(), va);
    uint64_t rw = pte_make(pt_current_root(), RW);
    long a = HYPERVISOR_update_va_mapping(va, rw, UVMF_INVLPG);
    long b = mmu1(leaf_ma(va), rw, NULL);

    EXPECT_EQ(a, -XEN_EINVAL);
    EXPECT_EQ(b, -XEN_EINVAL);
    EXPECT_EQ_HEX(pt_lookup(pt_current_root(), va), before);
    EXPECT_EQ(before & PTE_W, 0);
}

/* A page with a second, writable mapping cannot become a table until
 * that mapping goes: link and pin -EINVAL, then fine. */
static void writable_page_cannot_become_table(void)
{
    void *page = alloc_page();
    uint64_t m, slot;

    if (!ready || !EXPECT_TRUE(page != NULL))
        return;
    m = virt_to_mfn(page);
    slot = pt_entry_ma(l1_of(SCRATCH_VA), 9);
    EXPECT_EQ(mmu1(leaf_ma(VA), pte_make(m, RW), NULL), 0);    /* the extra alias */
    EXPECT_EQ(pt_physmap_protect(page, 0), 0);                 /* physmap RO */
    EXPECT_EQ(mmu1(slot, pte_make(m, PTE_V), NULL), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, m), -XEN_EINVAL);
    EXPECT_EQ(mmu1(leaf_ma(VA), 0, NULL), 0);                  /* alias gone */
    tlb_flush_va(VA);
    EXPECT_EQ(mmu1(slot, pte_make(m, PTE_V), NULL), 0);        /* now it may */
    EXPECT_EQ(mmu1(slot, 0, NULL), 0);
    EXPECT_EQ(pt_physmap_protect(page, 1), 0);                 /* untyped: writable again */
    free_page(page);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the scratch tables exist. */
    TEST(setup),
    /* RW mappings of root, l1 and l0 tables (3 ways each): -EINVAL. */
    TEST(tables_never_writable),
    /* a read-only alias of the root is allowed and shows its entries. */
    TEST(read_only_alias),
    /* upgrading the physmap's RO entry of the root to W: -EINVAL, unchanged. */
    TEST(upgrade_physmap_entry),
    /* a page with a writable alias cannot be linked or pinned as a table. */
    TEST(writable_page_cannot_become_table),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/writable_alias", tests, ARRAY_SIZE(tests));
}
