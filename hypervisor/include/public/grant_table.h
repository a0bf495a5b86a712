/*
 * grant_table_op (20): (unsigned int cmd, void *uops, unsigned int count)
 * -- sharing pages between domains by grant reference (version 1).
 *
 * Model: each domain has a grant table, an array of grant_entry_v1 in
 * frames it can write.  To share a frame it fills an entry (domid =
 * who may use it, frame = which of its frames), issues a write barrier,
 * then writes flags = GTF_permit_access [| GTF_readonly].  The grantee
 * names the entry by (granter domid, ref) to map or copy it; while a
 * mapping or copy is in progress the hypervisor sets GTF_reading /
 * GTF_writing, and the granter may revoke an entry only when both are
 * clear (compare-and-swap flags to 0).
 *
 * The hypercall processes `count` operations of the cmd's struct type.
 * It returns 0 once it has processed them (or -XEN_EFAULT if the array
 * cannot be accessed); the outcome of each is in its `status` (GNTST_*).
 * count < 0 as int: -XEN_EINVAL.  cmd with any bit above bit 11 set (Xen
 * keeps continuation state there): -XEN_EINVAL.  Unknown cmd: -XEN_ENOSYS.
 * A long batch is continued transparently (the guest sees one call).
 *
 * rvxen implements version 1 only: map_grant_ref, unmap_grant_ref,
 * setup_table, copy, query_size, set_version, get_status_frames (always
 * empty), get_version, swap_grant_ref.  transfer, unmap_and_replace,
 * dump_table and cache_flush return -XEN_ENOSYS.  A domain's table starts
 * with one frame and grows on demand to 64 frames (Xen's default
 * max_grant_frames, 32768 entries); a domain may hold 4096 mappings.
 * Every domain may call every op for itself (dom = DOMID_SELF or its own
 * id); naming another domain's table needs privilege.
 *
 * When a domain dies, the mappings it holds of other domains' grants are
 * undone (their GTF_reading/GTF_writing cleared); frames it granted that
 * another domain still maps stay allocated, and keep their contents, until
 * that domain unmaps them (the unmap succeeds as usual); new maps and
 * copies of a dead domain's grants get bad_domain.
 */
#ifndef PUBLIC_GRANT_TABLE_H
#define PUBLIC_GRANT_TABLE_H

#include "xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;   /* names one mapping, from map */
typedef uint16_t grant_status_t;   /* v2 status frames */

