/*
 * event_channel_op: Xen's event channels (reference/xen-abi.md 11).
 *
 * Each domain has a table of ports.  A port is closed (free), unbound
 * (waiting for a named domain to connect), interdomain (connected to a
 * port of another domain, or of its own: loopback), virq, pirq or ipi;
 * port 0 is reserved for ever.  The table grows by buckets of
 * EVTCHN_BUCKET_PORTS allocated contiguously from bucket 0 (allocated with
 * the domain): a port is "valid" when its bucket exists, and, as in Xen,
 * an operation naming a port beyond the allocated buckets is -EINVAL while
 * a free port inside them reads as closed.  The 2-level ABI bounds the
 * table at EVTCHN_2L_NR_CHANNELS ports (d->max_evtchns).  The invariants
 * are listed in hv/event.h and checked by event_check.c.
 *
 * Every operation checks first, in Xen's order, and changes state only
 * once nothing can fail any more.  The bitmaps and the upcall are
 * event_2l.c's.
 *
 * Global VIRQs (CONSOLE, DOM_EXC, ...) belong to the hardware domain, as in
 * Xen before a toolstack moves them with domctl set_virq_handler (not
 * implemented): any other domain gets -EBUSY binding one.  Pirqs: a domain
 * may bind only the sources it owns (core/irq.c: dom0's virtio-mmio
 * slots); binding arms the source at the interrupt controller and closing
 * masks it; send_guest_pirq() is how an interrupt reaches the port.  The
 * FIFO ABI is not implemented.
 *
 * A finished domain has every port closed (evtchn_destroy); the remote end
 * of each interdomain channel goes back to unbound, waiting for it.
 *
 * EVTCHNOP_reset closes EVTCHN_RESET_BATCH ports per call and continues
 * itself (-ERESTART, re-issued as EVTCHNOP_reset_cont, Xen's internal
 * number) from the port recorded in the domain, so closing 4095 ports
 * never holds a CPU for long (XSA-344).  While one is under way another
 * reset of that domain is -EBUSY, and so is a continuation with none.
 *
 * Locking: d->event_lock (irqs off) guards d's port table, valid_evtchns,
 * evtchn_dying, the virq_to_evtchn[] of d's VCPUs and pirq_to_evtchn[].
 * core/irq.c's irq_lock nests inside it (bind and close of a pirq port).
 * An interdomain pair is only made or broken with both domains' locks held,
 * taken in domain-id order (lock_pair), so the holder of either lock sees
 * a consistent pair.  Delivery (event_2l.c) takes no lock and may be called
 * with event_lock held; it may take a scheduler lock.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/xmalloc.h>
#include <hv/arch/cpu.h>
#include <public/event_channel.h>
#include <public/xen.h>
#include "event_private.h"

static struct domain *global_virq_handler(void)
{
    return hardware_domain;
}

/* ---- the port table ---------------------------------------------------- */

static struct evtchn *bucket_alloc(struct domain *d, unsigned int b)
{
    struct evtchn *bucket = xzalloc_array(struct evtchn, EVTCHN_BUCKET_PORTS);

    if (bucket) {
        d->evtchn_bucket[b] = bucket;
        d->hv_pages++;
    }
    return bucket;
}

int evtchn_domain_init(struct domain *d)
{
    d->max_evtchns = EVTCHN_2L_NR_CHANNELS;
    if (!bucket_alloc(d, 0))
        return -ENOMEM;
    d->evtchn_bucket[0][0].state = EVTCHN_RESERVED;
    d->valid_evtchns = EVTCHN_BUCKET_PORTS;
    return 0;
}

void evtchn_vcpu_init(struct vcpu *v)
{
    timer_init(&v->poll_timer, evtchn_poll_timer_fn, v, v->processor);
}

/*
 * The lowest free port, growing the table by a bucket if needed.  The
 * search starts at evtchn_free_hint, below which every port is in use;
 * the port found stays the hint, as the caller may yet fail and leave it
 * free.
 */
static int get_free_port(struct domain *d)
{
    unsigned int port;

    if (d->evtchn_dying)
        return -EINVAL;
    for (port = MAX(d->evtchn_free_hint, 1u); port < d->valid_evtchns; port++)
        if (lookup(d, port)->state == EVTCHNSTAT_closed)
            break;
    d->evtchn_free_hint = port;
    if (port < d->valid_evtchns)
        return (int)port;
    if (port >= d->max_evtchns)
        return -ENOSPC;
    if (!bucket_alloc(d, port / EVTCHN_BUCKET_PORTS))
        return -ENOMEM;
    d->valid_evtchns += EVTCHN_BUCKET_PORTS;
    return (int)port;
}

