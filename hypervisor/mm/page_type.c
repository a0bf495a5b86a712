/*
 * The frame type system: references, types, validation and devalidation of
 * Sv39 page tables (the model is in hv/page_type.h; the PTE rules are in
 * pte_rules.c).
 *
 * Life of a page-table frame:
 *
 *   none --get_page_type(lN)--> partial --all 512 entries hold refs--> validated
 *              |                   |  \--budget used up: -ERESTART, stays partial
 *              |                   \--an entry refused: dropped (-> deferred)
 *              v
 *   G-stage read-only and flushed on every CPU *before* the first entry is
 *   read, so nothing the validator has checked can change under it.
 *
 *   validated or partial --last type ref dropped--> deferred (on the owner's
 *   stack, entries released one per budget unit by mm_drain()) --> none,
 *   G-stage writable again.
 *
 * The partial reference.  While a frame is partial its type_count is exactly
 * one, and that reference has exactly one holder: its pin (PGT_pinned set by
 * a preempted MMUEXT_PIN), or the entry of its parent being validated
 * (PGT_partial_child on the parent: entry nr_validated holds it).  Only that
 * holder may continue the validation (resume = true); anybody else meets a
 * type conflict.  So a preempted validation that is then unpinned, or whose
 * parent is dropped, or whose domain dies, releases exactly the references
 * it took: entries [0, nr_validated), plus the partial child if any.
 *
 * Deferred devalidation.  Dropping the last type reference of a table never
 * recurses: the frame goes on its owner's deferred stack (which takes a
 * general reference of its own), and mm_drain() releases its entries from
 * the top of the stack, one unit at a time, so children dropped on the way
 * are finished before their parent.  Every page-table hypercall drains the
 * stack of the domain whose tables it touches before its first request and
 * before it returns, so a guest never sees a half-released table.
 *
 * Shallow validation (mmu_update, NEW_BASEPTR): validating a frame that
 * needs its own children validated first is refused (-EINVAL), so the work
 * of one request is bounded (at most 512 entries) and never left partial.
 * Deep validation, preemptible, is MMUEXT_PIN's.
 *
 * Foreign leaves.  A privileged domain (the toolstack's dom0) may map
 * another domain's frames in its own tables (mmu_update with foreigndom),
 * to build or inspect it.  Such a frame also needs an entry in the
 * mapper's G-stage: it is added with the first foreign leaf, made
 * writable while one of them is writable, and taken away - revoked on
 * every CPU (hv/flush.h) before the leaf's references go - with the last
 * one (page_info.foreign_leaves and foreign_rw count them).  The frame's
 * own domain stays alive (dying, a zombie) while they hold it.
 *
 * Locking: mm_lock (see hv/page_type.h) for everything here except
 * get_page(), which is atomic.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>

spinlock_t mm_lock = SPIN_LOCK_UNLOCKED;
unsigned int mm_budget_units = MM_BUDGET;

#define COUNT_MAX (UINT32_MAX >> 1)

bool mm_budget_take(struct mm_budget *b)
{
    if (!b->left)
        return b->shallow;
    b->left--;
    return true;
}

bool get_page(struct page_info *pg, struct domain *d)
{
    uint32_t old = __atomic_load_n(&pg->count, __ATOMIC_RELAXED);

    do {
        if (old == 0 || old >= COUNT_MAX || !d || pg->owner != d)
            return false;
    } while (!__atomic_compare_exchange_n(&pg->count, &old, old + 1, false,
                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
    if (pg->owner != d) {       /* freed and reused between the checks */
        put_page(pg);
        return false;
    }
    return true;
}

/* An extra general reference on a frame the caller already references. */
static void take_ref(struct page_info *pg)
{
    uint32_t old = __atomic_fetch_add(&pg->count, 1, __ATOMIC_ACQ_REL);

    BUG_ON(old == 0 || old >= COUNT_MAX);
}

static unsigned int table_level(const struct page_info *pg)
{
    return pg->type - PGT_l0_page_table;
}

static pte_t *table_of(const struct page_info *pg)
{
    return mfn_to_virt(page_to_mfn(pg));
}

