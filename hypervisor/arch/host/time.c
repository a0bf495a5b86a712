/*
 * Host arch: a simulated clock.  Time stands still until a test moves it,
 * so scheduler and timer tests are deterministic.  The tick counter runs
 * at QEMU virt's 10 MHz so tick/ns conversions see realistic numbers.
 */
#include <hv/arch/time.h>
#include <hv/arch/cpu.h>
#include <asm/host.h>

static s_time_t host_now;
s_time_t host_timer_deadline[NR_CPUS];

void host_set_now(s_time_t now) { host_now = now; }
void host_advance_now(s_time_t delta) { host_now += delta; }

s_time_t arch_now(void) { return host_now; }

void arch_set_timer(s_time_t deadline)
{
    host_timer_deadline[smp_processor_id()] = deadline;
}

uint64_t arch_ticks(void)
{
    return (uint64_t)host_now / (1000000000ULL / HOST_TICKS_HZ);
}

uint64_t arch_ticks_hz(void) { return HOST_TICKS_HZ; }

s_time_t arch_ticks_to_ns(uint64_t ticks)
{
    return (s_time_t)(ticks * (1000000000ULL / HOST_TICKS_HZ));
}

/* The simulated RTC: what a test set, 0 (no RTC) by default. */
uint64_t host_wallclock_ns;
uint64_t arch_wallclock_ns(void) { return host_wallclock_ns; }
