/*
 * Per-CPU software timers on one hardware timer per CPU.
 *
 * Each CPU keeps its active timers in a list sorted by expiry; the hardware
 * timer is programmed for the head.  A timer's handler runs on its CPU from
 * timer_softirq() (the timer interrupt), with interrupts off and no lock
 * held, so a handler may set timers, wake VCPUs and raise VIRQs.
 *
 * Locking: timer_lock[cpu] (irqsave) guards that CPU's list and the fields
 * of the timers on it.  A timer is on at most one list: t->cpu's.  t->cpu
 * changes (migrate_timer) only with both CPUs' locks held, so a caller
 * locks the CPU it read from t->cpu and checks it again (lock_timer).
 */
#include <hv/lib.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/arch/cpu.h>
#include <hv/arch/time.h>

static struct list_head timer_list[NR_CPUS];
static spinlock_t timer_lock[NR_CPUS];
static bool timers_ready[NR_CPUS];

static void timers_init_once(unsigned int cpu)
{
    if (!timers_ready[cpu]) {
        list_init(&timer_list[cpu]);
        spin_lock_init(&timer_lock[cpu]);
        timers_ready[cpu] = true;
    }
}

void timers_init_cpu(unsigned int cpu)
{
    timers_init_once(cpu);
}

void timer_init(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu)
{
    list_init(&t->node);
    t->fn = fn;
    t->data = data;
    t->cpu = cpu;
    t->active = false;
    timers_init_once(cpu);
}

/*
 * The earliest expiry on cpu's list (-1: none); lock held.  The caller
 * programs the hardware with it after dropping the lock, interrupts still
 * off, and only on cpu itself: a remote change kicks cpu instead, whose
 * timer_softirq() reprograms.  The hardware is never written with a timer
 * lock held: under QEMU's -icount another hart spinning on that lock can
 * stall a hart that programs its timer for a long time.
 */
static s_time_t earliest(unsigned int cpu)
{
    if (list_empty(&timer_list[cpu]))
        return -1;
    return list_first_entry(&timer_list[cpu], struct timer, node)->expires;
}

/* Drop cpu's timer lock, program this CPU's hardware if the list is ours
 * and its head changed, then restore interrupts. */
static void unlock_and_program(unsigned int cpu, bool head_changed, unsigned long flags)
{
    s_time_t next = earliest(cpu);

    spin_unlock(&timer_lock[cpu]);
    if (head_changed && cpu == smp_processor_id())
        arch_set_timer(next);
    arch_irq_restore(flags);
}

static void timer_remove_locked(struct timer *t)
{
    if (t->active) {
        list_del(&t->node);
        t->active = false;
    }
}

static void timer_insert_locked(struct timer *t)
{
    struct list_head *pos;

    list_for_each(pos, &timer_list[t->cpu]) {
        if (list_entry(pos, struct timer, node)->expires > t->expires)
            break;
    }
    list_add_tail(&t->node, pos);
    t->active = true;
}

/* Lock the list t is on; t->cpu cannot change while it is held. */
static unsigned int lock_timer(const struct timer *t, unsigned long *flags)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);

        *flags = spin_lock_irqsave(&timer_lock[cpu]);
        if (cpu == __atomic_load_n(&t->cpu, __ATOMIC_RELAXED))
            return cpu;
        spin_unlock_irqrestore(&timer_lock[cpu], *flags);
    }
}

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);

    timer_remove_locked(t);
    t->expires = expires;
    timer_insert_locked(t);
    unlock_and_program(cpu, list_first_entry(&timer_list[cpu], struct timer, node) == t,
                       flags);
    if (cpu != smp_processor_id())
        timer_kick_cpu(cpu);
}

void stop_timer(struct timer *t)
{
    unsigned long flags;
    unsigned int cpu = lock_timer(t, &flags);

    timer_remove_locked(t);
    spin_unlock_irqrestore(&timer_lock[cpu], flags);
}

/*
 * Never waits for the old CPU's lock: under QEMU's -icount one hart
 * spinning with interrupts off on a lock whose holder is programming its
 * timer can stall that holder for a long time, so a busy lock just leaves
 * the timer where it is (it still works there) until the next try.
 */
bool migrate_timer(struct timer *t, unsigned int new_cpu)
{
    unsigned int old = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
    unsigned long flags;
    bool active;

    if (old == new_cpu)
        return true;
    flags = spin_lock_irqsave(&timer_lock[new_cpu]);
    if (!spin_trylock(&timer_lock[old])) {
        spin_unlock_irqrestore(&timer_lock[new_cpu], flags);
        return false;
    }
    if (t->cpu != old) {                   /* moved meanwhile: leave it */
        spin_unlock(&timer_lock[old]);
        spin_unlock_irqrestore(&timer_lock[new_cpu], flags);
        return false;
    }
    active = t->active;
    timer_remove_locked(t);
    __atomic_store_n(&t->cpu, new_cpu, __ATOMIC_RELEASE);
    if (active)
        timer_insert_locked(t);
    spin_unlock(&timer_lock[old]);
    unlock_and_program(new_cpu,
                       active && list_first_entry(&timer_list[new_cpu], struct timer, node) == t,
                       flags);
    if (active && new_cpu != smp_processor_id())
        timer_kick_cpu(new_cpu);
    return true;
}

void timer_softirq(void)
{
    unsigned int cpu = smp_processor_id();
    unsigned long flags = spin_lock_irqsave(&timer_lock[cpu]);
    s_time_t now = NOW();

    while (!list_empty(&timer_list[cpu])) {
        struct timer *t = list_first_entry(&timer_list[cpu], struct timer, node);

        if (t->expires > now)
            break;
        timer_remove_locked(t);
        spin_unlock_irqrestore(&timer_lock[cpu], flags);
        t->fn(t->data);
        flags = spin_lock_irqsave(&timer_lock[cpu]);
        now = NOW();
    }
    unlock_and_program(cpu, true, flags);
}
