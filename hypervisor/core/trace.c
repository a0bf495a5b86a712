/*
 * The scheduling trace buffer (see hv/trace.h for the model).
 *
 * Each pCPU owns one ring of ring_size records, allocated at boot and never
 * resized.  Sequence numbers count every record a CPU ever wrote: record s
 * lives in slot s % ring_size until record s + ring_size overwrites it.
 * Two counters per ring let a reader on another CPU copy records while the
 * owner keeps writing:
 *   head  records claimed: the owner bumps it before it writes a slot;
 *   tail  records complete: the owner sets it to head once the slot is written.
 * A reader takes records below tail; after copying record s it looks at
 * head again, and if head > s + ring_size the slot has been (or is being)
 * rewritten, so the copy is dropped and counted as lost.
 *
 * A VCPU that was already running when recording began would leave no
 * record until it is switched out, so enabling asks every CPU to resync:
 * its next schedule() records a switch_in for the VCPU it keeps running.
 *
 * Switch-out reasons come from the VCPU's state at the switch: its domain
 * shutting down, the VCPU down, blocked, paused; otherwise it was still
 * runnable, so it yielded (trace_yield() marked it on this CPU) or was
 * preempted.
 *
 * Locking: the rings take no lock.  A ring's slots, head, tail and
 * yielded[cpu] are written only by their own CPU, with interrupts off (so
 * a record is never interleaved with another on the same CPU); head and
 * tail are published with release stores and read with acquire loads.
 * The masks are single words changed atomically by the sysctl; resync[cpu]
 * is set by whoever enables recording and cleared by its CPU, atomically.
 * The console dump's cursor (`dump`) is guarded by dump_lock, held for one
 * bounded step.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/trace.h>
#include <hv/xmalloc.h>
#include <hv/arch/cpu.h>
#include <public/xen.h>

#define RECS_PER_PAGE (PAGE_SIZE / sizeof(struct xen_sysctl_tbuf_rec))
#define COPY_BATCH 16

struct trace_ring {
    struct xen_sysctl_tbuf_rec *recs;  /* ring_size slots, this CPU writes */
    uint64_t head;                     /* claimed; release store by this CPU */
    uint64_t tail;                     /* complete; release store by this CPU */
};

static struct trace_ring rings[NR_CPUS];
static unsigned int ring_size;         /* records per ring; 0: no buffer */
static unsigned int trace_cpus;
static uint32_t evt_mask_chosen = XEN_TBUF_EV_ALL;  /* what enable turns on */
uint32_t trace_evt_mask_active;
static const struct vcpu *yielded[NR_CPUS];         /* own CPU, irqs off */
static uint32_t resync[NR_CPUS];                    /* atomic: a word, RISC-V has no byte AMOs */

static void enable(uint32_t mask)
{
    for (unsigned int cpu = 0; cpu < trace_cpus; cpu++)
        __atomic_store_n(&resync[cpu], 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&trace_evt_mask_active, mask, __ATOMIC_SEQ_CST);
}

int trace_init(unsigned int pages_per_cpu, uint32_t evt_mask, unsigned int nr_cpus)
{
    unsigned int size = pages_per_cpu * (unsigned int)RECS_PER_PAGE;

    __atomic_store_n(&trace_evt_mask_active, 0, __ATOMIC_SEQ_CST);
    ring_size = 0;
    trace_cpus = MIN(nr_cpus, (unsigned int)NR_CPUS);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        xfree(rings[cpu].recs);
        rings[cpu] = (struct trace_ring){ 0 };
        yielded[cpu] = NULL;
        resync[cpu] = 0;
    }
    if (!size)
        return 0;
    for (unsigned int cpu = 0; cpu < trace_cpus; cpu++) {
        rings[cpu].recs = xzalloc_bytes((size_t)size * sizeof(struct xen_sysctl_tbuf_rec));
        if (!rings[cpu].recs)
            return -ENOMEM;
    }
    ring_size = size;
    evt_mask_chosen = evt_mask ? (evt_mask & XEN_TBUF_EV_ALL) : XEN_TBUF_EV_ALL;
    enable(evt_mask & XEN_TBUF_EV_ALL);
    return 0;
}

/* Append one record to this CPU's ring, if the event is enabled. */
static void record(unsigned int ev, unsigned int cpu, const struct vcpu *v, unsigned int arg,
                   s_time_t now)
{
    unsigned int self = smp_processor_id();
    struct trace_ring *r = &rings[self];
    unsigned long flags;
    uint64_t seq;

    if (!trace_on(1u << ev) || !ring_size || self >= trace_cpus)
        return;
    flags = arch_irq_save();
    seq = r->head;
    __atomic_store_n(&r->head, seq + 1, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);   /* the claim is seen before the slot changes */
    r->recs[seq % ring_size] = (struct xen_sysctl_tbuf_rec){
        .time = (uint64_t)now,
        .cpu = (uint16_t)cpu,
        .domid = v->domain->domain_id,
        .vcpuid = (uint16_t)v->vcpu_id,
        .event = (uint8_t)ev,
        .arg = (uint8_t)arg,
    };
    __atomic_store_n(&r->tail, seq + 1, __ATOMIC_RELEASE);
    arch_irq_restore(flags);
}

