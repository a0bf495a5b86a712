/*
 * sysctl: system-wide queries for the control domain.
 *
 * interface_version is checked first (-EACCES on a mismatch, before the
 * privilege check, as Xen), then privilege (-EPERM).  This issue has
 * sched_id, getdomaininfolist, physinfo, scheduler_op (the scheduler's
 * global parameters, checked by the policy), tbuf_op (core/trace.c),
 * debug_keys (core/keyhandler.c's keys) and perfc_op (core/perfc.c); the
 * rest come with the toolstack.
 */
#include <hv/domain.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/keyhandler.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/perfc.h>
#include <hv/arch/machine.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/trace.h>
#include <hv/xmalloc.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <public/xen.h>

static uint32_t domain_flags(const struct domain *d)
{
    uint32_t flags = 0;
    bool running = false, all_blocked = true;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        running |= v->is_running;
        all_blocked &= !v->is_running && !vcpu_runnable(v);
    }
    if (d->is_shut_down)
        flags |= XEN_DOMINF_shutdown |
                 ((d->shutdown_code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift);
    if (d->pause_count)
        flags |= XEN_DOMINF_paused;
    if (d->is_translated)       /* auto-translated, as Xen flags HVM/PVH */
        flags |= XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
    if (d->is_dying)
        flags |= XEN_DOMINF_dying;
    if (running)
        flags |= XEN_DOMINF_running;
    else if (all_blocked)
        flags |= XEN_DOMINF_blocked;
    return flags;
}

void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
    uint64_t cpu_time = 0;
    uint32_t online = 0, max_id = 0;

    memset(info, 0, sizeof(*info));
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        cpu_time += (uint64_t)v->runstate_time[RUNSTATE_running];
        if (v->runstate == RUNSTATE_running)   /* the run in progress counts too */
            cpu_time += (uint64_t)(NOW() - v->runstate_entry);
        online += !(v->pause_flags & VPF_down);
        max_id = i;
    }
    info->domain = d->domain_id;
    info->flags = domain_flags(d);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = mfn_x(d->shared_info_mfn);
    info->cpu_time = cpu_time;
    info->nr_online_vcpus = online;
    info->max_vcpu_id = max_id;
    info->ssidref = d->ssidref;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = 41;
    info->arch_config.gaddr_bits = 41;
}

/*
 * domain_list is in id order.  Each entry is found and described under
 * domlist_lock and copied out without it (a copy may fault), the walk
 * starting again after the last id copied: domains may come and go
 * meanwhile, and a walk without the lock could stand on one just unlinked.
 */
static bool next_domain_info(domid_t first, struct xen_domctl_getdomaininfo *info)
{
    struct list_head *pos;
    bool found = false;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_for_each(pos, &domain_list) {
        const struct domain *d = list_entry(pos, struct domain, list);

        if (d->domain_id >= first) {
            domain_get_info(d, info);
            found = true;
            break;
        }
    }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return found;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *op)
{
    struct xen_domctl_getdomaininfo info;
    uint32_t first = op->first_domain, n = 0;

    while (n < op->max_domains && first < DOMID_FIRST_RESERVED &&
           next_domain_info((domid_t)first, &info)) {
        if (copy_to_guest(op->buffer + n * sizeof(info), &info, sizeof(info)))
            return -EFAULT;
        first = info.domain + 1u;
        n++;
    }
    op->num_domains = n;
    return 0;
}

/*
 * rvxen_counts (issue 11): the leak checks' figures.  The domains are
 * collected under domlist_lock and asked outside it (their own locks
 * must not nest inside it); a domain unlinked meanwhile is not freed
 * before this CPU leaves the hypervisor (hv/quiesce.h), so the pointers
 * stay good for the whole call.
 */
#define COUNT_MAX_DOMAINS 128
static void rvxen_counts(struct xen_sysctl_rvxen_counts *c)
{
    static struct domain *doms[NR_CPUS][COUNT_MAX_DOMAINS];
    struct domain **list = doms[smp_processor_id()];
    struct list_head *pos;
    unsigned long flags;
    unsigned int n = 0;

    memset(c, 0, sizeof(*c));
    c->free_pages = page_alloc_free_pages();
    c->heap_bytes = xmalloc_bytes_in_use();
    flags = spin_lock_irqsave(&domlist_lock);
    list_for_each(pos, &domain_list)
        if (n < COUNT_MAX_DOMAINS)
            list[n++] = list_entry(pos, struct domain, list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    for (unsigned int i = 0; i < n; i++) {
        struct gnttab_stats st;

        c->nr_domains++;
        c->evtchn_ports += evtchn_ports_in_use(list[i]);
        gnttab_stats(list[i], &st);
        c->grant_pins += st.nr_pinned;
        c->maptrack += st.maptrack_used;
    }
}

/* physinfo (issue 3: tests watch free memory return to its baseline). */
static void physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = nr_cpus_online;
    pi->nr_cpus = nr_cpus_online;
    pi->max_cpu_id = nr_cpus_online - 1;
    pi->nr_nodes = 1;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;
    pi->total_pages = page_alloc_total_pages();
    pi->free_pages = page_alloc_free_pages();
    pi->max_mfn = frame_table_base_mfn + frame_table_nr - 1;
}

/* All the keys are read before any runs. */
static long debug_keys(const struct xen_sysctl_debug_keys *op)
{
    char keys[XEN_SYSCTL_DEBUG_KEYS_MAX];

    if (op->nr_keys > XEN_SYSCTL_DEBUG_KEYS_MAX)
        return -EINVAL;
    if (op->nr_keys && copy_from_guest(keys, op->keys, op->nr_keys))
        return -EFAULT;
    for (uint32_t i = 0; i < op->nr_keys; i++)
        debug_key(keys[i]);
    return 0;
}

long do_sysctl(struct vcpu *curr, unsigned long args[])
{
    struct xen_sysctl op;
    long rc;

    if (copy_from_guest(&op, args[0], sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!curr->domain->is_privileged)
        return -EPERM;
    switch (op.cmd) {
    case XEN_SYSCTL_sched_id:
        op.u.sched_id.sched_id = sched_current_ops()->sched_id;
        rc = 0;
        break;
    case XEN_SYSCTL_getdomaininfolist:
        rc = getdomaininfolist(&op.u.getdomaininfolist);
        break;
    case XEN_SYSCTL_physinfo:
        physinfo(&op.u.physinfo);
        rc = 0;
        break;
    case XEN_SYSCTL_rvxen_counts:
        rvxen_counts(&op.u.rvxen_counts);
        rc = 0;
        break;
    case XEN_SYSCTL_tbuf_op:
        rc = trace_tbuf_op(&op.u.tbuf_op);
        break;
    case XEN_SYSCTL_scheduler_op:
        rc = sched_adjust_global(&op.u.scheduler_op);
        break;
    case XEN_SYSCTL_debug_keys:
        rc = debug_keys(&op.u.debug_keys);
        break;
    case XEN_SYSCTL_perfc_op:
        rc = perfc_op(&op.u.perfc_op);
        break;
    default:
        return -ENOSYS;
    }
    if (!rc && copy_to_guest(args[0], &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
