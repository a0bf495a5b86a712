/*
 * update_va_mapping (14) and update_va_mapping_otherdomain (22): rewrite
 * the level-0 entry that maps va in the caller's current address space,
 * with mmu_update's checks, then flush as the flags say (public/xen.h
 * documents the ABI and every errno).  Everything - flags, va, the walk,
 * the entry - is checked before anything changes, and no flush follows a
 * failed update (XSA-279).  _otherdomain: the mapped frame belongs to
 * domid; privileged callers only.
 *
 * Locking: mm_lock for the walk and the update.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>
#include <public/xen.h>

/* The flush the flags ask for, checked: *all (every CPU), *va (one
 * address, or GUEST_TLB_ALL), *none. */
static int decode_flags(unsigned long flags, uint64_t va, bool *none, bool *all,
                        unsigned long *fva)
{
    unsigned long type = flags & UVMF_FLUSHTYPE_MASK, where = flags & ~UVMF_FLUSHTYPE_MASK;
    unsigned long mask;

    if (type == UVMF_FLUSHTYPE_MASK)
        return -EINVAL;
    *none = type == UVMF_NONE;
    *fva = type == UVMF_INVLPG ? va : GUEST_TLB_ALL;
    *all = where != UVMF_LOCAL;
    /* Neither LOCAL nor ALL: a pointer to a VCPU mask (flushed as ALL). */
    if (where != UVMF_LOCAL && where != UVMF_ALL && !*none &&
        copy_from_guest(&mask, where, sizeof(mask)))
        return -EFAULT;
    return 0;
}

static long update_va(struct vcpu *curr, struct domain *fd, unsigned long nr,
                      unsigned long args[])
{
    uint64_t va = args[0];
    pte_t val = args[1];
    struct mm_budget b = mm_budget_start();
    bool none, all;
    unsigned long fva;
    paddr_t pte_ma;
    long rc = decode_flags(args[2], va, &none, &all, &fva);

    if (rc)
        return rc;
    spin_lock(&mm_lock);
    if (mm_take_pending(curr, curr->domain, nr, args, &b, &rc)) {
        spin_unlock(&mm_lock);
        return rc;
    }
    rc = mm_va_to_pte(curr, va, &pte_ma);
    if (!rc)
        rc = mm_update_pte(curr->domain, fd, pte_ma, val, false, &b);
    if (!rc && !none)
        arch_guest_tlb_flush(curr->domain, all, fva);
    rc = mm_finish(curr, curr->domain, rc, nr, args, &b);
    spin_unlock(&mm_lock);
    return rc;
}

long do_update_va_mapping(struct vcpu *curr, unsigned long args[])
{
    if (curr->domain->is_translated)
        return -ENOSYS;     /* it owns its page tables (hv/p2m.h) */
    return update_va(curr, curr->domain, __HYPERVISOR_update_va_mapping, args);
}

long do_update_va_mapping_otherdomain(struct vcpu *curr, unsigned long args[])
{
    struct domain *fd;
    int rc = curr->domain->is_translated ? -ENOSYS
                                         : mm_foreign_domain(curr, (uint32_t)args[3] & 0xffff, &fd);

    if (rc)
        return rc;
    return update_va(curr, fd, __HYPERVISOR_update_va_mapping_otherdomain, args);
}
