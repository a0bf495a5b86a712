/*
 * event/event_channel.c and event/event_2l.c: random sequences of
 * event-channel operations from three domains (d0 privileged), through
 * the hypercall entry do_event_channel_op(), interleaved with what the
 * rest of the system does to them: VIRQs and pirqs raised, guests writing
 * their mask and pending bits, polls started and timed out, domains
 * destroyed, port spaces filled, allocations failing.
 *
 * The input is a list of 6-byte records: op, domain, and four argument
 * bytes.  Port arguments come from a table of edge values (0, 1, 63, 64,
 * 4095, 4096, 2^31, ~0, ...) or are small numbers, so that the fuzzer
 * meets both live ports and the limits.
 *
 * After every operation: evtchn_check_invariants() on every domain
 * (interdomain pairs symmetric, VIRQ and pirq maps exact, table within
 * the 2-level limit), the result is one of the errors the operation may
 * return, and no port the hypervisor considers closed is pending unless
 * the guest set the bit itself.
 */
#include "fuzz.h"
#include "../unit/evtchn_env.h"
#include <hv/arch/domain.h>

#define REC 6
#define MAX_OPS 128

static bool fail_alloc;          /* the next bucket allocation fails */
static bool filled;              /* a domain's port space was filled */
static bool guest_set_pending[ENV_DOMS][EVTCHN_2L_NR_CHANNELS];
unsigned int host_current_cpu;

void *xzalloc_bytes(size_t size)
{
    if (fail_alloc) {
        fail_alloc = false;
        return NULL;
    }
    return calloc(1, size);
}

void xfree(void *p)
{
    free(p);
}

void arch_vcpu_kick_upcall(struct vcpu *v) {}

/* One thread, so no lock is ever contended and no flush ever asked for:
 * what the spin-wait body (hv/flush.h) reaches is inert. */
struct flush_ticket flush_tickets[NR_CPUS];
void arch_flush_guest_tlb_local(void) {}
void arch_cpu_relax(void) {}

static const uint32_t edge_ports[] = {
    0, 1, 2, 63, 64, 65, 127, 128, 4094, 4095, 4096, 4097, 1u << 31, ~0u,
};

static uint32_t port_arg(uint8_t a, uint8_t b)
{
    if (a & 0x80)
        return edge_ports[b % (sizeof(edge_ports) / sizeof(edge_ports[0]))];
    return (uint32_t)(a & 0x7f) | ((uint32_t)(b & 0x1) << 7);   /* 0..255 */
}

static domid_t dom_arg(uint8_t a)
{
    static const domid_t ids[] = { 0, 1, 2, DOMID_SELF, 3, DOMID_IO, 0x7fff };

    return ids[a % (sizeof(ids) / sizeof(ids[0]))];
}

static bool one_of(long rc, const long *ok, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (rc == ok[i])
            return true;
    return false;
}

#define ALLOWED(rc, ...)                                                       \
    do {                                                                       \
        const long ok_[] = { 0, __VA_ARGS__ };                                 \
        CHECK(one_of(rc, ok_, sizeof(ok_) / sizeof(ok_[0])));                 \
    } while (0)

/*
 * A reset, preemptible (h-virq): the continuation is re-issued with the
 * updated args up to `passes` times, then abandoned (later resets of that
 * domain are -EBUSY, as in Xen).
 */
static long reset_op(unsigned int dom, unsigned int cmd, struct evtchn_reset *r, uint8_t passes)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { cmd, (unsigned long)(uintptr_t)r };
    long rc;

    for (;;) {
        rc = do_event_channel_op(&env_vcpu[dom][0], args);
        ALLOWED(rc, -ESRCH, -EPERM, -EINVAL, -EBUSY, -ERESTART);
        if (rc != -ERESTART || !passes--)
            return rc;
        CHECK(args[0] == 14);
    }
}

