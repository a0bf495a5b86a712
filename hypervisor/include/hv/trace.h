/*
 * The scheduling trace buffer (core/trace.c): a ring of fixed-size records
 * per pCPU of which VCPU ran where, from when to when and why it stopped.
 *
 * Records are struct xen_sysctl_tbuf_rec (public/sysctl.h), so dom0 reads
 * them as they are (XEN_SYSCTL_tbuf_op).  The rings are sized once at boot
 * (tbuf_size= pages per CPU) and recording is off until enabled (tevt_mask=
 * at boot, or the sysctl).  While off, each hook costs one load and one
 * predictable branch.
 *
 * The hooks may be called from any context; each records into the ring of
 * the CPU it runs on, with interrupts off for the few stores it makes.
 */
#ifndef HV_TRACE_H
#define HV_TRACE_H

#include <hv/types.h>
#include <public/sysctl.h>

struct vcpu;

/* Events enabled now (XEN_TBUF_EV_* bits); 0 while off. */
extern uint32_t trace_evt_mask_active;

/* Allocate pages_per_cpu pages of records for each of nr_cpus CPUs and
 * start recording the events in evt_mask (0: not yet).  0 or -ENOMEM. */
int trace_init(unsigned int pages_per_cpu, uint32_t evt_mask, unsigned int nr_cpus);

/* Hooks for sched/core.c.  trace_schedule: `cpu` switches from prev to
 * next at `now` (nothing if prev == next; idle VCPUs are not recorded). */
void __trace_schedule(unsigned int cpu, const struct vcpu *prev, const struct vcpu *next,
                      s_time_t now);
void __trace_wake(const struct vcpu *v);
void __trace_yield(const struct vcpu *v);

#define TRACE_BIT(ev) (1u << XEN_TBUF_EV_##ev)
#define TRACE_SWITCH_BITS (TRACE_BIT(switch_in) | TRACE_BIT(switch_out) | TRACE_BIT(migrate))

static inline bool trace_on(uint32_t bits)
{
    return __builtin_expect(__atomic_load_n(&trace_evt_mask_active, __ATOMIC_RELAXED) & bits,
                            0);
}

static inline void trace_schedule(unsigned int cpu, const struct vcpu *prev,
                                  const struct vcpu *next, s_time_t now)
{
    if (trace_on(TRACE_SWITCH_BITS))
        __trace_schedule(cpu, prev, next, now);
}

static inline void trace_wake(const struct vcpu *v)
{
    if (trace_on(TRACE_BIT(wake)))
        __trace_wake(v);
}

static inline void trace_yield(const struct vcpu *v)
{
    if (trace_on(TRACE_BIT(switch_out)))
        __trace_yield(v);
}

/* XEN_SYSCTL_tbuf_op on plain types; copies records with copy_to_guest. */
long trace_tbuf_op(struct xen_sysctl_tbuf_op *op);

/*
 * Read up to max records of cpu's ring from sequence *first on into out
 * (hypervisor memory); *first becomes the sequence of out[0] and *lost the
 * records before it that were overwritten.  Returns the number copied.
 */
unsigned int trace_read(unsigned int cpu, uint64_t *first, uint64_t *lost,
                        struct xen_sysctl_tbuf_rec *out, unsigned int max);

/* One record as a text line, "TRACE <ns> cpu<N> d<D>v<V> <event> [detail]". */
int trace_format(char *buf, size_t len, const struct xen_sysctl_tbuf_rec *r);

/*
 * The console dump (debug keys 'T' and 'r'), in pieces so that nobody
 * prints for long with interrupts off: trace_dump_begin() prints the
 * TRACE-BEGIN line and fixes where each ring ends (false, doing nothing, if
 * a dump is already under way); each trace_dump_step() prints at most max
 * records, oldest first, ring after ring, then TRACE-END, and returns true
 * while the dump has more to print.  Any CPU, any context.
 */
bool trace_dump_begin(const char *sched_name);
bool trace_dump_step(unsigned int max);

#endif /* HV_TRACE_H */
