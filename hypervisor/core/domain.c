/*
 * Domains: creation, lookup, shutdown (see hv/domain.h for the lifecycle).
 *
 * Shutdown: the first reason latched wins (SCHEDOP_shutdown_code latches one
 * in advance; later requests do nothing); every
 * VCPU is stopped; once none is running any more the domain is shut down,
 * the toolstack is told (VIRQ_DOM_EXC), and - as on Xen - the machine goes
 * off when dom0 shuts down, or when every domain has.
 *
 * Locking: domlist_lock guards domain_list; d->lock the shutdown fields.
 */
#include <hv/boot.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/flush.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <public/sched.h>
#include <public/xen.h>

struct list_head domain_list = LIST_HEAD_INIT(domain_list);
spinlock_t domlist_lock = SPIN_LOCK_UNLOCKED;
struct domain *hardware_domain;

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *shutdown_reason_name(unsigned int reason)
{
    return reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason] : "unknown";
}

struct domain *domain_by_id(domid_t id)
{
    struct list_head *pos;
    struct domain *found = NULL;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_for_each(pos, &domain_list) {
        struct domain *d = list_entry(pos, struct domain, list);

        if (d->domain_id == id) {
            found = d;
            break;
        }
    }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return found;
}

bool domain_id_in_use(domid_t id)
{
    return domain_by_id(id) || domain_dying_by_id(id);
}

void domain_list_add(struct domain *d)
{
    struct list_head *pos;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_for_each(pos, &domain_list)
        if (list_entry(pos, struct domain, list)->domain_id > d->domain_id)
            break;
    list_add_tail(&d->list, pos);      /* before the first with a larger id */
    spin_unlock_irqrestore(&domlist_lock, flags);
}

struct domain *domain_create(domid_t id, const char *name, bool privileged,
                             uint64_t max_pages, unsigned int max_vcpus)
{
    struct domain *d = xzalloc(struct domain);
    mfn_t si;

    if (!d)
        return NULL;
    d->domain_id = id;
    strlcpy(d->name, name, sizeof(d->name));
    d->is_privileged = privileged;
    d->max_pages = max_pages;
    d->max_vcpus = MIN(max_vcpus, (unsigned int)MAX_VIRT_CPUS);
    d->pause_count = 1;      /* the builder unpauses when the domain is ready */
    d->shutdown_code = SHUTDOWN_CODE_INVALID;
    spin_lock_init(&d->lock);
    spin_lock_init(&d->page_alloc_lock);
    spin_lock_init(&d->event_lock);
    list_init(&d->page_list);
    list_init(&d->list);
    d->hv_pages = (sizeof(*d) + PAGE_SIZE - 1) >> PAGE_SHIFT;
    d->shared_info_mfn = INVALID_MFN;
    /* Its VMID may have been a destroyed domain's: every CPU flushes it
     * before first running this one (hv/flush.h). */
    d->flush.stale = ~0UL;

    si = alloc_xenheap_pages(0);
    if (!mfn_valid_raw(si) || arch_domain_init(d) || evtchn_domain_init(d) ||
        grant_table_init(d) || sched_init_domain(d)) {
        printk(XENLOG_ERR "d%u: out of memory creating the domain\n", id);
        if (mfn_valid_raw(si))
            free_xenheap_pages(si, 0);
        domain_free(d);
        return NULL;
    }
    d->shared_info_mfn = si;
    d->shared_info = mfn_to_virt(si);
    memset(d->shared_info, 0, PAGE_SIZE);
    d->hv_pages++;
    mm_domain_init(d);
    share_xen_page_with_guest(mfn_to_page(si), d, PGT_shared_info, false);
    domain_set_wallclock(d);
    /* Its own shared_info is the domain's to map from the start, whoever
     * builds it (arch_domain_destroy takes the entry away with the tables). */
    if (arch_gstage_map(d, si, true)) {
        printk(XENLOG_ERR "d%u: out of memory creating the domain\n", id);
        domain_free(d);
        return NULL;
    }
    arch_gstage_publish(d);

    domain_list_add(d);
    if (privileged && !hardware_domain)
        hardware_domain = d;
    return d;
}