/* ---- entry references ---- */

/* What a valid leaf maps, and so which references it holds. */
enum leaf_kind { LEAF_NOREF, LEAF_FRAME, LEAF_SHARED };

static enum leaf_kind leaf_kind_of(pte_t e, struct page_info **pgp)
{
    mfn_t m = pte_to_mfn(e);
    struct page_info *pg;

    *pgp = NULL;
    if ((e & PTE_GNTTAB) || !mfn_in_frame_table(m))
        return LEAF_NOREF;      /* grant leaf (the grant holds refs), or MMIO */
    pg = *pgp = mfn_to_page(m);
    if (pg->flags & PGC_xen_heap)
        return pg->owner ? LEAF_SHARED : LEAF_NOREF;   /* shared_info; the M2P */
    return LEAF_FRAME;
}

/* May a leaf of pt_owner's table map pg?  fd: the owner the request named,
 * NULL while validating a whole table (pt_owner, or anyone for a
 * privileged pt_owner, whose foreign mappings survive revalidation). */
static bool owner_ok(const struct page_info *pg, struct domain *pt_owner, struct domain *fd)
{
    if (fd)
        return pg->owner == fd;
    return pg->owner == pt_owner || (pg->owner && pt_owner->is_privileged);
}

/* A leaf of mapper's tables now maps pg, another domain's frame. */
static int foreign_leaf_add(struct domain *mapper, struct page_info *pg, bool writable)
{
    mfn_t m = page_to_mfn(pg);
    bool widen = writable && !pg->foreign_rw;

    if (pg->foreign_leaves == UINT16_MAX)
        return -EBUSY;
    if (!pg->foreign_leaves || widen) {
        if (arch_gstage_map(mapper, m, writable || pg->foreign_rw))
            return -ENOMEM;
        arch_gstage_publish(mapper);
    }
    pg->foreign_leaves++;
    pg->foreign_rw += writable;
    return 0;
}

/* That leaf is going: the mapper's G-stage loses the frame (or write
 * access to it) on every CPU before the caller drops the references. */
static void foreign_leaf_remove(struct domain *mapper, struct page_info *pg, bool writable)
{
    mfn_t m = page_to_mfn(pg);

    pg->foreign_leaves--;
    pg->foreign_rw -= writable;
    if (!pg->foreign_leaves) {
        arch_gstage_unmap(mapper, m);
        arch_gstage_flush(mapper);
    } else if (writable && !pg->foreign_rw) {
        arch_gstage_protect(mapper, m, false);
    }
}

static int get_leaf_refs(struct domain *pt_owner, struct domain *fd, pte_t e, struct mm_budget *b)
{
    struct page_info *pg;
    mfn_t m = pte_to_mfn(e);
    int rc = 0;

    switch (leaf_kind_of(e, &pg)) {
    case LEAF_NOREF:
        if (!pg)
            return iomem_allowed(fd ? fd : pt_owner, m) ? 0 : -EPERM;
        if (!(pg->flags & PGC_shared_ro) || (e & PTE_W))
            return -EINVAL;     /* a hypervisor frame, or the M2P writable */
        return 0;
    case LEAF_SHARED:
        if (!owner_ok(pg, pt_owner, fd) || ((e & PTE_W) && (pg->flags & PGC_shared_ro)))
            return -EINVAL;
        if (!get_page(pg, pg->owner))
            return -EINVAL;
        if (pg->owner != pt_owner && (rc = foreign_leaf_add(pt_owner, pg, e & PTE_W)))
            put_page(pg);
        return rc;
    case LEAF_FRAME:
        break;
    }
    if (!owner_ok(pg, pt_owner, fd) || !get_page(pg, pg->owner))
        return -EINVAL;
    if (e & PTE_W) {
        rc = get_page_type(pg, PGT_writable, b, false);
        if (rc) {
            put_page(pg);
            return rc;
        }
    }
    if (pg->owner == pt_owner)
        return 0;
    rc = foreign_leaf_add(pt_owner, pg, e & PTE_W);
    if (rc) {
        if (e & PTE_W)
            put_page_type(pg);
        put_page(pg);
    }
    return rc;
}

