/*
 * Building Sv39 / Sv39x4 tables (see asm/pagetable.h).  Boot and domain
 * build time only: nothing here is on a guest-controlled path yet.
 */
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/pagetable.h>

static unsigned int level_shift(unsigned int level)
{
    return PAGE_SHIFT + 9 * level;
}

static unsigned int pt_index(const struct pt_ops *ops, uint64_t va, unsigned int level)
{
    unsigned int bits = level == PT_LEVELS - 1 ? ops->root_index_bits : 9;

    return (unsigned int)((va >> level_shift(level)) & ((1UL << bits) - 1));
}

/* The table one level down from *entry, creating it if asked. */
static pte_t *next_table(pte_t *entry, const struct pt_ops *ops, bool create)
{
    mfn_t m;

    if (pte_is_table(*entry))
        return maddr_to_virt(pte_to_maddr(*entry));
    if (!create)
        return NULL;
    m = ops->alloc(ops->ctx);
    if (!mfn_valid_raw(m))
        return NULL;
    /* A superpage being split is not supported: callers map fresh ranges. */
    *entry = maddr_to_pte(mfn_to_maddr(m), PTE_V);
    return mfn_to_virt(m);
}

int pt_map(pte_t *root, const struct pt_ops *ops, uint64_t va, paddr_t pa,
           uint64_t size, uint64_t flags)
{
    while (size) {
        pte_t *table = root;
        unsigned int level = PT_LEVELS - 1;

        for (;;) {
            uint64_t page = 1UL << level_shift(level);
            bool fits = level == 0 ||
                        (ops->superpages && !(va & (page - 1)) && !(pa & (page - 1)) &&
                         size >= page);
            pte_t *entry = &table[pt_index(ops, va, level)];

            if (fits && !pte_is_table(*entry)) {
                *entry = maddr_to_pte(pa, flags | PTE_V);
                va += page;
                pa += page;
                size -= page;
                break;
            }
            table = next_table(entry, ops, true);
            if (!table)
                return -ENOMEM;
            level--;
        }
    }
    return 0;
}

pte_t *pt_leaf(pte_t *root, const struct pt_ops *ops, uint64_t va)
{
    pte_t *table = root;

    for (unsigned int level = PT_LEVELS - 1;; level--) {
        pte_t *entry = &table[pt_index(ops, va, level)];

        if (level == 0)
            return entry;
        if (pte_is_leaf(*entry))
            return NULL;
        table = next_table(entry, ops, false);
        if (!table)
            return NULL;
    }
}

void pt_unmap_page(pte_t *root, const struct pt_ops *ops, uint64_t va)
{
    pte_t *leaf = pt_leaf(root, ops, va);

    if (leaf)
        *leaf = 0;
}
