/*
 * Auto-translated domains (type="pvh"): the guest-physical map (mm/p2m.c).
 *
 * Such a domain owns its VS-stage tables and names memory by guest frame
 * (gfn); its G-stage is a real p2m, gfn -> mfn (hv/arch/p2m.h).  Every
 * hypercall that takes a frame number reads it through p2m_guest_frame(),
 * which is the identity for a PV domain (direct paging: its frame numbers
 * are machine frames) and a p2m lookup for a translated one.
 *
 * The guest-physical layout the builder makes is public/arch-riscv.h's
 * "Auto-translated domains".  Entries and the references behind them:
 *   RAM      a frame the domain owns, by its allocation reference; mapped
 *            by the builder; displaced (and given back) only by
 *            add_to_physmap
 *   special  shared_info or one of the domain's grant-table frames (both
 *            hypervisor frames shared with it for its whole life), put
 *            and moved by add_to_physmap; at most one gfn each
 *   grant    another domain's frame, by the pin and page reference of the
 *            grant mapping that put it there (grant/grant_map.c)
 * An entry that goes away is flushed from every CPU (arch_gstage_flush,
 * hv/flush.h) before the reference it stood for is dropped.
 *
 * Locking: d->p2m->lock guards d's p2m entries and the special gfns.  It is
 * innermost: taken under mm_lock (a frame freed under it leaves the p2m),
 * and nothing is taken, no page reference dropped, while it is held.
 */
#ifndef HV_P2M_H
#define HV_P2M_H

#include <hv/types.h>
#include <hv/grant_table.h>
#include <hv/spinlock.h>

struct domain;
struct xen_add_to_physmap;

#define P2M_NO_GFN (~0ULL)

/* A translated domain's p2m state beside its table (d->p2m). */
struct p2m_domain {
    spinlock_t lock;
    uint64_t shared_info_gfn;                /* lock: P2M_NO_GFN while unmapped */
    uint64_t gnttab_gfn[GNTTAB_MAX_FRAMES];  /* lock: likewise, per frame */
};

/* d becomes auto-translated, with an empty p2m; the builder, before d
 * first runs.  0 or -ENOMEM. */
int p2m_make_translated(struct domain *d);

/* The machine frame behind frame number `frame` in d's terms: the number
 * itself for a PV domain; for a translated one the RAM frame at that gfn,
 * or INVALID_MFN (a hole, a special or a granted frame: nothing a frame
 * number may name in a hypercall).  The caller takes its references with
 * the usual ownership checks. */
mfn_t p2m_guest_frame(struct domain *d, uint64_t frame);

/* XENMEM_add_to_physmap for `caller` (public/memory.h; mm/physmap.c). */
long p2m_add_to_physmap(struct domain *caller, const struct xen_add_to_physmap *a);

/* The gfn grant-table frame idx of translated d is mapped at, or ~0. */
uint64_t p2m_gnttab_gfn(struct domain *d, unsigned int idx);

/* A grant mapping of machine frame m into translated d at gfn g, which
 * must be a hole: 0, -EBUSY (something is there), -EINVAL (g beyond the
 * guest-physical space) or -ENOMEM.  Published lazily. */
int p2m_grant_map(struct domain *d, gfn_t g, mfn_t m, bool writable);
/* Remove that mapping (it must be the grant mapping of m): 0 or -EINVAL.
 * The caller flushes (arch_gstage_flush) before it lets go of m. */
int p2m_grant_unmap(struct domain *d, gfn_t g, mfn_t m);

/* arch_gstage_unmap for translated d: machine frame m, being freed, leaves
 * the p2m if it is still there (through the M2P). */
void p2m_frame_leaves(struct domain *d, mfn_t m);
/* A guest-page fault at g: whether the p2m now allows the access. */
bool p2m_allows(struct domain *d, gfn_t g, bool write, bool exec);

#endif /* HV_P2M_H */
