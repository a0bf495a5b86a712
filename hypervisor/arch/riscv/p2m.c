/*
 * The p2m of an auto-translated domain in its G-stage (Sv39x4) table:
 * guest frame -> machine frame (hv/arch/p2m.h).
 *
 * Shape: RAM the builder maps is 2 MiB leaves (level 1) wherever a whole
 * naturally aligned 2 MiB of guest frames is backed by one aligned 2 MiB
 * machine block, 4 KiB leaves elsewhere.  Whatever is mapped later
 * (shared_info, grant-table frames, grant mappings) is a 4 KiB leaf; one
 * that lands inside a 2 MiB leaf splits it into a table of 512 leaves
 * with the same translation first, which needs no flush: a CPU that still
 * holds the old 2 MiB translation translates exactly as the new table
 * does, until the entry that changes is flushed with everything else.
 *
 * The kind of a leaf lives in the two bits the privileged spec leaves to
 * software (RSW): 00 RAM, 01 special (a hypervisor frame shared with the
 * domain), 10 a grant mapping.  G-stage tables are never visible to a
 * guest, so the bits are ours.
 *
 * M2P: for P2M_RAM and P2M_SPECIAL leaves, m2p[mfn] is the guest frame
 * (as Xen keeps it for HVM guests), so that a frame leaving the domain
 * (free_domheap_page -> arch_gstage_unmap) finds its entry.  A grant
 * mapping's frame belongs to another domain, whose M2P entry stays.
 *
 * Locking: the caller's (d->p2m->lock, or the builder's d not running).
 * Entries are written with single release stores; the hardware walker
 * may read them at any time.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/arch/p2m.h>
#include <asm/pagetable.h>

#define KIND_MASK (PTE_RSW0 | PTE_GNTTAB)

static pte_t leaf_flags(enum p2m_kind kind, bool writable)
{
    pte_t f = PTE_V | PTE_R | PTE_U | PTE_A | PTE_D | (writable ? PTE_W : 0);

    switch (kind) {
    case P2M_RAM:
        return f | PTE_X;
    case P2M_SPECIAL:
        return f | PTE_RSW0;
    default:
        return f | PTE_GNTTAB;
    }
}

static enum p2m_kind kind_of(pte_t e)
{
    return (e & PTE_GNTTAB) ? P2M_GRANT : (e & PTE_RSW0) ? P2M_SPECIAL : P2M_RAM;
}

/* Index of guest frame g in a table of `level` (2: the 2048-entry root). */
static unsigned int index_of(uint64_t g, unsigned int level)
{
    return level == 2 ? (unsigned int)((g >> 18) & 0x7ff)
                      : (unsigned int)((g >> (9 * level)) & 0x1ff);
}

static void store(pte_t *e, pte_t v)
{
    __atomic_store_n(e, v, __ATOMIC_RELEASE);
}

static pte_t *new_table(struct domain *d, pte_t *e)
{
    mfn_t m = alloc_xenheap_pages(0);     /* zeroed */

    if (!mfn_valid_raw(m))
        return NULL;
    d->hv_pages++;
    store(e, maddr_to_pte(mfn_to_maddr(m), PTE_V));
    return mfn_to_virt(m);
}

static pte_t *table_below(pte_t e)
{
    return maddr_to_virt(pte_to_maddr(e));
}

/* The level-1 entry covering g; its level-1 table is made if `create`. */
static pte_t *l1_entry(struct domain *d, uint64_t g, bool create)
{
    pte_t *e2 = (pte_t *)mfn_to_virt(d->arch.gstage_root) + index_of(g, 2);
    pte_t *l1;

    if (pte_is_table(*e2))
        l1 = table_below(*e2);
    else if (!create || (*e2 & PTE_V))      /* never a 1 GiB leaf */
        return NULL;
    else if (!(l1 = new_table(d, e2)))
        return NULL;
    return l1 + index_of(g, 1);
}

/* Replace the 2 MiB leaf *e1 by a table of 512 leaves translating alike. */
static int split(struct domain *d, pte_t *e1)
{
    pte_t leaf = *e1, *t;
    mfn_t m = alloc_xenheap_pages(0);

    if (!mfn_valid_raw(m))
        return -ENOMEM;
    d->hv_pages++;
    t = mfn_to_virt(m);
    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        t[i] = leaf + ((pte_t)i << PTE_PPN_SHIFT);
    store(e1, maddr_to_pte(mfn_to_maddr(m), PTE_V));
    return 0;
}

