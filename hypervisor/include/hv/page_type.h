/*
 * The frame type system and the page-table validator (mm/page_type.c).
 *
 * Model (Xen PV's, reference/xen-abi.md 9.3, mapped to Sv39):
 *   count       general references (hv/mm.h): every use of a frame.
 *   type        PGT_none, PGT_writable, PGT_l0/l1/l2_page_table (Sv39 level
 *               0 = leaf table .. 2 = root), PGT_shared_info (special).
 *   type_count  references of that type; the type changes only at zero.
 *   PGT_pinned  one type reference held by MMUEXT_PIN_*, not counted twice.
 *   PGT_validated  every entry of the table holds its references.
 *   PGT_partial    validation is under way: entries [0, nr_validated) hold
 *               their references; the frame's one type reference belongs to
 *               its pin or to the parent entry being validated
 *               (PGT_partial_child on the parent).
 *   PGT_deferred   type_count reached zero and entries still hold
 *               references: the frame is on its owner's deferred stack and
 *               is being devalidated, a bounded step at a time.
 * A frame whose type is a page table, in any of these states, is read-only
 * in its owner's G-stage; it becomes PGT_none (and writable again) only
 * when its last entry reference is gone.
 *
 * Every type reference comes with a general reference
 * (get_page_and_type / put_page_and_type).
 *
 * Locking: mm_lock, one lock for the whole machine, guards type, type_count,
 * nr_validated, the PGT_* flags, the deferred stacks and every write into a
 * frame typed as a page table.  count is atomic (hv/mm.h).  Each hypercall
 * holds mm_lock for at most one preemption budget (MM_BUDGET units), so no
 * CPU waits for it long.
 */
#ifndef HV_PAGE_TYPE_H
#define HV_PAGE_TYPE_H

#include <hv/mm.h>
#include <hv/errno.h>
#include <hv/sv39.h>
#include <hv/spinlock.h>

struct domain;
struct vcpu;

extern spinlock_t mm_lock;

/* Preemption: work is counted in units (one PTE checked or released, one
 * batch element).  A hypercall that used up its budget continues itself. */
#define MM_BUDGET 2048
struct mm_budget {
    unsigned int left;
    bool shallow;         /* bounded, never-preempted validation (see page_type.c) */
    unsigned int depth;   /* tables being validated above the current one */
};
extern unsigned int mm_budget_units;   /* MM_BUDGET; tests shrink it */
static inline struct mm_budget mm_budget_start(void)
{
    return (struct mm_budget){ mm_budget_units, false, 0 };
}
/* Take one unit; false when used up (never, for a shallow budget). */
bool mm_budget_take(struct mm_budget *b);
/* Account for work worth n units (a page copied, a remote flush). */
static inline void mm_budget_charge(struct mm_budget *b, unsigned int n)
{
    b->left -= n < b->left ? n : b->left;
}
#define MM_COST_PAGE   16      /* clearing or copying 4 KiB */
#define MM_COST_REMOTE 256     /* a flush that may wait for other CPUs */

/* Per-domain memory-management state (struct domain.mm). */
#define MM_MAX_IOMEM 8
struct iomem_range {
    uint64_t first_mfn, nr;
};
struct domain_mm {
    struct page_info *deferred;            /* mm_lock: stack of PGT_deferred frames */
    uint64_t relinquish_next;              /* mm_lock: frame-table index mm_relinquish resumes at */
    unsigned int nr_iomem;                 /* MMIO this domain may map */
    struct iomem_range iomem[MM_MAX_IOMEM];
};

/* Per-VCPU state (struct vcpu.mm). */
struct vcpu_mm {
    mfn_t root;               /* mm_lock: NEW_BASEPTR root (holds a type ref) or INVALID */
    long pending_rc;          /* result held back while the deferred stack drains */
    unsigned long pending_args[5];
    unsigned long pending_nr;
    bool pending;
};

/* ---- references (mm_lock held for the type calls) ---- */

/* A general reference on a frame d owns (including a hypervisor frame
 * shared with d).  False if pg is free, owned by another domain, or its
 * count would overflow. */
