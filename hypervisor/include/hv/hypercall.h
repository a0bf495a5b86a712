/*
 * Hypercall dispatch (core/hypercall.c).
 *
 * The arch layer decodes a guest's hypercall into a number and five
 * arguments and calls do_hypercall() with the calling VCPU, which is the VCPU
 * running on this CPU.  Handlers return a value for the guest (a negative
 * XEN_E* on error).  A handler that returns -ERESTART has updated args[] and
 * asks for the same hypercall to be issued again with them (a continuation):
 * the guest re-executes it transparently.
 *
 * Guest memory is reached only through copy_from_guest()/copy_to_guest()
 * (hv/guest_access.h).
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <hv/types.h>
#include <public/errno.h>
#include <hv/timer.h>

struct vcpu;

#define HYPERCALL_NR_ARGS 5

typedef long (*hypercall_fn_t)(struct vcpu *curr, unsigned long args[HYPERCALL_NR_ARGS]);

#define NR_HYPERCALLS 64
extern const hypercall_fn_t hypercall_table[NR_HYPERCALLS];

/* Dispatch, on the hot path of every hypercall: a bounds check and an
 * indirect call; unassigned numbers are -ENOSYS. */
static inline long do_hypercall(struct vcpu *curr, unsigned long nr,
                                unsigned long args[HYPERCALL_NR_ARGS])
{
    hypercall_fn_t fn = __builtin_expect(nr < NR_HYPERCALLS, 1) ? hypercall_table[nr] : NULL;

    return __builtin_expect(fn != NULL, 1) ? fn(curr, args) : -XEN_ENOSYS;
}

/* One handler per hypercall family, each in the file named after it. */
long do_xen_version(struct vcpu *curr, unsigned long args[]);
long do_console_io(struct vcpu *curr, unsigned long args[]);
long do_sched_op(struct vcpu *curr, unsigned long args[]);
long do_set_timer_op(struct vcpu *curr, unsigned long args[]);
long do_event_channel_op(struct vcpu *curr, unsigned long args[]);
long do_sysctl(struct vcpu *curr, unsigned long args[]);
long do_domctl(struct vcpu *curr, unsigned long args[]);
long do_vcpu_op(struct vcpu *curr, unsigned long args[]);
long do_grant_table_op(struct vcpu *curr, unsigned long args[]);
long do_hvm_op(struct vcpu *curr, unsigned long args[]);
long do_physdev_op(struct vcpu *curr, unsigned long args[]);

/* Batched calls and memory reservations (issue 3). */
long do_multicall(struct vcpu *curr, unsigned long args[]);
long do_memory_op(struct vcpu *curr, unsigned long args[]);

/*
 * A long hypercall asks this between two units of work (never before the
 * first, so that every issue makes progress).  True when it should give
 * the CPU back: a reschedule is pending on this CPU, or the call has run
 * for HYPERCALL_BUDGET since `start` (its NOW() at entry).  The caller then
 * records its progress in args[] and returns -ERESTART.
 */
#define HYPERCALL_BUDGET MICROSECS(500)
bool hypercall_preempt_check(s_time_t start);
/* Page-table hypercalls (mm/). */
long do_mmu_update(struct vcpu *curr, unsigned long args[]);
long do_mmuext_op(struct vcpu *curr, unsigned long args[]);
long do_update_va_mapping(struct vcpu *curr, unsigned long args[]);
long do_update_va_mapping_otherdomain(struct vcpu *curr, unsigned long args[]);

#endif
