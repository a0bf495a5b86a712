/*
 * The Sv39 page-table entry, as the RISC-V privileged spec lays it out.
 *
 * Arch-neutral on purpose: the page-table validator (mm/page_type.c) reads
 * guest tables in this format on every architecture it is compiled for, so
 * the host unit tests and fuzzers check the very rules the hypervisor
 * enforces.  arch/riscv's asm/pagetable.h builds on these names.
 *
 *   63     N        Svnapot contiguous hint
 *   62..61 PBMT     Svpbmt memory type
 *   60..54 reserved (must be zero)
 *   53..10 PPN      physical page number (44 bits)
 *   9..8   RSW      for software; the hypervisor reserves bit 9 (PTE_GNTTAB)
 *   7 D  6 A  5 G  4 U  3 X  2 W  1 R  0 V
 *
 * A valid entry with R = W = X = 0 points to the next table down; any other
 * valid entry is a leaf.  W without R is reserved.
 */
#ifndef HV_SV39_H
#define HV_SV39_H

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
#define PTE_RSW0 (1UL << 8)
#define PTE_GNTTAB (1UL << 9)          /* RSW1: a grant mapping (hypervisor-made) */
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1UL << 44) - 1) << PTE_PPN_SHIFT)
#define PTE_RESERVED_MASK (0x7FUL << 54)
#define PTE_PBMT_MASK (3UL << 61)
#define PTE_N (1UL << 63)

#define PT_LEVELS 3
#define PT_ENTRIES 512
#define SV39_VA_BITS 39

static inline bool pte_is_leaf(pte_t p) { return (p & PTE_V) && (p & PTE_RWX); }
static inline bool pte_is_table(pte_t p) { return (p & PTE_V) && !(p & PTE_RWX); }
static inline paddr_t pte_to_maddr(pte_t p) { return ((p & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12; }
static inline mfn_t pte_to_mfn(pte_t p) { return _mfn((p & PTE_PPN_MASK) >> PTE_PPN_SHIFT); }
static inline pte_t maddr_to_pte(paddr_t pa, uint64_t flags)
{
    return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}

/* Index of va in a table of `level` (0 = leaf level, 2 = root). */
static inline unsigned int sv39_index(uint64_t va, unsigned int level)
{
    return (unsigned int)((va >> (12 + 9 * level)) & (PT_ENTRIES - 1));
}

/* A virtual address Sv39 can translate: bits 63..39 copy bit 38. */
static inline bool sv39_va_canonical(uint64_t va)
{
    int64_t s = (int64_t)(va << (64 - SV39_VA_BITS)) >> (64 - SV39_VA_BITS);

    return (uint64_t)s == va;
}

#endif /* HV_SV39_H */