static void free_port(struct domain *d, uint32_t port, struct evtchn *chn)
{
    evtchn_clear_pending(d, port);
    memset(chn, 0, sizeof(*chn));
    if (port < d->evtchn_free_hint)
        d->evtchn_free_hint = port;
}

static struct vcpu *notify_vcpu(struct domain *d, const struct evtchn *chn)
{
    return d->vcpu[chn->notify_vcpu];
}

static struct vcpu *vcpu_of(struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* DOMID_SELF or a domain id, as Xen's "by any id" lookup; NULL: -ESRCH. */
static struct domain *domain_by_any_id(struct domain *self, domid_t id)
{
    return id == DOMID_SELF ? self : domain_by_id(id);
}

/* May `caller` operate on target's ports?  (Xen's XSM_TARGET, dummy policy.) */
static bool may_target(const struct domain *caller, const struct domain *target)
{
    return caller == target || caller->is_privileged;
}

static unsigned long lock_pair(struct domain *a, struct domain *b)
{
    unsigned long flags = arch_irq_save();

    if (a == b) {
        spin_lock(&a->event_lock);
    } else if (a->domain_id < b->domain_id) {
        spin_lock(&a->event_lock);
        spin_lock(&b->event_lock);
    } else {
        spin_lock(&b->event_lock);
        spin_lock(&a->event_lock);
    }
    return flags;
}

static void unlock_pair(struct domain *a, struct domain *b, unsigned long flags)
{
    if (a != b)
        spin_unlock(&b->event_lock);
    spin_unlock(&a->event_lock);
    arch_irq_restore(flags);
}

/* ---- the operations ------------------------------------------------------ */

int evtchn_alloc_unbound_port(struct domain *d, domid_t remote)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    int port = get_free_port(d);

    if (port > 0) {
        struct evtchn *chn = lookup(d, (uint32_t)port);

        chn->state = EVTCHNSTAT_unbound;
        chn->u.unbound_dom = remote;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port;
}

static long evtchn_alloc_unbound(struct domain *caller, struct evtchn_alloc_unbound *op)
{
    struct domain *d = domain_by_any_id(caller, op->dom);
    int port;

    if (!d)
        return -ESRCH;
    if (!may_target(caller, d))
        return -EPERM;
    port = evtchn_alloc_unbound_port(d, op->remote_dom == DOMID_SELF ? caller->domain_id
                                                                     : op->remote_dom);
    if (port > 0)
        op->port = (evtchn_port_t)port;
    return port < 0 ? port : 0;
}

/* Both locks held: Xen's order, the local port first, then the remote one. */
static long bind_interdomain_locked(struct domain *ld, struct domain *rd,
                                    struct evtchn_bind_interdomain *op)
{
    int lport = get_free_port(ld);
    struct evtchn *lchn, *rchn;

    if (lport < 0)
        return lport;
    rchn = lookup(rd, op->remote_port);
    if (!rchn || rchn->state != EVTCHNSTAT_unbound || rchn->u.unbound_dom != ld->domain_id)
        return -EINVAL;

    lchn = lookup(ld, (uint32_t)lport);
    lchn->state = EVTCHNSTAT_interdomain;
    lchn->u.remote.dom = rd;
    lchn->u.remote.port = op->remote_port;
    rchn->state = EVTCHNSTAT_interdomain;
    rchn->u.remote.dom = ld;
    rchn->u.remote.port = (uint32_t)lport;
    /* The peer may have signalled its unbound end already: events sent
     * there were dropped, so assume one was. */
    evtchn_set_pending(notify_vcpu(ld, lchn), (unsigned int)lport);
    op->local_port = (evtchn_port_t)lport;
    return 0;
}

static long evtchn_bind_interdomain(struct domain *ld, struct evtchn_bind_interdomain *op)
{
    struct domain *rd = domain_by_any_id(ld, op->remote_dom);
    unsigned long flags;
    long rc;

    if (!rd)
        return -ESRCH;
    flags = lock_pair(ld, rd);
    rc = bind_interdomain_locked(ld, rd, op);
    unlock_pair(ld, rd, flags);
    return rc;
}

static long bind_virq_locked(struct domain *d, struct vcpu *v, struct evtchn_bind_virq *op)
{
    struct evtchn *chn;
    int port;

    if (virq_type(op->virq) == VIRQ_GLOBAL && global_virq_handler() != d)
        return -EBUSY;
    if (v->virq_to_evtchn[op->virq])
        return -EEXIST;
    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = lookup(d, (uint32_t)port);
    chn->state = EVTCHNSTAT_virq;
    chn->u.virq = op->virq;
    chn->notify_vcpu = (uint16_t)op->vcpu;
    __atomic_store_n(&v->virq_to_evtchn[op->virq], (uint32_t)port, __ATOMIC_RELEASE);
    op->port = (evtchn_port_t)port;
    return 0;
}

static long evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op)
{
    unsigned long flags;
    struct vcpu *v;
    long rc;

    if (op->virq >= NR_VIRQS)
        return -EINVAL;
    if (virq_type(op->virq) != VIRQ_VCPU && op->vcpu != 0)
        return -EINVAL;
    v = vcpu_of(d, op->vcpu);
    if (!v)
        return -ENOENT;
    flags = spin_lock_irqsave(&d->event_lock);
    rc = bind_virq_locked(d, v, op);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long evtchn_bind_ipi(struct domain *d, struct evtchn_bind_ipi *op)
{
    unsigned long flags;
    int port;

    if (!vcpu_of(d, op->vcpu))
        return -ENOENT;
    flags = spin_lock_irqsave(&d->event_lock);
    port = get_free_port(d);
    if (port > 0) {
        struct evtchn *chn = lookup(d, (uint32_t)port);

        chn->state = EVTCHNSTAT_ipi;
        chn->notify_vcpu = (uint16_t)op->vcpu;
        op->port = (evtchn_port_t)port;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port < 0 ? port : 0;
}

/* event_lock held.  The source is armed last, once the port can take its
 * first interrupt (which may come at once). */
static long bind_pirq_locked(struct domain *d, struct evtchn_bind_pirq *op)
{
    struct evtchn *chn;
    int port, rc;

    if (d->pirq_to_evtchn[op->pirq])
        return -EEXIST;
    port = get_free_port(d);
    if (port < 0)
        return port;
    chn = lookup(d, (uint32_t)port);
    chn->state = EVTCHNSTAT_pirq;
    chn->u.pirq = op->pirq;
    d->pirq_to_evtchn[op->pirq] = (uint32_t)port;
    rc = pirq_guest_bind(d, op->pirq);
    if (rc) {
        d->pirq_to_evtchn[op->pirq] = 0;
        free_port(d, (uint32_t)port, chn);
        return rc;
    }
    op->port = (evtchn_port_t)port;
    return 0;
}

/* Xen's order: the range, then the permission (the source's owner,
 * core/irq.c), then the binding. */
static long evtchn_bind_pirq(struct domain *d, struct evtchn_bind_pirq *op)
{
    unsigned long flags;
    long rc;

    if (op->pirq >= NR_PIRQS)
        return -EINVAL;
    if (!irq_access_permitted(d, op->pirq))
        return -EPERM;
    flags = spin_lock_irqsave(&d->event_lock);
    rc = bind_pirq_locked(d, op);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

/* Close d's port; d's lock held, and the remote domain's if interdomain. */
static long close_locked(struct domain *d, uint32_t port, struct evtchn *chn)
{
    struct evtchn *rchn;
    struct vcpu *v;

    switch (chn ? chn->state : EVTCHNSTAT_closed) {
    case EVTCHNSTAT_unbound:
    case EVTCHNSTAT_ipi:
        break;
    case EVTCHNSTAT_pirq:
        pirq_guest_unbind(d, chn->u.pirq);
        d->pirq_to_evtchn[chn->u.pirq] = 0;
        break;
    case EVTCHNSTAT_virq:
        v = d->vcpu[virq_type(chn->u.virq) == VIRQ_VCPU ? chn->notify_vcpu : 0];
        __atomic_store_n(&v->virq_to_evtchn[chn->u.virq], 0, __ATOMIC_RELEASE);
        break;
    case EVTCHNSTAT_interdomain:
        rchn = lookup(chn->u.remote.dom, chn->u.remote.port);
        rchn->state = EVTCHNSTAT_unbound;
        rchn->u.unbound_dom = d->domain_id;
        break;
    default:                      /* closed, reserved, or beyond the table */
        return -EINVAL;
    }
    free_port(d, port, chn);
    return 0;
}

/*
 * Closing an interdomain port needs the remote domain's lock as well; it
 * is only known under d's, so look, then lock both and look again.
 */
static long close_port(struct domain *d, uint32_t port)
{
    struct domain *rd = d;

    for (;;) {
        unsigned long flags = lock_pair(d, rd);
        struct evtchn *chn = lookup(d, port);
        long rc;

        if (chn && chn->state == EVTCHNSTAT_interdomain && chn->u.remote.dom != rd) {
            struct domain *want = chn->u.remote.dom;

            unlock_pair(d, rd, flags);
            rd = want;
            continue;
        }
        rc = close_locked(d, port, chn);
        unlock_pair(d, rd, flags);
        return rc;
    }
}

static long evtchn_send(struct domain *ld, uint32_t lport)
{
    unsigned long flags = spin_lock_irqsave(&ld->event_lock);
    struct evtchn *lchn = lookup(ld, lport), *rchn;
    struct domain *rd;
    long rc = 0;

    switch (lchn ? lchn->state : EVTCHNSTAT_closed) {
    case EVTCHNSTAT_interdomain:
        /* Stable: breaking the pair needs ld's lock, which we hold. */
        rd = lchn->u.remote.dom;
        rchn = lookup(rd, lchn->u.remote.port);
        evtchn_set_pending(notify_vcpu(rd, rchn), lchn->u.remote.port);
        break;
    case EVTCHNSTAT_ipi:
        evtchn_set_pending(notify_vcpu(ld, lchn), lport);
        break;
    case EVTCHNSTAT_unbound:
        break;                      /* nobody connected: dropped, as in Xen */
    default:
        rc = -EINVAL;
    }
    spin_unlock_irqrestore(&ld->event_lock, flags);
    return rc;
}

static void fill_status(const struct evtchn *chn, struct evtchn_status *op)
{
    memset(&op->u, 0, sizeof(op->u));
    op->vcpu = chn->notify_vcpu;
    op->status = chn->state == EVTCHN_RESERVED ? EVTCHNSTAT_closed : chn->state;
    switch (chn->state) {
    case EVTCHNSTAT_unbound:
        op->u.unbound.dom = chn->u.unbound_dom;
        break;
    case EVTCHNSTAT_interdomain:
        op->u.interdomain.dom = chn->u.remote.dom->domain_id;
        op->u.interdomain.port = chn->u.remote.port;
        break;
    case EVTCHNSTAT_pirq:
        op->u.pirq = chn->u.pirq;
        break;
    case EVTCHNSTAT_virq:
        op->u.virq = chn->u.virq;
        break;
    }
}

static long evtchn_status(struct domain *caller, struct evtchn_status *op)
{
    struct domain *d = domain_by_any_id(caller, op->dom);
    const struct evtchn *chn;
    unsigned long flags;
    long rc = 0;

    if (!d)
        return -ESRCH;
    flags = spin_lock_irqsave(&d->event_lock);
    chn = lookup(d, op->port);
    if (!chn)
        rc = -EINVAL;
    else if (!may_target(caller, d))
        rc = -EPERM;
    else
        fill_status(chn, op);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long evtchn_bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *op)
{
    unsigned long flags;
    struct evtchn *chn;
    long rc = 0;

    if (!vcpu_of(d, op->vcpu))
        return -ENOENT;
    flags = spin_lock_irqsave(&d->event_lock);
    chn = lookup(d, op->port);
    switch (chn ? chn->state : EVTCHNSTAT_closed) {
    case EVTCHNSTAT_virq:
        if (virq_type(chn->u.virq) == VIRQ_VCPU)
            rc = -EINVAL;           /* a per-VCPU VIRQ stays on its VCPU */
        else
            chn->notify_vcpu = (uint16_t)op->vcpu;
        break;
    case EVTCHNSTAT_unbound:
    case EVTCHNSTAT_interdomain:
    case EVTCHNSTAT_pirq:
        chn->notify_vcpu = (uint16_t)op->vcpu;
        break;
    default:                        /* closed, IPI (fixed), beyond the table */
        rc = -EINVAL;
    }
    spin_unlock_irqrestore(&d->event_lock, flags);
    return rc;
}

static long evtchn_unmask(struct domain *d, uint32_t port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    struct evtchn *chn = lookup(d, port);

    if (chn)
        evtchn_unmask_port(notify_vcpu(d, chn), port);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return chn ? 0 : -EINVAL;
}

static uint32_t nr_valid_ports(struct domain *d)
{
    return __atomic_load_n(&d->valid_evtchns, __ATOMIC_ACQUIRE);
}

/* Close every port but the reserved one. */
static void close_all(struct domain *d)
{
    for (uint32_t port = 1; port < nr_valid_ports(d); port++)
        close_port(d, port);
}

/*
 * The port a reset starts from, claiming the reset for the caller: a new
 * reset (resuming false) needs none under way, a continuation one under
 * way; 0 (-EBUSY) otherwise, as Xen.
 */
static uint32_t reset_claim(struct domain *d, bool resuming)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    uint32_t port = resuming ? d->evtchn_reset_next : (d->evtchn_reset_next ? 0 : 1);

    if (port)
        d->evtchn_reset_next = port;
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port;
}

static void reset_record(struct domain *d, uint32_t next)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);

    d->evtchn_reset_next = next;
    spin_unlock_irqrestore(&d->event_lock, flags);
}

