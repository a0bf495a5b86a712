/*
 * domctl (36): the control domain's operations on one domain.
 *
 * Order of checks, as Xen (public/domctl.h): interface_version first
 * (-EACCES), then the caller's privilege (-EPERM), then the domain
 * (-ESRCH), then the operation's own checks.  Each op is a worker on the
 * struct copied in; OUT fields are copied back only on success.  An
 * operation not listed returns -ENOSYS.  New ops add a case to
 * domctl_op() and a worker; nothing else changes.
 *
 * Ops: scheduler_op (the domain's parameters under the scheduler in use:
 * sched/core.c checks sched_id and cmd, the policy the values),
 * getvcpuinfo (one VCPU's state and CPU time) and rvxen's get_domain_name
 * (the builder's name, for dom0's xenstored to write into the store).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/domctl.h>
#include <public/vcpu.h>
#include <public/xen.h>

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

static long domctl_op(struct domain *d, struct xen_domctl *op)
{
    switch (op->cmd) {
    case XEN_DOMCTL_get_domain_name:
        return get_domain_name(d, &op->u.get_domain_name);
    case XEN_DOMCTL_scheduler_op:
        return sched_adjust(d, &op->u.scheduler_op);
    case XEN_DOMCTL_getvcpuinfo:
        return getvcpuinfo(d, &op->u.getvcpuinfo);
    default:
        return -ENOSYS;
    }
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
    if (!(d = domain_by_id(op.domain)))
        return -ESRCH;
    rc = domctl_op(d, &op);
    if (!rc && copy_to_guest(args[0], &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
