/*
 * Memory: the start-of-day physmap (public/arch-riscv.h) and a page
 * allocator over the domain's free pseudo-physical pages.
 *
 * pfn p is mapped read-write at virt_base + p * 4096; mfn_list[p] is its
 * machine frame.  Pages from the first free pfn (just after the bootstrap
 * page tables) to nr_pages - 1 belong to the allocator.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include <stdint.h>
#include <public/xen.h>

#define PAGE_SHIFT XEN_PAGE_SHIFT
#define PAGE_SIZE  XEN_PAGE_SIZE

/* A zeroed page in the physmap, or NULL when none is left. */
void *alloc_page(void);
/* n contiguous pages never used before (not zeroed), or NULL; they go
 * back one by one with free_page(). */
void *alloc_pages_contig(unsigned int n);
/* Give back a page from alloc_page(). */
void free_page(void *page);
/* Pages the allocator can still hand out. */
unsigned long free_page_count(void);

/* Translation within the physmap (va must lie in it). */
unsigned long virt_to_pfn(const void *va);
void *pfn_to_virt(unsigned long pfn);
uint64_t pfn_to_mfn(unsigned long pfn);
uint64_t virt_to_mfn(const void *va);

/* Setup: find the free range. */
void mm_init(void);

#endif /* GUEST_MM_H */