struct grant_entry_v1 {
    uint16_t flags;             /* GTF_*; written last by the granter */
    domid_t domid;              /* the domain allowed to use the entry */
    uint32_t frame;             /* the granted frame (or transfer slot) */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Refs the toolstack fills in before the guest starts. */
#define GNTTAB_NR_RESERVED_ENTRIES  8
#define GNTTAB_RESERVED_CONSOLE     0
#define GNTTAB_RESERVED_XENSTORE    1

/* flags: type in bits 1:0 */
#define GTF_invalid          0      /* unused entry */
#define GTF_permit_access    1      /* domid may map or copy frame */
#define GTF_accept_transfer  2      /* domid may transfer a frame here */
#define GTF_transitive       3      /* v2 only */
#define GTF_type_mask        3
/* permit_access */
#define GTF_readonly         (1U << 2)  /* granter: read-only access */
#define GTF_reading          (1U << 3)  /* hypervisor: in use for reading */
#define GTF_writing          (1U << 4)  /* hypervisor: in use for writing */
#define GTF_PWT              (1U << 5)  /* x86 cache attributes */
#define GTF_PCD              (1U << 6)
#define GTF_PAT              (1U << 7)
#define GTF_sub_page         (1U << 8)  /* v2: copy only */
/* accept_transfer */
#define GTF_transfer_committed (1U << 2)
#define GTF_transfer_completed (1U << 3)

#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6
#define GNTTABOP_unmap_and_replace  7
#define GNTTABOP_set_version        8
#define GNTTABOP_get_status_frames  9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/* map_grant_ref flags */
#define GNTMAP_device_map      (1U << 0)  /* map for device DMA */
#define GNTMAP_host_map        (1U << 1)  /* map into the CPU's view */
#define GNTMAP_readonly        (1U << 2)  /* map read-only */
#define GNTMAP_application_map (1U << 3)  /* user-accessible mapping */
#define GNTMAP_contains_pte    (1U << 4)  /* host_addr is a PTE's MA */
#define GNTMAP_guest_avail0    (1U << 16) /* first bit free for guests */

/* Per-operation status codes. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)   /* any other failure */
#define GNTST_bad_domain        (-2)   /* no such domain */
#define GNTST_bad_gntref        (-3)   /* ref out of range, or bad flags */
#define GNTST_bad_handle        (-4)   /* no such mapping handle */
#define GNTST_bad_virt_addr     (-5)   /* bad host_addr */
#define GNTST_bad_dev_addr      (-6)   /* bad dev_bus_addr */
#define GNTST_no_device_space   (-7)   /* out of DMA space */
#define GNTST_permission_denied (-8)   /* not allowed */
#define GNTST_bad_page          (-9)   /* bad frame */
#define GNTST_bad_copy_arg      (-10)  /* copy crosses a page boundary */
#define GNTST_address_too_big   (-11)  /* transfer frame too high */
#define GNTST_eagain            (-12)  /* try again */
#define GNTST_no_space          (-13)  /* out of mapping handles */

/*
 * map_grant_ref: map (dom, ref) at host_addr (a guest VA, or with
 * GNTMAP_contains_pte the machine address of the PTE to fill) and/or for
 * device DMA.  Needs host_map or device_map (else bad_gntref).  dom must
 * name the granter by id (DOMID_SELF: bad_domain; a domain may map its own
 * grants).  ref past the table: bad_gntref.  A grant not for the caller,
 * not permit_access, read-only asked RW, pinned by another domain, pinned
 * 128 times already, or a RW map of a frame that is a page table:
 * general_error.  A granted frame the granter does not own (or a
 * hypervisor frame, such as a grant-table frame): bad_page.  No mapping
 * handle left: no_device_space (as Xen).  device_map: the privileged
 * domain only (there is no IOMMU), else general_error.  On success
 * dev_bus_addr is the frame's machine address and handle names the
 * mapping for unmap.  GTF_reading (and GTF_writing for a RW map) stay set
 * in the granter's entry while any mapping or copy uses it; once pinned,
 * the entry's frame and domid are fixed until the last mapping goes.
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;         /* IN */
    uint32_t flags;             /* IN: GNTMAP_* */
    grant_ref_t ref;            /* IN */
    domid_t dom;                /* IN: the granter */
    int16_t status;             /* OUT: GNTST_* */
    grant_handle_t handle;      /* OUT */
    uint64_t dev_bus_addr;      /* OUT: DMA address (device_map) */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;

/*
 * unmap_grant_ref: undo the parts of mapping `handle` named: the host
 * mapping if host_addr != 0 (it must be the address mapped, else
 * general_error), the device mapping if dev_bus_addr != 0 (it must be the
 * frame's machine address, else general_error).  Naming neither does
 * nothing (okay), as in Xen.  No such handle, or one already unmapped:
 * bad_handle.  The handle is freed when no part is left.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;         /* IN */
    uint64_t dev_bus_addr;      /* IN */
    grant_handle_t handle;      /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;

/*
 * setup_table: make dom's table at least nr_frames frames and write the
 * table's frame numbers to frame_list.  count must be 1 (-XEN_EINVAL).
 * More frames than the limit (64): general_error.  dom: no such domain:
 * bad_domain; another domain without privilege: permission_denied.
 * frame_list not writable: bad_virt_addr.  The frames stay the domain's
 * for its lifetime; it maps them writable like its own frames.
 */
struct gnttab_setup_table {
    domid_t dom;                /* IN */
    uint32_t nr_frames;         /* IN */
    int16_t status;             /* OUT */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;

/* dump_table: print dom's table on the hypervisor console (debug). */
struct gnttab_dump_table {
    domid_t dom;                /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;

/*
 * transfer: give frame mfn to domid, into its accept_transfer entry ref
 * (PV only).  On failure other than bad_page the frame is lost.
 */
struct gnttab_transfer {
    xen_pfn_t mfn;              /* IN */
    domid_t domid;              /* IN */
    grant_ref_t ref;            /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;

/*
 * copy: copy len bytes between two frames, each named either by a grant
 * ref of `domid` (GNTCOPY_*_gref) or, for DOMID_SELF only, by gmfn (a
 * machine frame the caller owns).  Checked in this order: a gmfn with a
 * domid other than DOMID_SELF: permission_denied; no such domain:
 * bad_domain; the source, then the destination, as for map (bad_gntref,
 * general_error, bad_page; a read-only grant or a page-table frame as the
 * destination: general_error); then offset + len beyond the page on
 * either side: bad_copy_arg.  len 0 is checked like any other.
 */
#define GNTCOPY_source_gref (1U << 0)
#define GNTCOPY_dest_gref   (1U << 1)

struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};

struct gnttab_copy {
    struct gnttab_copy_ptr source;  /* IN */
    struct gnttab_copy_ptr dest;    /* IN */
    uint16_t len;               /* IN */
    uint16_t flags;             /* IN: GNTCOPY_* */
    int16_t status;             /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;

/* query_size: the current and maximum size of dom's table, in frames. */
struct gnttab_query_size {
    domid_t dom;                /* IN */
    uint32_t nr_frames;         /* OUT */
    uint32_t max_nr_frames;     /* OUT */
    int16_t status;             /* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;

/* unmap_and_replace: unmap handle at host_addr, moving new_addr's mapping there. */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;         /* IN */
    uint64_t new_addr;          /* IN */
    grant_handle_t handle;      /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;

/*
 * set_version: choose the table format.  rvxen implements 1 only, as Xen
 * with gnttab=max-ver:1: version 1: 0; version 2: -XEN_ENOSYS; any other:
 * -XEN_EINVAL.  version is set to the current version (1) on return.
 */
struct gnttab_set_version {
    uint32_t version;           /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;

/* get_status_frames: v2 status frames of dom. */
struct gnttab_get_status_frames {
    uint32_t nr_frames;         /* IN */
    domid_t dom;                /* IN */
    int16_t status;             /* OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;

/* get_version: the table format dom uses (1).  No such domain: -XEN_ESRCH;
 * another domain without privilege: -XEN_EPERM. */
struct gnttab_get_version {
    domid_t dom;                /* IN */
    uint16_t pad;
    uint32_t version;           /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;

/* swap_grant_ref: exchange two of the caller's entries.  A ref past the
 * table: bad_gntref; either entry in use: eagain. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;          /* IN */
    grant_ref_t ref_b;          /* IN */
    int16_t status;             /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;

/* cache_flush: clean/invalidate part of a frame (by address or gref). */
#define GNTTAB_CACHE_CLEAN       (1U << 0)
#define GNTTAB_CACHE_INVAL       (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31)
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;                        /* IN */
    uint16_t offset;            /* IN */
    uint16_t length;            /* IN */
    uint32_t op;                /* IN: GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;

PUBLIC_CHECK_SIZE(struct grant_entry_v1, 8);
PUBLIC_CHECK_SIZE(struct gnttab_map_grant_ref, 32);
PUBLIC_CHECK_OFF(struct gnttab_map_grant_ref, status, 18);
PUBLIC_CHECK_OFF(struct gnttab_map_grant_ref, handle, 20);
PUBLIC_CHECK_SIZE(struct gnttab_unmap_grant_ref, 24);
PUBLIC_CHECK_OFF(struct gnttab_unmap_grant_ref, status, 20);
PUBLIC_CHECK_SIZE(struct gnttab_setup_table, 24);
PUBLIC_CHECK_OFF(struct gnttab_setup_table, frame_list, 16);
PUBLIC_CHECK_SIZE(struct gnttab_transfer, 24);
PUBLIC_CHECK_SIZE(struct gnttab_copy, 40);
PUBLIC_CHECK_OFF(struct gnttab_copy, dest, 16);
PUBLIC_CHECK_OFF(struct gnttab_copy, status, 36);
PUBLIC_CHECK_SIZE(struct gnttab_query_size, 16);
PUBLIC_CHECK_SIZE(struct gnttab_get_status_frames, 16);

#endif /* PUBLIC_GRANT_TABLE_H */
