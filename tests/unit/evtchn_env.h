/*
 * A miniature machine for event/event_channel.c and event/event_2l.c on
 * the host, shared by test_evtchn.c and tests/fuzz/fuzz_evtchn.c
 * (include it in exactly one file of a binary: it defines the stubs).
 *
 * ENV_DOMS domains: d0 privileged (the hardware domain), the others
 * unprivileged, each with ENV_VCPUS VCPUs and its own shared_info.  The
 * stubbed world around the event code:
 *   - guest memory is host memory: a "guest address" is a host pointer, and
 *     addresses below 4096 fault (-EFAULT), as an unmapped page would;
 *   - vcpu_unblock() counts wake-ups per VCPU (env_wakes[]);
 *   - domain_by_id() finds the ENV_DOMS domains, domain_list holds them
 *     in id order; timers are inert;
 *   - the interrupt controller is the host model (asm/host.h); d0 owns
 *     pirqs 1..8 (core/irq.c, linked beside the event code).
 */
#ifndef TESTS_EVTCHN_ENV_H
#define TESTS_EVTCHN_ENV_H

#include <stdlib.h>
#include <string.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/xmalloc.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/xen.h>
#include <asm/host.h>

#define ENV_DOMS 3
#define ENV_VCPUS 2

struct domain *hardware_domain;
struct list_head domain_list;
spinlock_t domlist_lock = SPIN_LOCK_UNLOCKED;
static struct domain env_dom[ENV_DOMS];
static struct vcpu env_vcpu[ENV_DOMS][ENV_VCPUS];
static struct shared_info env_si[ENV_DOMS];
static unsigned long env_wakes[ENV_DOMS][ENV_VCPUS];

struct domain *domain_by_id(domid_t id)
{
    return id < ENV_DOMS ? &env_dom[id] : NULL;
}

void vcpu_unblock(struct vcpu *v)
{
    __atomic_and_fetch(&v->pause_flags, ~VPF_blocked, __ATOMIC_SEQ_CST);
    env_wakes[v->domain->domain_id][v->vcpu_id]++;
}

void timer_init(struct timer *t, void (*fn)(void *), void *data, unsigned int cpu) {}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (len && gva < 4096)
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (len && gva < 4096)
        return -EFAULT;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}

/* Fresh domains; host_mm_setup() must have run (the buckets are xmalloc'd). */
static void env_setup(void)
{
    memset(env_dom, 0, sizeof(env_dom));
    memset(env_vcpu, 0, sizeof(env_vcpu));
    memset(env_si, 0, sizeof(env_si));
    memset(env_wakes, 0, sizeof(env_wakes));
    list_init(&domain_list);
    for (unsigned int i = 0; i < ENV_DOMS; i++) {
        struct domain *d = &env_dom[i];

        d->domain_id = (domid_t)i;
        d->is_privileged = i == 0;
        d->shared_info = &env_si[i];
        d->max_vcpus = ENV_VCPUS;
        spin_lock_init(&d->event_lock);
        for (unsigned int j = 0; j < ENV_VCPUS; j++) {
            struct vcpu *v = &env_vcpu[i][j];

            v->vcpu_id = j;
            v->domain = d;
            v->vcpu_info = &env_si[i].vcpu_info[0];
            d->vcpu[j] = v;
        }
        if (evtchn_domain_init(d))
            abort();
        list_add_tail(&d->list, &domain_list);
    }
    hardware_domain = &env_dom[0];
    /* d0 owns the pirqs of QEMU virt's eight virtio-mmio slots. */
    host_irq_reset();
    irq_init();
    for (unsigned int pirq = 1; pirq <= 8; pirq++)
        if (irq_permit(&env_dom[0], pirq))
            abort();
}

/* Give the buckets back (their bucket pointers are forgotten). */
static void env_teardown(void)
{
    for (unsigned int i = 0; i < ENV_DOMS; i++)
        for (unsigned int b = 0; b < 64; b++)
            if (env_dom[i].evtchn_bucket[b])
                xfree(env_dom[i].evtchn_bucket[b]);
}

/* event_channel_op(cmd, arg) issued by VCPU 0 of domain dom. */
static long env_op(unsigned int dom, unsigned long cmd, void *arg)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, (unsigned long)(uintptr_t)arg };

    return do_event_channel_op(&env_vcpu[dom][0], args);
}

#endif
