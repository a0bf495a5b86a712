/*
 * Guest-visible time: each VCPU's vcpu_time_info, and the wall clock in
 * each domain's shared_info.
 *
 * The "tsc" of the ABI is the counter the guest can read itself (the `time`
 * CSR on RISC-V): system time = system_time +
 * ((((counter - tsc_timestamp) << tsc_shift) * tsc_to_system_mul) >> 32),
 * with a right shift for a negative tsc_shift.  Readers use version as a
 * seqlock: odd while an update is in progress.  system_time is the
 * hypervisor's own NOW() at exactly tsc_timestamp (both come from one
 * counter read), so every VCPU extrapolates the same line and time read on
 * one VCPU never runs ahead of time read later on another.
 *
 * A VCPU's time info is refreshed when it is switched in and, while it
 * runs, once a second by a per-CPU timer, so the extrapolation never spans
 * long enough for a scale that is not exact to drift visibly.
 *
 * The wall clock is shared_info.wc_sec/wc_nsec (+ wc_sec_hi): the time of
 * day at system time 0, from the platform RTC read once, at the first
 * domain's creation.
 *
 * Locking: none.  A VCPU's time info is written only by the CPU it runs on
 * (or by the scheduler while it is switched out); the wall clock is
 * written once per domain, before the domain runs.
 */
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/arch/cpu.h>
#include <hv/arch/time.h>
#include <public/xen.h>

static uint32_t scale_mul;
static int8_t scale_shift;
static struct timer time_tick[NR_CPUS];

void time_scale_from_hz(uint64_t hz, uint32_t *mul, int8_t *shift)
{
    unsigned __int128 num = 1000000000ULL, den = hz;   /* ns per tick = num / den */
    int s = 0;

    /* Bring num/den into [0.5, 1), so that mul = 2^32 * num / den fits in
     * 32 bits and keeps its top bit set. */
    while (num >= den) {
        den <<= 1;
        s++;
    }
    while (num < den / 2) {
        num <<= 1;
        s--;
    }
    *mul = (uint32_t)((num << 32) / den);
    *shift = (int8_t)s;
}

uint64_t time_scale_ticks(uint64_t ticks, uint32_t mul, int8_t shift)
{
    if (shift >= 0)
        ticks <<= shift;
    else
        ticks >>= -shift;
    return (uint64_t)(((unsigned __int128)ticks * mul) >> 32);
}

void update_vcpu_system_time(struct vcpu *v)
{
    struct vcpu_time_info *t = &v->vcpu_info->time;
    uint64_t ticks;

    if (!scale_mul)
        time_scale_from_hz(arch_ticks_hz(), &scale_mul, &scale_shift);
    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
    ticks = arch_ticks();
    t->tsc_timestamp = ticks;
    t->system_time = (uint64_t)arch_ticks_to_ns(ticks);
    t->tsc_to_system_mul = scale_mul;
    t->tsc_shift = scale_shift;
    t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;   /* one counter for all CPUs */
    __atomic_fetch_add(&t->version, 1, __ATOMIC_SEQ_CST);
}

static void time_tick_fn(void *data)
{
    unsigned int cpu = (unsigned int)(unsigned long)data;
    struct vcpu *v = current_vcpu();

    if (!v->is_idle)
        update_vcpu_system_time(v);
    set_timer(&time_tick[cpu], NOW() + SECONDS(1));
}

void time_start_cpu(unsigned int cpu)
{
    timer_init(&time_tick[cpu], time_tick_fn, (void *)(unsigned long)cpu, cpu);
    set_timer(&time_tick[cpu], NOW() + SECONDS(1));
}

uint64_t wallclock_boot_ns(void)
{
    static uint64_t boot_ns;
    static bool known;

    if (!known) {
        uint64_t wall = arch_wallclock_ns();
        s_time_t now = NOW();

        boot_ns = wall > (uint64_t)now ? wall - (uint64_t)now : 0;
        known = true;
        if (boot_ns)
            printk("Wall clock at boot: %llu.%09llu s since 1970 (RTC)\n",
                   (unsigned long long)(boot_ns / 1000000000ULL),
                   (unsigned long long)(boot_ns % 1000000000ULL));
        else
            printk(XENLOG_WARNING "No RTC: guests see a wall clock of 0\n");
    }
    return boot_ns;
}

void domain_set_wallclock(struct domain *d)
{
    struct shared_info *s = d->shared_info;
    uint64_t ns = wallclock_boot_ns();
    uint64_t sec = ns / 1000000000ULL;

    __atomic_fetch_add(&s->wc_version, 1, __ATOMIC_SEQ_CST);
    s->wc_sec = (uint32_t)sec;
    s->wc_sec_hi = (uint32_t)(sec >> 32);
    s->wc_nsec = (uint32_t)(ns % 1000000000ULL);
    __atomic_fetch_add(&s->wc_version, 1, __ATOMIC_SEQ_CST);
}
