/*
 * Arch contract: time.
 *
 *   s_time_t arch_now(void);   system time in ns since boot; any context
 *   void arch_set_timer(s_time_t deadline);  program this CPU's timer
 *                              interrupt for an absolute system time;
 *                              deadline <= now fires at once; called with
 *                              irqs off
 *   uint64_t arch_ticks(void); raw counter (the `time` CSR on RISC-V)
 *   uint64_t arch_ticks_hz(void); counter frequency
 *   s_time_t arch_ticks_to_ns(uint64_t ticks); a counter value as system
 *                              time (arch_now() is this of the counter now)
 *   uint64_t arch_wallclock_ns(void); the platform RTC: ns since the Unix
 *                              epoch, 0 if there is none; any context
 *
 * The core calls timer_softirq() (hv/timer.h) from the timer interrupt.
 */
#ifndef HV_ARCH_TIME_H
#define HV_ARCH_TIME_H

#include <hv/types.h>

s_time_t arch_now(void);
void arch_set_timer(s_time_t deadline);
uint64_t arch_ticks(void);
uint64_t arch_ticks_hz(void);
s_time_t arch_ticks_to_ns(uint64_t ticks);
uint64_t arch_wallclock_ns(void);

#endif /* HV_ARCH_TIME_H */
