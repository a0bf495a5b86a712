/*
 * Grant tables (public/grant_table.h, version 1): sharing pages with other
 * domains, and using pages other domains share.
 *
 * Granting: gnttab_init() sets up this domain's table (setup_table) and
 * maps its frames; gnttab_grant_access() fills a free entry for `domid`
 * and returns its ref (refs below GNTTAB_NR_RESERVED_ENTRIES are never
 * handed out); gnttab_end_access() revokes it, which succeeds only while
 * no mapping or copy uses it (GTF_reading/GTF_writing clear).
 *
 * Using grants: gnttab_map() maps (domid, ref) at a free page of the
 * grant window (a few hundred pages after shared_info, whose page table
 * the domain builder provides) and gnttab_unmap() undoes it;
 * gnttab_copy() copies between grants and own pages without mapping.
 *
 * Not reentrant: call from thread context, not from event handlers.
 * Every call returns 0 / a value on success, a GNTST_* code (< 0) for a
 * grant op's status, or -XEN_E* when the hypercall itself failed.
 */
#ifndef GUEST_GNTTAB_H
#define GUEST_GNTTAB_H

#include <stdbool.h>
#include <stdint.h>
#include <public/grant_table.h>

/* Set up the table with nr_frames frames (1..GNTTAB_LIB_MAX_FRAMES). */
#define GNTTAB_LIB_MAX_FRAMES 4
int gnttab_init(unsigned int nr_frames);
/* Entries available: nr_frames * 512. */
unsigned int gnttab_nr_entries(void);
/* The shared entry of ref, to read its flags (or, in hostile tests, to
 * rewrite it behind the hypervisor's back). */
grant_entry_v1_t *gnttab_entry(grant_ref_t ref);

/* Grant frame `mfn` to domid; the ref (>= 8), or -XEN_ENOSPC. */
long gnttab_grant_access(domid_t domid, uint64_t mfn, bool readonly);
/* The same with a ref chosen by the caller (it must be free). */
void gnttab_grant_access_ref(grant_ref_t ref, domid_t domid, uint64_t mfn, bool readonly);
/* Revoke: 0, or -XEN_EBUSY while the entry is mapped or being copied. */
int gnttab_end_access(grant_ref_t ref);

/* A mapping of someone else's grant. */
struct gnttab_mapping {
    void *va;               /* where it is mapped */
    grant_handle_t handle;
    uint64_t dev_bus_addr;
};
/* Map (domid, ref) at a free page of the grant window: GNTST_*. */
int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, struct gnttab_mapping *m);
/* Map a batch of n grants (n <= 64) in one hypercall; statuses in st[]. */
int gnttab_map_batch(const domid_t *domid, const grant_ref_t *ref, bool readonly,
                     struct gnttab_mapping *m, int16_t *st, unsigned int n);
int gnttab_unmap(struct gnttab_mapping *m);
int gnttab_unmap_batch(struct gnttab_mapping *m, int16_t *st, unsigned int n);

/* Pages of the grant window, for tests (free ones, and one by index). */
unsigned int gnttab_window_pages(void);
void *gnttab_window_page(unsigned int i);

/* One GNTTABOP_copy: GNTST_*.  Each side is a grant (src_gref/dst_gref:
 * u.ref of domid) or a frame of this domain (u.gmfn, domid DOMID_SELF). */
int gnttab_copy(const struct gnttab_copy_ptr *src, bool src_gref,
                const struct gnttab_copy_ptr *dst, bool dst_gref, uint16_t len);

#endif /* GUEST_GNTTAB_H */
