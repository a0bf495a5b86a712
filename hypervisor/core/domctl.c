/*
 * domctl (36): the control domain's operations on one domain.
 *
 * Order of checks, as Xen (public/domctl.h): interface_version first
 * (-EACCES), then the caller's privilege (-EPERM), then the domain
 * (-ESRCH; createdomain names a new one), then the operation's own checks.
 * Each op is a worker on the struct copied in; OUT fields are copied back
 * only on success.  An operation not listed returns -ENOSYS.  New ops add
 * a case to domctl_op() and a worker; nothing else changes.
 *
 * The toolstack's life cycle of a domain (public/domctl.h has each op):
 * createdomain gives an empty, paused domain with its VCPUs (all down),
 * shared_info, event channels and grant table - the same domain_create()
 * the boot-time builder uses, so both kinds of domain are one kind of
 * object; max_mem sets its limit; memory comes from XENMEM_populate_physmap
 * naming it (mm/memory_op.c); dom0 writes the image through foreign
 * mappings (mmu_update with foreigndom) and sets VCPU 0's context with
 * setvcpucontext, which validates the bootstrap page tables through the
 * type system on the new domain's behalf, as the boot-time builder's
 * mm_builder_install_root does; unpausedomain starts it.  destroydomain
 * (core/domain_destroy.c) takes it all back, in stages.
 *
 * Locking: domctl_lock makes toolstack operations one at a time, as Xen's
 * domctl lock does; a caller that finds it taken is continued (-ERESTART)
 * rather than left spinning.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/grant_table.h>
#include <hv/page_type.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/vcpu.h>
#include <public/xen.h>

static spinlock_t domctl_lock = SPIN_LOCK_UNLOCKED;

/* ---- creation ---- */

static domid_t domid_rover;

/* Xen's: ids are handed out upwards from the last one, wrapping, skipping
 * those in use (a dying domain keeps its id); 0 when none is free. */
static domid_t allocate_domid(void)
{
    for (unsigned int tries = 0; tries < DOMID_FIRST_RESERVED; tries++) {
        domid_rover = (domid_t)(domid_rover % (DOMID_FIRST_RESERVED - 1) + 1);
        if (!domain_id_in_use(domid_rover))
            return domid_rover;
    }
    return 0;
}

static long check_config(const struct xen_domctl_createdomain *c)
{
    unsigned int gnt_version = c->grant_opts & 0xf;

    if (c->flags || c->iommu_opts || c->altp2m.opts || c->altp2m.nr || c->vmtrace_size ||
        c->ssidref || c->cpupool_id)
        return -EINVAL;         /* PV only, no IOMMU, altp2m, tracing, XSM, pools */
    if (c->max_vcpus == 0 || c->max_vcpus > MAX_VIRT_CPUS)
        return -EINVAL;
    if (c->max_evtchn_port > EVTCHN_2L_NR_CHANNELS - 1)
        return -EINVAL;
    if (c->max_grant_frames > GNTTAB_MAX_FRAMES || c->max_maptrack_frames > GNTTAB_MAX_FRAMES ||
        gnt_version > 2 || (c->grant_opts & ~0xfU))
        return -EINVAL;
    if (c->arch.gaddr_bits && c->arch.gaddr_bits != 41)
        return -EINVAL;         /* Sv39x4 only */
    return 0;
}

/* VCPUs start down and uninitialised: setvcpucontext gives them a context
 * (VGCF_online brings one up).  VCPU n on pCPU (id + n) % online. */
static long create_vcpus(struct domain *d, unsigned int nr)
{
    for (unsigned int i = 0; i < nr; i++) {
        struct vcpu *v = vcpu_create(d, i, (d->domain_id + i) % nr_cpus_online);

        if (!v)
            return -ENOMEM;
        __atomic_or_fetch(&v->pause_flags, VPF_down, __ATOMIC_SEQ_CST);
    }
    return 0;
}