bool get_page(struct page_info *pg, struct domain *d);
/* put_page() is in hv/mm.h. */

/*
 * A type reference of `type` on pg.  For a page-table type whose frame is
 * not validated yet this makes its G-stage entry read-only (and flushes)
 * and then validates it, taking every entry's references, within *b.
 * Returns 0, -EINVAL (type conflict, or an entry the validator refuses:
 * the frame is then devalidated and its references dropped) or -ERESTART
 * (budget used up: the frame stays PGT_partial with its type reference
 * held for the caller, who must come back with resume = true, or drop it
 * with put_page_type).  resume: the caller owns the partial reference of
 * an already PGT_partial frame and continues its validation.
 */
int get_page_type(struct page_info *pg, unsigned int type, struct mm_budget *b, bool resume);
/* After get_page_type() returned rc: does the caller now hold pg's partial
 * type reference?  -ERESTART means either that (the frame is left
 * PGT_partial) or that nothing was taken (a deferred frame is still being
 * released). */
static inline bool holds_partial_ref(const struct page_info *pg, int rc)
{
    return rc == -ERESTART && (pg->flags & PGT_partial);
}
/* Drop a type reference.  The last one of a page table starts its
 * devalidation (deferred: mm_drain() finishes it). */
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d, unsigned int type,
                      struct mm_budget *b);
void put_page_and_type(struct page_info *pg);

/* The references one entry of a level-`level` table of pt_owner holds
 * (fd: owner of mapped frames, NULL while validating a whole table).
 * -ERESTART with *partial set: the child table was left partial holding
 * the caller's reference. */
int get_entry_refs(struct domain *pt_owner, struct domain *fd, pte_t e, unsigned int level,
                   struct mm_budget *b, bool resume, bool *partial);
void put_entry_refs(struct domain *pt_owner, pte_t e);

/* Run d's deferred devalidations within *b: 0 when none is left, else
 * -ERESTART. */
int mm_drain(struct domain *d, struct mm_budget *b);

/* PGT_lN_page_table for an Sv39 level (0..2). */
static inline unsigned int pgt_of_level(unsigned int level) { return PGT_l0_page_table + level; }
static inline bool pgt_is_table(unsigned int type)
{
    return type >= PGT_l0_page_table && type <= PGT_l2_page_table;
}

/* ---- the PTE rules ---- */

/*
 * Check a new entry for a table of `level` owned by pt_owner, whose leaves
 * map frames of fd (pt_owner, or a foreign domain for a privileged caller).
 * Leaves: A is forced on, D on writable ones (the hardware never updates a
 * PTE in a read-only table).  Returns 0 with *out the entry to store, or
 * the errno documented in public/xen.h (mmu_update).
 */
int pte_check(pte_t val, unsigned int level, pte_t *out);

/* ---- pins and base pointers ---- */

int mm_pin(struct domain *d, mfn_t m, unsigned int level, struct mm_budget *b);
int mm_unpin(struct domain *d, mfn_t m);
/* Install root m (validated l2 table of d) as v's base; drops the old. */
int mm_new_baseptr(struct vcpu *v, mfn_t m, struct mm_budget *b);

/*
 * One checked update of the entry at machine address pte_ma (inside a
 * validated table owned by pt_owner), mapping frames of fd.  preserve_ad:
 * MMU_PT_UPDATE_PRESERVE_AD.  Returns 0, a negative errno, or -ERESTART.
 */
int mm_update_pte(struct domain *pt_owner, struct domain *fd, paddr_t pte_ma, pte_t val,
                  bool preserve_ad, struct mm_budget *b);
/* The machine address of the level-0 entry mapping va in v's current
 * address space, or -EINVAL when a table on the way is missing. */
int mm_va_to_pte(struct vcpu *v, uint64_t va, paddr_t *pte_ma);

/* ---- entry points for the grant-table code ----
 * Install a leaf for frame m at pte_ma (a level-0 entry of a validated
 * table owned by d, currently not valid).  The caller already holds a
 * general reference on m (and a PGT_writable type reference if writable)
 * and has mapped m in d's G-stage; the leaf is tagged PTE_GNTTAB, holds no
 * reference of its own, and cannot be changed or removed by mmu_update.
 * -EINVAL if pte_ma is not such an entry. */
