/*
 * The page-table hypercalls doing their job, through the guest library:
 * mapping and unmapping pages (one and a batch), update_va_mapping with
 * its flush flags, a second address space built, switched to and torn
 * down, the flush and page operations of mmuext_op, and the M2P readable
 * through machphys_mfn_list and kept by MMU_MACHPHYS_UPDATE.  A frame
 * given back while mapped is freed when its last mapping goes.
 */
#include <string.h>
#include "../../lib/catch.h"
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/test.h"

#define NR_BATCH 64

static void *pages[NR_BATCH];

static void map_one(void)
{
    void *p = alloc_page();
    struct caught c;

    if (!EXPECT_TRUE(p != NULL))
        return;
    EXPECT_EQ(pt_map(SCRATCH_VA, virt_to_mfn(p), PTE_R | PTE_W), 0);
    *(volatile uint64_t *)SCRATCH_VA = 0x1122334455667788ULL;
    EXPECT_EQ_HEX(*(uint64_t *)p, 0x1122334455667788ULL);
    EXPECT_EQ(pt_unmap(SCRATCH_VA), 0);
    catch_begin(&c);
    (void)*(volatile uint64_t *)SCRATCH_VA;
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 13);                    /* load page fault */
    free_page(p);
}

static void map_batch(void)
{
    unsigned int bad = 0;

    for (unsigned int i = 0; i < NR_BATCH; i++) {
        pages[i] = alloc_page();
        if (!EXPECT_TRUE(pages[i] != NULL))
            return;
        *(uint64_t *)pages[i] = i;
        EXPECT_EQ(pt_map_queued(pt_current_root(), SCRATCH_VA + (1UL << 21) + i * PAGE_SIZE,
                                virt_to_mfn(pages[i]), PTE_R), 0);
    }
    EXPECT_EQ(mmu_flush(), 0);
    EXPECT_EQ(tlb_flush_local(), 0);
    for (unsigned int i = 0; i < NR_BATCH; i++)
        bad += *(volatile uint64_t *)(SCRATCH_VA + (1UL << 21) + i * PAGE_SIZE) != i;
    EXPECT_EQ(bad, 0);
    for (unsigned int i = 0; i < NR_BATCH; i++)
        EXPECT_EQ(mmu_queue(leaf_ma(SCRATCH_VA + (1UL << 21) + i * PAGE_SIZE), 0), 0);
    EXPECT_EQ(mmu_flush(), 0);
    EXPECT_EQ(tlb_flush_local(), 0);
}

/* update_va_mapping with each flush flag, and bad flags / VAs. */
static void update_va_mapping_flags(void)
{
    static const unsigned long flags[] = { UVMF_NONE, UVMF_TLB_FLUSH, UVMF_INVLPG,
                                           UVMF_TLB_FLUSH | UVMF_ALL, UVMF_INVLPG | UVMF_ALL };
    uint64_t pte = pte_make(virt_to_mfn(pages[0]), PTE_V | PTE_R);

    for (unsigned int i = 0; i < ARRAY_SIZE(flags); i++) {
        EXPECT_EQ(HYPERVISOR_update_va_mapping(SCRATCH_VA, pte, flags[i]), 0);
        EXPECT_EQ(HYPERVISOR_update_va_mapping(SCRATCH_VA, 0, flags[i]), 0);
    }
    EXPECT_EQ(HYPERVISOR_update_va_mapping(NONCANONICAL_VA, pte, UVMF_INVLPG), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(UNMAPPED_VA + (1UL << 32), pte, 0), -XEN_EINVAL);
}

/* A clone root with a different page at SCRATCH_VA: each space sees its own. */
static void second_address_space(void)
{
    uint64_t orig = pt_current_root(), clone;

    EXPECT_EQ(pt_map(SCRATCH_VA, virt_to_mfn(pages[1]), PTE_R), 0);
    if (!EXPECT_EQ(as_clone(orig, &clone), 0))
        return;
    /* The clone shares the l1 under SCRATCH_VA; give it its own mapping by
     * replacing the shared path: map a page in another 1 GiB slot there. */
    EXPECT_EQ(pt_map_queued(clone, SCRATCH_VA + (1UL << 30), virt_to_mfn(pages[2]), PTE_R), 0);
    EXPECT_EQ(mmu_flush(), 0);
    EXPECT_EQ(as_switch(clone), 0);
    EXPECT_EQ(*(volatile uint64_t *)(SCRATCH_VA + (1UL << 30)), 2);
    EXPECT_EQ(*(volatile uint64_t *)SCRATCH_VA, 1);
    EXPECT_EQ(as_switch(orig), 0);
    EXPECT_EQ(pt_lookup(orig, SCRATCH_VA + (1UL << 30)), 0);
    EXPECT_EQ(as_destroy(clone), 0);
    EXPECT_EQ(pt_unmap(SCRATCH_VA), 0);
}

