/*
 * Domain 0, first version: announce itself, say which hypervisor it runs
 * on, bring up the devices its device tree gives it and say what they
 * are (devices.c), then watch the other domains until all of them have
 * shut down, and power off.
 *
 * The watch is driven by events: dom0 binds VIRQ_DOM_EXC (a domain shut
 * down) and VIRQ_CONSOLE (console input arrived), blocks in SCHEDOP_poll
 * until one is pending, then lists the domains with
 * XEN_SYSCTL_getdomaininfolist, reports each domU's end once and echoes
 * console input to the shell (shell.c: echo, or attach to a domU's PV
 * console).  Each domU's console ring is served by the guest library's
 * back end (drivers/console); dom0 releases a finished domU's ring once it
 * sees the domU end, after printing what the domU left in it.  A domU counts as finished once it is shut
 * down or dying, or has vanished from the list.  The poll has a time-out
 * of WATCH_BACKSTOP_NS, so a missed event costs at most that; if a VIRQ
 * cannot be bound, dom0 falls back to looking every POLL_NS.
 *
 * With trace_dump=<ms> on its command line, dom0 enables the hypervisor's
 * scheduling trace at start and dumps it (trace.c) once <ms> have passed,
 * or when every domU has finished, whichever comes first.
 *
 * dom0 runs xenstored (xenstored.c): it introduces every domU at start,
 * serves the store rings after each wake-up, releases finished domains,
 * and names domains in this log by their store name
 * (/local/domain/<id>/name).
 *
 * The split drivers' back ends (drivers/xenbus/xenbus_back.h) are served
 * from the same loop: their ports wake it, xenbus_backend_poll() serves
 * their rings, the watch callbacks that drive the devices' XenBus states
 * run from xenstore_dispatch(), and a finished domain's devices are
 * removed before xenstored removes its home.
 */
#include <string.h>
#include <kernel.h>
#include <public/version.h>
#include <console/xencons_back.h>
#include "shell.h"
#include "xenstored.h"
#include <xenstore.h>
#include "devices.h"
#include "trace.h"
#include <xenbus/xenbus_back.h>
#include <net/netback.h>
#include "xl.h"

#define POLL_NS       (20 * NSEC_PER_MSEC)
#define WATCH_BACKSTOP_NS (1000 * NSEC_PER_MSEC)
#define LIST_BATCH    32

/* Domains seen alive, and domains whose end was reported (bitmaps by domid). */
static uint64_t seen[DOMID_FIRST_RESERVED / 64];
static uint64_t reported[DOMID_FIRST_RESERVED / 64];

static bool test_bit(const uint64_t *map, unsigned int n)
{
    return map[n / 64] & (1ULL << (n % 64));
}

static void set_bit(uint64_t *map, unsigned int n)
{
    map[n / 64] |= 1ULL << (n % 64);
}

static const char *shutdown_name(unsigned int code)
{
    static const char *const names[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
        [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
        [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
    };

    return code <= SHUTDOWN_MAX ? names[code] : "unknown";
}

static void print_version(void)
{
    static xen_extraversion_t extra;
    static xen_capabilities_info_t caps;
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

    if (ver < 0) {
        printk("dom0: xen_version failed (%ld)\n", ver);
        return;
    }
    if (HYPERVISOR_xen_version(XENVER_extraversion, extra) < 0)
        extra[0] = '\0';
    if (HYPERVISOR_xen_version(XENVER_capabilities, caps) < 0)
        strcpy(caps, "?");
    extra[sizeof(extra) - 1] = '\0';
    caps[sizeof(caps) - 1] = '\0';
    printk("dom0: hypervisor version %ld.%ld%s\n", ver >> 16, ver & 0xffff, extra);
    printk("dom0: capabilities: %s\n", caps);
}

static void print_wallclock(void)
{
    uint64_t ns = wallclock_ns();
    struct wall_tm tm;

    if (!ns) {
        printk("dom0: no wall clock\n");
        return;
    }
    wallclock_to_tm(ns, &tm);
    printk("dom0: wall clock %04lld-%02u-%02u %02u:%02u:%02u UTC, %u VCPU(s)\n",
           (long long)tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec, nr_vcpus());
}

/* One domain from the list: returns true if it is still running. */
static bool check_domain(const struct xen_domctl_getdomaininfo *di)
{
    unsigned int id = di->domain;
    bool finished = di->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying);

    if (id >= DOMID_FIRST_RESERVED)
        return false;
    set_bit(seen, id);
    if (!finished)
        return true;
    if (!test_bit(reported, id)) {
        unsigned int code = (di->flags >> XEN_DOMINF_shutdownshift) &
                            XEN_DOMINF_shutdownmask;

        char name[64];

        xsd_domain_name(id, name, sizeof(name));
        if (di->flags & XEN_DOMINF_shutdown)
            printk("dom0: d%u (%s) shut down: %s\n", id, name, shutdown_name(code));
        else
            printk("dom0: d%u (%s) is dying\n", id, name);
        set_bit(reported, id);
        shell_domain_gone(id);
        /* issue 11: a domain xl created gets its on_* action (xl.c) */
        if (di->flags & XEN_DOMINF_shutdown)
            xl_domain_finished((domid_t)id, code);
    }
    return false;
}

/*
 * List every domain but ourselves; returns how many are still running,
 * or -XEN_E* if the hypervisor would not list them.
 */
static long poll_domains(domid_t self, uint64_t *listed)
{
    static struct xen_domctl_getdomaininfo info[LIST_BATCH];
    unsigned int first = 0;
    long running = 0;

    for (;;) {
        xen_sysctl_t op = {
            .cmd = XEN_SYSCTL_getdomaininfolist,
            .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
        };
        op.u.getdomaininfolist.first_domain = first;
        op.u.getdomaininfolist.max_domains = LIST_BATCH;
        set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);

        long rc = HYPERVISOR_sysctl(&op);
        if (rc < 0)
            return rc;
        unsigned int n = op.u.getdomaininfolist.num_domains;
        for (unsigned int i = 0; i < n && i < LIST_BATCH; i++) {
            if (info[i].domain == self)
                continue;
            set_bit(listed, info[i].domain);
            running += check_domain(&info[i]);
        }
        if (n < LIST_BATCH)
            return running;
        first = info[LIST_BATCH - 1].domain + 1;
    }
}