static long createdomain(struct xen_domctl *op)
{
    struct xen_domctl_createdomain *c = &op->u.createdomain;
    domid_t id = op->domain;
    struct domain *d;
    long rc = check_config(c);

    if (rc)
        return rc;
    if (id == 0 || id >= DOMID_FIRST_RESERVED) {
        if (!(id = allocate_domid()))
            return -ENOMEM;
    } else if (domain_id_in_use(id)) {
        return -EEXIST;
    }
    d = domain_create(id, "", false, 0, c->max_vcpus);
    if (!d)
        return -ENOMEM;
    snprintf(d->name, sizeof(d->name), "d%u", id);
    memcpy(d->handle, c->handle, sizeof(d->handle));
    rc = create_vcpus(d, c->max_vcpus);
    if (rc) {
        /* Nothing of it was ever handed out: undone at once (the stages
         * are short; the wait is the other CPUs' next exit, a service
         * point of every wait loop). */
        struct cpu_wait w = CPU_WAIT_INIT;

        while (domain_destroy(d) == -ERESTART)
            cpu_relax(&w);
        cpu_wait_end(&w);
        return -ENOMEM;
    }
    op->domain = id;
    return 0;
}

/* ---- pausing ---- */

#define PAUSE_MAX 255

static long pausedomain(struct vcpu *curr, struct domain *d)
{
    unsigned long flags;
    long rc = 0;

    if (d == curr->domain)
        return -EINVAL;
    flags = spin_lock_irqsave(&d->lock);
    if (d->is_dying)
        rc = -EINVAL;
    else if (d->pause_count >= PAUSE_MAX)
        rc = -EOVERFLOW;
    else
        d->pause_count++;
    spin_unlock_irqrestore(&d->lock, flags);
    if (!rc)
        domain_vcpus_stopped(d);       /* they stop at their CPUs' next schedule */
    return rc;
}

static long unpausedomain(struct vcpu *curr, struct domain *d)
{
    unsigned long flags;
    long rc = 0;

    if (d == curr->domain)
        return -EINVAL;
    flags = spin_lock_irqsave(&d->lock);
    if (d->is_dying || d->pause_count == 0)
        rc = -EINVAL;
    spin_unlock_irqrestore(&d->lock, flags);
    if (!rc)
        domain_unpause(d);
    return rc;
}

/* ---- VCPU contexts ---- */

static struct vcpu *vcpu_of(struct domain *d, uint32_t id, long *rc)
{
    *rc = id >= d->max_vcpus ? -EINVAL : !d->vcpu[id] ? -ESRCH : 0;
    return *rc ? NULL : d->vcpu[id];
}

/*
 * The VCPU's first context, while its domain is paused: checked, then its
 * root validated and pinned for the domain (the whole bootstrap tree
 * through the type system), then applied; once per VCPU, as
 * VCPUOP_initialise.
 */
static long setvcpucontext(struct vcpu *curr, struct domain *d,
                           struct xen_domctl_vcpucontext *op)
{
    struct vcpu_guest_context ctx;
    unsigned long flags;
    struct vcpu *v;
    mfn_t root;
    long rc;

    if (d == curr->domain)
        return -EINVAL;
    if (!(v = vcpu_of(d, op->vcpu, &rc)))
        return rc;
    if (copy_from_guest(&ctx, op->ctxt, sizeof(ctx)))
        return -EFAULT;
    flags = spin_lock_irqsave(&d->lock);
    if (!d->pause_count || d->is_dying)
        rc = -EBUSY;
    else
        rc = vcpu_check_first_context(v, &ctx, &root);
    if (!rc)
        rc = mm_builder_install_root(v, root);
    if (!rc) {
        arch_vcpu_set_context(v, &ctx);
        __atomic_store_n(&v->is_initialised, true, __ATOMIC_RELEASE);
        if (ctx.flags & VGCF_online)
            __atomic_and_fetch(&v->pause_flags, ~VPF_down, __ATOMIC_SEQ_CST);
    }
    spin_unlock_irqrestore(&d->lock, flags);
    return rc;
}

/* The saved state of a VCPU of a domain the controller has paused. */
static long getvcpucontext(struct vcpu *curr, struct domain *d,
                           struct xen_domctl_vcpucontext *op)
{
    struct vcpu_guest_context ctx;
    struct vcpu *v;
    long rc;

