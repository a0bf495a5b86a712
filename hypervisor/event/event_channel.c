/*
 * Event channels: Xen's 2-level ABI (reference/xen-abi.md 11).
 *
 * A port is an index into the domain's pending and mask bitmaps in
 * shared_info.  Delivery sets the pending bit; if the port is not masked
 * and its selector bit in the target VCPU's evtchn_pending_sel was clear,
 * sets the selector and evtchn_upcall_pending, then wakes and kicks the
 * VCPU, which takes the upcall (hvip.VSSIP on RISC-V) on its way in.
 *
 * Ports live in buckets of EVTCHN_BUCKET_PORTS allocated when first used;
 * port 0 is reserved and never handed out.  The 2-level limit is
 * EVTCHN_2L_NR_CHANNELS (4096 with 64-bit words).
 *
 * Locking: d->event_lock (irqsave) guards the port table of d and the
 * per-VCPU VIRQ bindings.  The bitmaps are shared with the guest and are
 * only ever updated with atomic operations.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define BITS_PER_WORD 64

/* Which domain has bound each global VIRQ (DOM_EXC, CONSOLE, ...). */
static struct domain *global_virq_handler[NR_VIRQS];

static bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG;
}

int evtchn_domain_init(struct domain *d)
{
    d->max_evtchns = EVTCHN_2L_NR_CHANNELS;
    return 0;
}

static struct evtchn *port_ptr(struct domain *d, unsigned int port)
{
    struct evtchn *b;

    if (port >= d->max_evtchns)
        return NULL;
    b = d->evtchn_bucket[port / EVTCHN_BUCKET_PORTS];
    return b ? &b[port % EVTCHN_BUCKET_PORTS] : NULL;
}

/* A free port (not 0), allocating a bucket if needed; event_lock held. */
static int get_free_port(struct domain *d)
{
    for (unsigned int port = 1; port < d->max_evtchns; port++) {
        struct evtchn **bucket = &d->evtchn_bucket[port / EVTCHN_BUCKET_PORTS];

        if (!*bucket) {
            *bucket = xzalloc_array(struct evtchn, EVTCHN_BUCKET_PORTS);
            if (!*bucket)
                return -ENOMEM;
            d->hv_pages++;
        }
        if ((*bucket)[port % EVTCHN_BUCKET_PORTS].state == EVTCHNSTAT_closed)
            return (int)port;
    }
    return -ENOSPC;
}

static bool test_and_set(xen_ulong_t *word, unsigned int bit)
{
    xen_ulong_t m = 1UL << bit;

    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_bit_atomic(xen_ulong_t *word, unsigned int bit)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST) & (1UL << bit);
}

static void deliver_upcall(struct vcpu *v, unsigned int port)
{
    struct vcpu_info *vi = v->vcpu_info;

    if (test_and_set(&vi->evtchn_pending_sel, port / BITS_PER_WORD))
        return;
    __atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    vcpu_unblock(v);
    arch_vcpu_kick_upcall(v);
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
    struct shared_info *s = v->domain->shared_info;
    unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;

    if (test_and_set(&s->evtchn_pending[w], b))
        return;
    if (!test_bit_atomic(&s->evtchn_mask[w], b))
        deliver_upcall(v, port);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    uint32_t port = __atomic_load_n(&v->virq_to_evtchn[virq], __ATOMIC_ACQUIRE);

    if (port)
        evtchn_set_pending(v, port);
}

void send_global_virq(unsigned int virq)
{
    struct domain *d = __atomic_load_n(&global_virq_handler[virq], __ATOMIC_ACQUIRE);

    if (d && d->vcpu[0])
        send_guest_vcpu_virq(d->vcpu[0], virq);
}

