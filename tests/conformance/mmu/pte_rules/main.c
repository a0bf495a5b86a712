/*
 * The PTE rules of mmu_update (public/xen.h, DESIGN 3): every entry the
 * validator must refuse is refused with -EINVAL, the batch reports 0 done
 * and the entry is unchanged.  Leaves: reserved bits 54-60, N (NAPOT),
 * PBMT (any non-zero value), W without R, the hypervisor's software bit 9.
 * Non-leaves: A, D or U set, a non-leaf at level 0, a target that is not a
 * table one level down (an ordinary page, the root, the table itself).
 * Superpage leaves at levels 1 and 2.  One accepted entry of each kind is
 * the control.
 */
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static uint64_t own_mfn;        /* an ordinary page of ours, mapped RW in the physmap */
static void *own_page;
static bool ready;

struct pte_case {
    const char *name;
    unsigned int level;         /* the table the entry is in */
    uint64_t val;               /* PPN filled in by kind */
    int kind;                   /* target: 0 own page, 1 scratch l0, 2 root, 3 scratch l1 */
};

#define LEAF (PTE_V | PTE_R | PTE_A | PTE_D)

static const struct pte_case cases[] = {
    { "reserved bit 54",        0, LEAF | (1UL << 54), 0 },
    { "reserved bit 57",        0, LEAF | (1UL << 57), 0 },
    { "reserved bit 60",        0, LEAF | (1UL << 60), 0 },
    { "N (NAPOT) bit 63",       0, LEAF | (1UL << 63), 0 },
    { "PBMT=NC on RAM",         0, LEAF | (1UL << 61), 0 },
    { "PBMT=IO on RAM",         0, LEAF | (2UL << 61), 0 },
    { "PBMT=3 (reserved)",      0, LEAF | (3UL << 61), 0 },
    { "W without R",            0, PTE_V | PTE_W | PTE_A | PTE_D, 0 },
    { "W|X without R",          0, PTE_V | PTE_W | PTE_X | PTE_A | PTE_D, 0 },
    { "RSW bit 9 (grant tag)",  0, LEAF | (1UL << 9), 0 },
    { "non-leaf at level 0",    0, PTE_V, 1 },
    { "superpage leaf level 1", 1, LEAF, 0 },
    { "non-leaf with A",        1, PTE_V | PTE_A, 1 },
    { "non-leaf with D",        1, PTE_V | PTE_D, 1 },
    { "non-leaf with U",        1, PTE_V | PTE_U, 1 },
    { "non-leaf to a RW page",  1, PTE_V, 0 },
    { "non-leaf to the root",   1, PTE_V, 2 },
    { "non-leaf to own table",  1, PTE_V, 3 },
    { "superpage leaf level 2", 2, LEAF, 0 },
    { "root entry to the root", 2, PTE_V, 2 },
    { "root entry to an l0",    2, PTE_V, 1 },
};

static uint64_t target(int kind)
{
    switch (kind) {
    case 1: return l0_of(SCRATCH_VA);
    case 2: return pt_current_root();
    case 3: return l1_of(SCRATCH_VA);
    default: return own_mfn;
    }
}

/* A free entry of a table of `level` near SCRATCH_VA. */
static uint64_t entry_ma(unsigned int level)
{
    switch (level) {
    case 0: return leaf_ma(SCRATCH_VA + 7 * PAGE_SIZE);
    case 1: return pt_entry_ma(l1_of(SCRATCH_VA), 5);
    default: return pt_entry_ma(pt_current_root(), pt_index(SCRATCH_VA, 2) + 1);
    }
}

static uint64_t read_entry(uint64_t ma)
{
    unsigned long pfn = mfn_to_pfn(ma >> 12);

    return ((const uint64_t *)pfn_to_virt(pfn))[(ma & 4095) / 8];
}

static void setup(void)
{
    own_page = alloc_page();
    if (!EXPECT_TRUE(own_page != NULL))
        return;
    own_mfn = virt_to_mfn(own_page);
    ready = mmu_scratch_setup() == 0;
    EXPECT_TRUE(ready);
}

/* Each bad entry: -EINVAL, 0 done, the entry still empty. */
static void refused_entries(void)
{
    for (unsigned int i = 0; ready && i < ARRAY_SIZE(cases); i++) {
        const struct pte_case *c = &cases[i];
        uint64_t ma = entry_ma(c->level), val = c->val | pte_make(target(c->kind), 0);
        unsigned int done = 99;
        long rc = mmu1(ma | MMU_NORMAL_PT_UPDATE, val, &done);

        if (rc != -XEN_EINVAL || done != 0 || read_entry(ma) != 0)
            xtf_failure("case \"%s\": rc %ld done %u entry %#lx, expected -EINVAL 0 0",
                        c->name, rc, done, (unsigned long)read_entry(ma));
        else
            EXPECT_TRUE(true);
    }
}

/* Controls: a good leaf and a good non-leaf are accepted and read back. */
static void accepted_entries(void)
{
    unsigned long va = SCRATCH_VA + 7 * PAGE_SIZE;
    uint64_t ma;

    if (!ready)
        return;
    ma = entry_ma(0);
    EXPECT_EQ(mmu1(ma, pte_make(own_mfn, PTE_V | PTE_R | PTE_W), NULL), 0);
    EXPECT_EQ(pte_mfn(read_entry(ma)), own_mfn);
    EXPECT_TRUE((read_entry(ma) & (PTE_A | PTE_D)) == (PTE_A | PTE_D));   /* forced by rvxen */
    tlb_flush_va(va);
    *(volatile uint32_t *)va = 0xabcd1234;
    EXPECT_EQ(*(volatile uint32_t *)own_page, 0xabcd1234);
    EXPECT_EQ(mmu1(ma, 0, NULL), 0);
    EXPECT_EQ(read_entry(ma), 0);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* a page of ours and the scratch tables exist. */
    TEST(setup),
    /* 21 refused entries: each -EINVAL, done 0, entry unchanged. */
    TEST(refused_entries),
    /* a correct leaf is stored (A/D forced), used, and removed. */
    TEST(accepted_entries),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/pte_rules", tests, ARRAY_SIZE(tests));
}
