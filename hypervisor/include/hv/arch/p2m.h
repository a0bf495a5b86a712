/*
 * Arch contract: the p2m of an auto-translated domain (guest frame ->
 * machine frame), kept in the domain's G-stage table, where a PV domain
 * has its identity map.  The core (mm/p2m.c) owns the policy and every
 * reference an entry stands for; these functions only edit the table, and
 * keep the M2P (hv/page_type.h) naming, for each frame of the domain's own
 * (P2M_RAM, P2M_SPECIAL), the guest frame it is mapped at.
 *
 * Caller: d->p2m->lock held, or the builder before d first runs.
 *
 *   int  arch_p2m_reset(d);   empty d's G-stage of what domain_create put
 *        there (the M2P's read-only identity map of PV domains); before d
 *        first runs
 *   int  arch_p2m_set(d, gfn, mfn, order, kind, writable);  map 2^order
 *        frames at gfn (order 0, or P2M_ORDER_2M with gfn and mfn aligned
 *        to it); a 4 KiB entry inside a 2 MiB leaf splits the leaf first.
 *        Replaces what was there: the caller checked it may.  0, or
 *        -ENOMEM with nothing changed.  A right added is published by the
 *        caller (arch_gstage_publish).
 *   mfn_t arch_p2m_get(d, gfn, &kind, &writable);  INVALID_MFN for a hole
 *   int  arch_p2m_clear(d, gfn);  make gfn a hole (a 2 MiB leaf around it
 *        is split first: -ENOMEM if it cannot be); the caller flushes
 *        (arch_gstage_flush) before it drops anything the entry stood for.
 *   void arch_p2m_drop_dying(d, gfn);  as clear, for a dying domain: a 2 MiB
 *        leaf around gfn goes whole (nothing to allocate; every frame under
 *        it is being freed too)
 */
#ifndef HV_ARCH_P2M_H
#define HV_ARCH_P2M_H

#include <hv/types.h>

struct domain;

enum p2m_kind {
    P2M_RAM,        /* a frame the domain owns (allocation reference) */
    P2M_SPECIAL,    /* a hypervisor frame shared with it: shared_info,
                       a grant-table frame */
    P2M_GRANT,      /* another domain's frame, held by a grant mapping */
};

#define P2M_ORDER_2M 9
/* Sv39x4: 41-bit guest-physical addresses. */
#define P2M_GFN_LIMIT (1ULL << 29)

int arch_p2m_reset(struct domain *d);
int arch_p2m_set(struct domain *d, gfn_t g, mfn_t m, unsigned int order, enum p2m_kind kind,
                 bool writable);
mfn_t arch_p2m_get(struct domain *d, gfn_t g, enum p2m_kind *kind, bool *writable);
int arch_p2m_clear(struct domain *d, gfn_t g);
void arch_p2m_drop_dying(struct domain *d, gfn_t g);

#endif /* HV_ARCH_P2M_H */
