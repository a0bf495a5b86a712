/*
 * What the page-table hypercalls (mmu_update.c, mmuext_op.c,
 * update_va_mapping.c) share: the foreigndom lookup and the held-back
 * result.
 *
 * A held-back result.  A request that drops the last type reference of a
 * big table (an unpin, a failed pin, the replacement of a root entry)
 * leaves its devalidation on the owner's deferred stack, and the guest must
 * not see the call return before the references are back.  If draining
 * does not fit in the call's budget, the result is kept in the VCPU with a
 * copy of the call's number and arguments and the call is continued
 * unchanged; when the guest issues it again (the continuation), draining
 * goes on and, once done, the kept result is returned.  A different call
 * in between (the guest left the continuation, e.g. from an upcall) drops
 * the kept result but still drains first.
 *
 * Locking: mm_lock held by the callers of mm_take_pending/mm_finish.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <public/xen.h>

/* As Xen: the domain is looked up first (-ESRCH), the right checked after. */
int mm_foreign_domain(struct vcpu *curr, unsigned int id, struct domain **out)
{
    struct domain *d = curr->domain;

    if (id == DOMID_SELF || id == d->domain_id) {
        *out = d;
        return 0;
    }
    *out = id < DOMID_FIRST_RESERVED ? domain_by_id((domid_t)id) : NULL;
    if (!*out)
        return -ESRCH;
    return d->is_privileged ? 0 : -EPERM;
}

#define GUEST_HALF (1ULL << (SV39_VA_BITS - 1))

/* Xen's guest_handle_okay rule: nr elements of size bytes at gva lie in
 * one canonical half of the Sv39 address space. */
bool mm_guest_array_ok(uint64_t gva, uint64_t nr, size_t size)
{
    uint64_t base = gva >= -GUEST_HALF ? -GUEST_HALF : 0;

    if (!base && gva >= GUEST_HALF)
        return false;
    return size == 0 || nr <= (base + GUEST_HALF - gva) / size;
}

static bool same_call(const struct vcpu *v, unsigned long nr, const unsigned long args[])
{
    if (v->mm.pending_nr != nr)
        return false;
    for (unsigned int i = 0; i < 5; i++)
        if (v->mm.pending_args[i] != args[i])
            return false;
    return true;
}

bool mm_take_pending(struct vcpu *v, struct domain *d, unsigned long nr,
                     const unsigned long args[], struct mm_budget *b, long *rc)
{
    if (mm_drain(d, b)) {
        *rc = -ERESTART;
        return true;
    }
    if (!v->mm.pending)
        return false;
    v->mm.pending = false;
    if (!same_call(v, nr, args))
        return false;
    *rc = v->mm.pending_rc;
    return true;
}

long mm_finish(struct vcpu *v, struct domain *d, long rc, unsigned long nr,
               const unsigned long args[], struct mm_budget *b)
{
    if (rc == -ERESTART || !mm_drain(d, b))
        return rc;
    v->mm.pending = true;
    v->mm.pending_rc = rc;
    v->mm.pending_nr = nr;
    for (unsigned int i = 0; i < 5; i++)
        v->mm.pending_args[i] = args[i];
    return -ERESTART;
}
