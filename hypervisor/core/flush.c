/*
 * Guest TLB shootdown (the protocol is in hv/flush.h; the answering side,
 * flush_service and cpu_relax, is inline there).
 *
 * Locking: none (atomics).  A CPU's own answer (flush_service) may run in
 * the middle of anything with interrupts off; it touches only this CPU's
 * TLB and its own done.
 */
#include <hv/domain.h>
#include <hv/flush.h>
#include <hv/lib.h>
#include <hv/arch/cpu.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>

struct flush_ticket flush_tickets[NR_CPUS];

static unsigned long online_mask(void)
{
    BUILD_BUG_ON(NR_CPUS > 8 * sizeof(unsigned long));   /* CPU masks are one word */
    return nr_cpus_online >= 8 * sizeof(long) ? ~0UL : (1UL << nr_cpus_online) - 1;
}

/* Ask every CPU in mask to flush, and wait until each has answered. */
static void flush_cpus_wait(unsigned long mask)
{
    unsigned long want[NR_CPUS];

    for (unsigned long m = mask; m; m &= m - 1) {
        unsigned int cpu = (unsigned int)__builtin_ctzl(m);

        want[cpu] = __atomic_add_fetch(&flush_tickets[cpu].req, 1, __ATOMIC_SEQ_CST);
        arch_send_flush_ipi(cpu);
    }
    for (unsigned long m = mask; m; m &= m - 1) {
        unsigned int cpu = (unsigned int)__builtin_ctzl(m);
        struct cpu_wait w = CPU_WAIT_INIT;

        while (__atomic_load_n(&flush_tickets[cpu].done, __ATOMIC_ACQUIRE) < want[cpu])
            cpu_relax(&w);
        cpu_wait_end(&w);
    }
}

/* Step 2 of the protocol: every CPU must flush d before it next uses it;
 * this one at once if it is using d now.  Returns the CPUs (other than
 * this one) that may be using d now. */
static unsigned long mark_stale(struct domain *d)
{
    unsigned long self = 1UL << smp_processor_id();
    unsigned long mark = online_mask();

    if (__atomic_load_n(&d->flush.active, __ATOMIC_SEQ_CST) & self) {
        arch_flush_domain_local(d);
        mark &= ~self;
    }
    __atomic_or_fetch(&d->flush.stale, mark, __ATOMIC_SEQ_CST);
    return __atomic_load_n(&d->flush.active, __ATOMIC_SEQ_CST) & ~self;
}

void flush_guest_tlbs(struct domain *d)
{
    unsigned long others;

    smp_mb();                  /* the table changes before the marks */
    others = mark_stale(d);
    if (others)
        flush_cpus_wait(others);
}

void flush_guest_tlbs_lazy(struct domain *d)
{
    smp_mb();
    __atomic_add_fetch(&d->flush.widened, 1, __ATOMIC_RELAXED);
    (void)mark_stale(d);
}

void flush_wait_inactive(struct domain *d)
{
    struct cpu_wait w = CPU_WAIT_INIT;

    BUG_ON(__atomic_load_n(&d->flush.active, __ATOMIC_SEQ_CST) & (1UL << smp_processor_id()));
    while (__atomic_load_n(&d->flush.active, __ATOMIC_SEQ_CST))
        cpu_relax(&w);
    cpu_wait_end(&w);
}