static unsigned int switch_out_reason(unsigned int cpu, const struct vcpu *v)
{
    uint32_t pf = __atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED);
    bool was_yield = yielded[cpu] == v;

    yielded[cpu] = NULL;
    if (v->domain->is_shutting_down || (pf & VPF_shutdown))
        return XEN_TBUF_REASON_shutdown;
    if (pf & VPF_down)
        return XEN_TBUF_REASON_offline;
    if (pf & VPF_blocked)
        return XEN_TBUF_REASON_blocked;
    if (!vcpu_runnable(v))
        return XEN_TBUF_REASON_paused;
    return was_yield ? XEN_TBUF_REASON_yielded : XEN_TBUF_REASON_preempted;
}

void __trace_schedule(unsigned int cpu, const struct vcpu *prev, const struct vcpu *next,
                      s_time_t now)
{
    bool first = cpu < trace_cpus && __atomic_exchange_n(&resync[cpu], 0, __ATOMIC_SEQ_CST);

    if (prev == next) {
        if (first && !next->is_idle)
            record(XEN_TBUF_EV_switch_in, cpu, next, 0, now);
        return;
    }
    if (!prev->is_idle)
        record(XEN_TBUF_EV_switch_out, cpu, prev, switch_out_reason(cpu, prev), now);
    if (next->is_idle)
        return;
    /* A VCPU's one-shot timer stays on the CPU it last ran on until
     * schedule() moves it, so a different CPU there means it moved. */
    if (next->singleshot_timer.cpu != cpu)
        record(XEN_TBUF_EV_migrate, cpu, next, next->singleshot_timer.cpu, now);
    record(XEN_TBUF_EV_switch_in, cpu, next, 0, now);
}

void __trace_wake(const struct vcpu *v)
{
    record(XEN_TBUF_EV_wake, __atomic_load_n(&v->processor, __ATOMIC_RELAXED), v, 0, NOW());
}

void __trace_yield(const struct vcpu *v)
{
    unsigned int self = smp_processor_id();
    unsigned long flags = arch_irq_save();

    if (self < trace_cpus)
        yielded[self] = v;
    arch_irq_restore(flags);
}

unsigned int trace_read(unsigned int cpu, uint64_t *first, uint64_t *lost,
                        struct xen_sysctl_tbuf_rec *out, unsigned int max)
{
    const struct trace_ring *r = &rings[cpu];
    uint64_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
    uint64_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    uint64_t start = *first, oldest = head > ring_size ? head - ring_size : 0;
    unsigned int n = 0;

    if (start < oldest)
        start = oldest;
    if (start > tail)
        start = tail;
    *lost = start - MIN(*first, start);
    while (n < max && start + n < tail) {
        uint64_t seq = start + n;

        out[n] = r->recs[seq % ring_size];
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (__atomic_load_n(&r->head, __ATOMIC_ACQUIRE) > seq + ring_size) {
            /* Overwritten under us: skip what the writer has reached. */
            uint64_t now_oldest = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) - ring_size;

            if (n)
                break;
            *lost += now_oldest - start;
            start = now_oldest;
            continue;
        }
        n++;
    }
    *first = start;
    return n;
}

static long tbuf_read(struct xen_sysctl_tbuf_op *op)
{
    struct xen_sysctl_tbuf_rec batch[COPY_BATCH];
    uint64_t seq = op->first, lost = 0, l;
    uint32_t done = 0;

    if (op->cpu >= trace_cpus)
        return -EINVAL;
    if (!ring_size)
        return -ENODEV;
    op->first = seq;
    while (done < op->count) {
        uint64_t want = seq;
        unsigned int n = trace_read(op->cpu, &want, &l, batch,
                                    MIN(op->count - done, (uint32_t)COPY_BATCH));

        if (done == 0) {
            op->first = want;
            lost = l;
        } else if (want != seq) {
            break;                     /* a gap: this read ends before it */
        }
        if (!n)
            break;
        if (copy_to_guest(op->buffer + (uint64_t)done * sizeof(batch[0]), batch,
                          n * sizeof(batch[0])))
            return -EFAULT;
        done += n;
        seq = want + n;
    }
    op->count = done;
    op->next = done ? seq : op->first;
    op->lost = lost;
    return 0;
}

