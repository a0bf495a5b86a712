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
 *
 * Every VCPU reads its own vcpu_info's time and sleeps on its own one-shot
 * timer (set_timer_op is per VCPU) with its own VIRQ_TIMER port.
 *
 * The wall clock is shared_info.wc_* (the time of day at system time 0)
 * plus system time.
 */
#include "kernel.h"

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
    const volatile struct vcpu_time_info *t = &this_cpu()->vcpu_info->time;
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
    long timer_port = this_cpu()->timer_port;

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
    __atomic_fetch_add(&timer_events, 1, __ATOMIC_RELAXED);
}

/* Silent: a program's first console line is its own (dom0's banner). */
void clock_init(void)
{
    clock_init_cpu();
}

void clock_init_cpu(void)
{
    struct guest_cpu *c = this_cpu();

    c->timer_port = bind_virq_on(VIRQ_TIMER, c->id, timer_handler, NULL);
}

uint64_t wallclock_ns(void)
{
    const volatile shared_info_t *s = shared_info;
    uint32_t version, sec, sec_hi, nsec;

    do {
        version = s->wc_version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sec = s->wc_sec;
        sec_hi = s->wc_sec_hi;
        nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != s->wc_version);
    if (!sec && !sec_hi && !nsec)
        return 0;
    return (((uint64_t)sec_hi << 32 | sec) * NSEC_PER_SEC + nsec) + monotonic_ns();
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *y, unsigned int *m, unsigned int *d)
{
    int64_t era, doe, yoe, doy, mp;

    /* Count from 0000-03-01, so that the leap day ends a year; 146097
     * days make a 400-year era. */
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void wallclock_to_tm(uint64_t ns, struct wall_tm *tm)
{
    uint64_t secs = ns / NSEC_PER_SEC, day_secs = secs % 86400;

    civil_from_days((int64_t)(secs / 86400), &tm->year, &tm->month, &tm->day);
    tm->hour = (unsigned int)(day_secs / 3600);
    tm->min = (unsigned int)(day_secs / 60 % 60);
    tm->sec = (unsigned int)(day_secs % 60);
}
