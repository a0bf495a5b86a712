/*
 * sched_op and set_timer_op: what a VCPU asks of the scheduler.
 *
 * yield, block (wait for an event; enables event delivery first), shutdown
 * (the first reason latched wins; every SHUTDOWN_* reason is logged),
 * shutdown_code (latch the reason for a later shutdown), remote_shutdown
 * (control domain only).  Poll and the watchdog come with later issues.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/sched.h>
#include <public/xen.h>

static long sched_shutdown(struct vcpu *curr, uint64_t arg, bool latch_only)
{
    struct sched_shutdown s;
    struct domain *d = curr->domain;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (latch_only) {
        unsigned long flags = spin_lock_irqsave(&d->lock);

        if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
            d->shutdown_code = s.reason;
        spin_unlock_irqrestore(&d->lock, flags);
        return 0;
    }
    domain_shutdown(d, s.reason);
    return 0;
}

static long sched_remote_shutdown(struct vcpu *curr, uint64_t arg)
{
    struct sched_remote_shutdown r;
    struct domain *d;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    /* Xen's order: the domain, then the caller's right, then the reason. */
    d = domain_by_id(r.domain_id);
    if (!d)
        return -ESRCH;
    if (!curr->domain->is_privileged)
        return -EPERM;
    if (r.reason > SHUTDOWN_MAX)
        return -EINVAL;
    domain_shutdown(d, r.reason);
    return 0;
}

long do_sched_op(struct vcpu *curr, unsigned long args[])
{
    switch (args[0]) {
    case SCHEDOP_yield:
        vcpu_yield(curr);
        return 0;
    case SCHEDOP_block:
        vcpu_block(curr);
        return 0;
    case SCHEDOP_shutdown:
        return sched_shutdown(curr, args[1], false);
    case SCHEDOP_shutdown_code:
        return sched_shutdown(curr, args[1], true);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(curr, args[1]);
    default:
        return -ENOSYS;
    }
}

/*
 * set_timer_op(absolute system time in ns): one-shot VIRQ_TIMER.  0 cancels.
 * A deadline in the past fires at once; a negative one, or one more than
 * 2^50 ns ahead, is taken as 100 ms from now, as Xen does.
 */
long do_set_timer_op(struct vcpu *curr, unsigned long args[])
{
    int64_t timeout = (int64_t)args[0];
    s_time_t now = NOW();

    if (timeout == 0) {
        stop_timer(&curr->singleshot_timer);
        return 0;
    }
    if (timeout < 0 || timeout - now > (1LL << 50))
        timeout = now + MILLISECS(100);
    set_timer(&curr->singleshot_timer, timeout);
    return 0;
}
