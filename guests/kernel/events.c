/*
 * Event channels, 2-level ABI.
 *
 * The hypervisor sets a port's bit in shared_info.evtchn_pending; if the
 * port is unmasked it sets the port's word in vcpu_info.evtchn_pending_sel
 * and then evtchn_upcall_pending, and raises the software interrupt.  The
 * upcall undoes this in reverse: clear sip.SSIP, clear
 * evtchn_upcall_pending, take the selector word, then for every selected
 * word handle pending & ~mask, clearing each pending bit before its
 * handler runs.  Anything that becomes pending after a step has been
 * undone raises a fresh upcall, so no event is lost; at worst a handler
 * runs for an event it has already seen.
 *
 * Handlers live in a table indexed by port and run with interrupts off.
 *
 * With several VCPUs, each port belongs to one VCPU (the one the
 * hypervisor notifies: VCPU 0 unless bound elsewhere, as a VCPU's own
 * VIRQ_TIMER is), and only that VCPU's upcall handles it: the pending
 * bitmaps are shared, so a VCPU scanning a word would otherwise take
 * another VCPU's events.  Ports with no handler, and ports beyond the
 * table, belong to VCPU 0.
 *
 * The bindings a split driver needs (alloc_evtchn, bind_interdomain,
 * bind_ipi, bind_virq) all end in bind_evtchn(): handler attached, then
 * the port unmasked, so an event that came first is delivered then.
 */
#include "kernel.h"
#include <public/physdev.h>

#define BITS_PER_WORD 64

struct event_handler {
    evtchn_handler_t fn;
    void *data;
};

#define HANDLER_WORDS (NR_EVENT_HANDLERS / BITS_PER_WORD)

static struct event_handler handlers[NR_EVENT_HANDLERS];
static unsigned long unhandled_events;
/* Ports handled on VCPU n (n >= 1); and their union, which VCPU 0 skips. */
static uint64_t cpu_ports[GUEST_MAX_VCPUS][HANDLER_WORDS];
static uint64_t remote_ports[HANDLER_WORDS];

static void word_and_bit(evtchn_port_t port, unsigned int *w, uint64_t *bit)
{
    *w = port / BITS_PER_WORD;
    *bit = 1ULL << (port % BITS_PER_WORD);
}

void mask_evtchn(evtchn_port_t port)
{
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    __atomic_fetch_or(&shared_info->evtchn_mask[w], bit, __ATOMIC_SEQ_CST);
}

void clear_evtchn(evtchn_port_t port)
{
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    __atomic_fetch_and(&shared_info->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST);
}

/*
 * Clearing the mask bit ourselves saves a hypercall; but an event that
 * arrived while masked raised no upcall, so for a pending port ask the
 * hypervisor (EVTCHNOP_unmask re-raises it).
 */
void unmask_evtchn(evtchn_port_t port)
{
    struct evtchn_unmask op = { .port = port };
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    /*
     * Clear the mask before looking at pending, so that an event arriving
     * in between is not missed.  If one is pending, put the mask back and
     * let EVTCHNOP_unmask clear it: the hypervisor raises the upcall only
     * for a port whose mask it clears itself.
     */
    __atomic_fetch_and(&shared_info->evtchn_mask[w], ~bit, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&shared_info->evtchn_pending[w], __ATOMIC_SEQ_CST) & bit) {
        __atomic_fetch_or(&shared_info->evtchn_mask[w], bit, __ATOMIC_SEQ_CST);
        HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
    }
}

/* Make port VCPU vcpu's (0 included): only its upcall handles it. */
static void set_port_owner(evtchn_port_t port, unsigned int vcpu)
{
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    for (unsigned int c = 1; c < GUEST_MAX_VCPUS; c++)
        __atomic_fetch_and(&cpu_ports[c][w], ~bit, __ATOMIC_SEQ_CST);
    if (vcpu) {
        __atomic_fetch_or(&cpu_ports[vcpu][w], bit, __ATOMIC_SEQ_CST);
        __atomic_fetch_or(&remote_ports[w], bit, __ATOMIC_SEQ_CST);
    } else {
        __atomic_fetch_and(&remote_ports[w], ~bit, __ATOMIC_SEQ_CST);
    }
}

long bind_evtchn_on(evtchn_port_t port, unsigned int vcpu, evtchn_handler_t handler,
                    void *data)
{
    if (port == 0 || port >= NR_EVENT_HANDLERS || vcpu >= GUEST_MAX_VCPUS)
        return -XEN_EINVAL;
    handlers[port].data = data;
    __atomic_store_n(&handlers[port].fn, handler, __ATOMIC_SEQ_CST);
    set_port_owner(port, vcpu);
    unmask_evtchn(port);
    return port;
}

long bind_evtchn(evtchn_port_t port, evtchn_handler_t handler, void *data)
{
    return bind_evtchn_on(port, 0, handler, data);
}

long bind_virq(uint32_t virq, evtchn_handler_t handler, void *data)
{
    return bind_virq_on(virq, 0, handler, data);
}

long bind_virq_on(uint32_t virq, unsigned int vcpu, evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

    if (rc < 0)
        return rc;
    rc = bind_evtchn_on(op.port, vcpu, handler, data);
    if (rc < 0) {
        struct evtchn_close cl = { .port = op.port };

        HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
    }
    return rc;
}

/* A new port from the hypervisor gets its handler, or is closed again. */
static long attach_new_port(long rc, evtchn_port_t port, evtchn_handler_t handler, void *data)
{
    if (rc < 0)
        return rc;
    rc = bind_evtchn(port, handler, data);
    if (rc < 0) {
        struct evtchn_close cl = { .port = port };

        HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
    }
    return rc;
}

