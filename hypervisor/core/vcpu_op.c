/*
 * vcpu_op (24): bringing a domain's further VCPUs up and down, runstate
 * information, the VCPU's one-shot timer, and where its vcpu_info lives
 * (public/vcpu.h documents each operation and its errors).
 *
 * A VCPU is created by the domain builder, down and uninitialised unless
 * it is VCPU 0.  VCPUOP_initialise gives it a context once (validated by
 * the arch first, then applied); VCPUOP_up and VCPUOP_down then move it
 * between online and offline through VPF_down, and the scheduler sees the
 * change as a wake or a sleep.  A VCPU can only ever be named by its own
 * domain: vcpuid indexes the caller's domain.
 *
 * The runstate area: a guest VA per VCPU where the hypervisor keeps a copy
 * of struct vcpu_runstate_info.  It is written at registration and then
 * every time the VCPU is switched in or out (sched/core.c calls
 * vcpu_update_runstate_area with the VCPU's address space loaded), which
 * is when its state changes as far as the guest can tell.  As in Xen, the
 * copy written at a switch counts the times up to state_entry_time; the
 * current state's share since then is now - state_entry_time.  As on Xen, a
 * write that faults is skipped: the area is the guest's business.
 *
 * Locking: d->lock guards is_initialised and vcpu_info_mfn, so that
 * initialise and register_vcpu_info happen once per VCPU, and VCPUOP_up
 * (so that a VCPU found down stays down under it); mm_lock (taken
 * inside d->lock for the root, alone for the vcpu_info frame) guards the
 * frames' type references.  pause_flags is
 * updated atomically; runstate_guest is read and written atomically.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/arch/domain.h>
#include <public/vcpu.h>
#include <public/xen.h>

/* Under d->lock, as in Xen: a register_vcpu_info for v that found it down
 * (and so not running guest code) keeps it down until it is done. */
static long vcpu_up(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool wake = false;
    long rc = -EINVAL;

    if (v->is_initialised) {
        wake = __atomic_fetch_and(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST) & VPF_down;
        rc = 0;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (wake)
        vcpu_wake(v);
    return rc;
}

static long vcpu_down(struct vcpu *v)
{
    if (!(__atomic_fetch_or(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST) & VPF_down))
        vcpu_sleep_nosync(v);
    return 0;
}

/*
 * The new VCPU's root table: a validated root of its domain (pinned, or
 * already some VCPU's base), on which it takes its own general and type
 * references exactly as MMUEXT_NEW_BASEPTR does.  -EINVAL otherwise.
 */
static long vcpu_take_root(struct vcpu *v, mfn_t root)
{
    struct mm_budget b = mm_budget_start();
    long rc;

    spin_lock(&mm_lock);
    rc = mm_new_baseptr(v, root, &b);
    spin_unlock(&mm_lock);
    return rc;
}

long vcpu_check_first_context(struct vcpu *v, const struct vcpu_guest_context *ctx,
                              mfn_t *root)
{
    if (v->is_initialised)
        return -EEXIST;
    if ((ctx->flags & ~VGCF_online) || ctx->pad)
        return -EINVAL;
    return arch_vcpu_check_context(v->domain, ctx, root);
}

static long vcpu_initialise(struct vcpu *v, uint64_t extra)
{
    struct vcpu_guest_context ctx;
    struct domain *d = v->domain;
    unsigned long flags;
    mfn_t root;
    long rc;

    if (copy_from_guest(&ctx, extra, sizeof(ctx)))
        return -EFAULT;
    flags = spin_lock_irqsave(&d->lock);
    rc = vcpu_check_first_context(v, &ctx, &root);
    if (!rc)
        rc = vcpu_take_root(v, root);
    if (!rc)
        arch_vcpu_set_context(v, &ctx);
    if (!rc)
        __atomic_store_n(&v->is_initialised, true, __ATOMIC_RELEASE);
    spin_unlock_irqrestore(&d->lock, flags);
    if (!rc && (ctx.flags & VGCF_online))
        vcpu_up(v);
    return rc;
}

static long vcpu_get_runstate(struct vcpu *v, uint64_t extra)
{
    struct vcpu_runstate_info r;

    vcpu_runstate_get(v, &r, true);
    return copy_to_guest(extra, &r, sizeof(r)) ? -EFAULT : 0;
}

void vcpu_update_runstate_area(struct vcpu *v)
{
    uint64_t gva = __atomic_load_n(&v->runstate_guest, __ATOMIC_ACQUIRE);
    struct vcpu_runstate_info r;

    if (!gva)
        return;
    vcpu_runstate_get(v, &r, false);
    (void)copy_to_guest(gva, &r, sizeof(r));
}

/*
 * The first copy goes through the caller's address space, which is the
 * domain's; later ones through v's own (they may differ only if the guest
 * gave its VCPUs different tables, and then the area must be mapped in v's).
 */
static long vcpu_register_runstate(struct vcpu *v, uint64_t extra)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info r;

    if (copy_from_guest(&area, extra, sizeof(area)))
        return -EFAULT;
    __atomic_store_n(&v->runstate_guest, area.addr.h, __ATOMIC_RELEASE);
    if (area.addr.h) {
        vcpu_runstate_get(v, &r, true);
        (void)copy_to_guest(area.addr.h, &r, sizeof(r));
    }
    return 0;
}

