/*
 * The frame allocator: a binary buddy heap over the frame table, and the
 * per-domain accounting on top of it.
 *
 * Heap model.  A free block is 2^order frames (0 <= order <= MAX_ORDER),
 * naturally aligned in machine frame numbers.  Only its first frame (the
 * head) is on free_lists[order], with PGC_free set and `order` recorded;
 * the other frames of the block have flags 0.  Freeing a block merges it
 * with its buddy (mfn ^ 2^order) for as long as the buddy is a free head
 * of the same order, so the heap never holds two free buddies.
 *
 * Frame states outside the heap:
 *   xenheap   PGC_xen_heap, owner NULL, count 0;
 *   domheap   PGC_allocated, owner d, count >= 1 (the allocation holds one
 *             reference), on d->page_list, counted in d->tot_pages.
 * A domheap frame goes back to the heap when its count reaches zero, which
 * needs the allocation reference dropped first (free_domheap_pages or
 * relinquish_domain_pages) and every other reference put.
 *
 * Locking: heap_lock (with interrupts off, since xmalloc may be called in
 * any context) guards free_lists, the counters and the page_info of every
 * free frame.  d->page_alloc_lock guards d->page_list, d->tot_pages, the
 * owner and PGC_allocated of d's frames.  The two locks are never held
 * together.  page_info.count changes atomically, under no lock.
 */
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <hv/arch/domain.h>

static spinlock_t heap_lock = SPIN_LOCK_UNLOCKED;
static struct list_head free_lists[MAX_ORDER + 1];   /* heap_lock */
static uint64_t free_pages;                          /* heap_lock */
static uint64_t total_pages;                         /* heap_lock */

/*
 * Boot (and host tests) only, with nobody else using the heap: the lock is
 * re-initialised rather than taken, so a test that caught a BUG_ON raised
 * under heap_lock starts again from a usable heap.
 */
void page_alloc_init(void)
{
    spin_lock_init(&heap_lock);
    for (unsigned int o = 0; o <= MAX_ORDER; o++)
        list_init(&free_lists[o]);
    free_pages = total_pages = 0;
}

/* The free head of pg's buddy at `order`, or NULL.  heap_lock held. */
static struct page_info *free_buddy(struct page_info *pg, unsigned int order)
{
    mfn_t b = _mfn(mfn_x(page_to_mfn(pg)) ^ (1ULL << order));
    struct page_info *bp;

    if (!mfn_in_frame_table(b))
        return NULL;
    bp = mfn_to_page(b);
    return (bp->flags & PGC_free) && bp->order == order ? bp : NULL;
}

/* Put the block headed by pg on the free lists, merging.  heap_lock held. */
static void free_block(struct page_info *pg, unsigned int order)
{
    struct page_info *buddy;

    while (order < MAX_ORDER && (buddy = free_buddy(pg, order))) {
        list_del(&buddy->list);
        buddy->flags = 0;
        if (buddy < pg)
            pg = buddy;
        order++;
    }
    pg->flags = PGC_free;
    pg->order = (uint8_t)order;
    list_add(&pg->list, &free_lists[order]);
}

/* Take a 2^order block, splitting a larger one if needed.  heap_lock held. */
static struct page_info *take_block(unsigned int order)
{
    struct page_info *pg;
    unsigned int o = order;

    while (o <= MAX_ORDER && list_empty(&free_lists[o]))
        o++;
    if (o > MAX_ORDER)
        return NULL;
    pg = list_first_entry(&free_lists[o], struct page_info, list);
    list_del(&pg->list);
    pg->flags = 0;
    while (o > order) {
        struct page_info *upper;

        o--;
        upper = pg + (1ULL << o);
        upper->flags = PGC_free;
        upper->order = (uint8_t)o;
        list_add(&upper->list, &free_lists[o]);
    }
    free_pages -= 1ULL << order;
    return pg;
}

static struct page_info *heap_alloc(unsigned int order)
{
    unsigned long flags;
    struct page_info *pg;

    if (order > MAX_ORDER)
        return NULL;
    flags = spin_lock_irqsave(&heap_lock);
    pg = take_block(order);
    spin_unlock_irqrestore(&heap_lock, flags);
    if (pg)
        memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE << order);
    return pg;
}

/* Return a block whose frames' page_info are already reset. */
static void heap_free(struct page_info *pg, unsigned int order)
{
    unsigned long flags = spin_lock_irqsave(&heap_lock);

    free_block(pg, order);
    free_pages += 1ULL << order;
    spin_unlock_irqrestore(&heap_lock, flags);
}

static void reset_frame(struct page_info *pg)
{
    pg->owner = NULL;
    pg->count = pg->type_count = 0;
    pg->type = PGT_none;
    pg->flags = 0;
}

