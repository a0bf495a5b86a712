/*
 * Hypervisor object allocator on top of the xenheap: size classes from 16
 * bytes to a page; larger requests take whole pages.  Memory is zeroed.
 * Returns NULL when memory is exhausted.
 *
 * Locking: an internal lock; any context with interrupts on or off.
 */
#ifndef HV_XMALLOC_H
#define HV_XMALLOC_H

#include <hv/types.h>

void *xzalloc_bytes(size_t size);
void xfree(void *p);
/* Bytes of chunks and pages handed out and not freed (sysctl rvxen_counts). */
unsigned long xmalloc_bytes_in_use(void);
/* Forget every cached chunk: at boot, and in host tests that re-create
 * the heap under xmalloc. */
void xmalloc_init(void);

#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) \
    ((n) > SIZE_MAX / sizeof(type) ? NULL : (type *)xzalloc_bytes(sizeof(type) * (n)))

#endif /* HV_XMALLOC_H */
