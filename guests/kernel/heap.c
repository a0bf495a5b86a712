/*
 * kmalloc/kfree (include/heap.h).
 *
 * Every block has a 16-byte header in front: its size class (0..6 for
 * 32 << class bytes, including the header) or, for a run, the number of
 * pages (with RUN_FLAG).  Free small blocks of a class are on that class's
 * list; free runs on the list for their length.  Runs come from
 * alloc_pages_contig(), which takes never-used pages, so each run length
 * is carved once and reused after.
 *
 * Locking: heap_lock, with interrupts off.
 */
#include <string.h>
#include "kernel.h"
#include "heap.h"

#define HDR 16
#define MIN_SHIFT 5
#define NR_CLASSES 7                 /* 32 .. 2048 */
#define RUN_FLAG 0x100u

struct free_block {
    struct free_block *next;
};

static struct free_block *classes[NR_CLASSES];        /* heap_lock */
static struct free_block *runs[HEAP_MAX_RUN + 1];     /* heap_lock */
static spinlock_t heap_lock = SPIN_LOCK_UNLOCKED;

/* A new page cut into blocks of class c, onto its list; heap_lock held. */
static bool refill(unsigned int c)
{
    size_t sz = (size_t)1 << (c + MIN_SHIFT);
    char *page = alloc_page();

    if (!page)
        return false;
    for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
        struct free_block *b = (struct free_block *)(page + off);

        b->next = classes[c];
        classes[c] = b;
    }
    return true;
}

static void *take(struct free_block **list)
{
    struct free_block *b = *list;

    if (b)
        *list = b->next;
    return b;
}

void *kmalloc(size_t size)
{
    unsigned long flags;
    unsigned int c = 0, tag;
    char *block;

    if (!size || size > HEAP_MAX_RUN * PAGE_SIZE - HDR)
        return NULL;
    while (c < NR_CLASSES && ((size_t)1 << (c + MIN_SHIFT)) < size + HDR)
        c++;
    flags = local_irq_save();
    spin_lock(&heap_lock);
    if (c < NR_CLASSES) {
        tag = c;
        block = take(&classes[c]);
        if (!block && refill(c))
            block = take(&classes[c]);
    } else {
        unsigned int pages = (unsigned int)((size + HDR + PAGE_SIZE - 1) / PAGE_SIZE);

        tag = RUN_FLAG | pages;
        block = take(&runs[pages]);
        if (!block)
            block = alloc_pages_contig(pages);
    }
    spin_unlock(&heap_lock);
    local_irq_restore(flags);
    if (!block)
        return NULL;
    memset(block, 0, (tag & RUN_FLAG) ? (tag & 0xff) * PAGE_SIZE : (size_t)1 << (tag + MIN_SHIFT));
    *(unsigned int *)block = tag;
    return block + HDR;
}

void kfree(void *p)
{
    struct free_block *b;
    unsigned long flags;
    unsigned int tag;

    if (!p)
        return;
    b = (struct free_block *)((char *)p - HDR);
    tag = *(unsigned int *)b;
    flags = local_irq_save();
    spin_lock(&heap_lock);
    if (tag & RUN_FLAG) {
        b->next = runs[tag & 0xff];
        runs[tag & 0xff] = b;
    } else {
        b->next = classes[tag];
        classes[tag] = b;
    }
    spin_unlock(&heap_lock);
    local_irq_restore(flags);
}
