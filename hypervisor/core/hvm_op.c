/*
 * hvm_op (34): HVMOP_get_param, the documented way a toolstack finds a
 * domain's store and console rings (public/hvm/hvm_op.h, hvm/params.h).
 *
 * The values are the domain builder's (struct domain: store_mfn,
 * store_port, console_mfn, console_port), fixed once the domain is built,
 * so they are read without a lock.  set_param and every other op are
 * -ENOSYS: rvxen's domains take the values from start_info and nothing
 * changes them later.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
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

/* Xen's order: the index range, the domain, the caller's right, the value. */
static long get_param(struct domain *caller, struct xen_hvm_param *a)
{
    struct domain *d;

    if (a->index >= HVM_NR_PARAMS)
        return -EINVAL;
    d = a->domid == DOMID_SELF ? caller : domain_by_id(a->domid);
    if (!d)
        return -ESRCH;
    if (d != caller && !caller->is_privileged)
        return -EPERM;
    return param_value(d, a->index, &a->value);
}

long do_hvm_op(struct vcpu *curr, unsigned long args[])
{
    struct xen_hvm_param a;
    long rc;

    if (args[0] != HVMOP_get_param)
        return -ENOSYS;
    if (copy_from_guest(&a, args[1], sizeof(a)))
        return -EFAULT;
    rc = get_param(curr->domain, &a);
    if (!rc && copy_to_guest(args[1], &a, sizeof(a)))
        return -EFAULT;
    return rc;
}
