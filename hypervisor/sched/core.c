/*
 * The policy-neutral scheduler core (DESIGN 6).
 *
 * The policy (struct scheduler_ops, chosen with sched=) decides which VCPU
 * runs next and for how long; this file enacts the decision: it keeps the
 * runstates and their accounting, the slice timer, and switches VCPUs.
 *
 * Every VCPU belongs to one CPU (v->processor).  A reschedule of a CPU is
 * requested with raise_reschedule(), which sets a flag and, for another
 * CPU, sends an IPI; the flag is acted on when that CPU next leaves the
 * hypervisor (sched_softirq, called with interrupts off).
 *
 * Migration: a policy may move a VCPU between CPUs (Credit steals work).
 * v->processor changes only with both CPUs' locks held, so whoever holds
 * the lock of the CPU a VCPU is on sees a stable v->processor; vcpu_lock()
 * takes the lock of v's CPU and re-checks.  A VCPU just switched out keeps
 * context_busy until arch_context_switch() has saved its state, and no
 * policy moves it before that: its registers are never loaded on a second
 * CPU while the first is still writing them.
 *
 * Locking: sched_lock[cpu] (irqsave) guards the policy's state for that CPU,
 * sched_curr[cpu] and the scheduling fields of every VCPU on that CPU
 * (is_running, runstate).  It is never held across a context switch.  Two
 * CPU locks are taken together only by a policy that trylocks the second
 * (never waits), or by sched_adjust(), which takes all in CPU order.
 */
#include <hv/boot.h>
#include <hv/cmdline.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/trace.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/xen.h>

static const struct scheduler_ops *const schedulers[] = {
    &sched_credit_ops,      /* the first is the default (Xen's from 3.0.3 to 4.11) */
    &sched_sedf_ops,
    &sched_rr_ops,
};

static struct scheduler sched;
struct vcpu *sched_curr[NR_CPUS];
static struct vcpu *idle_vcpus[NR_CPUS];
static spinlock_t sched_lock[NR_CPUS];
unsigned long resched_pending[NR_CPUS];
static struct timer slice_timer[NR_CPUS];

static struct domain idle_domain = {
    .domain_id = DOMID_IDLE,
    .name = "idle",
};
static struct vcpu idle_vcpu_storage[NR_CPUS];

static void tickle_locked(unsigned int cpu);

static void slice_expired(void *data)
{
    raise_reschedule((unsigned int)(unsigned long)data);
}

static const struct scheduler_ops *choose_policy(const char *opt)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(schedulers); i++)
        if (!strcmp(schedulers[i]->opt_name, opt))
            return schedulers[i];
    if (opt[0])
        printk(XENLOG_WARNING "sched=%s: unknown scheduler, using %s\n", opt,
               schedulers[0]->opt_name);
    return schedulers[0];
}

int sched_init(const char *opt_sched, unsigned int nr_cpus)
{
    int rc;

    sched.ops = choose_policy(opt_sched);
    sched.nr_cpus = nr_cpus;
    sched.idle = idle_vcpus;
    sched.locks = sched_lock;
    sched.tickle = tickle_locked;
    sched.opt_tslice_ms = hv_opts.sched_credit_tslice_ms;
    sched.opt_ratelimit_us = hv_opts.sched_ratelimit_us;
    sched.opt_ratelimit_set = true;
    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        struct vcpu *v = &idle_vcpu_storage[cpu];

        v->vcpu_id = cpu;
        v->domain = &idle_domain;
        v->processor = cpu;
        v->is_idle = true;
        v->is_running = true;
        idle_vcpus[cpu] = sched_curr[cpu] = v;
        spin_lock_init(&sched_lock[cpu]);
        timer_init(&slice_timer[cpu], slice_expired, (void *)(unsigned long)cpu, cpu);
    }
    rc = sched.ops->init(&sched, nr_cpus);
    if (rc)
        return rc;
    printk("Using scheduler: %s (%s)\n", sched.ops->name, sched.ops->opt_name);
    return 0;
}

const struct scheduler_ops *sched_current_ops(void)
{
    return sched.ops;
}

/*
 * IPIs asked for while a scheduler lock is held are sent once it is
 * dropped (sched_unlock): an IPI goes through the firmware, and under
 * QEMU's -icount a hart spinning on the lock meanwhile can stall the one
 * sending it for a long time.  kick_mask[cpu] is cpu's own, irqs off.
 */
static unsigned long kick_mask[NR_CPUS];

static void tickle_locked(unsigned int cpu)
{
    unsigned int self = smp_processor_id();

    __atomic_store_n(&resched_pending[cpu], 1, __ATOMIC_SEQ_CST);
    if (cpu != self)
        kick_mask[self] |= 1UL << cpu;
}

static void send_kicks(void)
{
    unsigned int self = smp_processor_id();
    unsigned long mask = kick_mask[self];

    kick_mask[self] = 0;
    while (mask) {
        unsigned int cpu = (unsigned int)__builtin_ctzl(mask);

        mask &= mask - 1;
        arch_smp_send_reschedule(cpu);
    }
}

