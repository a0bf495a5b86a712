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
#include <hv/sv39.h>   /* the entry format */

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
