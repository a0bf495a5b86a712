/*
 * The hypervisor's own Sv39 page tables (see asm/layout.h for the layout).
 *
 * Built once on the boot CPU after the allocator is up; every CPU then
 * loads the same root.  RAM is mapped 1:1 (the direct map) read-write and
 * never executable, in the largest pages alignment allows; the image is then
 * remapped page by page with its section permissions, and each CPU stack's
 * guard page is left unmapped so that an overflow faults.
 *
 * Stacks: the boot CPU's is in the image; each other hart the device tree
 * lists gets a STACK_SLOT (guard page, then the stack) here, at the top of
 * an order-3 block whose 2 MiB neighbourhood is mapped in 4 KiB pages so
 * that the guard can be unmapped.  So the stacks cost what the machine
 * has, not HV_NR_CPUS of them.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/csr.h>
#include <asm/layout.h>
#include <asm/pagetable.h>
#include <asm/percpu.h>
#include <asm/setup.h>

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];
extern char boot_stack[STACK_SLOT];

#define STACK_BLOCK_ORDER 3            /* 32 KiB: holds a STACK_SLOT, aligned */

static pte_t *hv_root;

static mfn_t hv_pt_alloc(void *ctx)
{
    return alloc_xenheap_pages(0);
}

static const struct pt_ops hv_pt_4k = { .root_index_bits = 9, .superpages = false,
                                        .alloc = hv_pt_alloc };
static const struct pt_ops hv_pt_big = { .root_index_bits = 9, .superpages = true,
                                         .alloc = hv_pt_alloc };

#define HV_RW (PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)

static void map_or_panic(const struct pt_ops *ops, paddr_t start, paddr_t end, uint64_t flags)
{
    start = ROUNDDOWN(start, PAGE_SIZE);
    end = ROUNDUP(end, PAGE_SIZE);
    if (end > start && pt_map(hv_root, ops, start, start, end - start, flags))
        panic("out of memory building the hypervisor page tables");
}

/* The other harts' stacks: guard page addresses in guard[1..n-1]. */
static unsigned int alloc_stacks(const struct boot_info *bi, paddr_t *guard)
{
    unsigned int n = MIN(bi->nr_harts, (unsigned int)HV_NR_CPUS);

    BUILD_BUG_ON(STACK_SLOT > (PAGE_SIZE << STACK_BLOCK_ORDER));
    for (unsigned int cpu = 1; cpu < n; cpu++) {
        mfn_t m = alloc_xenheap_pages(STACK_BLOCK_ORDER);
        paddr_t top;

        if (!mfn_valid_raw(m))
            panic("out of memory for the CPUs' stacks");
        top = mfn_to_maddr(m) + (PAGE_SIZE << STACK_BLOCK_ORDER);
        guard[cpu] = top - STACK_SLOT;
        per_cpu(cpu)->stack_top = top;
        for (unsigned int i = 0; i < bi->nr_mem; i++) {   /* its 2 MiB, within its bank */
            paddr_t s = bi->mem[i].start, e = s + bi->mem[i].size;

            if (top > s && top <= e)
                map_or_panic(&hv_pt_4k, MAX(s, ROUNDDOWN(top - 1, 1UL << 21)),
                             MIN(e, ROUNDUP(top, 1UL << 21)), HV_RW);
        }
    }
    return n;
}

void hv_pt_init(const struct boot_info *bi)
{
    paddr_t img_lo = ROUNDDOWN((paddr_t)_stext, 1UL << 21);
    paddr_t img_hi = ROUNDUP((paddr_t)_end, 1UL << 21);
    mfn_t root = alloc_xenheap_pages(0);
    static paddr_t guard[HV_NR_CPUS];
    unsigned int nr_stacks;

    BUG_ON(!mfn_valid_raw(root));
    hv_root = mfn_to_virt(root);
    /* First, so that the direct map below leaves their neighbourhoods in
     * the 4 KiB tables made here (pt_map never puts a superpage over a
     * table). */
    nr_stacks = alloc_stacks(bi, guard);

    /* The direct map, with the image's 2 MiB neighbourhood in 4 KiB pages
     * so that its permissions can differ. */
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        paddr_t s = bi->mem[i].start, e = s + bi->mem[i].size;

        if (s < img_lo)
            map_or_panic(&hv_pt_big, s, MIN(e, img_lo), HV_RW);
        if (e > img_hi)
            map_or_panic(&hv_pt_big, MAX(s, img_hi), e, HV_RW);
    }
    map_or_panic(&hv_pt_4k, img_lo, img_hi, HV_RW);

    map_or_panic(&hv_pt_4k, (paddr_t)_stext, (paddr_t)_etext, PTE_R | PTE_X | PTE_A | PTE_G);
    map_or_panic(&hv_pt_4k, (paddr_t)_srodata, (paddr_t)_erodata, PTE_R | PTE_A | PTE_G);
    pt_unmap_page(hv_root, &hv_pt_4k, (uint64_t)boot_stack);
    for (unsigned int cpu = 1; cpu < nr_stacks; cpu++)
        pt_unmap_page(hv_root, &hv_pt_4k, guard[cpu]);

    map_or_panic(&hv_pt_4k, bi->uart.start, bi->uart.start + bi->uart.size, HV_RW);
    if (bi->plic.size)
        map_or_panic(&hv_pt_big, bi->plic.start, bi->plic.start + bi->plic.size, HV_RW);
    if (bi->rtc.size)
        map_or_panic(&hv_pt_4k, bi->rtc.start, bi->rtc.start + bi->rtc.size, HV_RW);
}

void hv_pt_enable(void)
{
    csr_write(CSR_SATP, SATP_MODE_SV39 | (virt_to_maddr(hv_root) >> PAGE_SHIFT));
    local_flush_tlb_all();
}

void *maddr_to_virt(paddr_t pa)
{
    return (void *)pa;
}

paddr_t virt_to_maddr(const void *va)
{
    return (paddr_t)va;
}
