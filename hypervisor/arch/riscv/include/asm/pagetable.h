/*
 * Sv39-format page tables, used for three kinds of table:
 *   - the hypervisor's own (satp, Sv39, 512-entry root),
 *   - each domain's G-stage (hgatp, Sv39x4, 2048-entry root, 16 KiB),
 *   - the guests' bootstrap VS-stage tables the domain builder writes.
 * The tables live in memory reachable through the direct map.
 */
#ifndef ASM_RISCV_PAGETABLE_H
#define ASM_RISCV_PAGETABLE_H

#include <hv/types.h>

typedef uint64_t pte_t;

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1UL << 44) - 1) << PTE_PPN_SHIFT)

#define PT_LEVELS 3
#define PT_ENTRIES 512

static inline bool pte_is_leaf(pte_t p) { return (p & PTE_V) && (p & PTE_RWX); }
static inline bool pte_is_table(pte_t p) { return (p & PTE_V) && !(p & PTE_RWX); }
static inline paddr_t pte_to_maddr(pte_t p) { return ((p & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12; }
static inline pte_t maddr_to_pte(paddr_t pa, uint64_t flags)
{
    return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}

/* Supplies a zeroed frame for a new table, or INVALID_MFN. */
typedef mfn_t (*pt_alloc_fn)(void *ctx);

struct pt_ops {
    unsigned int root_index_bits;   /* 9 (Sv39) or 11 (Sv39x4) */
    bool superpages;                /* may map 2 MiB / 1 GiB leaves */
    pt_alloc_fn alloc;
    void *ctx;
};

/*
 * Map [va, va+size) to [pa, pa+size) with leaf flags `flags` (PTE_V is
 * added).  va, pa and size are page aligned.  Existing leaves are replaced.
 * Returns 0 or -ENOMEM.
 */
int pt_map(pte_t *root, const struct pt_ops *ops, uint64_t va, paddr_t pa,
           uint64_t size, uint64_t flags);
/* Remove the 4 KiB leaf for va (which must be mapped by a 4 KiB leaf). */
void pt_unmap_page(pte_t *root, const struct pt_ops *ops, uint64_t va);
/* The 4 KiB leaf entry for va, or NULL if no such leaf exists. */
pte_t *pt_leaf(pte_t *root, const struct pt_ops *ops, uint64_t va);

#endif