/* The 4 KiB entry for g, splitting or creating what is above it. */
static pte_t *l0_entry(struct domain *d, uint64_t g, bool create, int *rc)
{
    pte_t *e1 = l1_entry(d, g, create);

    *rc = 0;
    if (!e1) {
        *rc = create ? -ENOMEM : 0;
        return NULL;
    }
    if (pte_is_leaf(*e1) && (*rc = split(d, e1)))
        return NULL;
    if (!pte_is_table(*e1) && (!create || !new_table(d, e1))) {
        *rc = create ? -ENOMEM : 0;
        return NULL;
    }
    return table_below(*e1) + index_of(g, 0);
}

/* The old leaf at g leaves the M2P if it named g there. */
static void m2p_forget(pte_t old, uint64_t g)
{
    if (pte_is_leaf(old) && kind_of(old) != P2M_GRANT && m2p_get(pte_to_mfn(old)) == g)
        m2p_set(pte_to_mfn(old), M2P_INVALID);
}

int arch_p2m_reset(struct domain *d)
{
    pte_t *root = mfn_to_virt(d->arch.gstage_root);

    /* The tables below stay allocated (d->hv_pages): they are few. */
    for (unsigned int i = 0; i < 4 * PT_ENTRIES; i++)
        store(&root[i], 0);
    return 0;
}

int arch_p2m_set(struct domain *d, gfn_t gfn, mfn_t m, unsigned int order, enum p2m_kind kind,
                 bool writable)
{
    uint64_t g = gfn_x(gfn);
    pte_t leaf = maddr_to_pte(mfn_to_maddr(m), leaf_flags(kind, writable));
    pte_t *e;
    int rc;

    if (order == P2M_ORDER_2M) {
        e = l1_entry(d, g, true);
        if (!e)
            return -ENOMEM;
        if ((g | mfn_x(m)) & (PT_ENTRIES - 1) || (*e & PTE_V))
            return -EINVAL;          /* the builder maps fresh, aligned ranges */
        store(e, leaf);
    } else {
        e = l0_entry(d, g, true, &rc);
        if (!e)
            return rc;
        m2p_forget(*e, g);
        store(e, leaf);
    }
    for (uint64_t i = 0; kind != P2M_GRANT && i < (1ULL << order); i++)
        m2p_set(_mfn(mfn_x(m) + i), g + i);
    return 0;
}

mfn_t arch_p2m_get(struct domain *d, gfn_t gfn, enum p2m_kind *kind, bool *writable)
{
    uint64_t g = gfn_x(gfn);
    pte_t *e1 = g < P2M_GFN_LIMIT ? l1_entry(d, g, false) : NULL;
    pte_t e = e1 ? __atomic_load_n(e1, __ATOMIC_ACQUIRE) : 0;

    if (pte_is_table(e))
        e = __atomic_load_n(table_below(e) + index_of(g, 0), __ATOMIC_ACQUIRE);
    else if (pte_is_leaf(e))
        e += (g & (PT_ENTRIES - 1)) << PTE_PPN_SHIFT;   /* the frame inside the 2 MiB */
    if (!pte_is_leaf(e))
        return INVALID_MFN;
    *kind = kind_of(e);
    *writable = e & PTE_W;
    return pte_to_mfn(e);
}

int arch_p2m_clear(struct domain *d, gfn_t gfn)
{
    uint64_t g = gfn_x(gfn);
    pte_t *e1 = g < P2M_GFN_LIMIT ? l1_entry(d, g, false) : NULL;
    pte_t *e;
    int rc;

    if (!e1 || !(*e1 & PTE_V))
        return 0;
    e = l0_entry(d, g, false, &rc);
    if (!e)
        return rc;
    m2p_forget(*e, g);
    store(e, 0);
    return 0;
}

/*
 * A dying domain's frame goes back to the heap (arch_gstage_unmap): its
 * whole 2 MiB leaf goes at once, with no table to allocate; the other
 * frames under it are on their way out too, and nothing runs the domain.
 */
void arch_p2m_drop_dying(struct domain *d, gfn_t gfn)
{
    uint64_t g = gfn_x(gfn);
    pte_t *e1 = g < P2M_GFN_LIMIT ? l1_entry(d, g, false) : NULL;

    if (e1 && pte_is_leaf(*e1)) {
        pte_t leaf = *e1;

        for (uint64_t i = 0; i < PT_ENTRIES; i++)
            m2p_forget(leaf + (i << PTE_PPN_SHIFT), (g & ~(uint64_t)(PT_ENTRIES - 1)) + i);
        store(e1, 0);
    } else {
        arch_p2m_clear(d, gfn);
    }
}