static void sched_unlock(unsigned int cpu, unsigned long flags)
{
    spin_unlock(&sched_lock[cpu]);
    send_kicks();
    arch_irq_restore(flags);
}

void raise_reschedule(unsigned int cpu)
{
    __atomic_store_n(&resched_pending[cpu], 1, __ATOMIC_SEQ_CST);
    if (cpu != smp_processor_id())
        arch_smp_send_reschedule(cpu);
}

/* Runstate accounting; sched_lock held. */
static void set_runstate(struct vcpu *v, int state, s_time_t now)
{
    if (v->runstate == state)
        return;
    v->runstate_time[v->runstate] += now - v->runstate_entry;
    v->runstate = state;
    v->runstate_entry = now;
}

static int idle_runstate(const struct vcpu *v)
{
    if (v->pause_flags & VPF_down)
        return RUNSTATE_offline;
    return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_blocked;
}

/* Lock the CPU v is on; v->processor cannot change while it is held. */
static unsigned int vcpu_lock(const struct vcpu *v, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&v->processor, __ATOMIC_ACQUIRE);

        *flags = spin_lock_irqsave(&sched_lock[cpu]);
        if (cpu == __atomic_load_n(&v->processor, __ATOMIC_RELAXED))
            return cpu;
        spin_unlock_irqrestore(&sched_lock[cpu], *flags);
    }
}

static unsigned long lock_all_cpus(void)
{
    unsigned long flags = arch_irq_save();

    for (unsigned int cpu = 0; cpu < sched.nr_cpus; cpu++)
        spin_lock(&sched_lock[cpu]);
    return flags;
}

static void unlock_all_cpus(unsigned long flags)
{
    for (unsigned int cpu = sched.nr_cpus; cpu-- > 0;)
        spin_unlock(&sched_lock[cpu]);
    send_kicks();
    arch_irq_restore(flags);
}

/* Debug key 'r' (core/keyhandler.c): the policy's queues.  They are walked
 * under every CPU's lock (a list changing under the walk could loop it
 * forever); the console lock is a leaf, and the dump is a line per CPU. */
void sched_dump(void)
{
    unsigned long flags = lock_all_cpus();

    sched.ops->dump(&sched);
    unlock_all_cpus(flags);
}

int sched_init_domain(struct domain *d)
{
    return sched.ops->init_domain ? sched.ops->init_domain(&sched, d) : 0;
}

void sched_destroy_domain(struct domain *d)
{
    if (sched.ops->destroy_domain)
        sched.ops->destroy_domain(&sched, d);
}

int sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op)
{
    unsigned long flags;
    int rc;

    if (op->sched_id != sched.ops->sched_id || !sched.ops->adjust)
        return -EINVAL;
    if (op->cmd != XEN_DOMCTL_SCHEDOP_getinfo && op->cmd != XEN_DOMCTL_SCHEDOP_putinfo)
        return -EINVAL;
    flags = lock_all_cpus();
    rc = sched.ops->adjust(&sched, d, op, NOW());
    unlock_all_cpus(flags);
    return rc;
}

int sched_adjust_global(struct xen_sysctl_scheduler_op *op)
{
    unsigned long flags;
    int rc = 0;

    if (op->cpupool_id != 0)
        return -ESRCH;                 /* the only pool is pool 0 */
    if (op->sched_id != sched.ops->sched_id)
        return -EINVAL;
    if (op->cmd != XEN_SYSCTL_SCHEDOP_getinfo && op->cmd != XEN_SYSCTL_SCHEDOP_putinfo)
        return -EINVAL;
    if (!sched.ops->adjust_global)
        return 0;
    flags = lock_all_cpus();
    rc = sched.ops->adjust_global(&sched, op);
    unlock_all_cpus(flags);
    return rc;
}

int sched_set_boot_params(struct domain *d, unsigned int weight, unsigned int cap,
                          unsigned int period_ms, unsigned int slice_ms)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = sched.ops->sched_id,
        .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
    };

    switch (op.sched_id) {
    case XEN_SCHEDULER_CREDIT:
        op.u.credit.weight = (uint16_t)weight;
        op.u.credit.cap = (uint16_t)cap;
        break;
    case XEN_SCHEDULER_SEDF:
        op.u.sedf.period = (uint64_t)MILLISECS(period_ms);
        op.u.sedf.slice = (uint64_t)MILLISECS(slice_ms);
        op.u.sedf.extratime = 1;       /* work conserving, as Xen's default */
        break;
    default:
        return 0;                      /* the policy has no parameters */
    }
    return sched_adjust(d, &op);
}

int sched_insert_vcpu(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);
    int rc;

    v->runstate = RUNSTATE_offline;
    v->runstate_entry = NOW();
    rc = sched.ops->insert_vcpu(&sched, v);
    sched_unlock(cpu, flags);
    return rc;
}

void sched_remove_vcpu(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);

    sched.ops->remove_vcpu(&sched, v);
    sched_unlock(cpu, flags);
}

