/*
 * hvm_op (34): HVMOP_get_param, the documented way a toolstack finds a
 * domain's store and console rings (public/hvm/hvm_op.h, hvm/params.h).
 *
 * The values are the domain builder's (struct domain: store_mfn,
 * store_port, console_mfn, console_port), fixed once the domain is built,
 * so they are read without a lock.  HVMOP_set_param is the toolstack's
 * way to record them for a domain it builds (dom0's builder, as libxl
 * sets them): the control domain only (-EPERM), on another domain that
 * has never run (-EBUSY otherwise), these four parameters only
 * (-EINVAL).  Every other op is -ENOSYS.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/vcpu.h>
#include <public/xen.h>

/* The parameter's value in d, or -EINVAL for one rvxen does not keep. */
static long param_value(const struct domain *d, uint32_t index, uint64_t *value)
{
    switch (index) {
    case HVM_PARAM_STORE_PFN:
        *value = d->store_mfn;
        return 0;
    case HVM_PARAM_STORE_EVTCHN:
        *value = d->store_port;
        return 0;
    case HVM_PARAM_CONSOLE_PFN:
        *value = d->console_mfn;
        return 0;
    case HVM_PARAM_CONSOLE_EVTCHN:
        *value = d->console_port;
        return 0;
    default:
        return -EINVAL;
    }
}

/* Xen's order: the index range, then the domain (*d); 0 or -errno. */
static long param_domain(struct domain *caller, const struct xen_hvm_param *a,
                         struct domain **d)
{
    if (a->index >= HVM_NR_PARAMS)
        return -EINVAL;
    *d = a->domid == DOMID_SELF ? caller : domain_by_id(a->domid);
    return *d ? 0 : -ESRCH;
}

/* ... then the caller's right, then the value. */
static long get_param(struct domain *caller, struct xen_hvm_param *a)
{
    struct domain *d;
    long rc = param_domain(caller, a, &d);

    if (rc)
        return rc;
    if (d != caller && !caller->is_privileged)
        return -EPERM;
    return param_value(d, a->index, &a->value);
}

/* A domain that has never run: created by the toolstack, still paused
 * since, no VCPU initialised to run yet.  The builder sets its rings. */
static bool never_ran(const struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->runstate_time[RUNSTATE_running])
            return false;
    return d->pause_count && !d->is_dying;
}

static long set_param(struct domain *caller, const struct xen_hvm_param *a)
{
    struct domain *d;
    long rc = param_domain(caller, a, &d);

    if (rc)
        return rc;
    if (!caller->is_privileged || d == caller)
        return -EPERM;
    if (!never_ran(d))
        return -EBUSY;
    switch (a->index) {
    case HVM_PARAM_STORE_PFN:
        d->store_mfn = a->value;
        return 0;
    case HVM_PARAM_STORE_EVTCHN:
        d->store_port = (uint32_t)a->value;
        return 0;
    case HVM_PARAM_CONSOLE_PFN:
        d->console_mfn = a->value;
        return 0;
    case HVM_PARAM_CONSOLE_EVTCHN:
        d->console_port = (uint32_t)a->value;
        return 0;
    default:
        return -EINVAL;
    }
}

long do_hvm_op(struct vcpu *curr, unsigned long args[])
{
    struct xen_hvm_param a;
    long rc;

    if (args[0] != HVMOP_get_param && args[0] != HVMOP_set_param)
        return -ENOSYS;
    if (copy_from_guest(&a, args[1], sizeof(a)))
        return -EFAULT;
    if (args[0] == HVMOP_set_param)
        return set_param(curr->domain, &a);
    rc = get_param(curr->domain, &a);
    if (!rc && copy_to_guest(args[1], &a, sizeof(a)))
        return -EFAULT;
    return rc;
}