int mm_grant_install_leaf(struct domain *d, paddr_t pte_ma, mfn_t m, bool writable);
/* Remove it again (it must map m with PTE_GNTTAB; its table may have been
 * unpinned or released since).  The caller flushes d on every CPU
 * (arch_gstage_flush) before the grant's references go.  Call mm_va_to_pte
 * under mm_lock too. */
int mm_grant_remove_leaf(struct domain *d, paddr_t pte_ma, mfn_t m);

/* ---- MMIO permission ---- */
int iomem_permit(struct domain *d, uint64_t first_mfn, uint64_t nr);
bool iomem_allowed(const struct domain *d, mfn_t m);

/* ---- hypervisor frames shared with a domain (shared_info, grant frames) ----
 * pg (a xenheap frame) becomes owned by d with `type` as a permanent
 * special type; leaves may map it, writably unless readonly. */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d, unsigned int type,
                               bool readonly);
/* The reverse, before the frame is freed (mm_lock held): -EBUSY, and
 * nothing changed, while anything but the hypervisor's own reference
 * remains; else pg is a plain xenheap frame again.  The count goes from 1
 * to 0 atomically, so a racing get_page() fails. */
int unshare_xen_page_with_guest(struct page_info *pg, struct domain *d);

/* ---- the machine-to-physical table (mm/m2p.c) ---- */
#define M2P_INVALID (~0ULL)
int m2p_init(void);
uint64_t m2p_get(mfn_t m);            /* M2P_INVALID outside RAM */
void m2p_set(mfn_t m, uint64_t pfn);
mfn_t m2p_first_mfn(void);            /* xenheap frames holding the table, */
uint64_t m2p_nr_frames(void);         /* indexed by mfn - frame_table_base_mfn */

/* ---- domains ---- */
void mm_domain_init(struct domain *d);
void mm_vcpu_init(struct vcpu *v);
/* Pin root as l2 and make it v's base (the domain builder). */
int mm_builder_install_root(struct vcpu *v, mfn_t root);
/* Domain teardown, first half: drop every base pointer and pin of d and
 * devalidate; 0 when done, -ERESTART to be called again. */
int mm_relinquish(struct domain *d, struct mm_budget *b);
/* All of it at once, taking mm_lock (boot-time discard of a domain). */
void mm_domain_relinquish_all(struct domain *d);

/* ---- shared by the page-table hypercalls (mm/mm_hypercall.c) ---- */
/* The domain a foreigndom field names for curr: DOMID_SELF or its own id
 * is curr's domain; another needs privilege (-EPERM) and must exist
 * (-ESRCH). */
int mm_foreign_domain(struct vcpu *curr, unsigned int id, struct domain **out);
/* A batch of nr elements of size bytes at gva is addressable at all (one
 * canonical Sv39 half): checked before the first element (-EFAULT). */
bool mm_guest_array_ok(uint64_t gva, uint64_t nr, size_t size);
/* Before a page-table hypercall's first request: a result held back for
 * exactly this call (same number and arguments) while d's deferred stack
 * drained is returned now (true, *rc set; *rc = -ERESTART while draining
 * goes on); a held-back result for any other call is dropped. */
bool mm_take_pending(struct vcpu *v, struct domain *d, unsigned long nr,
                     const unsigned long args[], struct mm_budget *b, long *rc);
/* After the last request: drain d's deferred stack; if it cannot finish
 * within *b, hold rc back and continue the call (-ERESTART). */
long mm_finish(struct vcpu *v, struct domain *d, long rc, unsigned long nr,
               const unsigned long args[], struct mm_budget *b);

/* ---- invariants (security.md 4.0, I1-I6) ----
 * 0 if they hold over the frame table and the given domains; else -EINVAL
 * with a description in why.  exact: no references exist beyond those the
 * tables, pins, base pointers and allocations explain (no grant users). */
int check_invariants(struct domain *const *doms, unsigned int nr, bool exact,
                     char *why, size_t why_len);

#endif /* HV_PAGE_TYPE_H */
