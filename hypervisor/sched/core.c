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
 * Locking: sched_lock[cpu] (irqsave) guards the policy's state for that CPU,
 * sched_curr[cpu] and the scheduling fields of every VCPU on that CPU
 * (is_running, runstate).  It is never held across a context switch.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <public/vcpu.h>
#include <public/xen.h>

static const struct scheduler_ops *const schedulers[] = {
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

int sched_insert_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock[v->processor]);
    int rc;

    v->runstate = RUNSTATE_offline;
    v->runstate_entry = NOW();
    rc = sched.ops->insert_vcpu(&sched, v);
    spin_unlock_irqrestore(&sched_lock[v->processor], flags);
    return rc;
}

void sched_remove_vcpu(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock[v->processor]);

    sched.ops->remove_vcpu(&sched, v);
    spin_unlock_irqrestore(&sched_lock[v->processor], flags);
}

void vcpu_wake(struct vcpu *v)
{
    unsigned int cpu = v->processor;
    unsigned long flags = spin_lock_irqsave(&sched_lock[cpu]);

    if (vcpu_runnable(v) && !v->is_running && v->runstate != RUNSTATE_runnable) {
        set_runstate(v, RUNSTATE_runnable, NOW());
        if (sched.ops->wake(&sched, v))
            raise_reschedule(cpu);
    }
    spin_unlock_irqrestore(&sched_lock[cpu], flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
    unsigned int cpu = v->processor;
    unsigned long flags = spin_lock_irqsave(&sched_lock[cpu]);

    if (!vcpu_runnable(v)) {
        if (v->is_running) {
            raise_reschedule(cpu);
        } else {
            if (v->runstate == RUNSTATE_runnable)
                sched.ops->sleep(&sched, v);
            /* Also blocked -> offline when a blocked VCPU is taken down. */
            set_runstate(v, idle_runstate(v), NOW());
        }
    }
    spin_unlock_irqrestore(&sched_lock[cpu], flags);
}

void vcpu_yield(struct vcpu *v)
{
    unsigned long flags = spin_lock_irqsave(&sched_lock[v->processor]);

    sched.ops->yield(&sched, v);
    spin_unlock_irqrestore(&sched_lock[v->processor], flags);
    raise_reschedule(v->processor);
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

    if (!prev->is_idle)
        set_runstate(prev, prev == next ? RUNSTATE_running : idle_runstate(prev), now);
    prev->is_running = false;
    next->is_running = true;
    if (!next->is_idle)
        set_runstate(next, RUNSTATE_running, now);
    sched_curr[cpu] = next;
    spin_unlock_irqrestore(&sched_lock[cpu], flags);

    /*
     * The slice timer is this CPU's alone, so it is programmed after the
     * lock is dropped: the timer hardware write is slow under emulation
     * (QEMU -icount switches harts there), and another CPU waking a VCPU
     * here must not spin on the lock meanwhile.
     */
    if (dec.slice >= 0 && !next->is_idle)
        set_timer(&slice_timer[cpu], now + dec.slice);
    else
        stop_timer(&slice_timer[cpu]);

    if (prev != next) {
        if (!prev->is_idle)
            vcpu_update_runstate_area(prev);
        if (!next->is_idle)
            update_vcpu_system_time(next);
        arch_context_switch(prev, next);
        if (!next->is_idle)
            vcpu_update_runstate_area(next);
        if (!prev->is_idle && prev->domain->is_shutting_down)
            domain_check_shut_down(prev->domain);
    }
    return next;
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r, bool to_now)
{
    unsigned int cpu = v->processor;
    unsigned long flags = spin_lock_irqsave(&sched_lock[cpu]);
    s_time_t now = NOW();

    r->state = v->runstate;
    r->state_entry_time = (uint64_t)v->runstate_entry;
    for (unsigned int i = 0; i < ARRAY_SIZE(r->time); i++)
        r->time[i] = (uint64_t)v->runstate_time[i];
    if (to_now && now > v->runstate_entry)
        r->time[v->runstate] += (uint64_t)(now - v->runstate_entry);
    spin_unlock_irqrestore(&sched_lock[cpu], flags);
}

void sched_do_softirq(unsigned int cpu)
{
    if (__atomic_exchange_n(&resched_pending[cpu], 0, __ATOMIC_SEQ_CST))
        schedule();
}

static bool upcall_pending(const struct vcpu *v)
{
    return __atomic_load_n(&v->vcpu_info->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
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
