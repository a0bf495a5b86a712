/*
 * Smoke checks of the page-table hypercalls end to end, from a domU: the
 * type system as the guest sees it (a page mapped writable cannot be a
 * table; a table cannot be mapped writable), update_va_mapping,
 * mmu_update batches with a partial result, pins of each level including
 * one whose validation is preempted several times, the M2P update, and a
 * few of the documented refusals.  (The full hostile `mmu` family is
 * built on the guest library's page-table layer.)
 */
#include <string.h>
#include "../../lib/test.h"

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define PTE_RO (PTE_V | PTE_R | PTE_A)

static uint64_t pte(uint64_t mfn, uint64_t flags) { return (mfn << 10) | flags; }
static uint64_t pte_mfn(uint64_t e) { return (e >> 10) & ((1UL << 44) - 1); }

/* The physmap address of a frame of this domain (a search of the P2M). */
static void *mfn_to_va(uint64_t mfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return pfn_to_virt(pfn);
    return NULL;
}

static uint64_t root_mfn(void)
{
    return virt_to_mfn((void *)start_info->pt_base);
}

/* Machine address of the level-0 entry mapping va, walking the tables
 * (mapped read-only in the physmap). */
static uint64_t pte_maddr(unsigned long va)
{
    uint64_t mfn = root_mfn();

    for (int level = 2; level > 0; level--) {
        const uint64_t *t = mfn_to_va(mfn);

        mfn = pte_mfn(t[(va >> (12 + 9 * level)) & 511]);
    }
    return (mfn << 12) + ((va >> 12) & 511) * 8;
}

static long remap(void *va, uint64_t flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, pte(virt_to_mfn(va), flags),
                                        UVMF_INVLPG | UVMF_LOCAL);
}

static long mmuext1(unsigned int cmd, uint64_t mfn)
{
    mmuext_op_t op = { .cmd = cmd, .arg1.mfn = mfn };

    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void *table_page(void)
{
    void *p = alloc_page();

    if (!p)
        xtf_error("out of pages");
    return p;
}

static void writable_page_is_no_table(void)
{
    void *p = table_page();

    if (!p)
        return;
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(p)), -XEN_EINVAL);
    EXPECT_EQ(remap(p, PTE_RO), 0);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(p)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(p)), -XEN_EINVAL);    /* twice */
    /* A pinned table cannot be mapped writable. */
    EXPECT_EQ(remap(p, PTE_RW), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(p)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(p)), -XEN_EINVAL);
    EXPECT_EQ(remap(p, PTE_RW), 0);
    memset(p, 0, PAGE_SIZE);                       /* writable again for real */
    free_page(p);
}

static void bootstrap_root_is_a_table(void)
{
    void *p = table_page();

    if (!p)
        return;
    /* The root, pinned by the builder: no writable alias, no second pin. */
    EXPECT_EQ(HYPERVISOR_update_va_mapping((unsigned long)p, pte(root_mfn(), PTE_RW),
                                           UVMF_NONE), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L3_TABLE, root_mfn()), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping((unsigned long)p, pte(root_mfn(), PTE_RO),
                                           UVMF_INVLPG), 0);
    EXPECT_EQ_HEX(((volatile uint64_t *)p)[0], ((const uint64_t *)start_info->pt_base)[0]);
    EXPECT_EQ(remap(p, PTE_RW), 0);
    free_page(p);
}

static void update_va_mapping_refusals(void)
{
    void *p = table_page();
    unsigned long va = (unsigned long)p;
    uint64_t m;

    if (!p)
        return;
    m = virt_to_mfn(p);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(m, PTE_RW) | (1UL << 54), 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(m, PTE_RW) | (1UL << 61), 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(m, PTE_V | PTE_W), 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(m, PTE_RW), 3), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(NONCANONICAL_VA, pte(m, PTE_RW), 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(UNMAPPED_VA, pte(m, PTE_RW), 0), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(0x80000, PTE_RO), 0), -XEN_EINVAL);  /* OpenSBI */
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(0x10000, PTE_RW), 0), -XEN_EPERM);   /* MMIO */
    /* Nothing changed: the page still works. */
    ((volatile uint8_t *)p)[5] = 7;
    EXPECT_EQ(((volatile uint8_t *)p)[5], 7);
    free_page(p);
}

static void mmu_update_partial_batch(void)
{
    uint8_t *a = table_page(), *b = table_page();
    mmu_update_t req[3];
    unsigned int done = 99;

    if (!a || !b)
        return;
    a[0] = 0xaa;
    b[0] = 0xbb;
    req[0] = (mmu_update_t){ pte_maddr((unsigned long)a), pte(virt_to_mfn(b), PTE_RO) };
    req[1] = (mmu_update_t){ pte_maddr((unsigned long)b), pte(virt_to_mfn(b), PTE_RW) | (1UL << 63) };
    req[2] = (mmu_update_t){ pte_maddr((unsigned long)b), pte(virt_to_mfn(a), PTE_RO) };
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 3, &done, DOMID_SELF), -XEN_EINVAL);
    EXPECT_EQ(done, 1);
    HYPERVISOR_mmuext_op(&(mmuext_op_t){ .cmd = MMUEXT_TLB_FLUSH_LOCAL }, 1, NULL, DOMID_SELF);
    EXPECT_EQ(*(volatile uint8_t *)a, 0xbb);        /* a's VA now shows b */
    EXPECT_EQ(*(volatile uint8_t *)b, 0xbb);        /* b untouched */
    req[0].val = pte(virt_to_mfn(a), PTE_RW);     /* a's VA back to a */
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 1, &done, DOMID_SELF), 0);
    EXPECT_EQ(done, 1);
    HYPERVISOR_mmuext_op(&(mmuext_op_t){ .cmd = MMUEXT_TLB_FLUSH_ALL }, 1, NULL, DOMID_SELF);
    EXPECT_EQ(*(volatile uint8_t *)a, 0xaa);
    /* Unknown domain, or another domain, as an unprivileged caller. */
    EXPECT_EQ(HYPERVISOR_mmu_update(req, 1, NULL, 0), -XEN_EPERM);
    free_page(a);
    free_page(b);
}

