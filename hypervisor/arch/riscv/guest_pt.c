/*
 * The bootstrap VS-stage (Sv39) tables of a new domain, in frames the domain
 * owns.  Only the entries are written here; the domain builder then pins
 * the root (mm_builder_install_root), and the type system validates the
 * tables like any guest's: each table frame gets its page-table type and
 * becomes read-only in G-stage, each leaf takes its references.  So the
 * counts are the type system's own, and the builder's work is checked.
 */
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/arch/domain.h>
#include <asm/csr.h>
#include <asm/pagetable.h>

unsigned int arch_guest_pt_frames(uint64_t va, uint64_t nr_pages)
{
    uint64_t end = va + (nr_pages + 1) * PAGE_SIZE;
    uint64_t l0 = (end - 1) / (1UL << 21) - va / (1UL << 21) + 1;
    uint64_t l1 = (end - 1) / (1UL << 30) - va / (1UL << 30) + 1;

    return (unsigned int)(1 + l1 + l0);
}

/* The table below *entry (level `level` - 1), taking a fresh frame if needed. */
static pte_t *child_table(struct guest_pt *pt, pte_t *entry, unsigned int level)
{
    mfn_t m;

    if (*entry & PTE_V)
        return maddr_to_virt(pte_to_maddr(*entry));
    if (pt->used == pt->nr_frames)
        return NULL;
    m = pt->frames[pt->used++];
    *entry = maddr_to_pte(mfn_to_maddr(m), PTE_V);
    return mfn_to_virt(m);
}

int arch_guest_pt_map(struct guest_pt *pt, uint64_t va, mfn_t m, unsigned int perms)
{
    pte_t *table;
    uint64_t flags = PTE_V | PTE_A | PTE_D;

    if (pt->used == 0)
        pt->used = 1;
    table = mfn_to_virt(pt->frames[0]);
    for (unsigned int level = PT_LEVELS - 1; level > 0; level--) {
        table = child_table(pt, &table[(va >> (PAGE_SHIFT + 9 * level)) & 511], level);
        if (!table)
            return -ENOMEM;
    }

    flags |= (perms & GUEST_MAP_R ? PTE_R : 0) | (perms & GUEST_MAP_W ? PTE_W : 0) |
             (perms & GUEST_MAP_X ? PTE_X : 0);
    table[(va >> PAGE_SHIFT) & 511] = maddr_to_pte(mfn_to_maddr(m), flags);
    return 0;
}

unsigned long arch_guest_pt_base(const struct guest_pt *pt)
{
    return SATP_MODE_SV39 | mfn_x(pt->frames[0]);
}
