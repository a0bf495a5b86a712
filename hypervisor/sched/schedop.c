/*
 * sched_op and set_timer_op: what a VCPU asks of the scheduler.
 *
 * yield, block (wait for an event; enables event delivery first), shutdown
 * (the first reason latched wins; every SHUTDOWN_* reason is logged),
 * shutdown_code (latch the reason for a later shutdown), remote_shutdown
 * (control domain only), poll (sleep until one of a list of ports is
 * pending, or a time-out).  The watchdog comes with a later issue.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/event_channel.h>
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

#define SCHED_POLL_MAX_PORTS 128

/*
 * Xen's checks before sleeping, with curr already marked as a poller (so
 * that an event raised meanwhile wakes it): 1 if it must sleep, 0 if an
 * event is there (one for the VCPU's upcall, or a listed port pending;
 * listed ports are checked in order, so one pending before a bad one
 * wins), -EINVAL for a port at or past the 2-level limit.
 */
static int poll_must_sleep(struct vcpu *curr, const evtchn_port_t *ports, unsigned int n)
{
    struct domain *d = curr->domain;

    if (__atomic_load_n(&curr->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
        return 0;
    for (unsigned int i = 0; i < n; i++) {
        if (ports[i] >= d->max_evtchns)
            return -EINVAL;
        if (evtchn_is_pending(d, ports[i]))
            return 0;
    }
    return 1;
}

/*
 * SCHEDOP_poll.  The port list is copied in whole first, so a bad pointer
 * is -EFAULT whatever the ports' states (Xen checks the whole range up
 * front too).  Polling works on masked ports: that is its purpose.
 */
static long sched_poll(struct vcpu *curr, uint64_t arg)
{
    static evtchn_port_t ports_buf[NR_CPUS][SCHED_POLL_MAX_PORTS];
    evtchn_port_t *ports = ports_buf[smp_processor_id()];
    struct sched_poll p;
    int rc;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    if (copy_from_guest(ports, p.ports, p.nr_ports * sizeof(*ports)))
        return -EFAULT;

    stop_timer(&curr->poll_timer);
    __atomic_or_fetch(&curr->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    evtchn_poll_start(curr, p.nr_ports == 1 && ports[0] < curr->domain->max_evtchns
                                ? (int)ports[0] : -1);
    rc = poll_must_sleep(curr, ports, p.nr_ports);
    if (rc <= 0) {
        evtchn_poll_cancel(curr);
        __atomic_and_fetch(&curr->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
        return rc;
    }
    if (p.timeout)
        set_timer(&curr->poll_timer, (s_time_t)p.timeout);
    vcpu_sleep_nosync(curr);
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
    case SCHEDOP_poll:
        return sched_poll(curr, args[1]);
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