/*
 * Close d's ports from the claimed one on, EVTCHN_RESET_BATCH at most per
 * call: -ERESTART with the next port recorded, or 0 when the end of the
 * table (read afresh at each port, as it may grow meanwhile) is reached.
 * A port below the cursor that is bound meanwhile stays open; the reset
 * ends at a table end it saw, as Xen's.
 */
static long reset_ports(struct domain *d, uint32_t port)
{
    for (unsigned int n = 0; port < nr_valid_ports(d); port++, n++) {
        if (n == EVTCHN_RESET_BATCH) {
            reset_record(d, port);
            return -ERESTART;
        }
        close_port(d, port);
    }
    reset_record(d, 0);
    return 0;
}

static long evtchn_reset(struct domain *caller, struct evtchn_reset *op, bool resuming)
{
    struct domain *d = domain_by_any_id(caller, op->dom);
    uint32_t port;

    if (!d)
        return -ESRCH;
    if (!may_target(caller, d))
        return -EPERM;
    /* Another domain's ports change only while it is paused, as in Xen. */
    if (d != caller && !__atomic_load_n(&d->pause_count, __ATOMIC_ACQUIRE))
        return -EINVAL;
    port = reset_claim(d, resuming);
    if (!port)
        return -EBUSY;
    return reset_ports(d, port);
}

