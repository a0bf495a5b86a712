/*
 * Page-table management through the hypervisor (see pagetable.h).
 *
 * Batching: leaf and table updates are mmu_update requests in one queue,
 * sent when it fills or when the caller needs the result (mmu_flush).
 * Creating an intermediate table flushes first, because the new link must
 * be in place before a leaf can be queued inside the new table; a run of
 * mappings under one table therefore costs one hypercall per
 * MMU_QUEUE_LEN leaves.
 *
 * A new table is a page from the allocator: zeroed while still writable,
 * then made read-only in the physmap (a frame is never both a page table
 * and writable), then linked into its parent with one mmu_update, which
 * the hypervisor validates.
 */
#include <string.h>
#include "kernel.h"
#include "pagetable.h"
#include <public/memory.h>

static mmu_update_t queue[MMU_QUEUE_LEN];
static unsigned int queued;
static uint64_t current_root;

int mmu_flush(void)
{
    unsigned int done = 0;
    long rc;

    if (!queued)
        return 0;
    rc = HYPERVISOR_mmu_update(queue, queued, &done, DOMID_SELF);
    queued = 0;
    return (int)rc;
}

int mmu_queue(uint64_t ptr, uint64_t val)
{
    int rc = 0;

    if (queued == MMU_QUEUE_LEN)
        rc = mmu_flush();
    queue[queued].ptr = ptr;
    queue[queued].val = val;
    queued++;
    return rc;
}

/*
 * mfn -> pfn.  The hypervisor's M2P answers in one load once it is mapped
 * (read-only, at MACH2PHYS_VIRT_START, on first use, in the address space
 * current then); its answer is trusted only there and only if our own P2M
 * agrees.  Until then - and while mapping it,
 * which itself walks tables - the P2M is searched.
 */
#define M2P_MAX_FRAMES 1024         /* 4 GiB of RAM */
enum { M2P_UNTRIED, M2P_MAPPING, M2P_MAPPED, M2P_NONE };
static int m2p_state;
static uint64_t m2p_lo, m2p_hi;     /* MFNs with an entry */
static uint64_t m2p_root;           /* the address space it is mapped in */

static unsigned long p2m_search(uint64_t mfn)
{
    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) == mfn)
            return pfn;
    return ~0UL;
}

static void m2p_map(void)
{
    static xen_pfn_t frames[M2P_MAX_FRAMES];
    struct xen_machphys_mfn_list l = { .max_extents = M2P_MAX_FRAMES,
                                       .extent_start = (uint64_t)(uintptr_t)frames };
    struct xen_machphys_mapping map;
    int rc = 0;

    m2p_state = M2P_MAPPING;
    if (HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l) ||
        HYPERVISOR_memory_op(XENMEM_machphys_mapping, &map) || !l.nr_extents) {
        m2p_state = M2P_NONE;
        return;
    }
    for (unsigned int k = 0; k < l.nr_extents && !rc; k++)
        rc = pt_map_queued(pt_current_root(), map.v_start + k * PAGE_SIZE, frames[k], PTE_R);
    if (!rc)
        rc = mmu_flush();
    if (!rc)
        rc = tlb_flush_local();
    m2p_lo = (map.v_start - MACH2PHYS_VIRT_START) / sizeof(xen_pfn_t);
    m2p_hi = map.max_mfn;
    m2p_root = pt_current_root();
    m2p_state = rc ? M2P_NONE : M2P_MAPPED;
}

unsigned long mfn_to_pfn(uint64_t mfn)
{
    if (m2p_state == M2P_UNTRIED)
        m2p_map();
    if (m2p_state == M2P_MAPPED && mfn >= m2p_lo && mfn <= m2p_hi &&
        pt_current_root() == m2p_root) {
        uint64_t pfn = ((const volatile xen_pfn_t *)MACH2PHYS_VIRT_START)[mfn];

        if (pfn < start_info->nr_pages && pfn_to_mfn(pfn) == mfn)
            return pfn;
    }
    return p2m_search(mfn);
}

const uint64_t *pt_table(uint64_t table_mfn)
{
    unsigned long pfn = mfn_to_pfn(table_mfn);

    return pfn == ~0UL ? NULL : pfn_to_virt(pfn);
}

uint64_t pt_current_root(void)
{
    if (!current_root)
        current_root = virt_to_mfn((void *)start_info->pt_base);
    return current_root;
}

int pt_physmap_protect(void *page, int writable)
{
    uint64_t flags = PTE_V | PTE_R | PTE_A | (writable ? PTE_W | PTE_D : 0);

    return (int)HYPERVISOR_update_va_mapping((unsigned long)page,
                                             pte_make(virt_to_mfn(page), flags), UVMF_INVLPG);
}

/* A fresh, empty, read-only page for a table; its MFN in *mfn. */
static int new_table(uint64_t *mfn)
{
    void *page = alloc_page();
    int rc;

    if (!page)
        return -XEN_ENOMEM;
    rc = pt_physmap_protect(page, 0);
    if (rc) {
        free_page(page);
        return rc;
    }
    *mfn = virt_to_mfn(page);
    return 0;
}

