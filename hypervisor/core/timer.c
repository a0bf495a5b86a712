/*
 * Per-CPU software timers on one hardware timer per CPU.
 *
 * Each CPU keeps its active timers in a list sorted by expiry; the hardware
 * timer is programmed for the head.  A timer's handler runs on its CPU from
 * timer_softirq() (the timer interrupt), with interrupts off and no lock
 * held, so a handler may set timers, wake VCPUs and raise VIRQs.
 *
 * Locking: timer_lock[cpu] (irqsave) guards that CPU's list and the fields
 * of the timers on it.  A timer is on at most one list: t->cpu's.
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

/* Program the hardware for the earliest timer; lock held, on any CPU.
 * Only the owning CPU may touch its hardware timer, so a remote change
 * asks that CPU to reprogram through a reschedule kick if it moved earlier. */
static void reprogram(unsigned int cpu)
{
    s_time_t next = -1;

    if (!list_empty(&timer_list[cpu]))
        next = list_first_entry(&timer_list[cpu], struct timer, node)->expires;
    if (cpu == smp_processor_id())
        arch_set_timer(next);
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

void set_timer(struct timer *t, s_time_t expires)
{
    unsigned int cpu = t->cpu;
    unsigned long flags = spin_lock_irqsave(&timer_lock[cpu]);

    timer_remove_locked(t);
    t->expires = expires;
    timer_insert_locked(t);
    if (list_first_entry(&timer_list[cpu], struct timer, node) == t)
        reprogram(cpu);
    spin_unlock_irqrestore(&timer_lock[cpu], flags);
    if (cpu != smp_processor_id())
        timer_kick_cpu(cpu);
}

void stop_timer(struct timer *t)
{
    unsigned long flags = spin_lock_irqsave(&timer_lock[t->cpu]);

    timer_remove_locked(t);
    spin_unlock_irqrestore(&timer_lock[t->cpu], flags);
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
    reprogram(cpu);
    spin_unlock_irqrestore(&timer_lock[cpu], flags);
}