/* The largest aligned order starting at mfn m that fits below end. */
static unsigned int chunk_order(uint64_t m, uint64_t end)
{
    unsigned int order = 0;

    while (order < MAX_ORDER && !(m & ((2ULL << order) - 1)) && (2ULL << order) <= end - m)
        order++;
    return order;
}

void page_alloc_add_range(mfn_t first, uint64_t nr)
{
    uint64_t m = mfn_x(first), end = m + nr;
    unsigned long flags;

    if (!nr)
        return;
    BUG_ON(!mfn_in_frame_table(first) ||
           nr > frame_table_nr - (mfn_x(first) - frame_table_base_mfn));
    flags = spin_lock_irqsave(&heap_lock);
    for (uint64_t i = m; i < end; i++) {
        struct page_info *pg = mfn_to_page(_mfn(i));

        BUG_ON(!(pg->flags & PGC_reserved));   /* added twice: heap corruption */
        reset_frame(pg);
    }
    while (m < end) {
        unsigned int order = chunk_order(m, end);

        free_block(mfn_to_page(_mfn(m)), order);
        m += 1ULL << order;
    }
    free_pages += nr;
    total_pages += nr;
    spin_unlock_irqrestore(&heap_lock, flags);
}

uint64_t page_alloc_free_pages(void)
{
    return __atomic_load_n(&free_pages, __ATOMIC_RELAXED);
}

uint64_t page_alloc_total_pages(void)
{
    return __atomic_load_n(&total_pages, __ATOMIC_RELAXED);
}

/* ---- hypervisor memory ---- */

mfn_t alloc_xenheap_pages(unsigned int order)
{
    struct page_info *pg = heap_alloc(order);

    if (!pg)
        return INVALID_MFN;
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        reset_frame(&pg[i]);
        pg[i].flags = PGC_xen_heap;
    }
    return page_to_mfn(pg);
}

void free_xenheap_pages(mfn_t first, unsigned int order)
{
    struct page_info *pg;

    BUG_ON(order > MAX_ORDER || (mfn_x(first) & ((1ULL << order) - 1)) ||
           !mfn_in_frame_table(first) ||
           (1ULL << order) > frame_table_nr - (mfn_x(first) - frame_table_base_mfn));
    pg = mfn_to_page(first);
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        BUG_ON(pg[i].flags != PGC_xen_heap);   /* not ours, or freed twice */
        reset_frame(&pg[i]);
    }
    heap_free(pg, order);
}

/* ---- domain memory ---- */

/* Charge n frames to d if it stays within max_pages. */
static bool charge(struct domain *d, uint64_t n)
{
    bool ok;

    spin_lock(&d->page_alloc_lock);
    ok = d->tot_pages <= d->max_pages && n <= d->max_pages - d->tot_pages;
    if (ok)
        d->tot_pages += n;
    spin_unlock(&d->page_alloc_lock);
    return ok;
}

static void uncharge(struct domain *d, uint64_t n)
{
    spin_lock(&d->page_alloc_lock);
    BUG_ON(d->tot_pages < n);
    d->tot_pages -= n;
    spin_unlock(&d->page_alloc_lock);
}

mfn_t alloc_domheap_pages(struct domain *d, unsigned int order)
{
    uint64_t n = 1ULL << (order > MAX_ORDER ? 0 : order);
    struct page_info *pg;

    BUG_ON(!d);
    if (order > MAX_ORDER || !charge(d, n))
        return INVALID_MFN;
    if (!(pg = heap_alloc(order))) {
        uncharge(d, n);
        return INVALID_MFN;
    }
    /* Nobody else can see these frames until they are on d's list. */
    for (uint64_t i = 0; i < n; i++) {
        reset_frame(&pg[i]);
        pg[i].owner = d;
        pg[i].count = 1;
        pg[i].flags = PGC_allocated;
    }
    spin_lock(&d->page_alloc_lock);
    for (uint64_t i = 0; i < n; i++)
        list_add_tail(&pg[i].list, &d->page_list);
    spin_unlock(&d->page_alloc_lock);
    return page_to_mfn(pg);
}

/*
 * The last reference is gone: unlink from the owner, back to the heap.  The
 * frame leaves the owner's G-stage first (a frame given back while still
 * mapped stayed reachable until now), so no domain can touch it once it is
 * free.
 */
static void free_domheap_page(struct page_info *pg)
{
    struct domain *d = pg->owner;

    BUG_ON(!d || (pg->flags & PGC_allocated) || pg->type_count);
    arch_gstage_unmap(d, page_to_mfn(pg));
    arch_gstage_flush(d);
    spin_lock(&d->page_alloc_lock);
    list_del(&pg->list);
    BUG_ON(d->tot_pages == 0);
    d->tot_pages--;
    spin_unlock(&d->page_alloc_lock);
    reset_frame(pg);
    heap_free(pg, 0);
}

