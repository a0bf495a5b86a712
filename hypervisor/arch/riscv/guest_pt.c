/*
 * The bootstrap VS-stage (Sv39) tables of a new domain, in frames the domain
 * owns.  Each table frame gets its page-table type with one type reference
 * (held by the entry above it; the root's by its pin), and is validated and
 * read-only to the guest: the domain changes its tables only through the
 * page-table hypercalls.  Each leaf takes a general reference on its frame,
 * and a writable leaf a writable type reference, as Xen PV's builder does.
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

static void set_table_type(mfn_t m, unsigned int level)
{
    struct page_info *pg = mfn_to_page(m);

    pg->type = (uint8_t)(PGT_l0_page_table + level);
    pg->type_count = 1;
    pg->flags |= PGT_validated;
    pg->count++;
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
    set_table_type(m, level - 1);
    *entry = maddr_to_pte(mfn_to_maddr(m), PTE_V);
    return mfn_to_virt(m);
}

int arch_guest_pt_map(struct guest_pt *pt, uint64_t va, mfn_t m, unsigned int perms)
{
    pte_t *table;
    struct page_info *pg = mfn_to_page(m);
    uint64_t flags = PTE_V | PTE_A | PTE_D;

    if (pt->used == 0) {
        set_table_type(pt->frames[0], PT_LEVELS - 1);
        mfn_to_page(pt->frames[0])->flags |= PGT_pinned;
        pt->used = 1;
    }
    table = mfn_to_virt(pt->frames[0]);
    for (unsigned int level = PT_LEVELS - 1; level > 0; level--) {
        table = child_table(pt, &table[(va >> (PAGE_SHIFT + 9 * level)) & 511], level);
        if (!table)
            return -ENOMEM;
    }

    flags |= (perms & GUEST_MAP_R ? PTE_R : 0) | (perms & GUEST_MAP_W ? PTE_W : 0) |
             (perms & GUEST_MAP_X ? PTE_X : 0);
    table[(va >> PAGE_SHIFT) & 511] = maddr_to_pte(mfn_to_maddr(m), flags);
    pg->count++;
    if (perms & GUEST_MAP_W) {
        pg->type = PGT_writable;
        pg->type_count++;
    }
    return 0;
}

unsigned long arch_guest_pt_base(const struct guest_pt *pt)
{
    return SATP_MODE_SV39 | mfn_x(pt->frames[0]);
}