static void put_leaf_refs(struct domain *pt_owner, pte_t e)
{
    struct page_info *pg;

    switch (leaf_kind_of(e, &pg)) {
    case LEAF_NOREF:
        return;
    case LEAF_SHARED:
        if (pg->owner != pt_owner)
            foreign_leaf_remove(pt_owner, pg, e & PTE_W);
        put_page(pg);
        return;
    case LEAF_FRAME:
        if (pg->owner != pt_owner)
            foreign_leaf_remove(pt_owner, pg, e & PTE_W);
        if (e & PTE_W)
            put_page_type(pg);
        put_page(pg);
        return;
    }
}

/* A non-leaf entry of a level-`level` table owned by d: its child must be
 * d's and validate as level - 1. */
static int get_table_refs(struct domain *d, pte_t e, unsigned int level, struct mm_budget *b,
                          bool resume, bool *partial)
{
    mfn_t m = pte_to_mfn(e);
    struct page_info *pg;
    int rc;

    if (!mfn_in_frame_table(m))
        return -EINVAL;
    pg = mfn_to_page(m);
    /* Resuming, the general reference is the one taken the first time. */
    if (!resume && !get_page(pg, d))
        return -EINVAL;
    b->depth++;
    rc = get_page_type(pg, pgt_of_level(level - 1), b, resume);
    b->depth--;
    *partial = holds_partial_ref(pg, rc);
    if (rc && !*partial)
        put_page(pg);
    return rc;
}

int get_entry_refs(struct domain *pt_owner, struct domain *fd, pte_t e, unsigned int level,
                   struct mm_budget *b, bool resume, bool *partial)
{
    *partial = false;
    if (!(e & PTE_V))
        return 0;
    if (pte_is_leaf(e))
        return get_leaf_refs(pt_owner, fd, e, b);
    if (fd && fd != pt_owner)
        return -EINVAL;         /* tables only of the tables' owner (Xen: PFD == FD) */
    return get_table_refs(pt_owner, e, level, b, resume, partial);
}

void put_entry_refs(struct domain *pt_owner, pte_t e)
{
    struct page_info *pg;

    if (!(e & PTE_V))
        return;
    if (pte_is_leaf(e)) {
        put_leaf_refs(pt_owner, e);
        return;
    }
    pg = mfn_to_page(pte_to_mfn(e));
    put_page_type(pg);
    put_page(pg);
}

/* ---- validation ---- */

static void become_none(struct page_info *pg)
{
    pg->type = PGT_none;
    pg->flags &= (uint16_t)~(PGT_validated | PGT_partial | PGT_partial_child | PGT_deferred);
    pg->nr_validated = 0;
    arch_gstage_protect(pg->owner, page_to_mfn(pg), true);
}

/* The last type reference of a table is gone. */
static void start_devalidation(struct page_info *pg)
{
    struct domain *d = pg->owner;

    pg->flags &= (uint16_t)~(PGT_validated | PGT_partial);
    if (!pg->nr_validated && !(pg->flags & PGT_partial_child)) {
        become_none(pg);
        return;
    }
    take_ref(pg);               /* the stack's own reference */
    pg->flags |= PGT_deferred;
    pg->next_deferred = d->mm.deferred;
    d->mm.deferred = pg;
}

/* Check entries [nr_validated, 512) of a partial table, taking their refs. */
static int validate_entries(struct page_info *pg, struct mm_budget *b)
{
    pte_t *t = table_of(pg);
    unsigned int level = table_level(pg);

    while (pg->nr_validated < PT_ENTRIES) {
        unsigned int i = pg->nr_validated;
        bool resume = pg->flags & PGT_partial_child, partial;
        pte_t e = __atomic_load_n(&t[i], __ATOMIC_RELAXED), fixed = e;
        int rc;

        if (!resume && !mm_budget_take(b))
            return -ERESTART;
        rc = (e & PTE_V) ? pte_check(e, level, &fixed) : 0;
        if (!rc)
            rc = get_entry_refs(pg->owner, NULL, fixed, level, b, resume, &partial);
        pg->flags &= (uint16_t)~PGT_partial_child;
        if (rc == -ERESTART && partial)
            pg->flags |= PGT_partial_child;
        if (rc)
            return rc;
        if (fixed != e)
            __atomic_store_n(&t[i], fixed, __ATOMIC_RELAXED);   /* A/D forced */
        pg->nr_validated++;
    }
    pg->flags = (uint16_t)((pg->flags & ~PGT_partial) | PGT_validated);
    return 0;
}

