/* memory_op helpers for tests. */
#ifndef CONFORMANCE_MEMORY_H
#define CONFORMANCE_MEMORY_H

#include <stdint.h>
#include <kernel.h>
#include <public/memory.h>

/* One reservation op (increase / decrease / populate) on `domid`. */
static inline long mem_reservation(unsigned int op, xen_pfn_t *list, unsigned long nr,
                                   unsigned int order, unsigned int flags, domid_t domid)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)list, .nr_extents = nr,
        .extent_order = order, .mem_flags = flags, .domid = domid,
    };

    return HYPERVISOR_memory_op(op, &r);
}

static inline long mem_query(unsigned int op, domid_t domid)
{
    domid_t d = domid;

    return HYPERVISOR_memory_op(op, &d);
}

/* This domain's tot_pages and max_pages. */
static inline long mem_current(void)
{
    return mem_query(XENMEM_current_reservation, DOMID_SELF);
}

static inline long mem_maximum(void)
{
    return mem_query(XENMEM_maximum_reservation, DOMID_SELF);
}

/* Whether mfn is one of this domain's start-of-day frames (its P2M), or
 * the shared_info frame the hypervisor shares with it.  A bitmap of the
 * MFNs below 2^20 (all of QEMU virt's RAM up to 4 GiB), built on first use. */
#define MEM_OWN_MFNS (1UL << 20)
static inline bool mem_in_p2m(uint64_t mfn)
{
    static uint64_t own[MEM_OWN_MFNS / 64];
    static bool built;

    if (!built) {
        for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
            if (pfn_to_mfn(pfn) < MEM_OWN_MFNS)
                own[pfn_to_mfn(pfn) / 64] |= 1ULL << (pfn_to_mfn(pfn) % 64);
        if ((start_info->shared_info >> PAGE_SHIFT) < MEM_OWN_MFNS)
            own[(start_info->shared_info >> PAGE_SHIFT) / 64] |=
                1ULL << ((start_info->shared_info >> PAGE_SHIFT) % 64);
        built = true;
    }
    if (mfn >= MEM_OWN_MFNS) {
        for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
            if (pfn_to_mfn(pfn) == mfn)
                return true;
        return false;
    }
    return (own[mfn / 64] >> (mfn % 64)) & 1;
}

/* The M2P's frames (machphys_mfn_list), readable by every domain; their
 * number, or -errno. */
static inline long mem_m2p_frames(xen_pfn_t *frames, unsigned int max)
{
    struct xen_machphys_mfn_list l = { .max_extents = max,
                                       .extent_start = (uint64_t)(uintptr_t)frames };
    long rc = HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l);

    return rc ? rc : (long)l.nr_extents;
}

static inline bool mem_in_list(const xen_pfn_t *frames, long n, uint64_t mfn)
{
    for (long i = 0; i < n; i++)
        if (frames[i] == mfn)
            return true;
    return false;
}

#endif /* CONFORMANCE_MEMORY_H */
