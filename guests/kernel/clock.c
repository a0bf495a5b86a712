/*
 * System time and sleeping.
 *
 * monotonic_ns() extrapolates the hypervisor's last time update with the
 * time CSR: system_time + scale(rdtime - tsc_timestamp).  The update is
 * read like a seqlock (version odd = being written), so a torn read is
 * retried rather than used.
 *
 * Sleeping has one race to avoid: if the timer's upcall ran between our
 * "deadline not reached yet" check and SCHEDOP_block, it would have
 * consumed evtchn_upcall_pending and the block would sleep with no timer
 * left to wake it.  So the check runs with interrupts off; the upcall then
 * stays pending, the block returns at once, and it is taken when the
 * block returns with interrupts on.
 */
#include "kernel.h"

static long timer_port = -1;    /* or -XEN_E* from binding VIRQ_TIMER */
static unsigned long timer_events;

static uint64_t scale_delta(uint64_t delta, uint32_t mul, int8_t shift)
{
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t monotonic_ns(void)
{
    const volatile struct vcpu_time_info *t = &shared_info->vcpu_info[0].time;
    uint32_t version, mul;
    uint64_t stamp, sys, now;
    int8_t shift;

    do {
        version = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        stamp = t->tsc_timestamp;
        sys = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        now = rdtime();
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != t->version);

    /* A stamp from the future (another hart's clock) counts as now. */
    return sys + (now > stamp ? scale_delta(now - stamp, mul, shift) : 0);
}

void block_domain(void)
{
    HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

void sleep_ns(uint64_t ns)
{
    uint64_t deadline = monotonic_ns() + ns;
    unsigned long flags = local_irq_save();

    while (monotonic_ns() < deadline) {
        if (timer_port < 0) {
            /* No VIRQ_TIMER: nothing would wake a block, so poll. */
            static bool warned;

            if (!warned) {
                warned = true;
                printk("clock: no VIRQ_TIMER (%ld); sleeping polls\n",
                       timer_port);
            }
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
            continue;
        }
        HYPERVISOR_set_timer_op(deadline);
        block_domain();         /* returns with interrupts on ... */
        local_irq_disable();    /* ... so close the window again */
    }
    local_irq_restore(flags);
}

static void timer_handler(evtchn_port_t port, void *data)
{
    /* Waking the blocked VCPU was the point; nothing else to do. */
    timer_events++;
}

/* Silent: a program's first console line is its own (dom0's banner). */
void clock_init(void)
{
    timer_port = bind_virq(VIRQ_TIMER, timer_handler, NULL);
}