static long vcpu_set_singleshot(struct vcpu *curr, struct vcpu *v, uint64_t extra)
{
    struct vcpu_set_singleshot_timer t;

    if (v != curr)
        return -EINVAL;
    if (copy_from_guest(&t, extra, sizeof(t)))
        return -EFAULT;
    if ((t.flags & VCPU_SSHOTTMR_future) && (int64_t)t.timeout_abs_ns < NOW())
        return -ETIME;
    set_timer(&v->singleshot_timer, (s_time_t)t.timeout_abs_ns);
    return 0;
}

static long vcpu_stop_singleshot(struct vcpu *curr, struct vcpu *v)
{
    if (v != curr)
        return -EINVAL;
    stop_timer(&v->singleshot_timer);
    return 0;
}

/*
 * The frame of a vcpu_info holds a general and a PGT_writable type
 * reference for as long as it is registered, as in Xen: the guest can then
 * never make it a page table, and it cannot be freed under the hypervisor's
 * writes.  A frame d does not own, or already typed otherwise (a page
 * table, shared_info, a grant-table frame), is refused with -EINVAL.  If
 * the frame is one of d's tables still being devalidated, the drain runs
 * within this call's budget, and -ERESTART continues the call.
 */
static long vcpu_info_get_frame(struct domain *d, mfn_t m)
{
    struct mm_budget b = mm_budget_start();
    struct page_info *pg;
    int rc;

    if (!mfn_in_frame_table(m))
        return -EINVAL;
    pg = mfn_to_page(m);
    /* On any failure get_page_and_type() has dropped what it took (a
     * writable type is never left partial). */
    spin_lock(&mm_lock);
    rc = get_page_and_type(pg, d, PGT_writable, &b);
    spin_unlock(&mm_lock);
    return rc == -ERESTART ? -ERESTART : rc ? -EINVAL : 0;
}

static void vcpu_info_put_frame(mfn_t m)
{
    spin_lock(&mm_lock);
    put_page_and_type(mfn_to_page(m));
    spin_unlock(&mm_lock);
}

/*
 * Move v's vcpu_info, carrying its contents over.  An event delivered to
 * the old copy meanwhile is not lost: every selector bit and the upcall
 * are raised in the new one, so the guest rescans all ports.
 */
