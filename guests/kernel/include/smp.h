/*
 * More than one VCPU, and the lock that makes that safe.
 *
 * VCPU 0 runs main().  Each further VCPU the domain has (vcpus= in its
 * description) starts down; vcpu_start() gives it a stack, a TLS block and
 * the current page tables (VCPUOP_initialise, the first time) and brings
 * it up (VCPUOP_up) to run fn(arg) with events on and its own VIRQ_TIMER
 * bound, so sleep_ns() works there too.  When fn returns, the VCPU takes
 * itself down (VCPUOP_down) until the next vcpu_start().
 *
 * Per-VCPU data: struct guest_cpu, found through sscratch (set on each
 * VCPU before anything else runs there; the trap code does not use it).
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>
#include "csr.h"

#define GUEST_MAX_VCPUS 8          /* the hypervisor's MAX_VIRT_CPUS */

enum guest_cpu_state {
    GUEST_CPU_OFF,                 /* never started, or finished and down */
    GUEST_CPU_STARTING,            /* vcpu_start() handed it work */
    GUEST_CPU_RUNNING,             /* running fn */
    GUEST_CPU_DONE,                /* fn returned; going down */
};

struct guest_cpu {
    unsigned int id;
    vcpu_info_t *vcpu_info;        /* this VCPU's event and time state */
    long timer_port;               /* its VIRQ_TIMER port, or -XEN_E* */
    bool initialised;              /* VCPUOP_initialise done */
    int state;                     /* enum guest_cpu_state, atomic */
    void (*fn)(void *arg);
    void *arg;
};

static inline struct guest_cpu *this_cpu(void)
{
    return (struct guest_cpu *)csr_read(sscratch);
}

static inline unsigned int smp_processor_id(void)
{
    return this_cpu()->id;
}

/* The per-VCPU data of VCPU id (id < GUEST_MAX_VCPUS). */
struct guest_cpu *guest_cpu(unsigned int id);

/* How many VCPUs this domain has (VCPUOP_is_up answers for 0..n-1). */
unsigned int nr_vcpus(void);

/*
 * Run fn(arg) on VCPU id (not 0).  Waits first for an earlier fn there to
 * be finished and the VCPU down.  Returns 0, or -XEN_E* from
 * VCPUOP_initialise / VCPUOP_up (-XEN_EINVAL for id 0 or out of range).
 */
long vcpu_start(unsigned int id, void (*fn)(void *arg), void *arg);

/* Wait (yielding) until fn has returned on VCPU id. */
void vcpu_wait(unsigned int id);

/* Setup: every VCPU's data, and VCPU 0's sscratch (shared_info known). */
void smp_init_boot_cpu(void);

/* A spin lock.  Take it with interrupts off if an event handler takes it. */
typedef struct {
    int locked;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0 }

static inline void spin_lock(spinlock_t *l)
{
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
            ;
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif /* GUEST_SMP_H */
