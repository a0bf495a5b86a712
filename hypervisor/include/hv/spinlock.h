/*
 * Ticket spinlocks.  Arch-neutral: built on the compiler's atomics, so the
 * same code runs in the hypervisor and in host tests.  A lock is never held
 * across a return to a guest.  spin_lock_irqsave() is for locks that an
 * interrupt handler on the same CPU may also take.  A CPU waiting for a
 * lock answers flush requests meanwhile (cpu_relax, hv/flush.h): the
 * holder may be waiting for it to flush.
 */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include <hv/types.h>
#include <hv/arch/cpu.h>
#include <hv/flush.h>

typedef struct {
    uint32_t next;
    uint32_t owner;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }

static inline void spin_lock_init(spinlock_t *l) { l->next = l->owner = 0; }

/* The wait, kept out of the callers' fast path. */
static __attribute__((noinline, cold, unused)) void spin_lock_wait(spinlock_t *l, uint32_t ticket)
{
    struct cpu_wait w = CPU_WAIT_INIT;

    while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax(&w);
    cpu_wait_end(&w);
}

static inline void spin_lock(spinlock_t *l)
{
    uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

    if (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
        spin_lock_wait(l, ticket);
}

/* Take the lock only if it is free now; never waits.  True if taken. */
static inline bool spin_trylock(spinlock_t *l)
{
    uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
    uint32_t expect = owner;

    return __atomic_compare_exchange_n(&l->next, &expect, owner + 1, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = arch_irq_save();

    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    arch_irq_restore(flags);
}

#endif /* HV_SPINLOCK_H */
