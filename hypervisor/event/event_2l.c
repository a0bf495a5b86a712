/*
 * The 2-level event ABI: pending and mask bitmaps in shared_info, the
 * per-VCPU selector and the upcall (reference/xen-abi.md 11, DESIGN 5).
 *
 * Port p is bit p % 64 of word p / 64 of shared_info.evtchn_pending and
 * evtchn_mask; word w is bit w of a VCPU's vcpu_info.evtchn_pending_sel.
 * Raising p: set its pending bit, and stop if it was set already (the
 * guest has not seen the last one yet).  Unless p is masked, set its word's
 * selector bit in the notified VCPU; if that bit was clear, set
 * evtchn_upcall_pending, wake the VCPU and kick it (the arch makes the
 * upcall visible: hvip.VSSIP on RISC-V, an IPI if it runs on another pCPU).
 * The guest undoes the steps in reverse order, so nothing is lost.
 *
 * Pollers (SCHEDOP_poll): a VCPU that polls sets its bit in d->poll_mask and
 * v->poll_evtchn (its one port, or -1 for several), then sleeps.  Raising a
 * port wakes every poller of the domain whose poll_evtchn is -1 or the
 * port, masked or not; an upcall for the VCPU or the poll time-out end
 * the poll too.  The poll_mask bit is the token: whoever clears it does
 * the wake-up.
 *
 * Locking: none.  The bitmaps are shared with the guest and change only by
 * atomic read-modify-write; callers hold no lock or the domain's
 * event_lock, which this file never takes.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/sched.h>
#include <hv/arch/domain.h>
#include <public/xen.h>

#define BITS_PER_WORD 64

static xen_ulong_t bit_of(unsigned int port)
{
    return 1UL << (port % BITS_PER_WORD);
}

static bool test_and_set(xen_ulong_t *word, xen_ulong_t m)
{
    return __atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m;
}

static bool test_and_clear(xen_ulong_t *word, xen_ulong_t m)
{
    return __atomic_fetch_and(word, ~m, __ATOMIC_SEQ_CST) & m;
}

static bool test_word(const xen_ulong_t *word, xen_ulong_t m)
{
    return __atomic_load_n(word, __ATOMIC_SEQ_CST) & m;
}

/* The port's word is pending in v's selector: raise the upcall if new. */
static void mark_word_pending(struct vcpu *v, unsigned int port)
{
    struct vcpu_info *vi = v->vcpu_info;

    if (test_and_set(&vi->evtchn_pending_sel, 1UL << (port / BITS_PER_WORD)))
        return;
    __atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    /* An upcall ends a poll too; cancelling it here keeps its time-out
     * from waking the VCPU out of something else later. */
    evtchn_poll_cancel(v);
    vcpu_unblock(v);
    arch_vcpu_kick_upcall(v);
}

static void wake_pollers(struct domain *d, unsigned int port)
{
    unsigned long mask = __atomic_load_n(&d->poll_mask, __ATOMIC_SEQ_CST);

    while (mask) {
        unsigned int id = (unsigned int)__builtin_ctzl(mask);
        struct vcpu *v = id < d->max_vcpus ? d->vcpu[id] : NULL;
        int polled;

        mask &= mask - 1;
        if (!v)
            continue;
        polled = __atomic_load_n(&v->poll_evtchn, __ATOMIC_SEQ_CST);
        if ((polled < 0 || (unsigned int)polled == port) && evtchn_poll_cancel(v))
            vcpu_unblock(v);
    }
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
    struct domain *d = v->domain;
    struct shared_info *s = d->shared_info;
    unsigned int w = port / BITS_PER_WORD;

    if (test_and_set(&s->evtchn_pending[w], bit_of(port)))
        return;
    if (!test_word(&s->evtchn_mask[w], bit_of(port)))
        mark_word_pending(v, port);
    wake_pollers(d, port);
}

void evtchn_clear_pending(struct domain *d, unsigned int port)
{
    test_and_clear(&d->shared_info->evtchn_pending[port / BITS_PER_WORD], bit_of(port));
}

bool evtchn_is_pending(const struct domain *d, unsigned int port)
{
    return test_word(&d->shared_info->evtchn_pending[port / BITS_PER_WORD], bit_of(port));
}

bool evtchn_is_masked(const struct domain *d, unsigned int port)
{
    return test_word(&d->shared_info->evtchn_mask[port / BITS_PER_WORD], bit_of(port));
}

void evtchn_unmask_port(struct vcpu *v, unsigned int port)
{
    struct shared_info *s = v->domain->shared_info;
    unsigned int w = port / BITS_PER_WORD;

    if (test_and_clear(&s->evtchn_mask[w], bit_of(port)) &&
        test_word(&s->evtchn_pending[w], bit_of(port)))
        mark_word_pending(v, port);
}

void evtchn_poll_start(struct vcpu *v, int port)
{
    __atomic_store_n(&v->poll_evtchn, port, __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&v->domain->poll_mask, 1UL << v->vcpu_id, __ATOMIC_SEQ_CST);
}

bool evtchn_poll_cancel(struct vcpu *v)
{
    unsigned long bit = 1UL << v->vcpu_id;

    if (!(__atomic_fetch_and(&v->domain->poll_mask, ~bit, __ATOMIC_SEQ_CST) & bit))
        return false;
    __atomic_store_n(&v->poll_evtchn, 0, __ATOMIC_SEQ_CST);
    return true;
}

void evtchn_poll_timer_fn(void *data)
{
    struct vcpu *v = data;

    if (evtchn_poll_cancel(v))
        vcpu_unblock(v);
}
