/*
 * The PV console's back end (xencons_back.h).
 *
 * One slot per served domU: its mapped ring, its port here, a line being
 * assembled and a broken flag.  Lines are printed whole: a '\n' ends one,
 * and a line longer than LINE_MAX is printed in LINE_MAX pieces, as the
 * hypervisor does with console_io lines.  One event drains at most one
 * ring's worth of bytes, so a flooding domU cannot hold dom0 in its
 * handler; a drain that found the ring full notifies the domU, whose
 * writer waits for room only when the ring is full (Xen's xenconsoled
 * notifies after every read; here other reads would only wake the
 * domU's unrelated SCHEDOP_polls).
 *
 * Locking: back_lock (with interrupts off) guards the slots: the handler
 * on VCPU 0 and the thread-context calls on any VCPU take it.
 */
#include <kernel.h>
#include <domains.h>
#include <gnttab.h>
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include "xencons_back.h"
#include "xencons_ring.h"

#define LINE_MAX_LEN 256
#define LIST_BATCH   32

struct con {
    bool used;
    bool broken;
    domid_t domid;
    evtchn_port_t port;
    struct gnttab_mapping map;
    struct xencons_interface *ring;
    size_t len;
    char line[LINE_MAX_LEN];
};

static struct con cons[XENCONS_BACK_MAX];   /* back_lock */
static spinlock_t back_lock = SPIN_LOCK_UNLOCKED;

static unsigned long lock_slots(void)
{
    unsigned long flags = local_irq_save();

    spin_lock(&back_lock);
    return flags;
}

static void unlock_slots(unsigned long flags)
{
    spin_unlock(&back_lock);
    local_irq_restore(flags);
}

static struct con *find(domid_t domid)
{
    for (unsigned int i = 0; i < XENCONS_BACK_MAX; i++)
        if (cons[i].used && cons[i].domid == domid)
            return &cons[i];
    return NULL;
}

static xencons_tap_fn tap;

void xencons_back_set_tap(xencons_tap_fn fn)
{
    __atomic_store_n(&tap, fn, __ATOMIC_SEQ_CST);
}

static void print_line(struct con *c)
{
    xencons_tap_fn fn = __atomic_load_n(&tap, __ATOMIC_SEQ_CST);

    if (!c->len)
        return;
    if (fn)
        fn(c->domid, c->line, c->len);
    HYPERVISOR_console_io_write_for(c->domid, (unsigned int)c->len, c->line);
    c->len = 0;
}

/* Move what the ring holds (at most one ring's worth) to the log; back_lock held. */
static void drain(struct con *c)
{
    static char buf[sizeof(((struct xencons_interface *)0)->out)];   /* back_lock */
    long n;

    if (c->broken)
        return;
    n = xencons_read_out(c->ring, buf, sizeof(buf));
    if (n < 0) {
        c->broken = true;
        printk("console: d%u's ring has impossible indices: no longer read\n", c->domid);
        return;
    }
    for (long i = 0; i < n; i++) {
        c->line[c->len++] = buf[i];
        if (buf[i] == '\n' || c->len == sizeof(c->line))
            print_line(c);
    }
    /* Only a full ring can have a writer waiting for room: notifying after
     * every read would wake the domU's other polls for nothing. */
    if (n == (long)sizeof(buf))
        notify_remote_via_evtchn(c->port);
}

static void on_event(evtchn_port_t port, void *data)
{
    unsigned long flags = lock_slots();
    struct con *c = data;

    if (c->used)
        drain(c);
    unlock_slots(flags);
}

static long ring_param(domid_t domid, uint32_t index, uint64_t *value)
{
    struct xen_hvm_param p = { .domid = domid, .index = index };
    long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

    *value = p.value;
    return rc;
}

static struct con *free_slot(void)
{
    for (unsigned int i = 0; i < XENCONS_BACK_MAX; i++)
        if (!cons[i].used)
            return &cons[i];
    return NULL;
}

