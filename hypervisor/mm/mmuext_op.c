/*
 * mmuext_op (26): pins, base pointers, TLB flushes, page clear/copy
 * (public/xen.h documents the ABI and every errno).
 *
 * Batched like mmu_update: stop at the first failing op, *done gets the
 * number completed, MMU_UPDATE_PREEMPTED in count marks a continued call.
 * A pin whose validation is preempted leaves its frame pinned and
 * partially validated (page_type.c); the continued call issues the same
 * pin again, which resumes the validation where it stopped.
 *
 * TLB flushes: *_LOCAL flushes this CPU; *_MULTI and *_ALL flush the
 * domain's translations on every CPU (a superset of the VCPUs a mask
 * names: the mask is read, to fault as Xen does, but not needed).
 * Budget: page clears and copies, and flushes that may wait for other
 * CPUs, cost more than one unit, so a batch of them is preempted too.
 *
 * Locking: mm_lock for the whole call (bounded by the budget).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>
#include <public/xen.h>

static int clear_page(struct domain *d, mfn_t m, struct mm_budget *b)
{
    struct page_info *pg = mfn_in_frame_table(m) ? mfn_to_page(m) : NULL;
    int rc;

    if (!pg || (pg->flags & PGC_xen_heap))
        return -EINVAL;
    rc = get_page_and_type(pg, d, PGT_writable, b);
    if (rc)
        return rc;
    memset(mfn_to_virt(m), 0, PAGE_SIZE);
    mm_budget_charge(b, MM_COST_PAGE);
    put_page_and_type(pg);
    return 0;
}

static int copy_page(struct domain *d, mfn_t dst, mfn_t src, struct mm_budget *b)
{
    struct page_info *sp = mfn_in_frame_table(src) ? mfn_to_page(src) : NULL;
    int rc;

    if (!sp || (sp->flags & PGC_xen_heap) || !get_page(sp, d))
        return -EINVAL;
    rc = -EINVAL;
    if (mfn_in_frame_table(dst) && !(mfn_to_page(dst)->flags & PGC_xen_heap))
        rc = get_page_and_type(mfn_to_page(dst), d, PGT_writable, b);
    if (!rc) {
        memcpy(mfn_to_virt(dst), mfn_to_virt(src), PAGE_SIZE);
        mm_budget_charge(b, MM_COST_PAGE);
        put_page_and_type(mfn_to_page(dst));
    }
    put_page(sp);
    return rc;
}

static int flush(struct vcpu *curr, const struct mmuext_op *op, struct mm_budget *b)
{
    unsigned long mask;
    bool multi = op->cmd == MMUEXT_TLB_FLUSH_MULTI || op->cmd == MMUEXT_INVLPG_MULTI;
    bool all = multi || op->cmd == MMUEXT_TLB_FLUSH_ALL || op->cmd == MMUEXT_INVLPG_ALL;
    bool one = op->cmd == MMUEXT_INVLPG_LOCAL || op->cmd == MMUEXT_INVLPG_MULTI ||
               op->cmd == MMUEXT_INVLPG_ALL;

    if (multi && copy_from_guest(&mask, op->arg2.vcpumask, sizeof(mask)))
        return -EFAULT;
    arch_guest_tlb_flush(curr->domain, all, one ? op->arg1.linear_addr : GUEST_TLB_ALL);
    if (all)
        mm_budget_charge(b, MM_COST_REMOTE);
    return 0;
}

static int one_op(struct vcpu *curr, struct domain *fd, const struct mmuext_op *op,
                  struct mm_budget *b)
{
    mfn_t m = _mfn(op->arg1.mfn);

    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
        return mm_pin(fd, m, op->cmd - MMUEXT_PIN_L1_TABLE, b);
    case MMUEXT_PIN_L4_TABLE:
        return -EINVAL;     /* Sv39 has three levels */
    case MMUEXT_UNPIN_TABLE:
        return mm_unpin(fd, m);
    case MMUEXT_NEW_BASEPTR:
        return fd != curr->domain ? -EPERM : mm_new_baseptr(curr, m, b);
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_ALL:
        return flush(curr, op, b);
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        /* Caches are coherent: nothing to do, for those who may ask. */
        return curr->domain->is_privileged ? 0 : -EACCES;
    case MMUEXT_CLEAR_PAGE:
        return clear_page(fd, m, b);
    case MMUEXT_COPY_PAGE:
        return copy_page(fd, m, _mfn(op->arg2.src_mfn), b);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    }
    return -ENOSYS;         /* SET_LDT, NEW_USER_BASEPTR, unknown */
}

static long run_ops(struct vcpu *curr, struct domain *fd, uint64_t ops, unsigned int count,
                    unsigned int *i, struct mm_budget *b)
{
    for (*i = 0; *i < count; (*i)++) {
        struct mmuext_op op;
        long rc;

        /* The first request of a call always runs: every call progresses. */
        if (*i && !mm_budget_take(b))
            return -ERESTART;
        if (copy_from_guest(&op, ops + (uint64_t)*i * sizeof(op), sizeof(op)))
            return -EFAULT;
        rc = one_op(curr, fd, &op, b);
        if (rc)
            return rc;
    }
    return 0;
}

long do_mmuext_op(struct vcpu *curr, unsigned long args[])
{
    uint64_t ops = args[0], pdone = args[2];
    unsigned int count = (uint32_t)args[1], done = 0, i = 0;
    struct mm_budget b = mm_budget_start();
    struct domain *fd;
    long rc;

    if (curr->domain->is_translated)
        return -ENOSYS;     /* it owns its page tables (hv/p2m.h) */
    if (count & MMU_UPDATE_PREEMPTED) {
        count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
            done = 0;
    }
    if (!mm_guest_array_ok(ops, count, sizeof(struct mmuext_op)))
        return -EFAULT;
    rc = mm_foreign_domain(curr, (uint32_t)args[3] & 0xffff, &fd);
    if (rc)
        return rc;
    if (fd->is_translated)
        return -EINVAL;     /* no PV page tables in a translated domain */
    spin_lock(&mm_lock);
    if (mm_take_pending(curr, fd, __HYPERVISOR_mmuext_op, args, &b, &rc)) {
        spin_unlock(&mm_lock);
        return rc;
    }
    rc = run_ops(curr, fd, ops, count, &i, &b);
    if (rc == -ERESTART) {
        args[0] = ops + (uint64_t)i * sizeof(struct mmuext_op);
        args[1] = (count - i) | MMU_UPDATE_PREEMPTED;
    }
    done += i;
    if (pdone)
        copy_to_guest(pdone, &done, sizeof(done));
    rc = mm_finish(curr, fd, rc, __HYPERVISOR_mmuext_op, args, &b);
    spin_unlock(&mm_lock);
    return rc;
}