long trace_tbuf_op(struct xen_sysctl_tbuf_op *op)
{
    switch (op->cmd) {
    case XEN_SYSCTL_TBUFOP_get_info:
        op->size = ring_size;
        op->nr_cpus = trace_cpus;
        op->evt_mask = __atomic_load_n(&trace_evt_mask_active, __ATOMIC_SEQ_CST);
        return 0;
    case XEN_SYSCTL_TBUFOP_set_evt_mask:
        if (op->evt_mask & ~XEN_TBUF_EV_ALL)
            return -EINVAL;
        evt_mask_chosen = op->evt_mask;
        if (__atomic_load_n(&trace_evt_mask_active, __ATOMIC_SEQ_CST))
            __atomic_store_n(&trace_evt_mask_active, op->evt_mask, __ATOMIC_SEQ_CST);
        return 0;
    case XEN_SYSCTL_TBUFOP_enable:
        if (!ring_size)
            return -ENODEV;
        enable(evt_mask_chosen);
        return 0;
    case XEN_SYSCTL_TBUFOP_disable:
        __atomic_store_n(&trace_evt_mask_active, 0, __ATOMIC_SEQ_CST);
        return 0;
    case XEN_SYSCTL_TBUFOP_read:
        return tbuf_read(op);
    default:
        return -EINVAL;
    }
}

static const char *const event_names[] = {
    [XEN_TBUF_EV_switch_in] = "switch_in", [XEN_TBUF_EV_switch_out] = "switch_out",
    [XEN_TBUF_EV_wake] = "wake",           [XEN_TBUF_EV_migrate] = "migrate",
};
static const char *const reason_names[] = {
    [XEN_TBUF_REASON_preempted] = "preempted", [XEN_TBUF_REASON_blocked] = "blocked",
    [XEN_TBUF_REASON_yielded] = "yielded",     [XEN_TBUF_REASON_offline] = "offline",
    [XEN_TBUF_REASON_shutdown] = "shutdown",   [XEN_TBUF_REASON_paused] = "paused",
};

int trace_format(char *buf, size_t len, const struct xen_sysctl_tbuf_rec *r)
{
    const char *ev = r->event < ARRAY_SIZE(event_names) ? event_names[r->event] : "unknown";
    int n = snprintf(buf, len, "TRACE %llu cpu%u d%uv%u %s", (unsigned long long)r->time,
                     r->cpu, r->domid, r->vcpuid, ev);

    if (n < 0 || (size_t)n >= len)
        return n;
    if (r->event == XEN_TBUF_EV_switch_out)
        n += snprintf(buf + n, len - (size_t)n, " %s",
                      r->arg < ARRAY_SIZE(reason_names) ? reason_names[r->arg] : "unknown");
    else if (r->event == XEN_TBUF_EV_migrate)
        n += snprintf(buf + n, len - (size_t)n, " from cpu%u", r->arg);
    return n;
}

/*
 * The console dump, a piece at a time: trace_dump_begin() notes how far
 * each ring had got, trace_dump_step() prints the next few records from
 * there (oldest first), so no caller prints for long with interrupts off.
 */
static struct {
    bool active;
    unsigned int cpu;                  /* the ring being printed */
    uint64_t seq;                      /* its next record */
    uint64_t end[NR_CPUS];             /* each ring's tail at the start */
    unsigned long long total, lost;
} dump;
static spinlock_t dump_lock = SPIN_LOCK_UNLOCKED;

bool trace_dump_begin(const char *sched_name)
{
    unsigned long flags = spin_lock_irqsave(&dump_lock);
    bool started = !dump.active;

    if (started) {
        dump.active = true;
        dump.cpu = 0;
        dump.seq = 0;
        dump.total = dump.lost = 0;
        for (unsigned int cpu = 0; cpu < trace_cpus; cpu++)
            dump.end[cpu] = ring_size ? __atomic_load_n(&rings[cpu].tail, __ATOMIC_ACQUIRE) : 0;
        printk("TRACE-BEGIN sched=%s cpus=%u size=%u\n", sched_name, trace_cpus, ring_size);
    }
    spin_unlock_irqrestore(&dump_lock, flags);
    return started;
}

/* Print up to max (> 0) records of ring dump.cpu from dump.seq on. */
static unsigned int dump_piece(unsigned int max)
{
    struct xen_sysctl_tbuf_rec batch[COPY_BATCH];
    uint64_t lost, left = dump.end[dump.cpu] - dump.seq;
    unsigned int n = trace_read(dump.cpu, &dump.seq, &lost, batch,
                                (unsigned int)MIN(left, (uint64_t)MIN(max, COPY_BATCH)));
    char line[96];

    dump.lost += lost;
    for (unsigned int i = 0; i < n; i++) {
        trace_format(line, sizeof(line), &batch[i]);
        printk("%s\n", line);
    }
    dump.total += n;
    dump.seq = n ? dump.seq + n : dump.end[dump.cpu];
    return n;
}

bool trace_dump_step(unsigned int max)
{
    unsigned long flags = spin_lock_irqsave(&dump_lock);
    bool more;

    while (dump.active && max) {
        if (ring_size && dump.cpu < trace_cpus && dump.seq < dump.end[dump.cpu]) {
            max -= dump_piece(max);
        } else if (ring_size && ++dump.cpu < trace_cpus) {
            dump.seq = 0;
        } else {
            printk("TRACE-END records=%llu lost=%llu\n", dump.total, dump.lost);
            dump.active = false;
        }
    }
    more = dump.active;
    spin_unlock_irqrestore(&dump_lock, flags);
    return more;
}