static long hypercall(unsigned int dom, unsigned int cmd, const uint8_t *a)
{
    union {
        struct evtchn_alloc_unbound au;
        struct evtchn_bind_interdomain bi;
        struct evtchn_bind_virq bv;
        struct evtchn_bind_ipi ipi;
        struct evtchn_bind_pirq bp;
        struct evtchn_status st;
        struct evtchn_bind_vcpu bvc;
        struct evtchn_reset r;
        uint32_t port;
    } u;
    long rc;

    memset(&u, 0, sizeof(u));
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        u.au.dom = dom_arg(a[0]);
        u.au.remote_dom = dom_arg(a[1]);
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -ESRCH, -EPERM, -ENOSPC, -ENOMEM, -EINVAL);
        if (!rc)
            CHECK(u.au.port > 0 && u.au.port < EVTCHN_2L_NR_CHANNELS);
        break;
    case EVTCHNOP_bind_interdomain:
        u.bi.remote_dom = dom_arg(a[0]);
        u.bi.remote_port = port_arg(a[1], a[2]);
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -ESRCH, -ENOSPC, -ENOMEM, -EINVAL);
        break;
    case EVTCHNOP_bind_virq:
        u.bv.virq = a[0] % 30;
        u.bv.vcpu = a[1] % 4;
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -EINVAL, -ENOENT, -EBUSY, -EEXIST, -ENOSPC, -ENOMEM);
        break;
    case EVTCHNOP_bind_ipi:
        u.ipi.vcpu = a[0] % 4;
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -ENOENT, -ENOSPC, -ENOMEM, -EINVAL);
        break;
    case EVTCHNOP_bind_pirq:
        u.bp.pirq = a[0] | ((uint32_t)(a[1] & 1) << 8);
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -EINVAL, -EPERM, -EEXIST, -ENOSPC, -ENOMEM);
        break;
    case EVTCHNOP_status:
        u.st.dom = dom_arg(a[0]);
        u.st.port = port_arg(a[1], a[2]);
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -ESRCH, -EINVAL, -EPERM);
        if (!rc)
            CHECK(u.st.status <= EVTCHNSTAT_ipi && u.st.vcpu < ENV_VCPUS);
        break;
    case EVTCHNOP_bind_vcpu:
        u.bvc.port = port_arg(a[0], a[1]);
        u.bvc.vcpu = a[2] % 4;
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -ENOENT, -EINVAL);
        break;
    case EVTCHNOP_reset:
    case 14:                        /* EVTCHNOP_reset_cont, forged or not */
        u.r.dom = dom_arg(a[0]);
        env_dom[u.r.dom < ENV_DOMS ? u.r.dom : 0].pause_count = a[1] & 1;
        rc = reset_op(dom, cmd, &u.r, a[2]);
        break;
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:
    case EVTCHNOP_set_priority:
        u.port = port_arg(a[0], a[1]);
        rc = env_op(dom, cmd, &u);
        ALLOWED(rc, -EINVAL, -ENOSYS);
        break;
    default:
        rc = env_op(dom, cmd, a[0] & 1 ? NULL : &u);
        ALLOWED(rc, -ENOSYS, -EFAULT);
    }
    return rc;
}

static void check_dead(unsigned int dom);

/* A pirq raised directly, a device line moving (and the interrupts that
 * follow), an EOI from the domain, or a stray interrupt. */
static void pirq_event(struct domain *d, const uint8_t *a)
{
    unsigned int src = a[3] % HOST_IRQ_SOURCES;
    int rc;

    switch (a[2] & 3) {
    case 0:
        send_guest_pirq(d, a[3] | ((unsigned int)(a[2] & 4) << 6));
        break;
    case 1:
        host_irq_set_line(src, a[2] & 4);
        /* Each source interrupts once, then waits for its EOI. */
        CHECK(host_irq_run(1000) <= 8);
        break;
    case 2:
        rc = pirq_guest_eoi(d, src);
        CHECK(rc == 0 || rc == -EINVAL);
        CHECK(rc == 0 || !irq_access_permitted(d, src));
        break;
    default:
        irq_handle(src);
    }
}

/* core/irq.c: unmasked exactly when owned, bound and not in flight;
 * bound exactly when the owner's table names a port. */
static void check_irqs(void)
{
    for (unsigned int src = 1; src < HOST_IRQ_SOURCES; src++) {
        struct irq_state st;

        irq_get_state(src, &st);
        CHECK(host_irq_masked[src] == !(st.owner && st.bound && !st.in_flight));
        CHECK(st.bound == (st.owner && st.owner->pirq_to_evtchn[src] != 0));
    }
}

