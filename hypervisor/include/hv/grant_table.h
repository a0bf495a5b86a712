/*
 * Grant tables, version 1 (grant/grant_table.c; the model is described
 * there and in public/grant_table.h).
 *
 * Lifecycle of a domain's table:
 *   grant_table_init(d)         at domain creation: one shared frame, the
 *                               rest on demand (setup_table) up to
 *                               GNTTAB_MAX_FRAMES;
 *   gnttab_release_mappings(d)  d is dying: every mapping d holds of other
 *                               domains' grants is undone (their pins, flags
 *                               and page references released) and its
 *                               maptrack freed;
 *   grant_table_destroy(d)      d is dying: its table is freed as soon as
 *                               no other domain has one of its grants
 *                               pinned (else when the last pin goes).
 *
 * Counters for invariant checks (unit tests, fuzzing): gnttab_stats().
 */
#ifndef HV_GRANT_TABLE_H
#define HV_GRANT_TABLE_H

#include <hv/types.h>

struct domain;
struct vcpu;

/* Xen's default max_grant_frames; 512 v1 entries per frame. */
#define GNTTAB_MAX_FRAMES      64
#define GNTTAB_ENTRIES_PER_FRAME 512
/* Mapping handles one domain may hold at once (its maptrack table). */
#define GNTTAB_MAPTRACK_MAX    4096
/* Operations of one batch done before the hypercall continues itself. */
#define GNTTAB_OPS_PER_CALL    128

int grant_table_init(struct domain *d);
void gnttab_release_mappings(struct domain *d);
/* Builder: entry ref (< GNTTAB_ENTRIES_PER_FRAME) of d's new table grants
 * d's frame to domain `to`, read-write (grant_table.c). */
void gnttab_seed_entry(struct domain *d, uint32_t ref, domid_t to, mfn_t frame);
/* The same for a translated domain, whose entries name guest frames. */
void gnttab_seed_entry_gfn(struct domain *d, uint32_t ref, domid_t to, gfn_t frame);
/* Grant-table frame idx of d, growing the table to hold it
 * (XENMEM_add_to_physmap): 0, -EINVAL or -ENOMEM. */
int gnttab_frame_for_physmap(struct domain *d, unsigned int idx, mfn_t *m);
void grant_table_destroy(struct domain *d);
/* Free what is left of d's table (d about to be freed; nothing pinned). */
void grant_table_free(struct domain *d);
/* Has d's table been released (nothing of d's pinned by others)? */
bool grant_table_released(const struct domain *d);

struct gnttab_stats {
    unsigned int nr_frames;      /* shared frames */
    unsigned int maptrack_used;  /* live handles d holds */
    unsigned int nr_pinned;      /* d's entries pinned by a mapping or copy */
    bool destroyed;              /* the table has been freed */
};
void gnttab_stats(struct domain *d, struct gnttab_stats *st);

/*
 * For invariant checks: the active state of d's entry ref (pin counts as
 * in Xen: bits 0-7 host writable, 8-15 host read-only, 16-23 device
 * writable, 24-31 device read-only), and the mapping behind a handle of d.
 * Both return false when there is no such entry.
 */
bool gnttab_active_info(struct domain *d, uint32_t ref, uint32_t *pin, domid_t *mapper,
                        mfn_t *mfn);
bool gnttab_maptrack_info(struct domain *d, uint32_t handle, uint32_t *ref, domid_t *granter,
                          uint16_t *flags, mfn_t *mfn);

#endif /* HV_GRANT_TABLE_H */