static void vcpu_move_vcpu_info(struct vcpu *v, struct vcpu_info *new)
{
    memcpy(new, v->vcpu_info, sizeof(*new));
    __atomic_store_n(&v->vcpu_info, new, __ATOMIC_SEQ_CST);
    __atomic_store_n(&new->evtchn_pending_sel, ~(xen_ulong_t)0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&new->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    update_vcpu_system_time(v);
    arch_vcpu_kick_upcall(v);
}

/* v is down and off every CPU (its state saved): false if it is not down.
 * A VCPU taken down stops at its CPU's next schedule, so the wait is short;
 * one brought up again meanwhile ends it. */
bool vcpu_wait_down(const struct vcpu *v)
{
    struct cpu_wait w = CPU_WAIT_INIT;
    bool down;

    for (;;) {
        down = __atomic_load_n(&v->pause_flags, __ATOMIC_SEQ_CST) & VPF_down;
        if (!down || (!__atomic_load_n(&v->is_running, __ATOMIC_SEQ_CST) &&
                      !__atomic_load_n(&v->context_busy, __ATOMIC_SEQ_CST)))
            break;
        cpu_relax(&w);
    }
    cpu_wait_end(&w);
    return down;
}

static long vcpu_register_vcpu_info(struct vcpu *curr, struct vcpu *v, uint64_t extra)
{
    struct vcpu_register_vcpu_info info;
    struct domain *d = v->domain;
    unsigned long flags;
    mfn_t m;
    long rc;

    if (copy_from_guest(&info, extra, sizeof(info)))
        return -EFAULT;
    if (info.rsvd || info.offset > PAGE_SIZE - sizeof(struct vcpu_info))
        return -EINVAL;
    /* On the caller itself, or on a VCPU that is down (not running guest
     * code); one that was just taken down may still be switching out. */
    if (v != curr && !vcpu_wait_down(v))
        return -EINVAL;
    /* info.mfn is a frame number in d's terms: a gfn if translated. */
    m = p2m_guest_frame(d, info.mfn);
    rc = vcpu_info_get_frame(d, m);
    if (rc)
        return rc;
    flags = spin_lock_irqsave(&d->lock);
    /* Still down: VCPUOP_up takes d->lock, so v stays down until we are done. */
    if (mfn_valid_raw(v->vcpu_info_mfn) ||
        (v != curr && !(__atomic_load_n(&v->pause_flags, __ATOMIC_SEQ_CST) & VPF_down))) {
        rc = -EINVAL;
    } else {
        v->vcpu_info_mfn = m;
        vcpu_move_vcpu_info(v, (struct vcpu_info *)((char *)mfn_to_virt(m) + info.offset));
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (rc)
        vcpu_info_put_frame(m);
    return rc;
}

void vcpu_release_vcpu_info(struct vcpu *v, struct vcpu_info *fallback)
{
    struct domain *d = v->domain;
    unsigned long flags = spin_lock_irqsave(&d->lock);
    mfn_t m = v->vcpu_info_mfn;

    if (mfn_valid_raw(m)) {
        __atomic_store_n(&v->vcpu_info, fallback, __ATOMIC_SEQ_CST);
        v->vcpu_info_mfn = INVALID_MFN;
    }
    spin_unlock_irqrestore(&d->lock, flags);
    if (mfn_valid_raw(m))
        vcpu_info_put_frame(m);
}

long do_vcpu_op(struct vcpu *curr, unsigned long args[])
{
    unsigned long cmd = args[0];
    unsigned int vcpuid = (unsigned int)args[1];
    uint64_t extra = args[2];
    struct domain *d = curr->domain;
    struct vcpu *v;

    if (vcpuid >= MAX_VIRT_CPUS)
        return -EINVAL;
    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -ENOENT;

    /* A translated domain starts and stops its VCPUs with the SBI's HSM
     * (arch/riscv/vsbi_pvh.c), as Xen on Arm leaves it to PSCI. */
    if (d->is_translated &&
        (cmd == VCPUOP_initialise || cmd == VCPUOP_up || cmd == VCPUOP_down))
        return -EINVAL;
    switch (cmd) {
    case VCPUOP_initialise:
        return vcpu_initialise(v, extra);
    case VCPUOP_up:
        return vcpu_up(v);
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_is_up:
        return !(__atomic_load_n(&v->pause_flags, __ATOMIC_SEQ_CST) & VPF_down);
    case VCPUOP_get_runstate_info:
        return vcpu_get_runstate(v, extra);
    case VCPUOP_register_runstate_memory_area:
        return vcpu_register_runstate(v, extra);
    case VCPUOP_set_singleshot_timer:
        return vcpu_set_singleshot(curr, v, extra);
    case VCPUOP_stop_singleshot_timer:
        return vcpu_stop_singleshot(curr, v);
    case VCPUOP_register_vcpu_info:
        return vcpu_register_vcpu_info(curr, v, extra);
    default:
        return -ENOSYS;
    }
}
