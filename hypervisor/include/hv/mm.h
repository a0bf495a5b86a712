/*
 * The frame table and the frame allocator.
 *
 * Every machine frame of RAM has a struct page_info.  The frame table covers
 * [frame_table_base_mfn, +frame_table_nr) contiguously; frames in that range
 * that are not RAM (holes, firmware, the hypervisor image) are never free.
 *
 * Counts (the model is Xen PV's, see reference/xen-abi.md 9.3):
 *   count      general references.  An allocated frame holds one reference
 *              for its allocation (PGC_allocated); it returns to the free
 *              pool only when count drops to zero.
 *   type       PGT_*: what the frame is used as; exclusive.
 *   type_count references of that type.  The type changes only at zero.
 *
 * Ownership: owner is the domain the frame is accounted to, or NULL for a
 * free frame or a hypervisor (xenheap) frame.  d->tot_pages counts the frames
 * owned by d and never exceeds d->max_pages.
 *
 * Locking: heap_lock (in page_alloc.c) guards the free lists and every
 * page_info of a free frame; d->page_alloc_lock guards d->tot_pages and the
 * owner field of frames owned by d.
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <hv/types.h>
#include <hv/list.h>

struct domain;

/* Frame types (page_info.type). */
#define PGT_none          0
#define PGT_writable      1
#define PGT_l0_page_table 2  /* Sv39 level 0 (leaf level, 4 KiB entries) */
#define PGT_l1_page_table 3
#define PGT_l2_page_table 4  /* Sv39 root */
#define PGT_shared_info   5  /* special: permanent, never a page table */
#define PGT_grant_table   6  /* special: a grant-table frame shared with its domain */

/* page_info.flags */
#define PGC_allocated  (1u << 0)  /* holds the allocation reference */
#define PGC_free       (1u << 1)  /* on a free list (head of a buddy block) */
#define PGC_xen_heap   (1u << 2)  /* hypervisor-owned */
#define PGC_reserved   (1u << 3)  /* not RAM we may hand out */
#define PGT_pinned     (1u << 4)
#define PGT_validated  (1u << 5)
/* The page-table states of hv/page_type.h. */
#define PGT_partial        (1u << 6)   /* validation under way */
#define PGT_partial_child  (1u << 7)   /* entry nr_validated holds a partial child ref */
#define PGT_deferred       (1u << 8)   /* on the owner's deferred stack */
#define PGC_shared_ro      (1u << 9)   /* xenheap frame shared read-only */

struct page_info {
    struct list_head list;      /* heap_lock: free list; or owner's page list */
    struct domain *owner;       /* d->page_alloc_lock */
    uint32_t count;             /* general reference count */
    uint32_t type_count;
    uint8_t type;               /* PGT_* */
    uint8_t order;              /* buddy order while free */
    uint16_t flags;             /* PGC_*, PGT_* */
    uint16_t nr_validated;      /* mm_lock: entries holding references */
    uint16_t foreign_leaves;    /* mm_lock: leaves of a privileged mapper's
                                   tables mapping this frame of another
                                   domain (mm/page_type.c) */
    uint16_t foreign_rw;        /* mm_lock: those of them writable */
    struct page_info *next_deferred; /* mm_lock: owner's deferred stack */
};

extern struct page_info *frame_table;
extern uint64_t frame_table_base_mfn;
extern uint64_t frame_table_nr;

static inline bool mfn_in_frame_table(mfn_t m)
{
    return mfn_x(m) >= frame_table_base_mfn &&
           mfn_x(m) - frame_table_base_mfn < frame_table_nr;
}

static inline struct page_info *mfn_to_page(mfn_t m)
{
    return &frame_table[mfn_x(m) - frame_table_base_mfn];
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
    return _mfn(frame_table_base_mfn + (uint64_t)(pg - frame_table));
}

/*
 * Set up the frame table to describe [base_mfn, base_mfn + nr).  `storage`
 * must hold frame_table_bytes(nr) bytes.  Every frame starts reserved, and
 * the heap starts empty (frame_table_init calls page_alloc_init).
 */
size_t frame_table_bytes(uint64_t nr);
void frame_table_init(struct page_info *storage, uint64_t base_mfn, uint64_t nr);
/* Empty the heap: no free frames, no total.  Boot and host tests only:
 * nothing may use the heap concurrently. */
void page_alloc_init(void);

/* Hand a range of RAM frames (inside the frame table) to the allocator. */
void page_alloc_add_range(mfn_t first, uint64_t nr);

#define MAX_ORDER 18   /* 1 GiB blocks */

/*
 * Hypervisor memory: 2^order contiguous, naturally aligned frames, zeroed.
 * Returns INVALID_MFN when memory is exhausted.
 */
mfn_t alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(mfn_t first, unsigned int order);

/*
 * Domain memory: 2^order frames owned by d and accounted to it, zeroed,
 * each with count 1 (PGC_allocated) and type PGT_none.  Fails (INVALID_MFN)
 * when memory is exhausted or d would exceed d->max_pages.
 */
mfn_t alloc_domheap_pages(struct domain *d, unsigned int order);
/* Drop the allocation references of 2^order frames of d; frames whose count
 * reaches zero return to the heap. */
void free_domheap_pages(mfn_t first, unsigned int order);
/* Drop one general reference; the frame is freed when it reaches zero. */
void put_page(struct page_info *pg);
/* Drop pg's allocation reference if it still holds one (Xen's
 * put_page_alloc_ref): the frame lives on while other references remain.
 * A domain frame that is really freed first leaves its owner's G-stage. */
void put_page_alloc_ref(struct page_info *pg);
/* Free every frame d still owns (domain destruction). */
void relinquish_domain_pages(struct domain *d);

uint64_t page_alloc_free_pages(void);
uint64_t page_alloc_total_pages(void);

/* Hypervisor virtual address of a machine address (the direct map). */
void *maddr_to_virt(paddr_t pa);
paddr_t virt_to_maddr(const void *va);
static inline void *mfn_to_virt(mfn_t m) { return maddr_to_virt(mfn_to_maddr(m)); }

#endif /* HV_MM_H */
