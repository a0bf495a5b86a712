/*
 * A small heap for guest kernels (dom0's xenstored is its main user):
 * kmalloc/kfree over the page allocator.  Blocks up to half a page come
 * from pages cut into one power-of-two size class (32 .. 2048 bytes);
 * larger ones are runs of contiguous pages, kept on a free list per run
 * length (up to HEAP_MAX_RUN pages) for reuse.  Memory is zeroed.
 * Any context; interrupts are off inside.
 */
#ifndef GUEST_HEAP_H
#define GUEST_HEAP_H

#include <stddef.h>

#define HEAP_MAX_RUN 8

/* NULL when out of memory or size is 0 or over HEAP_MAX_RUN pages. */
void *kmalloc(size_t size);
void kfree(void *p);

#endif /* GUEST_HEAP_H */
