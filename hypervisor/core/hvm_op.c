/*
 * hvm_op (34): HVMOP_get_param and HVMOP_set_param, the documented way a
 * toolstack finds (and records) a domain's store and console rings
 * (public/hvm/hvm_op.h, hvm/params.h).
 *
 * The values are the domain builder's (struct domain: store_mfn,
 * store_port, console_mfn, console_port), frame numbers in the domain's
 * own terms: a machine frame for a PV domain, a guest frame for a
 * translated one (hv/p2m.h) - what Xen gives, for whoever asks; dom0
 * maps the pages through the reserved grant entries anyway.  They are
 * read and written atomically.  set_param is the toolstack's way to record
 * them for a domain it builds (dom0's builder, as libxl sets them): the
 * control domain, on another domain that has never run (-EBUSY), and a
 * frame must be RAM of that domain.  Every other op is -ENOSYS.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/page_type.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/vcpu.h>
#include <public/xen.h>

/* The parameter's value in d, or -EINVAL for one rvxen does not keep. */
static long param_value(const struct domain *d, uint32_t index, uint64_t *value)
{
    switch (index) {
    case HVM_PARAM_STORE_PFN:
        *value = __atomic_load_n(&d->store_mfn, __ATOMIC_RELAXED);
        return 0;
    case HVM_PARAM_STORE_EVTCHN:
        *value = __atomic_load_n(&d->store_port, __ATOMIC_RELAXED);
        return 0;
    case HVM_PARAM_CONSOLE_PFN:
        *value = __atomic_load_n(&d->console_mfn, __ATOMIC_RELAXED);
        return 0;
    case HVM_PARAM_CONSOLE_EVTCHN:
        *value = __atomic_load_n(&d->console_port, __ATOMIC_RELAXED);
        return 0;
    default:
        return -EINVAL;
    }
}

/* A frame number in d's terms that names RAM d owns. */
static bool is_ram_of(struct domain *d, uint64_t frame)
{
    mfn_t m = p2m_guest_frame(d, frame);

    return mfn_in_frame_table(m) && mfn_to_page(m)->owner == d &&
           !(mfn_to_page(m)->flags & PGC_xen_heap);
}

static long set_value(struct domain *d, uint32_t index, uint64_t value)
{
    bool frame = index == HVM_PARAM_STORE_PFN || index == HVM_PARAM_CONSOLE_PFN;
    uint64_t *f = index == HVM_PARAM_STORE_PFN ? &d->store_mfn : &d->console_mfn;
    uint32_t *port = index == HVM_PARAM_STORE_EVTCHN ? &d->store_port : &d->console_port;

    if (frame ? !is_ram_of(d, value) : value > UINT32_MAX)
        return -EINVAL;
    if (frame)
        __atomic_store_n(f, value, __ATOMIC_RELAXED);
    else
        __atomic_store_n(port, (uint32_t)value, __ATOMIC_RELAXED);
    return 0;
}

/* Xen's order: the index range, the domain, the caller's right; then the
 * value.  The domain the call names, or NULL with *rc set. */
static struct domain *param_domain(struct domain *caller, const struct xen_hvm_param *a,
                                   long *rc)
{
    struct domain *d = a->domid == DOMID_SELF ? caller : domain_by_id(a->domid);

    *rc = a->index >= HVM_NR_PARAMS ? -EINVAL : !d ? -ESRCH
        : d != caller && !caller->is_privileged ? -EPERM : 0;
    return *rc ? NULL : d;
}

static long get_param(struct domain *caller, struct xen_hvm_param *a)
{
    long rc;
    struct domain *d = param_domain(caller, a, &rc);

    return d ? param_value(d, a->index, &a->value) : rc;
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

/* As get_param; then only the four ring parameters, not on the caller
 * itself, only on a domain that has never run; then the value. */
static long set_param(struct domain *caller, const struct xen_hvm_param *a)
{
    long rc;
    struct domain *d = param_domain(caller, a, &rc);

    if (!d)
        return rc;
    switch (a->index) {
    case HVM_PARAM_STORE_PFN:
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_PFN:
    case HVM_PARAM_CONSOLE_EVTCHN:
        break;
    default:
        return -EINVAL;
    }
    if (d == caller)
        return -EPERM;
    if (!never_ran(d))
        return -EBUSY;
    return set_value(d, a->index, a->value);
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