/* Root -> middle -> 16 leaf tables of 512 read-only entries: 8192 entries
 * to validate, several hypercall budgets: the pin is continued
 * transparently, and unpinning gives every reference back. */
static void preempted_pin_of_a_big_tree(void)
{
    uint64_t *root = table_page(), *mid = table_page(), *leaf[16];
    uint8_t *data = table_page();
    uint64_t t0, t1;

    if (!root || !mid || !data)
        return;
    for (int i = 0; i < 16; i++) {
        if (!(leaf[i] = table_page()))
            return;
        for (int e = 0; e < 512; e++)
            leaf[i][e] = pte(virt_to_mfn(data), PTE_RO);
        mid[i] = pte(virt_to_mfn(leaf[i]), PTE_V);
    }
    root[3] = pte(virt_to_mfn(mid), PTE_V);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(remap(leaf[i], PTE_RO), 0);
    EXPECT_EQ(remap(mid, PTE_RO), 0);
    EXPECT_EQ(remap(root, PTE_RO), 0);
    t0 = monotonic_ns();
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L3_TABLE, virt_to_mfn(root)), 0);
    t1 = monotonic_ns();
    /* What one preemption budget (MM_BUDGET units) costs follows from this. */
    printk("  pin of a 3-level tree with %d entries: %llu us (virtual)\n", 2 * 512 + 16 * 512,
           (unsigned long long)(t1 - t0) / 1000);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L2_TABLE, virt_to_mfn(mid)), 0);     /* validated: may pin */
    EXPECT_EQ(remap(leaf[7], PTE_RW), -XEN_EINVAL);                     /* a table now */
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(mid)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(root)), 0);
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(remap(leaf[i], PTE_RW), 0);                           /* all released */
    EXPECT_EQ(remap(mid, PTE_RW), 0);
    EXPECT_EQ(remap(root, PTE_RW), 0);
    data[1] = 1;
    EXPECT_EQ(data[1], 1);
}

static void other_ops(void)
{
    void *p = table_page();
    mmu_update_t req;

    if (!p)
        return;
    req = (mmu_update_t){ (virt_to_mfn(p) << 12) | MMU_MACHPHYS_UPDATE, virt_to_pfn(p) };
    EXPECT_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), 0);
    req.ptr = (0x80000UL << 12) | MMU_MACHPHYS_UPDATE;
    EXPECT_EQ(HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L4_TABLE, virt_to_mfn(p)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, ~0UL), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_MARK_SUPER, 0xffffffffffe00UL), -XEN_EOPNOTSUPP);
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, virt_to_mfn(p)), -XEN_EINVAL);   /* writable */
    EXPECT_EQ(mmuext1(MMUEXT_FLUSH_CACHE, 0), -XEN_EACCES);
    EXPECT_EQ(mmuext1(MMUEXT_SET_LDT, 0), -XEN_ENOSYS);
    EXPECT_EQ(mmuext1(MMUEXT_CLEAR_PAGE, root_mfn()), -XEN_EINVAL);
    ((uint8_t *)p)[9] = 9;
    EXPECT_EQ(mmuext1(MMUEXT_CLEAR_PAGE, virt_to_mfn(p)), 0);
    EXPECT_EQ(((volatile uint8_t *)p)[9], 0);
    free_page(p);
}

static const struct test tests[] = {
    /* A page mapped writable cannot be pinned; once read-only it can, and
     * while pinned it cannot be mapped writable; unpinning undoes it. */
    TEST(writable_page_is_no_table),
    /* The builder's root is a pinned table: read-only aliases only. */
    TEST(bootstrap_root_is_a_table),
    /* Reserved bits, PBMT, W without R, bad flush type, bad VAs, foreign
     * RAM and unpermitted MMIO are refused with Xen's errno. */
    TEST(update_va_mapping_refusals),
    /* A batch stops at its bad request and reports how many were done. */
    TEST(mmu_update_partial_batch),
    /* A pin needing several budgets completes and unpins completely. */
    TEST(preempted_pin_of_a_big_tree),
    /* M2P update, PIN_L4, bad MFNs, MARK_SUPER, NEW_BASEPTR, caches, LDT, clear. */
    TEST(other_ops),
};

int main(void)
{
    return run_tests("mmu/hv_smoke", tests, ARRAY_SIZE(tests));
}
