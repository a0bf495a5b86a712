/*
 * memory_op (12): (unsigned int cmd, void *arg) -- a domain's memory
 * reservation and physmap.
 *
 * cmd's low 6 bits select the operation; the bits above carry the extent
 * to restart from when a long operation is continued, so callers pass 0
 * there.  Unknown cmd: -XEN_ENOSYS.
 *
 * Quirk kept from Xen: the reservation operations (increase, decrease,
 * populate) return the number of extents completed, never an errno.  A
 * short count is the only sign of failure, including an unreadable
 * argument, an unknown domid or a privilege denial.
 */
#ifndef PUBLIC_MEMORY_H
#define PUBLIC_MEMORY_H

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

/*
 * increase_reservation / decrease_reservation / populate_physmap, arg
 * struct xen_memory_reservation.  Any domain may call them on itself
 * (domid = DOMID_SELF or its own id); the control domain on any domain.
 *   increase  allocates nr_extents extents of 2^extent_order contiguous,
 *             naturally aligned, zeroed frames and writes each extent's
 *             first MFN to extent_start[i] (if extent_start is not null).
 *             The frames are the domain's and reachable by it at once; its
 *             P2M is its own business.
 *   populate  extent_start[i] holds a pfn on the way in; the extent backing
 *             it is allocated, its frames' M2P entries set to pfn.., and
 *             the first MFN written over extent_start[i].
 *   decrease  gives back the extents whose first MFNs are listed.  A frame
 *             the domain does not own (another domain's, the hypervisor's,
 *             firmware, MMIO, free memory, shared_info) ends the batch.  A
 *             frame that is still mapped, typed or pinned is given back but
 *             not unmapped or unpinned (Xen since XSA-252): it stays the
 *             domain's, in tot_pages and reachable, until its last use goes.
 * Returns the number of extents completed (from the start extent in cmd);
 * never an errno.  A short count is the only sign of a refusal: an
 * unreadable argument, an unknown domain or one the caller may not touch,
 * extent_order above the caller's limit (9 for a domU, 18 for the control
 * domain), nr_extents above 2^26 - 1, a NUMA node other than 0, the
 * populate-on-demand or vnode flags, an address limit no frame meets, an
 * extent list the hypervisor cannot read or write, max_pages or memory
 * exhausted.  A long request is continued transparently.
 */
#define XENMEM_increase_reservation   0
#define XENMEM_decrease_reservation   1
#define XENMEM_populate_physmap       6

/* mem_flags */
#define XENMEMF_address_bits(x)     (x)           /* frames below 2^x */
#define XENMEMF_get_address_bits(x) ((x) & 0xffU)
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)

struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: frame list */
    xen_ulong_t nr_extents;     /* IN */
    unsigned int extent_order;  /* IN: log2 frames per extent */
    unsigned int mem_flags;     /* IN: XENMEMF_* */
    domid_t domid;              /* IN */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;

/*
 * maximum_ram_page, arg ignored: Xen's max_page, one more than the highest
 * RAM frame number.  Never fails.
 * current_reservation / maximum_reservation, arg domid_t *: the domain's
 * tot_pages (frames it owns, including frames given back but still in use)
 * or max_pages.  Unreadable arg: -XEN_EFAULT; unknown domain: -XEN_ESRCH;
 * another domain from an unprivileged caller: -XEN_EPERM.  For every query
 * a non-zero start extent in cmd is -XEN_EINVAL.
 * maximum_gpfn is not implemented on rvxen (-XEN_ENOSYS): a PV domain's
 * pfn space is its own P2M.
 */
#define XENMEM_maximum_ram_page       2
#define XENMEM_current_reservation    3
#define XENMEM_maximum_reservation    4
#define XENMEM_maximum_gpfn          14

/*
 * The machine-to-phys table (M2P): one uint64_t pfn per RAM frame, kept by
 * the hypervisor (MMU_MACHPHYS_UPDATE, populate_physmap, the builder) and
 * readable, never writable, by every domain: its frames are read-only in
 * every G-stage and a leaf PTE may map them only without W.
 *
 * machphys_mfn_list, arg struct xen_machphys_mfn_list: writes the MFNs of
 * the table's frames, in order, up to max_extents of them, and sets
 * nr_extents.  Departure from x86: each entry is one 4 KiB frame, not a
 * 2 MiB extent (Sv39 leaves are 4 KiB here; a 2 MiB extent would cover
 * hypervisor memory beyond the table).  Frame k holds the entries of MFNs
 * first + 512 k .. first + 512 k + 511, where first is the lowest RAM
 * frame (see machphys_mapping).  Any domain.  Returns 0; -XEN_EFAULT if
 * arg or the list cannot be written.
 */
