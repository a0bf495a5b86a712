/*
 * Performance counters (XEN_SYSCTL_perfc_op, public/sysctl.h): counts the
 * hypervisor keeps per physical CPU, read by dom0.  One counter so far:
 * "hypervisor_entries", every entry into the hypervisor from a guest (a
 * hypercall or SBI call, an interrupt or an exception taken while a guest
 * ran), which is what a split driver's notification suppression and
 * batching save.  Counted with a plain per-CPU increment: each CPU writes
 * only its own slot; a reader sums slots that may be a moment old.
 */
#ifndef HV_PERFC_H
#define HV_PERFC_H

#include <hv/arch/cpu.h>
#include <hv/types.h>
#include <public/sysctl.h>

#define PERFC_NR_COUNTERS 1

extern uint32_t perfc_entries[NR_CPUS];

/* An entry from a guest on this CPU. */
static inline void perfc_count_entry(void)
{
    perfc_entries[smp_processor_id()]++;
}

/* XEN_SYSCTL_perfc_op: 0 or -EINVAL / -EFAULT. */
long perfc_op(struct xen_sysctl_perfc_op *op);

#endif /* HV_PERFC_H */