/* VCPU 0's vcpu_info is shared_info's own; the others' follow it in the
 * same page (public/arch-riscv.h, XEN_RISCV_VCPU_INFO_OFFSET). */
_Static_assert(XEN_RISCV_VCPU_INFO_OFFSET(1) >= sizeof(struct shared_info),
               "vcpu_info 1 overlaps shared_info");
_Static_assert(XEN_RISCV_VCPU_INFO_OFFSET(MAX_VIRT_CPUS - 1) + sizeof(struct vcpu_info) <=
               PAGE_SIZE, "vcpu_info of the last VCPU beyond the shared_info page");

static struct vcpu_info *vcpu_default_vcpu_info(struct domain *d, unsigned int vcpu_id)
{
    if (vcpu_id < XEN_LEGACY_MAX_VCPUS)
        return &d->shared_info->vcpu_info[vcpu_id];
    return (struct vcpu_info *)((char *)d->shared_info + XEN_RISCV_VCPU_INFO_OFFSET(vcpu_id));
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu)
{
    struct vcpu *v;

    if (vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id])
        return NULL;
    v = xzalloc(struct vcpu);
    if (!v)
        return NULL;
    v->vcpu_id = vcpu_id;
    v->domain = d;
    v->processor = cpu;
    v->pause_flags = vcpu_id ? VPF_down : 0;
    v->vcpu_info = vcpu_default_vcpu_info(d, vcpu_id);
    v->vcpu_info_mfn = INVALID_MFN;
    mm_vcpu_init(v);
    timer_init(&v->singleshot_timer, vcpu_singleshot_timer_fn, v, cpu);
    evtchn_vcpu_init(v);
    if (sched_insert_vcpu(v)) {
        xfree(v);
        return NULL;
    }
    d->vcpu[vcpu_id] = v;
    d->hv_pages += (sizeof(*v) + PAGE_SIZE - 1) >> PAGE_SHIFT;
    return v;
}

void domain_discard_unbuilt(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_del(&d->list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    if (hardware_domain == d)
        hardware_domain = NULL;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            sched_remove_vcpu(d->vcpu[i]);
    sched_destroy_domain(d);
    mm_domain_relinquish_all(d);
    relinquish_domain_pages(d);
    /* The G-stage tables, shared_info and the structures stay allocated:
     * this runs only at boot, and only after a failure. */
}

void domain_unpause(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool wake = d->pause_count && --d->pause_count == 0;

    spin_unlock_irqrestore(&d->lock, flags);
    if (!wake)
        return;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_wake(d->vcpu[i]);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);

    if (d->is_shutting_down) {
        spin_unlock_irqrestore(&d->lock, flags);
        return;
    }
    d->is_shutting_down = true;
    if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
        d->shutdown_code = reason;   /* else a latched code (SCHEDOP_shutdown_code) wins */
    reason = d->shutdown_code;
    spin_unlock_irqrestore(&d->lock, flags);

    printk("Domain %u (%s) shutting down: %s\n", d->domain_id, d->name,
           shutdown_reason_name(reason));
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        __atomic_or_fetch(&v->pause_flags, VPF_shutdown, __ATOMIC_SEQ_CST);
        stop_timer(&v->singleshot_timer);
        vcpu_sleep_nosync(v);
    }
    domain_check_shut_down(d);
}

