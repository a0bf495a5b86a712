/*
 * mmu_update (1): a batch of checked writes into page tables, and M2P
 * updates (public/xen.h documents the ABI and every errno).
 *
 * The thin do_mmu_update() copies each request in and hands it, on plain
 * types, to mm_update_pte() (pt_ops.c) or machphys_update().  The batch
 * stops at the first failing request; *done receives the number completed
 * (accumulated across continuations, as Xen does: a continued call carries
 * MMU_UPDATE_PREEMPTED in count and reads the running total back from
 * *done).  Preemption: each request costs one unit of the call's budget
 * plus its validation work; when the budget is used up the call continues
 * itself with the requests not yet done.
 *
 * Locking: mm_lock for the whole call (bounded by the budget).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <public/xen.h>

/* foreigndom: bits 15:0 the owner of mapped frames, 31:16 (if non-zero)
 * 1 + the owner of the tables. */
static int resolve_owners(struct vcpu *curr, unsigned int foreigndom, struct domain **pt_owner,
                          struct domain **fd)
{
    unsigned int pfd = foreigndom >> 16;
    int rc = mm_foreign_domain(curr, foreigndom & 0xffff, fd);

    if (rc)
        return rc;
    if (!pfd) {
        *pt_owner = curr->domain;
        return 0;
    }
    return mm_foreign_domain(curr, pfd - 1, pt_owner);
}

static int machphys_update(struct vcpu *curr, struct domain *fd, uint64_t ptr, uint64_t pfn)
{
    mfn_t m = maddr_to_mfn(ptr);
    struct page_info *pg;

    if (fd != curr->domain)
        return -EPERM;      /* as Xen: only for the caller's own frames */
    if (!mfn_in_frame_table(m))
        return -EINVAL;
    pg = mfn_to_page(m);
    if ((pg->flags & PGC_xen_heap) || !get_page(pg, fd))
        return -EINVAL;
    m2p_set(m, pfn);
    put_page(pg);
    return 0;
}

static int one_request(struct vcpu *curr, struct domain *pt_owner, struct domain *fd,
                       const struct mmu_update *req, struct mm_budget *b)
{
    /* As Xen: the command is the bits below the entry size (ptr & 7). */
    unsigned int cmd = req->ptr & (sizeof(pte_t) - 1);
    paddr_t ma = req->ptr & ~(uint64_t)(sizeof(pte_t) - 1);

    switch (cmd) {
    case MMU_NORMAL_PT_UPDATE:
    case MMU_PT_UPDATE_NO_TRANSLATE:
    case MMU_PT_UPDATE_PRESERVE_AD:
        return mm_update_pte(pt_owner, fd, ma, req->val, cmd == MMU_PT_UPDATE_PRESERVE_AD, b);
    case MMU_MACHPHYS_UPDATE:
        return machphys_update(curr, fd, req->ptr, req->val);
    }
    return -ENOSYS;
}

static long run_batch(struct vcpu *curr, struct domain *pt_owner, struct domain *fd,
                      uint64_t reqs, unsigned int count, unsigned int *i, struct mm_budget *b)
{
    long rc = 0;

    for (*i = 0; *i < count; (*i)++) {
        struct mmu_update req;

        /* The first request of a call always runs: every call progresses. */
        if (*i && !mm_budget_take(b))
            return -ERESTART;
        if (copy_from_guest(&req, reqs + (uint64_t)*i * sizeof(req), sizeof(req)))
            return -EFAULT;
        rc = one_request(curr, pt_owner, fd, &req, b);
        if (rc)
            return rc;
    }
    return rc;
}

long do_mmu_update(struct vcpu *curr, unsigned long args[])
{
    uint64_t reqs = args[0], pdone = args[2];
    unsigned int count = (uint32_t)args[1], done = 0, i = 0;
    struct mm_budget b = mm_budget_start();
    struct domain *pt_owner, *fd;
    long rc;

    if (curr->domain->is_translated)
        return -ENOSYS;     /* it owns its page tables (hv/p2m.h) */
    if (count & MMU_UPDATE_PREEMPTED) {
        count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone && copy_from_guest(&done, pdone, sizeof(done)))
            done = 0;
    }
    if (!mm_guest_array_ok(reqs, count, sizeof(struct mmu_update)))
        return -EFAULT;
    rc = resolve_owners(curr, (uint32_t)args[3], &pt_owner, &fd);
    if (rc)
        return rc;
    if (pt_owner->is_translated)
        return -EINVAL;     /* no PV page tables in a translated domain */
    spin_lock(&mm_lock);
    if (mm_take_pending(curr, pt_owner, __HYPERVISOR_mmu_update, args, &b, &rc)) {
        spin_unlock(&mm_lock);
        return rc;
    }
    rc = run_batch(curr, pt_owner, fd, reqs, count, &i, &b);
    if (rc == -ERESTART) {
        args[0] = reqs + (uint64_t)i * sizeof(struct mmu_update);
        args[1] = (count - i) | MMU_UPDATE_PREEMPTED;
    }
    done += i;
    if (pdone)
        copy_to_guest(pdone, &done, sizeof(done));   /* as Xen: not checked */
    rc = mm_finish(curr, pt_owner, rc, __HYPERVISOR_mmu_update, args, &b);
    spin_unlock(&mm_lock);
    return rc;
}