void vcpu_wake(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);

    if (vcpu_runnable(v) && !v->is_running && v->runstate != RUNSTATE_runnable) {
        set_runstate(v, RUNSTATE_runnable, NOW());
        trace_wake(v);
        if (sched.ops->wake(&sched, v))
            tickle_locked(cpu);
    }
    sched_unlock(cpu, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);

    if (!vcpu_runnable(v)) {
        if (v->is_running) {
            tickle_locked(cpu);
        } else {
            if (v->runstate == RUNSTATE_runnable)
                sched.ops->sleep(&sched, v);
            /* Also blocked -> offline when a blocked VCPU is taken down. */
            set_runstate(v, idle_runstate(v), NOW());
        }
    }
    sched_unlock(cpu, flags);
}

void vcpu_yield(struct vcpu *v)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);

    trace_yield(v);
    sched.ops->yield(&sched, v);
    sched_unlock(cpu, flags);
    raise_reschedule(cpu);
}

struct vcpu *schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct vcpu *prev, *next;
    struct sched_decision dec;
    unsigned long flags = spin_lock_irqsave(&sched_lock[cpu]);
    s_time_t now = NOW();

    prev = sched_curr[cpu];
    dec = sched.ops->do_schedule(&sched, cpu, prev, now);
    next = dec.next;
    BUG_ON(next->processor != cpu);

    if (!prev->is_idle) {
        int state = prev == next ? RUNSTATE_running : idle_runstate(prev);

        /*
         * The policy requeued prev only if it was runnable when it looked.
         * A waker that unblocked it since found it still running and left
         * it to us, and will find it runnable and do nothing once we let
         * go: if it is runnable now, make sure it is queued (a policy's
         * wake does nothing for a queued VCPU).  Without this it stayed
         * runnable on no run queue, its CPU idle, for ever.
         */
        if (state == RUNSTATE_runnable && sched.ops->wake(&sched, prev))
            tickle_locked(cpu);
        set_runstate(prev, state, now);
    }
    prev->is_running = false;
    next->is_running = true;
    if (!next->is_idle)
        set_runstate(next, RUNSTATE_running, now);
    if (prev != next && !prev->is_idle)
        __atomic_store_n(&prev->context_busy, true, __ATOMIC_RELAXED);
    sched_curr[cpu] = next;
    spin_unlock(&sched_lock[cpu]);
    send_kicks();
    /* The idle VCPU may have a limit too: a policy wakes up for a period
     * that begins (SEDF) or for accounting (Credit's parked VCPUs).  The
     * slice timer is this CPU's alone, programmed outside the lock. */
    if (dec.slice >= 0)
        set_timer(&slice_timer[cpu], now + dec.slice);
    else
        stop_timer(&slice_timer[cpu]);
    trace_schedule(cpu, prev, next, now);
    arch_irq_restore(flags);

    if (prev != next) {
        if (!prev->is_idle)
            vcpu_update_runstate_area(prev);
        /* A VCPU moved here brings its timer, so that the timer's lock and
         * interrupt stay on the CPU that runs it. */
        if (!next->is_idle && next->singleshot_timer.cpu != cpu)
            migrate_timer(&next->singleshot_timer, cpu);
        if (!next->is_idle)
            update_vcpu_system_time(next);
        arch_context_switch(prev, next);
        if (!prev->is_idle)
            __atomic_store_n(&prev->context_busy, false, __ATOMIC_RELEASE);
        if (!next->is_idle)
            vcpu_update_runstate_area(next);
        if (!prev->is_idle && prev->domain->is_shutting_down)
            domain_check_shut_down(prev->domain);
    }
    return next;
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r, bool to_now)
{
    unsigned long flags;
    unsigned int cpu = vcpu_lock(v, &flags);
    s_time_t now = NOW();

    r->state = v->runstate;
    r->state_entry_time = (uint64_t)v->runstate_entry;
    for (unsigned int i = 0; i < ARRAY_SIZE(r->time); i++)
        r->time[i] = (uint64_t)v->runstate_time[i];
    if (to_now && now > v->runstate_entry)
        r->time[v->runstate] += (uint64_t)(now - v->runstate_entry);
    sched_unlock(cpu, flags);
}

void sched_do_softirq(unsigned int cpu)
{
    if (__atomic_exchange_n(&resched_pending[cpu], 0, __ATOMIC_SEQ_CST))
        schedule();
}

/* An event upcall, or (hv/arch/domain.h) an interrupt of the arch's own
 * that the VCPU waits for, is pending: no sleep. */
static bool upcall_pending(const struct vcpu *v)
{
    return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST) ||
           arch_vcpu_irq_pending(v);
}

void vcpu_wait_for_event(struct vcpu *v)
{
    __atomic_or_fetch(&v->pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    if (upcall_pending(v))
        __atomic_and_fetch(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    else
        vcpu_sleep_nosync(v);
}

void vcpu_block(struct vcpu *v)
{
    arch_vcpu_unmask_upcall(v);
    vcpu_wait_for_event(v);
}

void vcpu_unblock(struct vcpu *v)
{
    if (__atomic_fetch_and(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST) & VPF_blocked)
        vcpu_wake(v);
}