static long evtchn_set_priority(struct domain *d, uint32_t port)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    bool valid = lookup(d, port) != NULL;

    spin_unlock_irqrestore(&d->event_lock, flags);
    return valid ? -ENOSYS : -EINVAL;   /* priorities are FIFO-only */
}

void evtchn_destroy(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);

    d->evtchn_dying = true;
    spin_unlock_irqrestore(&d->event_lock, flags);
    close_all(d);
}

unsigned int evtchn_ports_in_use(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    unsigned int n = 0;

    for (uint32_t port = 1; port < nr_valid_ports(d); port++)
        n += lookup(d, port)->state != EVTCHNSTAT_closed;
    spin_unlock_irqrestore(&d->event_lock, flags);
    return n;
}

/* The domain is about to be freed: its ports are closed (evtchn_destroy)
 * and no CPU can still be looking at them (hv/quiesce.h). */
void evtchn_domain_free(struct domain *d)
{
    for (unsigned int b = 0; b < ARRAY_SIZE(d->evtchn_bucket); b++) {
        xfree(d->evtchn_bucket[b]);
        d->evtchn_bucket[b] = NULL;
    }
}

/* ---- raising events from inside the hypervisor ----------------------------- */

/* Raise a per-VCPU VIRQ on v; whether it was bound. */
static bool raise_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    unsigned long flags = spin_lock_irqsave(&d->event_lock);
    uint32_t port = v->virq_to_evtchn[virq];

    if (port)
        evtchn_set_pending(v, port);
    spin_unlock_irqrestore(&d->event_lock, flags);
    return port != 0;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    raise_vcpu_virq(v, virq);
}