    if (d == curr->domain)
        return -EINVAL;
    if (!(v = vcpu_of(d, op->vcpu, &rc)))
        return rc;
    if (!d->pause_count)
        return -EBUSY;
    if (!domain_vcpus_stopped(d))
        return -ERESTART;
    arch_vcpu_get_context(v, &ctx);
    return copy_to_guest(op->ctxt, &ctx, sizeof(ctx)) ? -EFAULT : 0;
}

/* ---- small ops ---- */

/* The VCPU's runstate is read without its CPU's lock: the figures are a
 * snapshot, as Xen's. */
static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *op)
{
    const struct vcpu *v;
    uint64_t cpu_time;

    if (op->vcpu >= d->max_vcpus)
        return -EINVAL;
    if (!(v = d->vcpu[op->vcpu]))
        return -ESRCH;
    cpu_time = (uint64_t)v->runstate_time[RUNSTATE_running];
    if (v->runstate == RUNSTATE_running)
        cpu_time += (uint64_t)(NOW() - v->runstate_entry);
    op->online = !(v->pause_flags & VPF_down);
    op->blocked = !!(v->pause_flags & VPF_blocked);
    op->running = v->is_running;
    op->cpu_time = cpu_time;
    op->cpu = v->processor;
    return 0;
}

static long get_domain_name(const struct domain *d, struct xen_domctl_get_domain_name *op)
{
    memset(op->name, 0, sizeof(op->name));
    strlcpy(op->name, d->name, sizeof(op->name));
    return 0;
}

/* As Xen: the limit may go below what the domain has; it then gets
 * nothing more until it is under the limit again. */
static long max_mem(struct domain *d, const struct xen_domctl_max_mem *op)
{
    unsigned long flags = spin_lock_irqsave(&d->page_alloc_lock);

    d->max_pages = op->max_memkb >> (PAGE_SHIFT - 10);
    spin_unlock_irqrestore(&d->page_alloc_lock, flags);
    return 0;
}

static long domctl_op(struct vcpu *curr, struct domain *d, struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        return d == curr->domain || d == hardware_domain ? -EINVAL : domain_destroy(d);
    case XEN_DOMCTL_pausedomain:
        return pausedomain(curr, d);
    case XEN_DOMCTL_unpausedomain:
        return unpausedomain(curr, d);
    case XEN_DOMCTL_getdomaininfo:
        domain_get_info(d, &op->u.getdomaininfo);
        return 0;
    case XEN_DOMCTL_max_mem:
        return max_mem(d, &op->u.max_mem);
    case XEN_DOMCTL_setvcpucontext:
        return setvcpucontext(curr, d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpucontext:
        return getvcpucontext(curr, d, &op->u.vcpucontext);
    case XEN_DOMCTL_getvcpuinfo:
        return getvcpuinfo(d, &op->u.getvcpuinfo);
    case XEN_DOMCTL_max_vcpus:
        return op->u.max_vcpus.max == d->max_vcpus ? 0 : -EINVAL;
    case XEN_DOMCTL_scheduler_op:
        return sched_adjust(d, &op->u.scheduler_op);
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_get_domain_name:
        return get_domain_name(d, &op->u.get_domain_name);
    default:
        return -ENOSYS;
    }
}

/* The domain an op names: a live one, or for destroydomain also one whose
 * destruction is under way (a continuation, or a zombie destroyed again). */
static struct domain *op_domain(const struct xen_domctl *op)
{
    struct domain *d = domain_by_id(op->domain);

    if (!d && op->cmd == XEN_DOMCTL_destroydomain)
        d = domain_dying_by_id(op->domain);
    return d;
}

long do_domctl(struct vcpu *curr, unsigned long args[])
{
    struct xen_domctl op;
    struct domain *d;
    long rc;

    if (copy_from_guest(&op, args[0], sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!curr->domain->is_privileged)
        return -EPERM;
    if (!spin_trylock(&domctl_lock))
        return -ERESTART;
    if (op.cmd == XEN_DOMCTL_createdomain)
        rc = createdomain(&op);
    else if (!(d = op_domain(&op)))
        rc = -ESRCH;
    else
        rc = domctl_op(curr, d, &op);
    spin_unlock(&domctl_lock);
    if (!rc && copy_to_guest(args[0], &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
