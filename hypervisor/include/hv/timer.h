/*
 * Per-CPU software timers.  A timer fires its handler on the CPU it was set
 * on, from the timer interrupt, with interrupts off.  Handlers must be short:
 * raise a VIRQ, wake a VCPU, ask for a reschedule.
 *
 * Locking: each CPU's timer list has its own lock; timer functions may be
 * called from any CPU and from interrupt context.
 */
#ifndef HV_TIMER_H
#define HV_TIMER_H

#include <hv/types.h>
#include <hv/list.h>

struct timer {
    struct list_head node;       /* on the owning CPU's list, sorted */
    s_time_t expires;
    void (*fn)(void *data);
    void *data;
    unsigned int cpu;
    bool active;
};

void timer_init(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
/* Move t, set or not, to new_cpu's list (its VCPU moved there); any CPU.
 * False if the old CPU's list was busy: t stays there and still works. */
bool migrate_timer(struct timer *t, unsigned int new_cpu);
/* Run expired timers of this CPU and reprogram the hardware; irqs off. */
void timer_softirq(void);
void timers_init_cpu(unsigned int cpu);

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s) ((s_time_t)(s) * 1000000000LL)

s_time_t NOW(void);

/* Arch: make another CPU run timer_softirq() soon (an IPI). */
void timer_kick_cpu(unsigned int cpu);

#endif /* HV_TIMER_H */