void domain_crash(struct domain *d, const char *why)
{
    struct vcpu *curr = current_vcpu();

    printk(XENLOG_ERR "Domain %u (%s) crashed: %s\n", d->domain_id, d->name, why);
    if (curr->domain == d)
        arch_vcpu_dump(curr);
    domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * A domU that shuts down gives its memory back at once, as xl's default
 * on_poweroff=destroy would (a suspended one is kept); the toolstack's
 * destroydomain then frees what is left (core/domain_destroy.c).  Its
 * VCPUs' registered vcpu_info frames go back to their shared_info slots;
 * its grant mappings of other domains' frames, its page tables and its
 * memory go now; frames other domains still map stay allocated (and
 * counted in its tot_pages) until they are unmapped, and its grant table
 * lives until then (hv/grant_table.h).
 */
bool domain_relinquish_claim(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&d->lock);
    bool first = !d->resources_released;

    d->resources_released = true;
    spin_unlock_irqrestore(&d->lock, flags);
    return first;
}

void domain_relinquish_begin(struct domain *d)
{
    /* Every VCPU has stopped, but a CPU that switched the last one out may
     * still be writing its runstate area through d's address space: the
     * release starts once no CPU has d's context loaded (hv/flush.h). */
    flush_wait_inactive(d);
    d->is_dying = true;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_release_vcpu_info(d->vcpu[i], vcpu_default_vcpu_info(d, i));
    gnttab_release_mappings(d);
}

void domain_relinquish_end(struct domain *d)
{
    relinquish_domain_pages(d);
    grant_table_destroy(d);
}

void domain_relinquish(struct domain *d)
{
    if (!domain_relinquish_claim(d))
        return;
    domain_relinquish_begin(d);
    mm_domain_relinquish_all(d);
    domain_relinquish_end(d);
}

static bool all_domains_shut_down(void)
{
    struct list_head *pos;
    bool all = true;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_for_each(pos, &domain_list)
        if (!list_entry(pos, struct domain, list)->is_shut_down)
            all = false;
    spin_unlock_irqrestore(&domlist_lock, flags);
    return all;
}

static enum machine_off machine_off_for(unsigned int reason)
{
    if (reason == SHUTDOWN_reboot)
        return MACHINE_REBOOT;
    return reason == SHUTDOWN_crash ? MACHINE_HALT_FAILURE : MACHINE_POWEROFF;
}

void domain_check_shut_down(struct domain *d)
{
    unsigned long flags;
    bool done;

    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->is_running)
            return;
    flags = spin_lock_irqsave(&d->lock);
    done = d->is_shutting_down && !d->is_shut_down;
    d->is_shut_down = d->is_shutting_down;
    spin_unlock_irqrestore(&d->lock, flags);
    if (!done)
        return;

    console_guest_flush(d);
    printk("Domain %u (%s) shut down: %s\n", d->domain_id, d->name,
           shutdown_reason_name(d->shutdown_code));
    evtchn_destroy(d);
    if (d != hardware_domain && d->shutdown_code != SHUTDOWN_suspend)
        domain_relinquish(d);
    send_global_virq(VIRQ_DOM_EXC);
    if (d == hardware_domain && d->shutdown_code == SHUTDOWN_crash) {
        /* Xen's hwdom_shutdown(): reset after 5 s unless `noreboot`. */
        printk("Hardware domain crashed: %s\n", hv_opts.noreboot
               ? "'noreboot' set - not rebooting, machine going off"
               : "rebooting machine in 5 seconds");
        if (!hv_opts.noreboot)
            machine_restart_after(SECONDS(5));
        arch_machine_off(MACHINE_HALT_FAILURE);
    }
    if (d == hardware_domain) {
        printk("Hardware domain shut down (%s): machine going off\n",
               shutdown_reason_name(d->shutdown_code));
        arch_machine_off(machine_off_for(d->shutdown_code));
    }
    /* Once the hardware domain has shut down, its own path above switches
     * the machine off; a domain that finishes releasing after it must not
     * race it there. */
    if (!(hardware_domain && hardware_domain->is_shut_down) && all_domains_shut_down()) {
        printk("All domains have shut down: powering off\n");
        arch_machine_off(MACHINE_POWEROFF);
    }
}
