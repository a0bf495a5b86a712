/*
 * Batches (mmu_update, mmuext_op): processing stops at the first bad
 * request, returns its error and reports through *done how many went
 * through; those are applied, the rest are not.  Hostile batch shapes -
 * an unreadable list - fail with -EFAULT before anything is applied.
 * Unknown mmuext commands are -ENOSYS; a domU naming another domain
 * (foreigndom) is -EPERM.  (Xen's limits on counts, command bits and
 * missing domains are in mmu/batch_limits.)
 * 10^4 failing MMU_MACHPHYS_UPDATEs change nothing (XSA-113).
 */
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

#define VA(i) (SCRATCH_VA + 16 * PAGE_SIZE + (i) * PAGE_SIZE)

static bool ready;
static void *pages[4];
static mmu_update_t req[4];

static void setup(void)
{
    ready = mmu_scratch_setup() == 0;
    for (unsigned int i = 0; i < 4; i++)
        pages[i] = alloc_page();
    EXPECT_TRUE(ready && pages[3]);
}

static void set_req(unsigned int i, uint64_t mfn)
{
    req[i].ptr = leaf_ma(VA(i)) | MMU_NORMAL_PT_UPDATE;
    req[i].val = pte_make(mfn, PTE_V | PTE_R | PTE_W);
}

/* [good, good, bad, good]: -EINVAL, done = 2, only the first two applied. */
static void partial_batch(void)
{
    unsigned int done = 99;

    if (!ready)
        return;
    set_req(0, virt_to_mfn(pages[0]));
    set_req(1, virt_to_mfn(pages[1]));
    set_req(2, 0x80200);
    set_req(3, virt_to_mfn(pages[3]));
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 4, &done, DOMID_SELF), -XEN_EINVAL);
    EXPECT_EQ(done, 2);
    EXPECT_EQ(pte_mfn(leaf_val(VA(0))), virt_to_mfn(pages[0]));
    EXPECT_EQ(pte_mfn(leaf_val(VA(1))), virt_to_mfn(pages[1]));
    EXPECT_EQ(leaf_val(VA(2)), 0);
    EXPECT_EQ(leaf_val(VA(3)), 0);
    /* Clean up with one batch of two. */
    req[0].val = req[1].val = 0;
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 2, &done, DOMID_SELF), 0);
    EXPECT_EQ(done, 2);
    tlb_flush_local();
}

/* mmuext_op [pin, bad pin, unpin]: -EINVAL, done = 1. */
static void partial_ext_batch(void)
{
    struct mmuext_op ops[3] = { { .cmd = MMUEXT_PIN_L1_TABLE }, { .cmd = MMUEXT_PIN_L1_TABLE },
                                { .cmd = MMUEXT_UNPIN_TABLE } };
    unsigned int done = 99;
    uint64_t m;

    if (!EXPECT_EQ(pt_physmap_protect(pages[2], 0), 0))
        return;
    m = virt_to_mfn(pages[2]);
    ops[0].arg1.mfn = m;
    ops[1].arg1.mfn = 0x80200;
    ops[2].arg1.mfn = m;
    EXPECT_EQ(HYPERVISOR_mmuext_op(ops, 3, &done, DOMID_SELF), -XEN_EINVAL);
    EXPECT_EQ(done, 1);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, m), 0);     /* it was pinned, and still is */
    EXPECT_EQ(pt_physmap_protect(pages[2], 1), 0);
}

/* Unreadable lists and hostile counts: -EFAULT, nothing applied. */
static void hostile_lists(void)
{
    unsigned int done = 99;

    if (!ready)
        return;
    set_req(0, virt_to_mfn(pages[0]));
    EXPECT_EQ(HYPERVISOR_mmu_update((mmu_update_t *)UNMAPPED_VA, 1, &done, DOMID_SELF),
              -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_mmu_update((mmu_update_t *)NONCANONICAL_VA, 1, &done, DOMID_SELF),
              -XEN_EFAULT);
    EXPECT_EQ(leaf_val(VA(0)), 0);
    EXPECT_EQ(HYPERVISOR_mmuext_op((struct mmuext_op *)UNMAPPED_VA, 1, &done, DOMID_SELF),
              -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 0, &done, DOMID_SELF), 0);
    EXPECT_EQ(done, 0);
}

/* Unknown mmuext_op commands. */
static void unknown_commands(void)
{
    if (!ready)
        return;
    EXPECT_EQ(mmuext1(99, 0), -XEN_ENOSYS);
    EXPECT_EQ(mmuext1(MMUEXT_SET_LDT, 0), -XEN_ENOSYS);
}

/* foreigndom from a domU naming another domain: -EPERM. */
static void foreign_domains(void)
{
    unsigned int done;

    if (!ready)
        return;
    set_req(0, virt_to_mfn(pages[0]));
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 1, &done, 0), -XEN_EPERM);
    EXPECT_EQ(leaf_val(VA(0)), 0);
}

/* 10^4 failing machphys updates (frames not ours): no drift. */
static void failing_machphys(void)
{
    long before = mem_current();
    unsigned int bad = 0;

    for (unsigned int i = 0; i < 10000; i++)
        bad += mmu1(((0x80200UL + (i % 64)) << 12) | MMU_MACHPHYS_UPDATE, i, NULL) != -XEN_EINVAL;
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(mem_current(), before);
    EXPECT_EQ(mmu1((virt_to_mfn(pages[0]) << 12) | MMU_MACHPHYS_UPDATE,
                   virt_to_pfn(pages[0]), NULL), 0);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the scratch tables and four pages exist. */
    TEST(setup),
    /* [good, good, bad, good]: -EINVAL, done 2, exactly two applied. */
    TEST(partial_batch),
    /* mmuext [pin, bad pin, unpin]: -EINVAL, done 1, the pin stands. */
    TEST(partial_ext_batch),
    /* unreadable lists: -EFAULT, nothing applied. */
    TEST(hostile_lists),
    /* unknown mmuext commands: -ENOSYS. */
    TEST(unknown_commands),
    /* foreigndom naming dom0 from a domU: -EPERM. */
    TEST(foreign_domains),
    /* 10^4 failing MMU_MACHPHYS_UPDATEs: -EINVAL each, nothing leaks. */
    TEST(failing_machphys),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/batch", tests, ARRAY_SIZE(tests));
}
