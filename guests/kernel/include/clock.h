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

/* Setup: bind VIRQ_TIMER. */
void clock_init(void);

#endif /* GUEST_CLOCK_H */
