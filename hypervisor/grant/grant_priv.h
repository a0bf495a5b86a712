/*
 * Internal to grant/: the table structure and the pin helpers shared by
 * grant_table.c (tables, entries, the hypercall), grant_map.c (mappings
 * and maptrack) and grant_copy.c.  The model and the locking are in the
 * design note of grant_table.c.
 */
#ifndef GRANT_PRIV_H
#define GRANT_PRIV_H

#include <hv/grant_table.h>
#include <hv/mm.h>
#include <hv/spinlock.h>
#include <public/grant_table.h>

/* active_grant.pin: four 8-bit counters, as in Xen. */
#define GNTPIN_hstw_inc   (1u << 0)
#define GNTPIN_hstw_mask  (0xffu << 0)
#define GNTPIN_hstr_inc   (1u << 8)
#define GNTPIN_hstr_mask  (0xffu << 8)
#define GNTPIN_devw_inc   (1u << 16)
#define GNTPIN_devw_mask  (0xffu << 16)
#define GNTPIN_devr_inc   (1u << 24)
#define GNTPIN_devr_mask  (0xffu << 24)
/* One more pin could overflow a counter (Xen refuses at 128). */
#define GNTPIN_overflow   0x80808080u

struct active_grant {
    uint32_t pin;       /* gt->lock */
    domid_t domid;      /* gt->lock: the mapper while pin != 0 */
    mfn_t mfn;          /* gt->lock: the frame pinned while pin != 0 */
};

/* One mapping a domain holds: a maptrack entry, named by its handle. */
struct grant_mapping {
    uint32_t ref;       /* the granter's entry; next free handle while free */
    uint16_t flags;     /* GNTMAP_host_map|device_map|readonly; 0 = free */
    domid_t domid;      /* the granter */
    mfn_t mfn;          /* the frame mapped */
    uint64_t host_addr; /* where (GNTMAP_host_map): as the guest named it */
    paddr_t pte_ma;     /* the level-0 entry holding the host mapping */
};

#define MAPTRACK_CHUNK 256
#define MAPTRACK_NONE  UINT32_MAX

/*
 * How many host mappings a domain holds of each foreign frame, so that
 * its G-stage entry for the frame is decided in constant time rather than
 * by a walk of its maptrack (XSA-380's lesson): an open-addressed hash,
 * linear probing, capacity twice the maptrack's (so at most half full).
 */
struct gstage_count {
    uint64_t mfn;       /* GCOUNT_EMPTY: a free slot */
    uint32_t host;      /* host mappings of mfn */
    uint32_t host_w;    /* of which writable */
};
#define GCOUNT_EMPTY INVALID_MFN_RAW

/* The two halves of a v1 entry's first word, updated together. */
union grant_combo {
    uint32_t raw;
    struct {
        uint16_t flags;
        domid_t domid;
    } s;
};

struct grant_table {
    struct domain *domain;

    spinlock_t lock;
    unsigned int nr_frames;                          /* lock; read atomically */
    mfn_t frame[GNTTAB_MAX_FRAMES];                  /* lock */
    grant_entry_v1_t *shared[GNTTAB_MAX_FRAMES];     /* lock: direct-map view */
    struct active_grant *active[GNTTAB_MAX_FRAMES];  /* lock: one array per frame */
    unsigned int nr_pinned;                          /* lock: entries with pin != 0 */
    bool dying;                                      /* lock: free at last unpin */
    bool freed;                                      /* frames and entries gone */

    spinlock_t maptrack_lock;
    struct grant_mapping *maptrack[GNTTAB_MAPTRACK_MAX / MAPTRACK_CHUNK]; /* maptrack_lock */
    unsigned int maptrack_limit;                     /* maptrack_lock: handles allocated */
    uint32_t maptrack_free;                          /* maptrack_lock: free-list head */
    unsigned int maptrack_used;                      /* maptrack_lock */
    struct gstage_count *gcount;                     /* maptrack_lock */
    unsigned int gcount_bits;                        /* maptrack_lock: capacity 2^bits */
};

static inline unsigned int nr_entries(const struct grant_table *gt)
{
    return __atomic_load_n(&gt->nr_frames, __ATOMIC_ACQUIRE) * GNTTAB_ENTRIES_PER_FRAME;
}

static inline struct active_grant *active_entry(struct grant_table *gt, uint32_t ref)
{
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

static inline struct grant_mapping *maptrack_entry(struct grant_table *gt, uint32_t handle)
{
    return &gt->maptrack[handle / MAPTRACK_CHUNK][handle % MAPTRACK_CHUNK];
}

/* grant_table.c */
struct page_info *gnttab_get_domain_frame(struct domain *owner, mfn_t m);
bool gnttab_get_writable(struct page_info *pg);
void gnttab_put_writable(struct page_info *pg);
int16_t gnttab_pin_entry(struct grant_table *rgt, uint32_t ref, domid_t ld, uint32_t inc,
                         unsigned int nref, mfn_t *mfn);
void gnttab_unpin_entry(struct grant_table *rgt, uint32_t ref, uint32_t inc, unsigned int nref);
void gnttab_unpin_and_maybe_free(struct domain *rd, uint32_t ref, uint32_t inc,
                                 unsigned int nref);
struct domain *gnttab_lookup_any(struct domain *d, domid_t dom);
bool gnttab_has_table(const struct domain *d);

/* grant_map.c */
void gnttab_map_one(struct vcpu *curr, struct gnttab_map_grant_ref *op);
void gnttab_unmap_one(struct vcpu *curr, struct gnttab_unmap_grant_ref *op);

/* grant_copy.c */
int16_t gnttab_copy_one(struct domain *ld, const struct gnttab_copy *op);

#endif /* GRANT_PRIV_H */
