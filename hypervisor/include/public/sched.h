/*
 * sched_op (29): (int cmd, void *arg) -- a VCPU's dealings with the
 * scheduler: giving up the CPU, sleeping until an event, and shutting its
 * domain down.  Unknown cmd: -XEN_ENOSYS.
 */
#ifndef PUBLIC_SCHED_H
#define PUBLIC_SCHED_H

#include "xen.h"

/*
 * SCHEDOP_yield, arg NULL: let other runnable VCPUs run first; this VCPU
 * stays runnable.  Any domain.  Returns 0.
 */
#define SCHEDOP_yield            0

/*
 * SCHEDOP_block, arg NULL: sleep until an event is pending for this VCPU.
 * Returns at once if one already is.  On RISC-V it returns with
 * sstatus.SIE set, so the guest takes the upcall straight after the ecall
 * (arch-riscv.h).  A timer (set_timer_op) bounds the sleep.  Any domain.
 * Returns 0.
 */
#define SCHEDOP_block            1

/*
 * SCHEDOP_shutdown, arg struct sched_shutdown: stop every VCPU of the
 * calling domain and report `reason` to the control domain (VIRQ_DOM_EXC,
 * getdomaininfo).  The first reason latched wins; later calls return 0.
 * Does not return except for suspend (1 = cancelled, 0 = resumed).
 * Unknown reason: -XEN_EINVAL.
 */
#define SCHEDOP_shutdown         2

/*
 * SCHEDOP_poll, arg struct sched_poll: block until one of the listed ports
 * is pending (masked or not) or system time reaches `timeout` (0 = no
 * timeout; a time in the past ends the poll at once).  Returns 0 at once
 * if an event upcall is pending for the VCPU or a listed port is pending
 * (ports are checked in order).  nr_ports > 128: -XEN_EINVAL; the ports
 * array unreadable: -XEN_EFAULT; a port >= EVTCHN_2L_NR_CHANNELS met
 * before any pending one: -XEN_EINVAL.  Returns 0 when woken.  Any domain.
 */
#define SCHEDOP_poll             3

/*
 * SCHEDOP_remote_shutdown, arg struct sched_remote_shutdown: shut another
 * domain down with `reason`.  Control domain only (-XEN_EPERM); unknown
 * domain: -XEN_ESRCH.
 */
#define SCHEDOP_remote_shutdown  4

/*
 * SCHEDOP_shutdown_code, arg struct sched_shutdown: latch the reason to
 * report when the domain eventually shuts down, without shutting down.
 */
#define SCHEDOP_shutdown_code    5

/*
 * SCHEDOP_watchdog, arg struct sched_watchdog: id 0 creates a watchdog
 * and returns its id; id != 0 with timeout 0 destroys it; otherwise it
 * rearms it for `timeout` seconds.  On expiry the domain shuts down with
 * SHUTDOWN_watchdog.
 */
#define SCHEDOP_watchdog         6

/*
 * SCHEDOP_pin_override, arg struct sched_pin_override: hardware domain
 * only (-XEN_EPERM): temporarily pin this VCPU to pcpu (-1 = undo).
 */
#define SCHEDOP_pin_override     7

struct sched_shutdown {
    unsigned int reason;            /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;

struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;  /* IN: array of ports */
    unsigned int nr_ports;          /* IN: at most 128 */
    uint64_t timeout;               /* IN: absolute system time, 0 = none */
};
typedef struct sched_poll sched_poll_t;

struct sched_remote_shutdown {
    domid_t domain_id;              /* IN: domain to shut down */
    unsigned int reason;            /* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;

struct sched_watchdog {
    uint32_t id;                    /* IN/OUT: watchdog id, 0 = create */
    uint32_t timeout;               /* IN: seconds, 0 = destroy */
};
typedef struct sched_watchdog sched_watchdog_t;

struct sched_pin_override {
    int32_t pcpu;                   /* IN: physical CPU, -1 = end override */
};
typedef struct sched_pin_override sched_pin_override_t;

/* Shutdown reasons, also reported in XEN_DOMINF_shutdownmask. */
#define SHUTDOWN_poweroff    0  /* clean stop: never restart */
#define SHUTDOWN_reboot      1  /* clean stop: restart */
#define SHUTDOWN_suspend     2  /* state saved: resume later */
#define SHUTDOWN_crash       3  /* the guest failed */
#define SHUTDOWN_watchdog    4  /* a watchdog expired */
#define SHUTDOWN_soft_reset  5  /* restart in place, memory kept */
#define SHUTDOWN_MAX         5

PUBLIC_CHECK_SIZE(struct sched_poll, 24);
PUBLIC_CHECK_OFF(struct sched_poll, timeout, 16);
PUBLIC_CHECK_SIZE(struct sched_remote_shutdown, 8);

#endif /* PUBLIC_SCHED_H */
