/*
 * Quiescent states: when may a structure that other CPUs could still be
 * using be freed (core/quiesce.c)?
 *
 * The structures in question are found through a lookup (a domain by id)
 * and used by the finder for the rest of what it is doing: a hypercall, a
 * trap, an interrupt.  None of these keeps the pointer once it returns to
 * the guest or goes idle.  So each CPU counts the points where it holds no
 * such pointer - every return to the guest and every wait in the idle
 * loop - and an object unlinked from every lookup can be freed once each
 * other CPU has passed such a point since the unlinking: whatever it found
 * before, it has finished with.
 *
 * A waiter does not spin for that (it may itself be what another CPU's
 * wait needs): it takes a snapshot, asks again later (a hypercall
 * continuation), and kicks the CPUs that have not moved on so that an idle
 * one goes round its loop.
 *
 * Locking: none; the counters are atomic, each written by its CPU only.
 */
#ifndef HV_QUIESCE_H
#define HV_QUIESCE_H

#include <hv/types.h>
#include <hv/arch/cpu.h>

struct quiesce_snapshot {
    unsigned long seq[NR_CPUS];
};

extern unsigned long quiesce_seq[NR_CPUS];

/* This CPU holds no pointer found by a lookup: on the way to the guest
 * and in the idle loop.  On the hot path: one store. */
static inline void quiesce_note(unsigned int cpu)
{
    __atomic_store_n(&quiesce_seq[cpu], quiesce_seq[cpu] + 1, __ATOMIC_RELEASE);
}

/* Record every CPU's count, after the object was unlinked. */
void quiesce_take(struct quiesce_snapshot *s);

/* Has every CPU other than this one passed a quiescent point since s was
 * taken?  Those that have not are kicked (a reschedule IPI). */
bool quiesce_passed(const struct quiesce_snapshot *s);

#endif /* HV_QUIESCE_H */
