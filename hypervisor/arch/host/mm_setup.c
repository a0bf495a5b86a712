/*
 * Host arch: one call that gives a test working allocators (simulated RAM,
 * a frame table over all of it, every frame free).  Separate from mm.c so
 * that a test which only needs the direct map does not pull in the
 * allocator.  The frame table lives on the host heap, not in simulated RAM,
 * so every simulated frame is available to the allocator.
 */
#include <stdlib.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/xmalloc.h>
#include <asm/host.h>

static struct page_info *host_frame_table;

void host_mm_setup(paddr_t base, uint64_t size)
{
    uint64_t nr = size >> PAGE_SHIFT;

    host_ram_init(base, size);
    free(host_frame_table);
    host_frame_table = malloc(frame_table_bytes(nr));
    BUG_ON(!host_frame_table);
    frame_table_init(host_frame_table, base >> PAGE_SHIFT, nr);
    page_alloc_add_range(_mfn(base >> PAGE_SHIFT), nr);
    xmalloc_init();   /* its cached chunks were in the old RAM */
}

void host_mm_teardown(void)
{
    xmalloc_init();
    free(host_frame_table);
    host_frame_table = NULL;
    host_ram_free();
}
