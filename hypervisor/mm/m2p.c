/*
 * The machine-to-physical table: for every frame of the frame table, the
 * guest frame number its owner uses for it (MMU_MACHPHYS_UPDATE sets it;
 * the domain builder fills it for the frames it hands out).  It lives in
 * contiguous hypervisor frames, shared read-only with every domain: each
 * domain's G-stage maps them read-only (mm_domain_init) and a leaf may map
 * them read-only (page_type.c), so guests read it as Xen PV guests read
 * theirs.  Entries are indexed by mfn - frame_table_base_mfn.
 *
 * Locking: none.  Each entry is one aligned 64-bit word written atomically;
 * only the owner of a frame (or the builder) writes its entry.
 */
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>

static uint64_t *m2p;
static mfn_t m2p_mfn = { INVALID_MFN_RAW };
static uint64_t m2p_frames;

int m2p_init(void)
{
    uint64_t bytes = frame_table_nr * sizeof(uint64_t);
    unsigned int order = 0;

    m2p_frames = ROUNDUP(bytes, PAGE_SIZE) >> PAGE_SHIFT;
    while ((1ULL << order) < m2p_frames)
        order++;
    m2p_mfn = alloc_xenheap_pages(order);
    if (!mfn_valid_raw(m2p_mfn))
        return -ENOMEM;
    m2p_frames = 1ULL << order;
    m2p = mfn_to_virt(m2p_mfn);
    for (uint64_t i = 0; i < m2p_frames; i++)
        mfn_to_page(_mfn(mfn_x(m2p_mfn) + i))->flags |= PGC_shared_ro;
    for (uint64_t i = 0; i < (m2p_frames << PAGE_SHIFT) / sizeof(uint64_t); i++)
        m2p[i] = M2P_INVALID;
    return 0;
}

uint64_t m2p_get(mfn_t m)
{
    if (!m2p || !mfn_in_frame_table(m))
        return M2P_INVALID;
    return __atomic_load_n(&m2p[mfn_x(m) - frame_table_base_mfn], __ATOMIC_RELAXED);
}

void m2p_set(mfn_t m, uint64_t pfn)
{
    if (m2p && mfn_in_frame_table(m))
        __atomic_store_n(&m2p[mfn_x(m) - frame_table_base_mfn], pfn, __ATOMIC_RELAXED);
}

mfn_t m2p_first_mfn(void) { return m2p_mfn; }
uint64_t m2p_nr_frames(void) { return m2p ? m2p_frames : 0; }
