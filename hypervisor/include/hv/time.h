/*
 * Guest-visible time (core/time.c): each VCPU's vcpu_time_info and the
 * wall clock in each domain's shared_info.
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <hv/types.h>

struct vcpu;
struct domain;

/* Refresh v's vcpu_time_info; on v's CPU, or while v is not running. */
void update_vcpu_system_time(struct vcpu *v);

/*
 * The vcpu_time_info scale for a counter of hz ticks a second:
 * ns = ((ticks << shift) * mul) >> 32 (>> -shift when shift < 0), with
 * mul in [2^31, 2^32) for the most precision.  hz must be nonzero.
 */
void time_scale_from_hz(uint64_t hz, uint32_t *mul, int8_t *shift);
/* ticks scaled by (mul, shift) as a guest does it. */
uint64_t time_scale_ticks(uint64_t ticks, uint32_t mul, int8_t shift);

/* Start this CPU's once-a-second refresh of the running VCPU's time info.
 * Called on each CPU as it enters the scheduler. */
void time_start_cpu(unsigned int cpu);

/* Write the wall clock at system time 0 into d's shared_info (wc_*). */
void domain_set_wallclock(struct domain *d);
/* The wall clock at system time 0, ns since the Unix epoch (0: no RTC). */
uint64_t wallclock_boot_ns(void);

#endif