/* The table below entry `index` of `table`, linking a new one if absent. */
static int child_table(uint64_t table, unsigned int index, uint64_t *child)
{
    const uint64_t *t = pt_table(table);
    uint64_t m;
    int rc;

    if (!t)
        return -XEN_EINVAL;
    if (t[index] & PTE_V) {
        if (t[index] & (PTE_R | PTE_W | PTE_X))
            return -XEN_EEXIST;     /* a superpage leaf is in the way */
        *child = pte_mfn(t[index]);
        return 0;
    }
    rc = mmu_flush();
    if (!rc)
        rc = new_table(&m);
    if (!rc)
        rc = mmu_queue(pt_entry_ma(table, index) | MMU_NORMAL_PT_UPDATE, pte_make(m, PTE_V));
    if (!rc)
        rc = mmu_flush();
    if (!rc)
        *child = m;
    return rc;
}

static int leaf_table(uint64_t root, unsigned long va, uint64_t *l0)
{
    uint64_t l1;
    int rc = child_table(root, pt_index(va, 2), &l1);

    return rc ? rc : child_table(l1, pt_index(va, 1), l0);
}

int pt_map_queued(uint64_t root, unsigned long va, uint64_t mfn, uint64_t prot)
{
    uint64_t l0;
    int rc = leaf_table(root, va, &l0);

    if (rc)
        return rc;
    return mmu_queue(pt_entry_ma(l0, pt_index(va, 0)) | MMU_NORMAL_PT_UPDATE,
                     pte_make(mfn, prot | PTE_V));
}

int pt_map(unsigned long va, uint64_t mfn, uint64_t prot)
{
    int rc = pt_map_queued(pt_current_root(), va, mfn, prot);

    if (!rc)
        rc = mmu_flush();
    return rc ? rc : tlb_flush_va(va);
}

uint64_t pt_lookup(uint64_t root, unsigned long va)
{
    uint64_t table = root;

    for (int level = 2; level >= 0; level--) {
        const uint64_t *t = pt_table(table);
        uint64_t e;

        if (!t)
            return 0;
        e = t[pt_index(va, (unsigned int)level)];
        if (!(e & PTE_V) || (e & (PTE_R | PTE_W | PTE_X)))
            return level == 0 || (e & PTE_V) ? e : 0;
        table = pte_mfn(e);
    }
    return 0;
}

int pt_unmap(unsigned long va)
{
    uint64_t root = pt_current_root(), l1, l0;
    const uint64_t *t = pt_table(root);
    int rc;

    if (!t || !(t[pt_index(va, 2)] & PTE_V))
        return -XEN_ENOENT;
    l1 = pte_mfn(t[pt_index(va, 2)]);
    t = pt_table(l1);
    if (!t || !(t[pt_index(va, 1)] & PTE_V))
        return -XEN_ENOENT;
    l0 = pte_mfn(t[pt_index(va, 1)]);
    rc = mmu_queue(pt_entry_ma(l0, pt_index(va, 0)) | MMU_NORMAL_PT_UPDATE, 0);
    if (!rc)
        rc = mmu_flush();
    return rc ? rc : tlb_flush_va(va);
}

static int mmuext1(unsigned int cmd, uint64_t arg1)
{
    struct mmuext_op op = { .cmd = cmd };
    unsigned int done = 0;

    op.arg1.mfn = arg1;
    return (int)HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

int tlb_flush_local(void)
{
    return mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

int tlb_flush_va(unsigned long va)
{
    return mmuext1(MMUEXT_INVLPG_LOCAL, va);
}

int as_clone(uint64_t from, uint64_t *new_root)
{
    const uint64_t *src = pt_table(from);
    uint64_t *page = alloc_page();
    int rc;

    if (!src || !page)
        return -XEN_ENOMEM;
    memcpy(page, src, PAGE_SIZE);      /* still ordinary writable memory */
    rc = pt_physmap_protect(page, 0);
    if (!rc)
        rc = mmuext1(MMUEXT_PIN_L3_TABLE, virt_to_mfn(page));
    if (rc) {
        pt_physmap_protect(page, 1);
        free_page(page);
        return rc;
    }
    *new_root = virt_to_mfn(page);
    return 0;
}

int as_switch(uint64_t root)
{
    int rc = mmuext1(MMUEXT_NEW_BASEPTR, root);

    if (!rc)
        current_root = root;
    return rc;
}

int as_destroy(uint64_t root)
{
    unsigned long pfn = mfn_to_pfn(root);
    int rc;

    if (pfn == ~0UL || root == pt_current_root())
        return -XEN_EINVAL;
    rc = mmuext1(MMUEXT_UNPIN_TABLE, root);
    if (!rc)
        rc = pt_physmap_protect(pfn_to_virt(pfn), 1);
    if (!rc)
        free_page(pfn_to_virt(pfn));
    return rc;
}
