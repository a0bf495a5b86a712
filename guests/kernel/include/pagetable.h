/*
 * Page tables, the PV way: the guest never writes its tables.  It reads
 * them (table frames are mapped read-only in the physmap) and changes them
 * with mmu_update requests, which this library queues and sends in
 * batches, plus mmuext_op for pinning, switching the root and flushing.
 *
 * Sv39, three levels: level 2 is the root, level 0 holds the 4 KiB leaves.
 * A table frame is always a pinned or linked page table, mapped read-only
 * in the physmap; a frame that stops being a table is made writable again.
 *
 * Every function returns 0 or a negative XEN_E* code.  Not reentrant: an
 * event handler must not call them while the main program does.
 */
#ifndef GUEST_PAGETABLE_H
#define GUEST_PAGETABLE_H

#include <stdint.h>

/* Sv39 PTE bits. */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10
#define PT_ENTRIES 512

static inline uint64_t pte_make(uint64_t mfn, uint64_t flags)
{
    return (mfn << PTE_PPN_SHIFT) | flags;
}

static inline uint64_t pte_mfn(uint64_t pte)
{
    return (pte >> PTE_PPN_SHIFT) & ((1UL << 44) - 1);
}

/* The index of va in a table of `level`. */
static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
    return (va >> (12 + 9 * level)) & 511;
}

/* ---- the mmu_update queue ---- */

#define MMU_QUEUE_LEN 128
/* Queue `*ptr = val` (ptr: machine address of a PTE | MMU_* command).  A
 * full queue is flushed first; its error, if any, is returned. */
int mmu_queue(uint64_t ptr, uint64_t val);
/* Send the queued requests in one mmu_update.  On an error the requests
 * after the failing one are dropped; the error is returned. */
int mmu_flush(void);

/* ---- frames and tables ---- */

/* The pfn of an MFN of this domain (from the P2M), or ~0UL. */
unsigned long mfn_to_pfn(uint64_t mfn);
/* A table frame's entries, read through the read-only physmap. */
const uint64_t *pt_table(uint64_t table_mfn);
/* Machine address of entry `index` of table_mfn. */
static inline uint64_t pt_entry_ma(uint64_t table_mfn, unsigned int index)
{
    return (table_mfn << 12) + index * 8UL;
}

/* The root this VCPU runs on (NEW_BASEPTR's, or the builder's). */
uint64_t pt_current_root(void);

/* Make the physmap mapping of a page read-only or read-write again. */
int pt_physmap_protect(void *page, int writable);

/* ---- mappings in the current address space ---- */

/* Map frame mfn at va with PTE_R/W/X (and U, G) in `prot`; intermediate
 * tables are created (and linked) as needed.  The leaf update is queued:
 * call mmu_flush() (or pt_map's callers do) before relying on it. */
int pt_map_queued(uint64_t root, unsigned long va, uint64_t mfn, uint64_t prot);
/* Map, flush and invalidate va in one go. */
int pt_map(unsigned long va, uint64_t mfn, uint64_t prot);
/* Remove the leaf at va (queued, then flushed) and invalidate it. */
int pt_unmap(unsigned long va);
/* The leaf PTE at va in root, 0 if none. */
uint64_t pt_lookup(uint64_t root, unsigned long va);

/* TLB: this VCPU, all of it or one page. */
int tlb_flush_local(void);
int tlb_flush_va(unsigned long va);

/* ---- address spaces ---- */

/* A new root sharing every mapping of `from` (its top-level entries are
 * copied), pinned, not yet in use. */
int as_clone(uint64_t from, uint64_t *new_root);
/* Switch this VCPU to root (pinned): MMUEXT_NEW_BASEPTR. */
int as_switch(uint64_t root);
/* Unpin a root that is no longer in use and give its frame back to the
 * allocator (writable again). */
int as_destroy(uint64_t root);

#endif /* GUEST_PAGETABLE_H */
