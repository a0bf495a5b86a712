/*
 * memory_op: a domain's memory reservation, Xen PV's model.
 *
 * A PV guest keeps its own P2M (pseudo-physical -> machine) table, so the
 * hypervisor deals in machine frames only:
 *   increase_reservation  allocate nr_extents extents of 2^extent_order
 *                         frames and report their MFNs;
 *   populate_physmap      the same for the pfns listed in extent_start[],
 *                         recording each frame's pfn in the M2P (as Xen PV
 *                         does) and writing the MFN back over the pfn;
 *   decrease_reservation  give back the frames whose MFNs are listed.
 * A frame the domain gains is mapped read-write in its G-stage at once; a
 * frame leaves the G-stage only when it is really freed (page_alloc.c), so
 * the domain never reaches a frame it no longer owns.
 *
 * Giving back a frame drops its allocation reference, as Xen's
 * guest_remove_page does since XSA-252: it is never unpinned, unmapped or
 * untyped implicitly.  A frame still mapped, typed as a page table or
 * pinned stays alive - owned, counted in tot_pages and in the G-stage -
 * until its last reference goes, and is freed then.  A frame the domain
 * does not own (another domain's, the hypervisor's, shared_info, firmware,
 * MMIO, free memory) or one given back already is refused and ends the
 * batch.
 *
 * Results follow Xen's quirk: the three reservation operations return the
 * number of extents done, never an errno; every refusal (unreadable
 * argument, unknown domain, privilege, extent order above the caller's
 * limit, NUMA node other than 0, memory or max_pages exhausted) shows only
 * as a short count.  Long requests are continued between extents with the
 * progress in cmd's upper bits (MEMOP_EXTENT_SHIFT).
 *
 * The machine-to-phys table (M2P) belongs to mm/m2p.c; memory_op tells
 * guests where its frames are (machphys_mfn_list, machphys_mapping).
 *
 * Locking: none of its own.  The allocator locks (page_alloc.c) guard
 * frames and tot_pages; get_page() takes a frame's count atomically and
 * fails on a free or foreign frame.  Types are not touched, so mm_lock is
 * not needed: every type reference comes with a general one, so a frame
 * with a type never reaches count zero here.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>
#include <public/memory.h>

/* Xen's CONFIG_DOMU_MAX_ORDER and, for the control domain, the allocator's. */
#define DOMU_MAX_ORDER   9
#define CTLDOM_MAX_ORDER MAX_ORDER

struct memop {
    struct domain *d;           /* the domain whose reservation changes */
    uint64_t list;              /* guest address of the xen_pfn_t array */
    uint64_t nr_extents;
    unsigned int order;
    uint64_t frame_limit;       /* frames must lie below this MFN */
    uint64_t done;              /* IN/OUT: extents completed */
    bool preempted;
};

static unsigned int max_order(const struct domain *caller)
{
    return caller->is_privileged ? CTLDOM_MAX_ORDER : DOMU_MAX_ORDER;
}

/* Xen's rcu_lock_domain_by_any_id plus the XSM_TARGET check. */
static struct domain *target_domain(struct vcpu *curr, domid_t domid, long *err)
{
    struct domain *d = domid == DOMID_SELF ? curr->domain : domain_by_id(domid);

    *err = 0;
    if (!d)
        *err = -ESRCH;
    else if (d != curr->domain && !curr->domain->is_privileged)
        *err = -EPERM;
    return *err ? NULL : d;
}

/* ---- allocation ---- */

/* Map 2^order new frames read-write in d's G-stage; on failure none is. */
static int gstage_add(struct domain *d, mfn_t first, unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        if (arch_gstage_map(d, _mfn(mfn_x(first) + i), true)) {
            while (i--)
                arch_gstage_unmap(d, _mfn(mfn_x(first) + i));
            arch_gstage_flush(d);       /* before the frames go back to the heap */
            return -ENOMEM;
        }
    }
    return 0;
}

/* An extent of a->order frames for a->d, in its G-stage; INVALID_MFN if
 * memory, max_pages or the address limit says no. */
