/*
 * The frame table: one struct page_info per machine frame of the range the
 * boot code describes (see hv/mm.h for the counts and their meaning).
 *
 * Every frame starts reserved (PGC_reserved): only page_alloc_add_range()
 * turns a frame into allocator memory, so holes, firmware and the
 * hypervisor image can never be handed out by mistake.
 */
#include <hv/lib.h>
#include <hv/mm.h>

struct page_info *frame_table;
uint64_t frame_table_base_mfn;
uint64_t frame_table_nr;

size_t frame_table_bytes(uint64_t nr)
{
    BUG_ON(nr > SIZE_MAX / sizeof(struct page_info));
    return (size_t)nr * sizeof(struct page_info);
}

void frame_table_init(struct page_info *storage, uint64_t base_mfn, uint64_t nr)
{
    BUG_ON(nr > (UINT64_MAX >> PAGE_SHIFT) - base_mfn);
    memset(storage, 0, frame_table_bytes(nr));
    for (uint64_t i = 0; i < nr; i++) {
        list_init(&storage[i].list);
        storage[i].flags = PGC_reserved;
    }
    frame_table = storage;
    frame_table_base_mfn = base_mfn;
    frame_table_nr = nr;
    page_alloc_init();
}