/* Something other than the domain's own hypercalls. */
static void outside_event(unsigned int dom, uint8_t what, const uint8_t *a)
{
    struct domain *d = &env_dom[dom];
    uint32_t port = port_arg(a[0], a[1]) % EVTCHN_2L_NR_CHANNELS;
    xen_ulong_t bit = 1UL << (port % 64);

    switch (what % 8) {
    case 0:
        send_guest_vcpu_virq(d->vcpu[a[2] % ENV_VCPUS], a[3] % NR_VIRQS);
        break;
    case 1:
        send_global_virq(a[3] % NR_VIRQS);
        break;
    case 2:                         /* the physical-interrupt path */
        pirq_event(d, a);
        break;
    case 3:                         /* the guest flips a mask bit */
        env_si[dom].evtchn_mask[port / 64] ^= bit;
        break;
    case 4:                         /* the guest clears, or sets, a pending bit */
        if (a[2] & 1) {
            env_si[dom].evtchn_pending[port / 64] |= bit;
            guest_set_pending[dom][port] = true;
        } else {
            env_si[dom].evtchn_pending[port / 64] &= ~bit;
        }
        break;
    case 5:
        evtchn_poll_start(d->vcpu[a[2] % ENV_VCPUS], a[3] & 1 ? -1 : (int)port);
        break;
    case 6:
        evtchn_poll_timer_fn(d->vcpu[a[2] % ENV_VCPUS]);
        break;
    default:
        if (a[2] == 0xf1 && !filled) {  /* a guest fills its port space (once:
                                          * O(ports^2) under coverage tracing) */
            struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };
            long rc;

            while ((rc = env_op(dom, EVTCHNOP_alloc_unbound, &au)) == 0)
                CHECK(au.port < EVTCHN_2L_NR_CHANNELS);
            CHECK(rc == -ENOSPC || rc == -ENOMEM || (rc == -EINVAL && d->evtchn_dying));
            filled = true;
        } else if (a[2] == 0xd1 && dom != 0) {
            evtchn_destroy(d);
            check_dead(dom);
        }
        else
            fail_alloc = a[3] & 1;
    }
}

static void check_all(void)
{
    check_irqs();
    for (unsigned int i = 0; i < ENV_DOMS; i++) {
        struct domain *d = &env_dom[i];

        CHECK(evtchn_check_invariants(d) == 0);
        CHECK(d->valid_evtchns <= EVTCHN_2L_NR_CHANNELS);
        CHECK(!evtchn_is_pending(d, 0) || guest_set_pending[i][0]);
        for (unsigned int w = 0; w < EVTCHN_2L_NR_CHANNELS / 64; w++) {
            xen_ulong_t bits = env_si[i].evtchn_pending[w];

            while (bits) {
                uint32_t p = w * 64 + (uint32_t)__builtin_ctzl(bits);
                struct evtchn_status st = { .dom = DOMID_SELF, .port = p };

                bits &= bits - 1;
                if (guest_set_pending[i][p])
                    continue;
                CHECK(p > 0 && p < d->valid_evtchns);
                CHECK(env_op(i, EVTCHNOP_status, &st) == 0);
                CHECK(st.status != EVTCHNSTAT_closed);
            }
        }
    }
}

/* A destroyed domain has nothing open, now or later. */
static void check_dead(unsigned int dom)
{
    struct domain *d = &env_dom[dom];

    for (uint32_t p = 1; p < d->valid_evtchns; p++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = p };

        CHECK(env_op(dom, EVTCHNOP_status, &st) == 0);
        CHECK(st.status == EVTCHNSTAT_closed);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    host_log_quiet = true;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned int n = 0;

    fail_alloc = filled = false;
    env_setup();
    memset(guest_set_pending, 0, sizeof(guest_set_pending));
    for (size_t off = 0; off + REC <= size && n < MAX_OPS; off += REC, n++) {
        const uint8_t *r = data + off;
        unsigned int dom = r[1] % ENV_DOMS;

        if (r[0] < 0xc0)
            hypercall(dom, r[0] % 16, r + 2);
        else
            outside_event(dom, r[0], r + 2);
        check_all();
    }
    for (unsigned int i = 1; i < ENV_DOMS; i++)
        if (env_dom[i].evtchn_dying)
            check_dead(i);
    env_teardown();
    return 0;
}
