/*
 * Time: Xen system time from vcpu_info.time and the time CSR, and
 * sleeping on set_timer_op + VIRQ_TIMER.
 */
#ifndef GUEST_CLOCK_H
#define GUEST_CLOCK_H

#include <stdint.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL

/* Hypervisor system time in ns (the clock set_timer_op deadlines use). */
uint64_t monotonic_ns(void);

/*
 * Sleep at least ns nanoseconds: arm the one-shot timer and block until
 * the deadline has passed.  Events are handled meanwhile; returns with
 * the interrupt state it was called with.
 */
void sleep_ns(uint64_t ns);

/* Block until the next event (or a pending one): SCHEDOP_block. */
void block_domain(void);

/* Setup: bind VIRQ_TIMER on VCPU 0; clock_init_cpu on the calling VCPU. */
void clock_init(void);
void clock_init_cpu(void);

/* The time of day, ns since the Unix epoch (shared_info's wall clock plus
 * system time); 0 if the hypervisor knows no wall clock. */
uint64_t wallclock_ns(void);

struct wall_tm {
    int64_t year;
    unsigned int month, day, hour, min, sec;   /* 1-12, 1-31, 0-23, 0-59, 0-59 */
};
/* ns since the epoch as a UTC date and time. */
void wallclock_to_tm(uint64_t ns, struct wall_tm *tm);

#endif /* GUEST_CLOCK_H */
