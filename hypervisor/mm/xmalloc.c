/*
 * xzalloc/xfree: hypervisor objects on top of the xenheap.
 *
 * Every block starts with a 16-byte header, so the caller's pointer is
 * 16-byte aligned and xfree() can tell what it is freeing:
 *   small   sizes up to SMALL_MAX: a chunk of one of the size classes
 *           (32 .. 2048 bytes including the header), carved from whole
 *           xenheap pages.  Free chunks wait on their class's list; pages
 *           of chunks are never returned to the heap, since hypervisor
 *           objects of each size come and go at a steady rate.
 *   pages   anything larger: 2^order xenheap pages, the order recorded in
 *           the header, returned to the heap on xfree().
 * The header's magic also catches a double free or a pointer xzalloc never
 * returned: either is a hypervisor bug, so it is a BUG_ON.
 *
 * Locking: xmalloc_lock, with interrupts off, guards the class lists.  It
 * is taken before heap_lock (refilling a class) and never the other way.
 */
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <hv/xmalloc.h>

#define MAGIC_SMALL 0x78736d6cu   /* in use, from a size class */
#define MAGIC_PAGES 0x78706773u   /* in use, whole pages */
#define MAGIC_FREE  0x78667265u   /* on a class free list */

struct xhdr {
    uint32_t magic;
    uint16_t cls;       /* MAGIC_SMALL: class index */
    uint16_t order;     /* MAGIC_PAGES: 2^order pages */
    struct xhdr *next;  /* MAGIC_FREE: next free chunk of the class */
};

#define HDR_SIZE 16
BUILD_BUG_ON(sizeof(struct xhdr) != HDR_SIZE);

#define MIN_CHUNK_SHIFT 5                   /* 32 bytes */
#define NR_CLASSES 7                        /* 32 .. 2048 */
#define CHUNK_SIZE(c) (1UL << (MIN_CHUNK_SHIFT + (c)))
#define SMALL_MAX (CHUNK_SIZE(NR_CLASSES - 1) - HDR_SIZE)
BUILD_BUG_ON(CHUNK_SIZE(NR_CLASSES - 1) > PAGE_SIZE);

static spinlock_t xmalloc_lock = SPIN_LOCK_UNLOCKED;
static unsigned long bytes_in_use;                /* atomic: chunks and pages handed out */
static struct xhdr *free_chunks[NR_CLASSES];   /* xmalloc_lock */

/* Boot (and host tests) only, with no other user: see page_alloc_init(). */
void xmalloc_init(void)
{
    spin_lock_init(&xmalloc_lock);
    for (unsigned int c = 0; c < NR_CLASSES; c++)
        free_chunks[c] = NULL;
}

static unsigned int size_class(size_t size)
{
    unsigned int c = 0;

    while (CHUNK_SIZE(c) - HDR_SIZE < size)
        c++;
    return c;
}

/* Carve a fresh xenheap page into chunks of class c.  xmalloc_lock held. */
static bool refill(unsigned int c)
{
    mfn_t m = alloc_xenheap_pages(0);
    char *page;

    if (!mfn_valid_raw(m))
        return false;
    page = mfn_to_virt(m);
    for (size_t off = 0; off + CHUNK_SIZE(c) <= PAGE_SIZE; off += CHUNK_SIZE(c)) {
        struct xhdr *h = (struct xhdr *)(page + off);

        h->magic = MAGIC_FREE;
        h->next = free_chunks[c];
        free_chunks[c] = h;
    }
    return true;
}

static void *alloc_small(size_t size)
{
    unsigned int c = size_class(size);
    unsigned long flags = spin_lock_irqsave(&xmalloc_lock);
    struct xhdr *h = free_chunks[c];

    if (!h && refill(c))
        h = free_chunks[c];
    if (h) {
        free_chunks[c] = h->next;
        h->magic = MAGIC_SMALL;
        h->cls = (uint16_t)c;
        h->next = NULL;
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    if (!h)
        return NULL;
    __atomic_add_fetch(&bytes_in_use, CHUNK_SIZE(c), __ATOMIC_RELAXED);
    memset(h + 1, 0, CHUNK_SIZE(c) - HDR_SIZE);
    return h + 1;
}

static void *alloc_pages(size_t size)
{
    uint64_t pages = ((uint64_t)size + HDR_SIZE + PAGE_SIZE - 1) >> PAGE_SHIFT;
    unsigned int order = 0;
    struct xhdr *h;
    mfn_t m;

    while ((1ULL << order) < pages && order <= MAX_ORDER)
        order++;
    if (order > MAX_ORDER)
        return NULL;
    m = alloc_xenheap_pages(order);     /* zeroed */
    if (!mfn_valid_raw(m))
        return NULL;
    h = mfn_to_virt(m);
    h->magic = MAGIC_PAGES;
    h->order = (uint16_t)order;
    __atomic_add_fetch(&bytes_in_use, PAGE_SIZE << order, __ATOMIC_RELAXED);
    return h + 1;
}

void *xzalloc_bytes(size_t size)
{
    if (size <= SMALL_MAX)
        return alloc_small(size);
    if (size > ((size_t)PAGE_SIZE << MAX_ORDER))
        return NULL;
    return alloc_pages(size);
}

void xfree(void *p)
{
    struct xhdr *h;
    unsigned long flags;

    if (!p)
        return;
    h = (struct xhdr *)p - 1;
    BUG_ON((uintptr_t)p & (HDR_SIZE - 1));
    if (h->magic == MAGIC_PAGES) {
        BUG_ON(((uintptr_t)h & (PAGE_SIZE - 1)) || h->order > MAX_ORDER);
        h->magic = 0;
        __atomic_sub_fetch(&bytes_in_use, PAGE_SIZE << h->order, __ATOMIC_RELAXED);
        free_xenheap_pages(maddr_to_mfn(virt_to_maddr(h)), h->order);
        return;
    }
    BUG_ON(h->magic != MAGIC_SMALL || h->cls >= NR_CLASSES);   /* double or wild free */
    __atomic_sub_fetch(&bytes_in_use, CHUNK_SIZE(h->cls), __ATOMIC_RELAXED);
    flags = spin_lock_irqsave(&xmalloc_lock);
    h->magic = MAGIC_FREE;
    h->next = free_chunks[h->cls];
    free_chunks[h->cls] = h;
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

unsigned long xmalloc_bytes_in_use(void)
{
    return __atomic_load_n(&bytes_in_use, __ATOMIC_RELAXED);
}
