/*
 * The page allocator.
 *
 * Free pages are the pfns from the first free one (after the bootstrap
 * page tables, public/arch-riscv.h) to nr_pages - 1, all mapped read-write
 * in the physmap.  Pages never handed out are taken by a bump pointer, so
 * setup touches no page; pages given back go on a list threaded through
 * the pages themselves.  Allocation and freeing run with interrupts off
 * and mm_lock held, so that event handlers and other VCPUs may use them
 * too.
 */
#include <string.h>
#include "kernel.h"

struct free_page {
    struct free_page *next;
};

static struct free_page *free_list;
static unsigned long free_listed;   /* pages on free_list */
static unsigned long next_pfn;      /* first never-used pfn */
static unsigned long end_pfn;       /* nr_pages */
static spinlock_t mm_lock = SPIN_LOCK_UNLOCKED;

unsigned long virt_to_pfn(const void *va)
{
    return ((unsigned long)va - VIRT_BASE) >> PAGE_SHIFT;
}

void *pfn_to_virt(unsigned long pfn)
{
    return (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

uint64_t pfn_to_mfn(unsigned long pfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    return p2m[pfn];
}

uint64_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

void *alloc_page(void)
{
    unsigned long flags = local_irq_save();
    void *page = NULL;

    spin_lock(&mm_lock);
    if (free_list) {
        page = free_list;
        free_list = free_list->next;
        free_listed--;
    } else if (next_pfn < end_pfn) {
        page = pfn_to_virt(next_pfn++);
    }
    spin_unlock(&mm_lock);
    local_irq_restore(flags);
    if (page)
        memset(page, 0, PAGE_SIZE);
    return page;
}

void *alloc_pages_contig(unsigned int n)
{
    unsigned long flags = local_irq_save();
    void *pages = NULL;

    spin_lock(&mm_lock);
    if (n && next_pfn + n <= end_pfn) {
        pages = pfn_to_virt(next_pfn);
        next_pfn += n;
    }
    spin_unlock(&mm_lock);
    local_irq_restore(flags);
    return pages;
}

void free_page(void *page)
{
    unsigned long flags;
    struct free_page *fp = page;

    if (!page)
        return;
    flags = local_irq_save();
    spin_lock(&mm_lock);
    fp->next = free_list;
    free_list = fp;
    free_listed++;
    spin_unlock(&mm_lock);
    local_irq_restore(flags);
}

unsigned long free_page_count(void)
{
    return free_listed + (end_pfn - next_pfn);
}

void mm_init(void)
{
    unsigned long first = virt_to_pfn((void *)start_info->pt_base) +
                          start_info->nr_pt_frames;

    end_pfn = start_info->nr_pages;
    if (first > end_pfn)
        panic("mm: first free pfn %lu beyond nr_pages %lu", first, end_pfn);
    next_pfn = first;
}