void put_page(struct page_info *pg)
{
    uint32_t old = __atomic_load_n(&pg->count, __ATOMIC_RELAXED);

    do {
        BUG_ON(old == 0);   /* a reference nobody holds */
    } while (!__atomic_compare_exchange_n(&pg->count, &old, old - 1, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    if (old == 1)
        free_domheap_page(pg);
}

/* Clear PGC_allocated; whether it was set (the reference is then ours). */
static bool take_allocation_ref(struct page_info *pg)
{
    struct domain *d = pg->owner;
    bool held;

    BUG_ON(!d);
    spin_lock(&d->page_alloc_lock);
    held = pg->flags & PGC_allocated;
    pg->flags &= (uint16_t)~PGC_allocated;
    spin_unlock(&d->page_alloc_lock);
    return held;
}

/* Drop pg's allocation reference, which must be held.  */
static void drop_allocation(struct page_info *pg)
{
    bool held = take_allocation_ref(pg);

    BUG_ON(!held);   /* freed twice, or never allocated */
    put_page(pg);
}

void put_page_alloc_ref(struct page_info *pg)
{
    if (take_allocation_ref(pg))
        put_page(pg);
}

void free_domheap_pages(mfn_t first, unsigned int order)
{
    BUG_ON(order > MAX_ORDER || !mfn_in_frame_table(first) ||
           (1ULL << order) > frame_table_nr - (mfn_x(first) - frame_table_base_mfn));
    for (uint64_t i = 0; i < (1ULL << order); i++)
        drop_allocation(mfn_to_page(_mfn(mfn_x(first) + i)));
}

/*
 * Frames of a dying domain that nobody else references, back to the heap
 * together: their G-stage entries go with one flush, and heap_lock is taken
 * once for the lot, not once per frame.  (Per frame, two CPUs tearing down
 * two domains hand the ticket lock back and forth thousands of times; under
 * QEMU's round-robin -icount each hand-over to a hart that is not running
 * waits for the emulator's next hart switch, and a teardown took minutes.)
 */
static void free_domheap_batch(struct domain *d, struct list_head *batch)
{
    struct list_head *pos;
    unsigned long flags;
    uint64_t n = 0;

    if (list_empty(batch))
        return;
    list_for_each(pos, batch)
        arch_gstage_unmap(d, page_to_mfn(list_entry(pos, struct page_info, list)));
    arch_gstage_flush(d);
    flags = spin_lock_irqsave(&heap_lock);
    while (!list_empty(batch)) {
        struct page_info *pg = list_first_entry(batch, struct page_info, list);

        list_del(&pg->list);
        reset_frame(pg);
        free_block(pg, 0);
        n++;
    }
    free_pages += n;
    spin_unlock_irqrestore(&heap_lock, flags);
}

/* The allocation reference is pg's last: take the count from 1 to 0 at once,
 * so that a get_page() racing with us fails.  d->page_alloc_lock held. */
static bool claim_last_ref(struct page_info *pg)
{
    uint32_t one = 1;

    return __atomic_compare_exchange_n(&pg->count, &one, 0, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_RELAXED);
}

/*
 * Drop the allocation reference of every frame d owns.  Frames nobody else
 * references go back to the heap at once (in one batch); frames still
 * referenced (mapped by another domain, say) stay on d's list until their
 * last put_page().  Each frame is first moved to a private list, so the
 * walk ends even when some frames stay; put_page() unlinks under the same
 * lock, whichever list the frame is on.
 */
void relinquish_domain_pages(struct domain *d)
{
    struct list_head kept, batch;
    struct page_info *pg;

    list_init(&kept);
    list_init(&batch);
    spin_lock(&d->page_alloc_lock);
    while (!list_empty(&d->page_list)) {
        pg = list_first_entry(&d->page_list, struct page_info, list);
        list_del(&pg->list);
        if (!(pg->flags & PGC_allocated)) {
            list_add_tail(&pg->list, &kept);
            continue;
        }
        pg->flags &= (uint16_t)~PGC_allocated;
        if (claim_last_ref(pg)) {
            BUG_ON(pg->type_count || d->tot_pages == 0);
            d->tot_pages--;
            list_add_tail(&pg->list, &batch);
            continue;
        }
        list_add_tail(&pg->list, &kept);
        spin_unlock(&d->page_alloc_lock);
        put_page(pg);
        spin_lock(&d->page_alloc_lock);
    }
    while (!list_empty(&kept)) {
        pg = list_first_entry(&kept, struct page_info, list);
        list_del(&pg->list);
        list_add_tail(&pg->list, &d->page_list);
    }
    spin_unlock(&d->page_alloc_lock);
    free_domheap_batch(d, &batch);
}