static mfn_t alloc_extent(const struct memop *a)
{
    mfn_t m = alloc_domheap_pages(a->d, a->order);

    if (!mfn_valid_raw(m))
        return m;
    if (mfn_x(m) + (1ULL << a->order) > a->frame_limit || gstage_add(a->d, m, a->order)) {
        free_domheap_pages(m, a->order);
        return INVALID_MFN;
    }
    return m;
}

static void increase_reservation(struct memop *a, s_time_t start)
{
    uint64_t i;

    for (i = a->done; i < a->nr_extents; i++) {
        mfn_t m;
        xen_pfn_t out;

        if (i != a->done && hypercall_preempt_check(start)) {
            a->preempted = true;
            break;
        }
        m = alloc_extent(a);
        if (!mfn_valid_raw(m))
            break;
        out = mfn_x(m);
        if (a->list && copy_to_guest(a->list + i * sizeof(out), &out, sizeof(out))) {
            free_domheap_pages(m, a->order);
            break;
        }
    }
    a->done = i;
}

static void populate_physmap(struct memop *a, s_time_t start)
{
    uint64_t i;

    for (i = a->done; i < a->nr_extents; i++) {
        xen_pfn_t pfn, out;
        mfn_t m;

        if (i != a->done && hypercall_preempt_check(start)) {
            a->preempted = true;
            break;
        }
        if (copy_from_guest(&pfn, a->list + i * sizeof(pfn), sizeof(pfn)))
            break;
        m = alloc_extent(a);
        if (!mfn_valid_raw(m))
            break;
        for (uint64_t j = 0; j < (1ULL << a->order); j++)
            m2p_set(_mfn(mfn_x(m) + j), pfn + j);
        out = mfn_x(m);
        if (copy_to_guest(a->list + i * sizeof(out), &out, sizeof(out)))
            break;      /* the frames stay the domain's, as in Xen */
    }
    a->done = i;
}

/* ---- giving back ---- */

/* Xen's guest_remove_page for a PV domain: drop the allocation reference
 * of frame gmfn (an MFN), which d must own.  0 or -errno. */
static int remove_page(struct domain *d, uint64_t gmfn)
{
    mfn_t m = _mfn(gmfn);
    struct page_info *pg;

    if (!mfn_in_frame_table(m))
        return -EINVAL;
    pg = mfn_to_page(m);
    if (!get_page(pg, d))
        return -ENXIO;
    if (pg->flags & PGC_xen_heap) {     /* shared_info, grant frames: never given back */
        put_page(pg);
        return -EINVAL;
    }
    put_page_alloc_ref(pg);
    put_page(pg);
    return 0;
}

static void decrease_reservation(struct memop *a, s_time_t start)
{
    uint64_t i;

    for (i = a->done; i < a->nr_extents; i++) {
        xen_pfn_t gmfn;
        uint64_t j;

        if (i != a->done && hypercall_preempt_check(start)) {
            a->preempted = true;
            break;
        }
        if (copy_from_guest(&gmfn, a->list + i * sizeof(gmfn), sizeof(gmfn)))
            break;
        for (j = 0; j < (1ULL << a->order); j++)
            if (remove_page(a->d, gmfn + j))
                break;
        if (j < (1ULL << a->order))
            break;
    }
    a->done = i;
}

/* ---- the reservation sub-ops ---- */

/*
 * Xen's construct_memop_from_reservation: mem_flags may ask for frames
 * below 2^address_bits and name NUMA node 0 (the only one); anything else
 * refuses the request.
 */
static bool read_flags(const struct xen_memory_reservation *r, struct memop *a)
{
    unsigned int bits = XENMEMF_get_address_bits(r->mem_flags);
    unsigned int node = XENMEMF_get_node(r->mem_flags);
    uint64_t ram_end = frame_table_base_mfn + frame_table_nr;

    a->frame_limit = UINT64_MAX;
    if (r->mem_flags & (XENMEMF_populate_on_demand | XENMEMF_vnode))
        return false;
    if (node != 0xffU && node != 0)
        return false;
    if (bits && bits <= PAGE_SHIFT)
        return false;
    if (bits && bits - PAGE_SHIFT < 64 && ram_end > 1ULL << (bits - PAGE_SHIFT))
        a->frame_limit = 1ULL << (bits - PAGE_SHIFT);
    return true;
}