long alloc_evtchn(domid_t remote, evtchn_handler_t handler, void *data)
{
    struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

    return attach_new_port(rc, op.port, handler, data);
}

long bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                      evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

    return attach_new_port(rc, op.local_port, handler, data);
}

long bind_ipi(uint32_t vcpu, evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_ipi op = { .vcpu = vcpu };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

    return attach_new_port(rc, op.port, handler, data);
}

long bind_pirq(uint32_t pirq, evtchn_handler_t handler, void *data)
{
    struct evtchn_bind_pirq op = { .pirq = pirq };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &op);

    /* Without a handler the port stays masked (events_init): unmasked, an
     * upcall would clear its pending bit, and a pirq whose event is lost
     * is never EOIed. */
    if (!handler)
        return rc < 0 ? rc : op.port;
    return attach_new_port(rc, op.port, handler, data);
}

long pirq_eoi(uint32_t pirq)
{
    struct physdev_eoi op = { .irq = pirq };

    return HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &op);
}

long evtchn_remote_end(evtchn_port_t port, domid_t *dom, evtchn_port_t *remote_port)
{
    struct evtchn_status st = { .dom = DOMID_SELF, .port = port };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);

    if (rc)
        return rc;
    if (st.status != EVTCHNSTAT_interdomain)
        return -XEN_EINVAL;
    *dom = st.u.interdomain.dom;
    *remote_port = st.u.interdomain.port;
    return 0;
}

long evtchn_poll(const evtchn_port_t *ports, unsigned int n, uint64_t timeout_ns)
{
    struct sched_poll p = { .nr_ports = n, .timeout = timeout_ns };

    set_xen_guest_handle(p.ports, ports);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

bool evtchn_is_pending(evtchn_port_t port)
{
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    return __atomic_load_n(&shared_info->evtchn_pending[w], __ATOMIC_SEQ_CST) & bit;
}

bool evtchn_test_and_clear(evtchn_port_t port)
{
    unsigned int w;
    uint64_t bit;

    word_and_bit(port, &w, &bit);
    return __atomic_fetch_and(&shared_info->evtchn_pending[w], ~bit, __ATOMIC_SEQ_CST) & bit;
}

long unbind_evtchn(evtchn_port_t port)
{
    struct evtchn_close op = { .port = port };

    if (port < NR_EVENT_HANDLERS) {
        mask_evtchn(port);
        __atomic_store_n(&handlers[port].fn, NULL, __ATOMIC_SEQ_CST);
        set_port_owner(port, 0);
    }
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
    /* The port stays masked, ready for its next binding (events_init). */
    if (port < NR_EVENT_HANDLERS)
        clear_evtchn(port);
    return rc;
}

long notify_remote_via_evtchn(evtchn_port_t port)
{
    struct evtchn_send op = { .port = port };

    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long xen_own_domid(void)
{
    struct evtchn_alloc_unbound au = {
        .dom = DOMID_SELF, .remote_dom = DOMID_SELF,
    };
    struct evtchn_status st = { .dom = DOMID_SELF };
    struct evtchn_close cl;
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);

    if (rc < 0)
        return rc;
    st.port = au.port;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
    if (rc == 0)
        rc = st.status == EVTCHNSTAT_unbound ? st.u.unbound.dom : -XEN_EINVAL;
    cl.port = au.port;
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
    return rc;
}

static void handle_port(evtchn_port_t port)
{
    evtchn_handler_t fn = NULL;

    if (port < NR_EVENT_HANDLERS)
        fn = __atomic_load_n(&handlers[port].fn, __ATOMIC_SEQ_CST);
    if (fn)
        fn(port, handlers[port].data);
    else
        unhandled_events++;
}

/* The ports of word w this VCPU handles. */
static uint64_t my_ports(unsigned int cpu, unsigned int w)
{
    if (w >= HANDLER_WORDS)
        return cpu == 0 ? ~0ULL : 0;
    if (cpu == 0)
        return ~__atomic_load_n(&remote_ports[w], __ATOMIC_SEQ_CST);
    return __atomic_load_n(&cpu_ports[cpu][w], __ATOMIC_SEQ_CST);
}

/* Handle every pending, unmasked port of word w that is this VCPU's. */
static void scan_word(unsigned int cpu, unsigned int w)
{
    for (;;) {
        uint64_t ready = __atomic_load_n(&shared_info->evtchn_pending[w],
                                         __ATOMIC_SEQ_CST) &
                         ~__atomic_load_n(&shared_info->evtchn_mask[w],
                                          __ATOMIC_SEQ_CST) &
                         my_ports(cpu, w);
        if (!ready)
            return;
        unsigned int b = __builtin_ctzll(ready);
        __atomic_fetch_and(&shared_info->evtchn_pending[w], ~(1ULL << b),
                           __ATOMIC_SEQ_CST);
        handle_port(w * BITS_PER_WORD + b);
    }
}

void evtchn_do_upcall(void)
{
    struct guest_cpu *c = this_cpu();
    vcpu_info_t *vi = c->vcpu_info;

    csr_clear(sip, SIP_SSIP);
    __atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
    uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
                                       __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzll(sel);

        sel &= sel - 1;
        scan_word(c->id, w);
    }
}

/*
 * Every port starts masked, as in Mini-OS and Linux: a port the hypervisor
 * hands out raises no upcall until bind_evtchn() has attached its handler
 * and unmasked it, so an event that arrives in between (bind_interdomain
 * sets the new port pending at once) is delivered then, not lost.
 */
void events_init(void)
{
    for (unsigned int w = 0; w < EVTCHN_2L_NR_CHANNELS / BITS_PER_WORD; w++)
        __atomic_store_n(&shared_info->evtchn_mask[w], ~0UL, __ATOMIC_SEQ_CST);
    csr_set(sie, SIE_SSIE);
}