static int continue_validation(struct page_info *pg, struct mm_budget *b)
{
    int rc = validate_entries(pg, b);

    if (rc == 0 || rc == -ERESTART)
        return rc;
    /* Refused: the partial reference goes, and with it what was taken. */
    pg->type_count = 0;
    start_devalidation(pg);
    return rc;
}

/* pg has no type references: give it `type`. */
static int start_type(struct page_info *pg, unsigned int type, struct mm_budget *b)
{
    if (!pgt_is_table(type)) {
        pg->type = (uint8_t)type;
        pg->type_count = 1;
        return 0;
    }
    if (b->shallow && b->depth > 1)
        return -EINVAL;         /* would need a deep validation: pin it first */
    pg->type = (uint8_t)type;
    pg->type_count = 1;
    pg->nr_validated = 0;
    pg->flags = (uint16_t)((pg->flags & ~(PGT_validated | PGT_partial_child)) | PGT_partial);
    /* Read-only for the guest everywhere before a single entry is read. */
    arch_gstage_protect(pg->owner, page_to_mfn(pg), false);
    return continue_validation(pg, b);
}

int get_page_type(struct page_info *pg, unsigned int type, struct mm_budget *b, bool resume)
{
    if (pg->flags & PGT_deferred) {
        int rc = b->shallow ? -EINVAL : mm_drain(pg->owner, b);

        if (rc)
            return rc;
    }
    if (pg->type_count == 0)
        return start_type(pg, type, b);
    if (pg->type != type)
        return -EINVAL;
    if (!pgt_is_table(type) || (pg->flags & PGT_validated)) {
        if (pg->type_count >= COUNT_MAX)
            return -EINVAL;
        pg->type_count++;
        return 0;
    }
    if (!resume)
        return -EINVAL;         /* partial, and the partial ref is not ours */
    return continue_validation(pg, b);
}

void put_page_type(struct page_info *pg)
{
    BUG_ON(pg->type_count == 0);    /* a type reference nobody holds */
    if (--pg->type_count)
        return;
    if (pgt_is_table(pg->type))
        start_devalidation(pg);
}

int get_page_and_type(struct page_info *pg, struct domain *d, unsigned int type,
                      struct mm_budget *b)
{
    int rc;

    if (!get_page(pg, d))
        return -EINVAL;
    rc = get_page_type(pg, type, b, false);
    if (rc && !holds_partial_ref(pg, rc))
        put_page(pg);
    return rc;
}

void put_page_and_type(struct page_info *pg)
{
    put_page_type(pg);
    put_page(pg);
}

/* ---- deferred devalidation ---- */

/* One unit of work on the frame on top of d's stack. */
static void drain_step(struct domain *d, struct page_info *pg)
{
    pte_t *t = table_of(pg);

    if (pg->flags & PGT_partial_child) {
        pg->flags &= (uint16_t)~PGT_partial_child;
        put_entry_refs(d, t[pg->nr_validated]);
        return;
    }
    if (pg->nr_validated) {
        pg->nr_validated--;
        put_entry_refs(d, t[pg->nr_validated]);
        return;
    }
    d->mm.deferred = pg->next_deferred;
    pg->next_deferred = NULL;
    become_none(pg);
    put_page(pg);
}

int mm_drain(struct domain *d, struct mm_budget *b)
{
    struct page_info *pg;

    while ((pg = d->mm.deferred)) {
        if (!b->left)
            return -ERESTART;
        b->left--;
        drain_step(d, pg);
    }
    return 0;
}
