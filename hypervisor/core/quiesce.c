/*
 * Quiescent-state counting (hv/quiesce.h explains the model): the
 * per-CPU counts, a snapshot and the test that every other CPU moved on.
 */
#include <hv/quiesce.h>
#include <hv/arch/machine.h>

unsigned long quiesce_seq[NR_CPUS];

void quiesce_take(struct quiesce_snapshot *s)
{
    /* The unlinking (a store under a lock) comes before the reads. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        s->seq[cpu] = __atomic_load_n(&quiesce_seq[cpu], __ATOMIC_ACQUIRE);
}

bool quiesce_passed(const struct quiesce_snapshot *s)
{
    unsigned int self = smp_processor_id();
    bool all = true;

    for (unsigned int cpu = 0; cpu < nr_cpus_online; cpu++) {
        if (cpu == self || __atomic_load_n(&quiesce_seq[cpu], __ATOMIC_ACQUIRE) != s->seq[cpu])
            continue;
        all = false;
        arch_smp_send_reschedule(cpu);
    }
    return all;
}
