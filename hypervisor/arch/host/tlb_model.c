/*
 * Host arch: the guest TLB of every simulated CPU, for the shootdown
 * protocol (hv/flush.h) to be tested against harts that keep stale
 * translations until they flush (the model is described in asm/host.h).
 *
 * A remote CPU flushes only at a service point.  The test runs on one
 * thread as host_current_cpu; when that CPU spins (cpu_relax ->
 * arch_cpu_relax), every other CPU takes one turn at its service point
 * (flush_service, run as that CPU), which is what a real hart waiting on a
 * lock, taking the IPI or leaving the hypervisor does.  A flush that gave
 * up waiting, or that skipped an active CPU, leaves that CPU's entries in
 * place, and host_tlb_check() names them.
 */
#include <hv/domain.h>
#include <hv/flush.h>
#include <hv/lib.h>
#include <hv/arch/cpu.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <asm/host.h>

struct tlb_entry {
    struct domain *d;
    uint64_t mfn;
    bool writable;
};

static struct {
    unsigned int nr;
    struct tlb_entry e[HOST_TLB_MAX];
    struct domain *running;       /* host_tlb_switch's */
} tlb[NR_CPUS];

unsigned long host_flush_ipis[NR_CPUS];

void arch_cpu_relax(void)
{
    unsigned int self = host_current_cpu;

    for (unsigned int cpu = 0; cpu < nr_cpus_online && cpu < NR_CPUS; cpu++) {
        if (cpu == self)
            continue;
        host_current_cpu = cpu;
        flush_service();
    }
    host_current_cpu = self;
}

void arch_flush_guest_tlb_local(void)
{
    tlb[host_current_cpu].nr = 0;
}

void arch_flush_domain_local(struct domain *d)
{
    unsigned int cpu = host_current_cpu, kept = 0;

    for (unsigned int i = 0; i < tlb[cpu].nr; i++)
        if (tlb[cpu].e[i].d != d)
            tlb[cpu].e[kept++] = tlb[cpu].e[i];
    tlb[cpu].nr = kept;
}

void arch_send_flush_ipi(unsigned int cpu)
{
    host_flush_ipis[cpu]++;
}

struct fill {
    unsigned int cpu;
    struct domain *d;
};

static void cache_one(void *ctx, mfn_t m, bool writable)
{
    struct fill *f = ctx;

    BUG_ON(tlb[f->cpu].nr == HOST_TLB_MAX);
    tlb[f->cpu].e[tlb[f->cpu].nr++] = (struct tlb_entry){ f->d, mfn_x(m), writable };
}

void host_tlb_fill(unsigned int cpu, struct domain *d)
{
    unsigned int self = host_current_cpu;
    struct fill f = { cpu, d };

    host_current_cpu = cpu;
    if (!(__atomic_load_n(&d->flush.active, __ATOMIC_SEQ_CST) & (1UL << cpu)))
        flush_activate(d, &d->flush);
    host_current_cpu = self;
    arch_gstage_for_each(d, cache_one, &f);
}

void host_tlb_leave(unsigned int cpu, struct domain *d)
{
    unsigned int self = host_current_cpu;

    host_current_cpu = cpu;
    flush_deactivate(&d->flush);
    host_current_cpu = self;
}

/* A CPU that is not running d may keep d's old entries: it flushes them
 * when it activates d again (flush_activate), before any use. */
void host_tlb_switch(unsigned int cpu, struct domain *d)
{
    if (tlb[cpu].running)
        host_tlb_leave(cpu, tlb[cpu].running);
    tlb[cpu].running = d;
    if (d)
        host_tlb_fill(cpu, d);
}

void host_tlb_stop(struct domain *d)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (tlb[cpu].running == d)
            host_tlb_switch(cpu, NULL);
}

int host_tlb_check(char *why, size_t len)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        for (unsigned int i = 0; i < tlb[cpu].nr; i++) {
            const struct tlb_entry *e = &tlb[cpu].e[i];
            int now = host_gstage(e->d, _mfn(e->mfn));

            if (!(__atomic_load_n(&e->d->flush.active, __ATOMIC_SEQ_CST) & (1UL << cpu)))
                continue;
            if (now < 0 || (e->writable && now == 0)) {
                snprintf(why, len, "cpu%u still caches d%u frame %#llx %s (G-stage: %s)",
                         cpu, e->d->domain_id, (unsigned long long)e->mfn,
                         e->writable ? "writable" : "read-only",
                         now < 0 ? "unmapped" : "read-only");
                return -EINVAL;
            }
        }
    return 0;
}

void host_tlb_reset(void)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        tlb[cpu].nr = 0;
        tlb[cpu].running = NULL;
        host_flush_ipis[cpu] = 0;
    }
}

unsigned int host_tlb_entries(unsigned int cpu)
{
    return tlb[cpu].nr;
}
