/*
 * dom0 dumps the hypervisor's scheduling trace (XEN_SYSCTL_tbuf_op) on its
 * console, one line per record, in the format the hypervisor's 'T' debug
 * key prints too and scripts/sched-trace.py reads:
 *
 *   TRACE-BEGIN sched=<name> cpus=<n> size=<records per CPU>
 *   TRACE <ns> cpu<N> d<D>v<V> switch_in
 *   TRACE <ns> cpu<N> d<D>v<V> switch_out <preempted|blocked|yielded|...>
 *   TRACE <ns> cpu<N> d<D>v<V> wake
 *   TRACE <ns> cpu<N> d<D>v<V> migrate from cpu<M>
 *   TRACE-END records=<n> lost=<overwritten>
 *
 * Records come CPU by CPU, each CPU's in time order.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include "trace.h"

#define BATCH 64
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const events[] = {
    [XEN_TBUF_EV_switch_in] = "switch_in", [XEN_TBUF_EV_switch_out] = "switch_out",
    [XEN_TBUF_EV_wake] = "wake",           [XEN_TBUF_EV_migrate] = "migrate",
};
static const char *const reasons[] = {
    [XEN_TBUF_REASON_preempted] = "preempted", [XEN_TBUF_REASON_blocked] = "blocked",
    [XEN_TBUF_REASON_yielded] = "yielded",     [XEN_TBUF_REASON_offline] = "offline",
    [XEN_TBUF_REASON_shutdown] = "shutdown",   [XEN_TBUF_REASON_paused] = "paused",
};

long trace_dump_option(const char *cmdline)
{
    const char *p = strstr(cmdline, "trace_dump=");

    if (!p || (p != cmdline && p[-1] != ' '))
        return -1;
    return (long)strtoul(p + strlen("trace_dump="), NULL, 10);
}

static long tbuf_op(uint32_t cmd, xen_sysctl_t *op)
{
    memset(op, 0, sizeof(*op));
    op->cmd = XEN_SYSCTL_tbuf_op;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    op->u.tbuf_op.cmd = cmd;
    return HYPERVISOR_sysctl(op);
}

long trace_start(void)
{
    xen_sysctl_t op;

    return tbuf_op(XEN_SYSCTL_TBUFOP_enable, &op);
}

static void print_record(const struct xen_sysctl_tbuf_rec *r)
{
    const char *ev = r->event < ARRAY_SIZE(events) ? events[r->event] : "unknown";

    if (r->event == XEN_TBUF_EV_switch_out)
        printk("TRACE %llu cpu%u d%uv%u %s %s\n", (unsigned long long)r->time, r->cpu,
               r->domid, r->vcpuid, ev,
               r->arg < ARRAY_SIZE(reasons) ? reasons[r->arg] : "unknown");
    else if (r->event == XEN_TBUF_EV_migrate)
        printk("TRACE %llu cpu%u d%uv%u %s from cpu%u\n", (unsigned long long)r->time,
               r->cpu, r->domid, r->vcpuid, ev, r->arg);
    else
        printk("TRACE %llu cpu%u d%uv%u %s\n", (unsigned long long)r->time, r->cpu,
               r->domid, r->vcpuid, ev);
}

/* Print cpu's ring; adds to *records and *lost.  0 or -XEN_E*. */
static long dump_cpu(uint32_t cpu, unsigned long *records, unsigned long *lost)
{
    static struct xen_sysctl_tbuf_rec recs[BATCH];
    uint64_t next = 0;
    xen_sysctl_t op;
    long rc;

    for (;;) {
        memset(&op, 0, sizeof(op));
        op.cmd = XEN_SYSCTL_tbuf_op;
        op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
        op.u.tbuf_op.cmd = XEN_SYSCTL_TBUFOP_read;
        op.u.tbuf_op.cpu = cpu;
        op.u.tbuf_op.first = next;
        op.u.tbuf_op.count = BATCH;
        set_xen_guest_handle(op.u.tbuf_op.buffer, recs);
        rc = HYPERVISOR_sysctl(&op);
        if (rc < 0)
            return rc;
        *lost += op.u.tbuf_op.lost;
        for (uint32_t i = 0; i < op.u.tbuf_op.count && i < BATCH; i++)
            print_record(&recs[i]);
        *records += op.u.tbuf_op.count;
        if (op.u.tbuf_op.count == 0)
            return 0;
        next = op.u.tbuf_op.next;
    }
}

static const char *sched_name(void)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_sched_id,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };

    if (HYPERVISOR_sysctl(&op) < 0)
        return "?";
    switch (op.u.sched_id.sched_id) {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_SEDF: return "sedf";
    case XEN_SCHEDULER_RR: return "rr";
    default: return "?";
    }
}

long trace_dump(void)
{
    unsigned long records = 0, lost = 0;
    xen_sysctl_t op;
    long rc;

    /* Stop first, so the dump is a closed window and printing it adds nothing. */
    if ((rc = tbuf_op(XEN_SYSCTL_TBUFOP_disable, &op)) < 0 ||
        (rc = tbuf_op(XEN_SYSCTL_TBUFOP_get_info, &op)) < 0)
        return rc;
    printk("TRACE-BEGIN sched=%s cpus=%u size=%u\n", sched_name(), op.u.tbuf_op.nr_cpus,
           op.u.tbuf_op.size);
    for (uint32_t cpu = 0; cpu < op.u.tbuf_op.nr_cpus; cpu++)
        if ((rc = dump_cpu(cpu, &records, &lost)) < 0)
            return rc;
    printk("TRACE-END records=%lu lost=%lu\n", records, lost);
    return 0;
}