/*
 * Xen's 'q' debug key notifies every VCPU of every domain with VIRQ_DEBUG
 * (a per-VCPU VIRQ): each VCPU that bound it gets it.  domlist_lock is
 * taken before each domain's event_lock; nothing takes them the other way.
 */
unsigned int send_debug_virq_all(void)
{
    unsigned long flags = spin_lock_irqsave(&domlist_lock);
    unsigned int raised = 0;
    struct list_head *pos;

    list_for_each(pos, &domain_list) {
        struct domain *d = list_entry(pos, struct domain, list);

        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i])
                raised += raise_vcpu_virq(d->vcpu[i], VIRQ_DEBUG);
    }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return raised;
}

void send_global_virq(unsigned int virq)
{
    struct domain *d = global_virq_handler();
    unsigned long flags;
    uint32_t port;

    if (!d || !d->vcpu[0])
        return;
    flags = spin_lock_irqsave(&d->event_lock);
    port = d->vcpu[0]->virq_to_evtchn[virq];
    if (port)
        evtchn_set_pending(notify_vcpu(d, lookup(d, port)), port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_guest_pirq(struct domain *d, unsigned int pirq)
{
    unsigned long flags;
    uint32_t port;

    if (pirq >= NR_PIRQS)
        return;
    flags = spin_lock_irqsave(&d->event_lock);
    port = d->pirq_to_evtchn[pirq];
    if (port)
        evtchn_set_pending(notify_vcpu(d, lookup(d, port)), port);
    spin_unlock_irqrestore(&d->event_lock, flags);
}

void vcpu_singleshot_timer_fn(void *data)
{
    send_guest_vcpu_virq(data, VIRQ_TIMER);
}

/* ---- the hypercall ------------------------------------------------------------ */

/* Copy the argument in, run the op, copy it back if it succeeded. */
#define EVTCHN_OP(type, fn, dom)                                         \
    do {                                                                 \
        type op_;                                                        \
        long rc_;                                                        \
        if (copy_from_guest(&op_, arg, sizeof(op_)))                     \
            return -EFAULT;                                              \
        rc_ = fn(dom, &op_);                                             \
        if (!rc_ && copy_to_guest(arg, &op_, sizeof(op_)))               \
            return -EFAULT;                                              \
        return rc_;                                                      \
    } while (0)

/* The ops whose argument is a single port. */
static long port_op(struct domain *d, unsigned long cmd, uint64_t arg)
{
    uint32_t port;

    if (copy_from_guest(&port, arg, sizeof(port)))
        return -EFAULT;
    switch (cmd) {
    case EVTCHNOP_close:
        return close_port(d, port);
    case EVTCHNOP_send:
        return evtchn_send(d, port);
    case EVTCHNOP_unmask:
        return evtchn_unmask(d, port);
    default:
        return evtchn_set_priority(d, port);
    }
}

long do_event_channel_op(struct vcpu *curr, unsigned long args[])
{
    struct domain *d = curr->domain;
    unsigned long cmd = args[0];
    uint64_t arg = args[1];

    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        EVTCHN_OP(struct evtchn_alloc_unbound, evtchn_alloc_unbound, d);
    case EVTCHNOP_bind_interdomain:
        EVTCHN_OP(struct evtchn_bind_interdomain, evtchn_bind_interdomain, d);
    case EVTCHNOP_bind_virq:
        EVTCHN_OP(struct evtchn_bind_virq, evtchn_bind_virq, d);
    case EVTCHNOP_bind_ipi:
        EVTCHN_OP(struct evtchn_bind_ipi, evtchn_bind_ipi, d);
    case EVTCHNOP_bind_pirq:
        EVTCHN_OP(struct evtchn_bind_pirq, evtchn_bind_pirq, d);
    case EVTCHNOP_status:
        EVTCHN_OP(struct evtchn_status, evtchn_status, d);
    case EVTCHNOP_bind_vcpu: {
        struct evtchn_bind_vcpu op;

        if (copy_from_guest(&op, arg, sizeof(op)))
            return -EFAULT;
        return evtchn_bind_vcpu(d, &op);
    }
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont: {
        struct evtchn_reset op;
        long rc;

        if (copy_from_guest(&op, arg, sizeof(op)))
            return -EFAULT;
        rc = evtchn_reset(d, &op, cmd == EVTCHNOP_reset_cont);
        if (rc == -ERESTART)
            args[0] = EVTCHNOP_reset_cont;
        return rc;
    }
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:
    case EVTCHNOP_set_priority:
        return port_op(d, cmd, arg);
    default:                        /* init_control, expand_array: FIFO only */
        return -ENOSYS;
    }
}
