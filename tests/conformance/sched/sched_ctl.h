/*
 * For the scheduler tests (dom0 role): the domctl and sysctl calls they
 * make, and CPU-time shares of peer domains from XEN_DOMCTL_getvcpuinfo.
 * Included by one test's main.c (static functions).
 */
#ifndef CONFORMANCE_SCHED_CTL_H
#define CONFORMANCE_SCHED_CTL_H

#include <public/domctl.h>
#include <public/sysctl.h>
#include "../lib/test.h"

static __attribute__((unused)) long sched_domctl(domid_t dom, uint32_t sched_id, uint32_t cmd,
                                                 struct xen_domctl_scheduler_op *out,
                                                 const struct xen_domctl_scheduler_op *in)
{
    xen_domctl_t op = {
        .cmd = XEN_DOMCTL_scheduler_op,
        .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
        .domain = dom,
    };
    long rc;

    if (in)
        op.u.scheduler_op = *in;
    op.u.scheduler_op.sched_id = sched_id;
    op.u.scheduler_op.cmd = cmd;
    rc = HYPERVISOR_domctl(&op);
    if (out)
        *out = op.u.scheduler_op;
    return rc;
}

static __attribute__((unused)) long set_credit(domid_t dom, uint16_t weight, uint16_t cap)
{
    struct xen_domctl_scheduler_op in = { .u.credit = { .weight = weight, .cap = cap } };

    return sched_domctl(dom, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo, NULL, &in);
}

static __attribute__((unused)) long set_sedf(domid_t dom, uint64_t period, uint64_t slice,
                                             uint32_t extratime)
{
    struct xen_domctl_scheduler_op in = {
        .u.sedf = { .period = period, .slice = slice, .extratime = extratime },
    };

    return sched_domctl(dom, XEN_SCHEDULER_SEDF, XEN_DOMCTL_SCHEDOP_putinfo, NULL, &in);
}

static __attribute__((unused)) uint32_t sched_in_use(void)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_sched_id,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };

    return HYPERVISOR_sysctl(&op) ? ~0u : op.u.sched_id.sched_id;
}

/* ns run by VCPU 0 of dom, or 0 (and an ERROR) if it cannot be read. */
static __attribute__((unused)) uint64_t vcpu0_time(domid_t dom)
{
    xen_domctl_t op = {
        .cmd = XEN_DOMCTL_getvcpuinfo,
        .interface_version = XEN_DOMCTL_INTERFACE_VERSION,
        .domain = dom,
    };
    long rc = HYPERVISOR_domctl(&op);

    if (rc) {
        xtf_error("getvcpuinfo d%u: %ld", dom, rc);
        return 0;
    }
    return op.u.getvcpuinfo.cpu_time;
}

/*
 * Per mille of the CPU time that domains 1..n got in a window of
 * window_ns, after warm_ns (dom0 sleeps meanwhile): of their total
 * (share_of_total) and of the window (pm_of_window).
 */
static __attribute__((unused)) void measure_shares(unsigned int n, uint64_t warm_ns,
                                                   uint64_t window_ns, uint64_t *pm_of_total,
                                                   uint64_t *pm_of_window)
{
    uint64_t t0[8], sum = 0, start, elapsed;

    sleep_ns(warm_ns);
    start = monotonic_ns();
    for (unsigned int i = 0; i < n; i++)
        t0[i] = vcpu0_time((domid_t)(i + 1));
    sleep_ns(window_ns);
    for (unsigned int i = 0; i < n; i++) {
        t0[i] = vcpu0_time((domid_t)(i + 1)) - t0[i];
        sum += t0[i];
    }
    elapsed = monotonic_ns() - start;
    for (unsigned int i = 0; i < n; i++) {
        pm_of_total[i] = sum ? t0[i] * 1000 / sum : 0;
        pm_of_window[i] = t0[i] * 1000 / elapsed;
        printk("d%u: %llu ns in %llu ns: %llu/1000 of the total, %llu/1000 of the time\n",
               i + 1, (unsigned long long)t0[i], (unsigned long long)elapsed,
               (unsigned long long)pm_of_total[i], (unsigned long long)pm_of_window[i]);
    }
}

#endif /* CONFORMANCE_SCHED_CTL_H */