#define XENMEM_machphys_mfn_list      5
struct xen_machphys_mfn_list {
    unsigned int max_extents;   /* IN */
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT */
    unsigned int nr_extents;    /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;

/*
 * add_to_physmap, arg struct xen_add_to_physmap: map a frame of `space`
 * at pfn `gpfn` (translated guests; PV guests map with mmu_update).
 */
#define XENMEM_add_to_physmap         7
#define XENMAPSPACE_shared_info  0  /* idx ignored */
#define XENMAPSPACE_grant_table  1  /* idx = grant-table frame */
#define XENMAPSPACE_gmfn         2  /* idx = another pfn of the domain */
#define XENMAPSPACE_gmfn_range   3  /* as gmfn, `size` frames */
#define XENMAPSPACE_gmfn_foreign 4  /* idx = frame of another domain */
#define XENMAPSPACE_dev_mmio     5  /* idx = device MMIO frame */
#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
    domid_t domid;              /* IN */
    uint16_t size;              /* IN: frames, gmfn_range only */
    unsigned int space;         /* IN: XENMAPSPACE_* */
    xen_ulong_t idx;            /* IN */
    xen_pfn_t gpfn;             /* IN: where to map it */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;

/* remove_from_physmap, arg struct xen_remove_from_physmap. */
#define XENMEM_remove_from_physmap   15
struct xen_remove_from_physmap {
    domid_t domid;              /* IN */
    xen_pfn_t gpfn;             /* IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;

/*
 * memory_map / machine_memory_map / set_memory_map, arg struct
 * xen_memory_map: the guest's (or, privileged, the host's) e820-style map.
 */
#define XENMEM_memory_map             9
#define XENMEM_machine_memory_map    10
#define XENMEM_set_memory_map        13
struct xen_memory_map {
    unsigned int nr_entries;    /* IN: buffer size; OUT: entries written */
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;

/*
 * exchange, arg struct xen_memory_exchange (PV only): atomically swap the
 * frames listed in `in` for newly allocated frames described by `out`.
 * nr_exchanged must be 0 on entry; on return it counts input extents done.
 */
#define XENMEM_exchange              11
struct xen_memory_exchange {
    struct xen_memory_reservation in;   /* IN */
    struct xen_memory_reservation out;  /* IN/OUT */
    xen_ulong_t nr_exchanged;           /* IN: 0; OUT */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;

/*
 * machphys_mapping, arg struct xen_machphys_mapping (OUT): where the M2P
 * goes in a guest's address space.  rvxen maps nothing into a guest's
 * tables itself, so this is a convention: a guest that wants the table
 * maps frame k of machphys_mfn_list read-only at v_start + k * 4096; then
 * ((xen_pfn_t *)MACH2PHYS_VIRT_START)[mfn] is mfn's pfn for every mfn in
 * [(v_start - MACH2PHYS_VIRT_START) / 8, max_mfn], as on x86.  v_end is one
 * past the last entry.  Any domain; returns 0 or -XEN_EFAULT.
 */
#define XENMEM_machphys_mapping      12
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end; /* OUT: VAs of the first real entry and past the last */
    xen_ulong_t max_mfn;        /* OUT: the highest MFN with an entry */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;

/* The remaining operations, numbered as in Xen; not planned for rvxen. */
#define XENMEM_set_pod_target        16
#define XENMEM_get_pod_target        17
#define XENMEM_get_sharing_freed_pages  18
#define XENMEM_get_sharing_shared_pages 19
#define XENMEM_paging_op             20
#define XENMEM_access_op             21
#define XENMEM_sharing_op            22
#define XENMEM_add_to_physmap_batch  23
#define XENMEM_claim_pages           24
#define XENMEM_machphys_compat_mfn_list 25
#define XENMEM_get_vnumainfo         26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource      28

PUBLIC_CHECK_SIZE(struct xen_memory_reservation, 32);
PUBLIC_CHECK_OFF(struct xen_memory_reservation, extent_order, 16);
PUBLIC_CHECK_OFF(struct xen_memory_reservation, domid, 24);
PUBLIC_CHECK_SIZE(struct xen_add_to_physmap, 24);
PUBLIC_CHECK_SIZE(struct xen_machphys_mapping, 24);
PUBLIC_CHECK_SIZE(struct xen_memory_exchange, 72);

#endif /* PUBLIC_MEMORY_H */
