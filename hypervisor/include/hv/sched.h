/*
 * The scheduler interface (DESIGN 6).
 *
 * A policy is a `const struct scheduler_ops`, one per file under sched/,
 * listed in the explicit array in sched/core.c and chosen with sched=.
 * The policy decides; the core (sched/core.c) enacts: it keeps runstates,
 * runs do_schedule when asked, and switches to the VCPU it returns.
 *
 * Calling context: every hook is called with the scheduler lock of the CPU
 * concerned held (the core's, per CPU) and interrupts off; init_domain and
 * destroy_domain with no lock; adjust with every CPU's lock held.  Policies
 * keep their state in the opaque sched_priv pointers (VCPU and domain).
 *
 * Migration: a policy may move a queued VCPU to the CPU it is deciding for
 * (work stealing) inside do_schedule, holding that CPU's lock and the
 * other CPU's lock taken with spin_trylock(&s->locks[other]); it sets
 * v->processor while both are held.  A VCPU whose registers are still being
 * saved by its last CPU (v->context_busy) must not be moved.
 *
 * Idle: each CPU has an idle VCPU (idle_vcpu[cpu]); it is never inserted in
 * the policy.  do_schedule returns it when nothing else is runnable.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>
#include <hv/spinlock.h>

struct vcpu;
struct domain;
struct scheduler;
struct xen_domctl_scheduler_op;
struct xen_sysctl_scheduler_op;

struct sched_decision {
    struct vcpu *next;
    s_time_t slice;       /* ns to run before asking again; < 0: no limit */
};

struct scheduler_ops {
    const char *name;     /* human name, "Round-robin" */
    const char *opt_name; /* sched= value, "rr" */
    unsigned int sched_id;/* XEN_SCHEDULER_* */

    /* Global setup; nr_cpus physical CPUs will be used.  0 or -errno. */
    int (*init)(struct scheduler *s, unsigned int nr_cpus);
    /* A new VCPU (not yet runnable).  Allocates v->sched_priv.  0 or -errno. */
    int (*insert_vcpu)(struct scheduler *s, struct vcpu *v);
    /* A VCPU being destroyed; must not be running; frees v->sched_priv. */
    void (*remove_vcpu)(struct scheduler *s, struct vcpu *v);
    /* v stopped being runnable (blocked, paused, down). */
    void (*sleep)(struct scheduler *s, struct vcpu *v);
    /* v became runnable; returns true if v->processor should reschedule. */
    bool (*wake)(struct scheduler *s, struct vcpu *v);
    /* v (running) gives up the rest of its slice. */
    void (*yield)(struct scheduler *s, struct vcpu *v);
    /* Choose what runs next on cpu.  `prev` is what ran until now (maybe
     * the idle VCPU) and is still runnable only if vcpu_runnable(prev). */
    struct sched_decision (*do_schedule)(struct scheduler *s, unsigned int cpu,
                                         struct vcpu *prev, s_time_t now);
    /* Print the policy's state (debug key). */
    void (*dump)(struct scheduler *s);

    /* A new domain, before its VCPUs: may allocate d->sched_priv; the
     * policy's defaults apply.  Optional.  0 or -errno. */
    int (*init_domain)(struct scheduler *s, struct domain *d);
    /* The domain's VCPUs are removed; free d->sched_priv.  Optional. */
    void (*destroy_domain)(struct scheduler *s, struct domain *d);
    /* XEN_DOMCTL_scheduler_op for d (sched_id and cmd already checked):
     * getinfo fills op->u; putinfo checks everything, then applies.
     * Optional (NULL: -EINVAL).  0 or -EINVAL. */
    int (*adjust)(struct scheduler *s, struct domain *d,
                  struct xen_domctl_scheduler_op *op, s_time_t now);
    /* XEN_SYSCTL_scheduler_op (sched_id and cmd checked), every CPU's lock
     * held.  Optional (NULL: nothing to get or put).  0 or -EINVAL. */
    int (*adjust_global)(struct scheduler *s, struct xen_sysctl_scheduler_op *op);
};

struct scheduler {
    const struct scheduler_ops *ops;
    void *priv;                          /* the policy's global data */
    struct vcpu **idle;                  /* idle VCPU per CPU */
    unsigned int nr_cpus;
    spinlock_t *locks;                   /* the core's lock of each CPU */
    /* Ask `cpu` to call do_schedule soon (raise_reschedule in the core). */
    void (*tickle)(unsigned int cpu);
    /* Boot options the policy may use (0: its default). */
    unsigned int opt_tslice_ms;          /* sched_credit_tslice_ms= */
    unsigned int opt_ratelimit_us;       /* sched_ratelimit_us= */
    bool opt_ratelimit_set;              /* sched_ratelimit_us= was given */
};

extern const struct scheduler_ops sched_rr_ops;
extern const struct scheduler_ops sched_credit_ops;
extern const struct scheduler_ops sched_sedf_ops;
/* Deadlines v missed under SEDF (v must be scheduled by sched_sedf_ops). */
uint64_t sedf_vcpu_misses(const struct vcpu *v);

/* Core interface used by the rest of the hypervisor (sched/core.c). */
int sched_init(const char *opt_sched, unsigned int nr_cpus);
const struct scheduler_ops *sched_current_ops(void);
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);
/* domctl / sysctl scheduler_op: wrong sched_id or cmd: -EINVAL. */
int sched_adjust(struct domain *d, struct xen_domctl_scheduler_op *op);
int sched_adjust_global(struct xen_sysctl_scheduler_op *op);
/* Boot-time parameters from a domain description, as a putinfo for the
 * policy in use (credit: weight, cap; sedf: period, slice in ms). */
int sched_set_boot_params(struct domain *d, unsigned int weight, unsigned int cap,
                          unsigned int period_ms, unsigned int slice_ms);
int sched_insert_vcpu(struct vcpu *v);
void sched_remove_vcpu(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
void vcpu_sleep_nosync(struct vcpu *v);
void vcpu_yield(struct vcpu *v);
/* Pick and switch to the next VCPU on this CPU; called on the way out of
 * the hypervisor when a reschedule was requested. */
struct vcpu *schedule(void);
void raise_reschedule(unsigned int cpu);


/* Print the policy's run queues (part of debug key 'r', core/keyhandler.c). */
void sched_dump(void);

/* The VCPU running on each CPU (the idle VCPU when nothing else). */
extern struct vcpu *sched_curr[];
static inline struct vcpu *current_vcpu(void);

/* On the way out of the hypervisor, irqs off: reschedule if asked. */
extern unsigned long resched_pending[];
void sched_do_softirq(unsigned int cpu);
static inline void sched_softirq(unsigned int cpu)
{
    if (unlikely(__atomic_load_n(&resched_pending[cpu], __ATOMIC_RELAXED)))
        sched_do_softirq(cpu);
}
/* Block v (current) until an event is pending for it; the WFI path. */
void vcpu_wait_for_event(struct vcpu *v);
/* SCHEDOP_block: unmask event delivery, then block unless one is pending. */
void vcpu_block(struct vcpu *v);
/* Wake v if it is blocked waiting for an event. */
void vcpu_unblock(struct vcpu *v);

/* v's runstate and the time spent in each state up to its entry into the
 * current state, or (to_now) up to now (VCPUOP). */
struct vcpu_runstate_info;
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r, bool to_now);

#include <hv/arch/cpu.h>
static inline struct vcpu *current_vcpu(void)
{
    return sched_curr[smp_processor_id()];
}

#endif /* HV_SCHED_H */