static long reservation_op(struct vcpu *curr, unsigned int op, uint64_t start_extent,
                           unsigned long args[])
{
    struct xen_memory_reservation r;
    struct memop a = { .done = start_extent };
    s_time_t start = NOW();
    long err;

    if (copy_from_guest(&r, args[1], sizeof(r)) ||
        r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) || start_extent >= r.nr_extents ||
        r.extent_order > max_order(curr->domain) || !read_flags(&r, &a))
        return (long)start_extent;
    a.d = target_domain(curr, r.domid, &err);
    if (a.d && a.d->is_translated)
        return -ENOSYS;     /* public/memory.h: not for translated domains yet */
    a.list = r.extent_start;
    a.nr_extents = r.nr_extents;
    a.order = r.extent_order;
    if (!a.d || (op != XENMEM_increase_reservation && !a.list) ||
        (a.list && !guest_handle_okay(a.list, r.nr_extents, sizeof(xen_pfn_t))))
        return (long)start_extent;
    if (op == XENMEM_increase_reservation)
        increase_reservation(&a, start);
    else if (op == XENMEM_populate_physmap)
        populate_physmap(&a, start);
    else
        decrease_reservation(&a, start);
    if (op != XENMEM_decrease_reservation)
        arch_gstage_publish(a.d);      /* frames added; those given back left
                                          with their last reference */
    if (a.preempted) {
        args[0] = op | (a.done << MEMOP_EXTENT_SHIFT);
        return -ERESTART;
    }
    return (long)a.done;
}

/* ---- the M2P ---- */

static long machphys_mfn_list(uint64_t arg)
{
    struct xen_machphys_mfn_list l;
    uint64_t first = mfn_x(m2p_first_mfn()), n = m2p_nr_frames();
    unsigned int i;

    if (copy_from_guest(&l, arg, sizeof(l)))
        return -EFAULT;
    for (i = 0; i < l.max_extents && i < n; i++) {
        xen_pfn_t m = first + i;

        if (copy_to_guest(l.extent_start + i * sizeof(m), &m, sizeof(m)))
            return -EFAULT;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

static long machphys_mapping(uint64_t arg)
{
    struct xen_machphys_mapping map = {
        .v_start = MACH2PHYS_VIRT_START + frame_table_base_mfn * sizeof(xen_pfn_t),
        .max_mfn = frame_table_base_mfn + frame_table_nr - 1,
    };

    map.v_end = map.v_start + frame_table_nr * sizeof(xen_pfn_t);
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/* current_reservation / maximum_reservation: arg is a domid_t. */
static long reservation_query(struct vcpu *curr, unsigned int op, uint64_t arg)
{
    domid_t domid;
    struct domain *d;
    long err;

    if (copy_from_guest(&domid, arg, sizeof(domid)))
        return -EFAULT;
    d = target_domain(curr, domid, &err);
    if (!d)
        return err;
    return (long)(op == XENMEM_current_reservation ? __atomic_load_n(&d->tot_pages, __ATOMIC_RELAXED)
                                                   : d->max_pages);
}

/* XENMEM_add_to_physmap: the work is mm/p2m.c's. */
static long add_to_physmap(struct vcpu *curr, uint64_t arg)
{
    struct xen_add_to_physmap a;

    if (copy_from_guest(&a, arg, sizeof(a)))
        return -EFAULT;
    return p2m_add_to_physmap(curr->domain, &a);
}

long do_memory_op(struct vcpu *curr, unsigned long args[])
{
    unsigned int op = (unsigned int)args[0] & MEMOP_CMD_MASK;
    uint64_t start_extent = args[0] >> MEMOP_EXTENT_SHIFT;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        return reservation_op(curr, op, start_extent, args);
    }
    if (start_extent)
        return -EINVAL;
    switch (op) {
    case XENMEM_maximum_ram_page:
        return (long)(frame_table_base_mfn + frame_table_nr);
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return reservation_query(curr, op, args[1]);
    case XENMEM_machphys_mfn_list:
        return curr->domain->is_translated ? -ENOSYS : machphys_mfn_list(args[1]);
    case XENMEM_machphys_mapping:
        return curr->domain->is_translated ? -ENOSYS : machphys_mapping(args[1]);
    case XENMEM_add_to_physmap:
        return add_to_physmap(curr, args[1]);
    default:
        return -ENOSYS;
    }
}