long xencons_back_connect(domid_t domid)
{
    struct con *c;
    uint64_t pfn, remote;
    unsigned long flags;
    long rc;

    if (find(domid))
        return -XEN_EEXIST;
    rc = ring_param(domid, HVM_PARAM_CONSOLE_PFN, &pfn);
    if (!rc)
        rc = ring_param(domid, HVM_PARAM_CONSOLE_EVTCHN, &remote);
    if (rc)
        return rc;
    if (!pfn)
        return -XEN_ENOENT;     /* no ring: dom0 itself */
    flags = lock_slots();
    c = free_slot();
    if (c) {
        *c = (struct con){ .used = true, .broken = true, .domid = domid };
    }
    unlock_slots(flags);
    if (!c)
        return -XEN_ENOSPC;
    rc = gnttab_map(domid, GNTTAB_RESERVED_CONSOLE, false, &c->map);
    if (rc) {
        c->used = false;
        return rc;
    }
    c->ring = c->map.va;
    flags = lock_slots();
    c->broken = false;          /* the handler may drain from now on */
    unlock_slots(flags);
    /* The new port is pending at once: what the domU wrote so far is drained. */
    rc = bind_interdomain(domid, (evtchn_port_t)remote, on_event, c);
    if (rc < 0) {
        flags = lock_slots();
        c->used = false;
        unlock_slots(flags);
        gnttab_unmap(&c->map);
        return rc;
    }
    c->port = (evtchn_port_t)rc;
    return 0;
}

unsigned int xencons_back_init(void)
{
    static struct xen_domctl_getdomaininfo info[LIST_BATCH];
    unsigned int connected = 0;
    domid_t first = 1;           /* dom0 has no ring */

    for (;;) {
        long n = domain_list(first, info, LIST_BATCH);

        if (n <= 0)
            return connected;
        for (long i = 0; i < n; i++)
            connected += xencons_back_connect(info[i].domain) == 0;
        if (n < LIST_BATCH)
            return connected;
        first = info[LIST_BATCH - 1].domain + 1;
    }
}

/* Drain, print the partial line, stop serving; then unmap (thread context). */
static void release(struct con *c)
{
    struct gnttab_mapping map;
    evtchn_port_t port;
    unsigned long flags = lock_slots();

    drain(c);                   /* one read takes a full ring */
    print_line(c);
    map = c->map;
    port = c->port;
    c->used = false;
    unlock_slots(flags);
    if (port)
        unbind_evtchn(port);
    gnttab_unmap(&map);
}

unsigned int xencons_back_reap(void)
{
    unsigned int released = 0;

    for (unsigned int i = 0; i < XENCONS_BACK_MAX; i++) {
        if (!cons[i].used || !cons[i].port || !domain_finished(cons[i].domid))
            continue;
        release(&cons[i]);
        released++;
    }
    return released;
}

void xencons_back_drain_all(void)
{
    unsigned long flags = lock_slots();

    for (unsigned int i = 0; i < XENCONS_BACK_MAX; i++)
        if (cons[i].used && cons[i].port) {
            drain(&cons[i]);
            print_line(&cons[i]);
        }
    unlock_slots(flags);
}

long xencons_back_send(domid_t domid, const char *buf, size_t len)
{
    unsigned long flags = lock_slots();
    struct con *c = find(domid);
    long n = -XEN_ESRCH;

    if (c && c->port) {
        n = c->broken ? XENCONS_BROKEN : xencons_write_in(c->ring, buf, len);
        if (n < 0) {
            n = -XEN_EIO;
        } else if (n > 0) {
            notify_remote_via_evtchn(c->port);
        }
    }
    unlock_slots(flags);
    return n;
}

bool xencons_back_serves(domid_t domid)
{
    unsigned long flags = lock_slots();
    bool served = find(domid) != NULL;

    unlock_slots(flags);
    return served;
}