static void flushes_and_page_ops(void)
{
    struct mmuext_op op = { .cmd = MMUEXT_COPY_PAGE };
    unsigned int done, mask = 1;

    EXPECT_EQ(mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
    EXPECT_EQ(mmuext1(MMUEXT_TLB_FLUSH_ALL, 0), 0);
    EXPECT_EQ(mmuext1(MMUEXT_INVLPG_LOCAL, SCRATCH_VA), 0);
    EXPECT_EQ(mmuext1(MMUEXT_INVLPG_ALL, SCRATCH_VA), 0);
    op.cmd = MMUEXT_TLB_FLUSH_MULTI;
    op.arg2.vcpumask = (uint64_t)(uintptr_t)&mask;
    EXPECT_EQ(HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF), 0);
    memset(pages[3], 0x77, PAGE_SIZE);
    op.cmd = MMUEXT_COPY_PAGE;
    op.arg1.mfn = virt_to_mfn(pages[4]);
    op.arg2.src_mfn = virt_to_mfn(pages[3]);
    EXPECT_EQ(HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF), 0);
    EXPECT_BYTES(pages[4], PAGE_SIZE, 0x77);
    EXPECT_EQ(mmuext1(MMUEXT_CLEAR_PAGE, virt_to_mfn(pages[4])), 0);
    EXPECT_BYTES(pages[4], PAGE_SIZE, 0);
    EXPECT_EQ(mmuext1(MMUEXT_CLEAR_PAGE, pt_current_root()), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_CLEAR_PAGE, 0x80200), -XEN_EINVAL);
}

/* machphys_mfn_list names the M2P frames; mapped read-only they show the
 * pfn MMU_MACHPHYS_UPDATE recorded; they cannot be mapped writable. */
static void m2p_readable(void)
{
    static xen_pfn_t frames[512];
    struct xen_machphys_mfn_list l = { .max_extents = 512,
                                       .extent_start = (uint64_t)(uintptr_t)frames };
    uint64_t mine = virt_to_mfn(pages[5]), base;
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    const volatile uint64_t *m2p = (const uint64_t *)(SCRATCH_VA + (2UL << 21));

    if (!EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0))
        return;
    if (!EXPECT_TRUE(l.nr_extents > 0 && l.nr_extents <= 512))
        return;
    base = max - l.nr_extents * 512;    /* frame k holds MFNs base + 512k .. */
    EXPECT_EQ(mmu1((mine << 12) | MMU_MACHPHYS_UPDATE, 0x4242, NULL), 0);
    for (unsigned int k = 0; k < l.nr_extents; k++)
        EXPECT_EQ(pt_map_queued(pt_current_root(), (unsigned long)m2p + k * PAGE_SIZE,
                                frames[k], PTE_R), 0);
    EXPECT_EQ(mmu_flush(), 0);
    tlb_flush_local();
    EXPECT_EQ(m2p[mine - base], 0x4242);
    EXPECT_EQ(mmu1(leaf_ma((unsigned long)m2p), pte_make(frames[0], PTE_V | PTE_R | PTE_W),
                   NULL), -XEN_EINVAL);
    EXPECT_EQ(mmu1((mine << 12) | MMU_MACHPHYS_UPDATE, virt_to_pfn(pages[5]), NULL), 0);
}

/* A frame given back while mapped: alive until unmapped, then freed. */
static void given_back_then_unmapped(void)
{
    xen_pfn_t m;
    long before = mem_current();

    if (!EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 0, 0, DOMID_SELF), 1))
        return;
    EXPECT_EQ(pt_map(SCRATCH_VA, m, PTE_R | PTE_W), 0);
    *(volatile uint64_t *)SCRATCH_VA = 99;
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, &m, 1, 0, 0, DOMID_SELF), 1);
    EXPECT_EQ(mem_current(), before + 1);               /* still mapped: alive */
    EXPECT_EQ(*(volatile uint64_t *)SCRATCH_VA, 99);
    EXPECT_EQ(pt_unmap(SCRATCH_VA), 0);
    EXPECT_EQ(mem_current(), before);                   /* last use gone: freed */
    EXPECT_EQ(HYPERVISOR_update_va_mapping(SCRATCH_VA, pte_make(m, PTE_V | PTE_R), 0),
              -XEN_EINVAL);
}

static const struct test tests[] = {
    /* map a page, use it, unmap it: the access then faults. */
    TEST(map_one),
    /* 64 mappings in one queued batch, all visible, all removed. */
    TEST(map_batch),
    /* update_va_mapping with every flush flag; bad VAs -EINVAL. */
    TEST(update_va_mapping_flags),
    /* a cloned address space with its own mapping, switched to and back. */
    TEST(second_address_space),
    /* TLB flushes, COPY_PAGE and CLEAR_PAGE (not on tables or foreign frames). */
    TEST(flushes_and_page_ops),
    /* the M2P: listed, mapped read-only, updated, never writable. */
    TEST(m2p_readable),
    /* a mapped frame given back is freed when unmapped. */
    TEST(given_back_then_unmapped),
};

int main(void)
{
    return run_tests("mmu/functional", tests, ARRAY_SIZE(tests));
}