/* Domains seen before but no longer listed have been destroyed. */
static void report_vanished(const uint64_t *listed)
{
    for (unsigned int w = 0; w < DOMID_FIRST_RESERVED / 64; w++) {
        uint64_t gone = seen[w] & ~listed[w] & ~reported[w];

        while (gone) {
            unsigned int id = w * 64 + __builtin_ctzll(gone);

            gone &= gone - 1;
            char name[64];

            printk("dom0: d%u (%s) has gone away\n", id, xsd_domain_name(id, name, sizeof(name)));
            set_bit(reported, id);
            shell_domain_gone(id);
        }
    }
}

/* The two VIRQs dom0 waits for, masked (seen by polling only); 0 if unbound. */
static evtchn_port_t watch_ports[2];

static void bind_watch_virqs(void)
{
    static const uint32_t virqs[] = { VIRQ_DOM_EXC, VIRQ_CONSOLE };

    for (unsigned int i = 0; i < sizeof(virqs) / sizeof(virqs[0]); i++) {
        long port = bind_virq(virqs[i], NULL, NULL);

        if (port < 0) {
            printk("dom0: cannot bind VIRQ %u (%ld), polling\n", virqs[i], port);
            continue;
        }
        mask_evtchn((evtchn_port_t)port);
        watch_ports[i] = (evtchn_port_t)port;
    }
}

/* Sleep until a domain shut down or console input came (or the backstop). */
static void wait_for_events(void)
{
    static evtchn_port_t ports[2 + 64 + 64];
    unsigned int n;

    if (!watch_ports[0] || !watch_ports[1]) {
        sleep_ns(POLL_NS);
        return;
    }
    /* The VIRQs and the (masked) store ports: any pending one ends the poll. */
    ports[0] = watch_ports[0];
    ports[1] = watch_ports[1];
    n = 2 + xsd_ports(ports + 2, 64);
    n += xenbus_backend_ports(ports + n, 64);     /* the split drivers' rings */
    if (!evtchn_is_pending(watch_ports[0]) && !evtchn_is_pending(watch_ports[1]))
        evtchn_poll(ports, n, monotonic_ns() + WATCH_BACKSTOP_NS);
    /* Cleared before looking, so an event raised while we look wakes the next poll. */
    evtchn_test_and_clear(watch_ports[0]);
    evtchn_test_and_clear(watch_ports[1]);
}

/* trace_dump=<ms>: when (monotonic ns) to dump, 0 if not asked or done. */
static uint64_t trace_due;

static void trace_setup(void)
{
    long ms = trace_dump_option((const char *)start_info->cmd_line);
    long rc;

    if (ms < 0)
        return;
    rc = trace_start();
    if (rc < 0) {
        printk("dom0: cannot enable the trace buffer (%ld)\n", rc);
        return;
    }
    trace_due = monotonic_ns() + (uint64_t)ms * NSEC_PER_MSEC;
}

static void trace_check(bool last)
{
    long rc;

    if (!trace_due || (!last && monotonic_ns() < trace_due))
        return;
    trace_due = 0;
    rc = trace_dump();
    if (rc < 0)
        printk("dom0: trace dump failed (%ld)\n", rc);
}

int main(void)
{
    static uint64_t listed[DOMID_FIRST_RESERVED / 64];
    bool input_ok = true;
    long self;

    /* The first line: the bench takes the boot time counter from it. */
    printk("dom0: rvxen Domain-0 up (time counter %lu)\n",
           (unsigned long)rdtime());
    print_version();
    print_wallclock();
    devices_init();
    self = xen_own_domid();
    if (self < 0)
        self = 0;   /* domain 0 by definition; only the probe failed */
    if (xsd_start())
        printk("dom0: xenstored could not start\n");
    else
        devices_attach_domains();
    bind_watch_virqs();
    trace_setup();
    /* After the trace is on: creating vifs takes store round trips, slow
     * while domUs spin (system/trace_dump_boot wants them traced). */
    if (netback_start(dom0_nic))            /* vifs, the bridge (drivers/net) */
        printk("dom0: netback could not start\n");
    xl_script_start((const char *)start_info->cmd_line);    /* issue 11: xl_script= */

    for (;;) {
        memset(listed, 0, sizeof(listed));
        long running = poll_domains((domid_t)self, listed);

        if (running < 0) {
            printk("dom0: cannot list domains (%ld)\n", running);
            break;
        }
        report_vanished(listed);
        xencons_back_reap();
        xenbus_backend_reap();      /* before xsd_reap removes the homes */
        xsd_reap();
        trace_check(running == 0);
        /* dom0's policy: power off once every domain has finished and xl
         * has nothing left to run (issue 11). */
        if (running == 0 && !xl_busy())
            break;
        xl_poll();
        if (input_ok)
            input_ok = shell_poll();
        xsd_poll();
        xenbus_backend_poll();
        wait_for_events();
        xsd_poll();
        xenstore_dispatch();        /* xenstore-watch, XenBus device states */
        xenbus_backend_poll();
    }
    printk("dom0: all domains finished, powering off\n");
    shutdown(SHUTDOWN_poweroff);
}