void vcpu_singleshot_timer_fn(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op)
{
    struct vcpu *v;
    struct evtchn *chn;
    unsigned long flags;
    int port;

    if (op->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_is_global(op->virq) && op->vcpu != 0)
        return -EINVAL;
    if (op->vcpu >= d->max_vcpus || !(v = d->vcpu[op->vcpu]))
        return -ENOENT;

    flags = spin_lock_irqsave(&d->event_lock);
    if (v->virq_to_evtchn[op->virq]) {
        port = -EEXIST;
    } else if (virq_is_global(op->virq) && global_virq_handler[op->virq] &&
               global_virq_handler[op->virq] != d) {
        port = -EBUSY;
    } else if ((port = get_free_port(d)) > 0) {
        chn = port_ptr(d, (unsigned int)port);
        chn->state = EVTCHNSTAT_virq;
        chn->virq = op->virq;
        chn->notify_vcpu = (uint16_t)op->vcpu;
        __atomic_store_n(&v->virq_to_evtchn[op->virq], (uint32_t)port, __ATOMIC_RELEASE);
        if (virq_is_global(op->virq))
            global_virq_handler[op->virq] = d;
        op->port = (evtchn_port_t)port;
        port = 0;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port;
}

static long evtchn_alloc_unbound(struct domain *d, struct evtchn_alloc_unbound *op)
{
    unsigned long flags;
    domid_t remote = op->remote_dom == DOMID_SELF ? d->domain_id : op->remote_dom;
    int port;

    if (op->dom != DOMID_SELF && op->dom != d->domain_id)
        return -EPERM;     /* allocating for another domain: privileged, later */
    flags = spin_lock_irqsave(&d->event_lock);
    port = get_free_port(d);
    if (port > 0) {
        struct evtchn *chn = port_ptr(d, (unsigned int)port);

        chn->state = EVTCHNSTAT_unbound;
        chn->remote_dom = remote;
        op->port = (evtchn_port_t)port;
        port = 0;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port;
}

static long evtchn_close(struct domain *d, unsigned int port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    struct evtchn *chn = port_ptr(d, port);
    long rc = 0;

    if (!chn || port == 0 || chn->state == EVTCHNSTAT_closed) {
        rc = -EINVAL;
    } else if (chn->state == EVTCHNSTAT_virq) {
        struct vcpu *v = d->vcpu[chn->notify_vcpu];

        __atomic_store_n(&v->virq_to_evtchn[chn->virq], 0, __ATOMIC_RELEASE);
        if (global_virq_handler[chn->virq] == d)
            global_virq_handler[chn->virq] = NULL;
    }
    if (!rc)
        memset(chn, 0, sizeof(*chn));
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long evtchn_status(struct domain *d, struct evtchn_status *op)
{
    unsigned long flags;
    struct evtchn *chn;

    if (op->dom != DOMID_SELF && op->dom != d->domain_id && !d->is_privileged)
        return -EPERM;
    if (op->dom != DOMID_SELF && op->dom != d->domain_id) {
        d = domain_by_id(op->dom);
        if (!d)
            return -ESRCH;
    }
    flags = spin_lock_irqsave(&d->event_lock);
    chn = port_ptr(d, op->port);
    if (op->port >= d->max_evtchns) {
        spin_unlock_irqrestore(&d->event_lock, flags);
        return -EINVAL;
    }
    op->status = chn ? chn->state : EVTCHNSTAT_closed;
    op->vcpu = chn ? chn->notify_vcpu : 0;
    if (chn && chn->state == EVTCHNSTAT_virq)
        op->u.virq = chn->virq;
    else if (chn && chn->state == EVTCHNSTAT_unbound)
        op->u.unbound.dom = chn->remote_dom;
    spin_unlock_irqrestore(&d->event_lock, flags);
    return 0;
}

static long evtchn_unmask(struct domain *d, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;
    struct evtchn *chn;
    unsigned long flags = spin_lock_irqsave(&d->event_lock);

    chn = port_ptr(d, port);
    if (port >= d->max_evtchns) {
        spin_unlock_irqrestore(&d->event_lock, flags);
        return -EINVAL;
    }
    /* Clear the mask; if the port was pending, raise the upcall now. */
    if ((__atomic_fetch_and(&s->evtchn_mask[w], ~(1UL << b), __ATOMIC_SEQ_CST) & (1UL << b)) &&
        test_bit_atomic(&s->evtchn_pending[w], b))
        deliver_upcall(d->vcpu[chn ? chn->notify_vcpu : 0], port);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return 0;
}

static long evtchn_send(struct domain *d, unsigned int port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    struct evtchn *chn = port_ptr(d, port);
    long rc = 0;

    if (!chn || chn->state == EVTCHNSTAT_closed || chn->state == EVTCHNSTAT_virq ||
        chn->state == EVTCHNSTAT_pirq)
        rc = -EINVAL;
    /* An unbound port silently drops the event, as Xen does. */
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* Copy in the argument of size `len`, run `op`, copy it back on success. */
#define EVTCHN_OP(type, fn)                                              \
    do {                                                                 \
        type op_;                                                        \
        long rc_;                                                        \
        if (copy_from_guest(&op_, arg, sizeof(op_)))                     \
            return -EFAULT;                                              \
        rc_ = fn(d, &op_);                                               \
        if (!rc_ && copy_to_guest(arg, &op_, sizeof(op_)))               \
            return -EFAULT;                                              \
        return rc_;                                                      \
    } while (0)

long do_event_channel_op(struct vcpu *curr, unsigned long args[])
{
    struct domain *d = curr->domain;
    unsigned long cmd = args[0];
    uint64_t arg = args[1];
    uint32_t port;

    switch (cmd) {
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq);
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(struct evtchn_alloc_unbound, evtchn_alloc_unbound);
    case EVTCHNOP_status:
        EVTCHN_OP(struct evtchn_status, evtchn_status);
    case EVTCHNOP_close:
    case EVTCHNOP_unmask:
    case EVTCHNOP_send:
        if (copy_from_guest(&port, arg, sizeof(port)))
            return -EFAULT;
        if (cmd == EVTCHNOP_close)
            return evtchn_close(d, port);
        return cmd == EVTCHNOP_unmask ? evtchn_unmask(d, port) : evtchn_send(d, port);
    default:
        return -ENOSYS;
    }
}
