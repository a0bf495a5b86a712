/*
 * Domain destruction (domctl destroydomain): from a live or shut-down
 * domain to nothing at all - no frame, port, grant, maptrack entry or
 * hypervisor heap byte left.
 *
 * Destruction is a sequence of stages, each bounded; the call returns
 * -ERESTART between them (the caller issues it again, as Xen's
 * hypercall continuation) and d->destroy_stage remembers where it is:
 *   STOP      pause the domain for good and wait until none of its VCPUs
 *             is running or being switched out (-ERESTART while one is);
 *   RELEASE   close its event channels, undo its grant mappings of others
 *             and its registered vcpu_info frames (all of it skipped if a
 *             domU's shutdown gave everything back already);
 *   TABLES    unpin and devalidate its page tables, a budget at a time
 *             (mm_relinquish, continued as often as needed);
 *   MEMORY    give back its frames and its grant table (one step; the
 *             frame list is walked once);
 *   UNLINK    once nothing of d is held by anyone else - no frame of its
 *             own (tot_pages 0: another domain's mapping keeps a frame),
 *             its grant table released (nothing of it pinned), its
 *             shared_info referenced by the hypervisor alone - move d from
 *             domain_list to the dying list, where lookups by id no longer
 *             find it, and take a quiescence snapshot.  While something is
 *             still held, the call returns 0 and d stays dying, listed
 *             with XEN_DOMINF_dying, as a Xen zombie does: the toolstack
 *             destroys it again once the holder has let go (dom0 unmaps a
 *             dead domain's rings when it sees it dying);
 *   REAP      once every other CPU has passed a quiescent point
 *             (hv/quiesce.h) - so none still uses a pointer to d it found
 *             before the unlinking - free every structure (domain_free).
 * The domain keeps its id until the end: a new domain cannot take it
 * while the old one is dying.
 *
 * Revocations: the frames leave every G-stage through the paths
 * hv/flush.h lists (relinquish waits until no CPU has d's context
 * loaded); the G-stage tables themselves are freed last, and the VMID is
 * flushed by every CPU before any later domain using it first runs.
 *
 * Locking: the caller holds domctl_lock (one toolstack operation at a
 * time, as Xen's), which serialises the stages; dying_list is guarded by
 * domlist_lock.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>

enum { DESTROY_STOP, DESTROY_RELEASE, DESTROY_TABLES, DESTROY_MEMORY, DESTROY_UNLINK,
       DESTROY_REAP };

static struct list_head dying_list = LIST_HEAD_INIT(dying_list);

struct domain *domain_dying_by_id(domid_t id)
{
    struct list_head *pos;
    struct domain *found = NULL;
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_for_each(pos, &dying_list)
        if (list_entry(pos, struct domain, list)->domain_id == id) {
            found = list_entry(pos, struct domain, list);
            break;
        }
    spin_unlock_irqrestore(&domlist_lock, flags);
    return found;
}

static void vcpu_free(struct vcpu *v)
{
    stop_timer(&v->singleshot_timer);
    stop_timer(&v->poll_timer);
    sched_remove_vcpu(v);
    xfree(v);
}

void domain_free(struct domain *d)
{
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++)
        if (d->vcpu[i])
            vcpu_free(d->vcpu[i]);
    if (d->sched_priv)
        sched_destroy_domain(d);
    evtchn_domain_free(d);
    grant_table_free(d);
    if (mfn_valid_raw(d->shared_info_mfn)) {
        spin_lock(&mm_lock);
        BUG_ON(unshare_xen_page_with_guest(mfn_to_page(d->shared_info_mfn), d));
        spin_unlock(&mm_lock);
        free_xenheap_pages(d->shared_info_mfn, 0);
    }
    arch_domain_destroy(d);
    xfree(d);
}

/*
 * d is paused: true once none of its VCPUs is running or being switched
 * out.  Nothing here waits for the other CPUs: callers are continued
 * (-ERESTART) until those have switched the VCPUs out, so the hypervisor
 * never waits on what a guest's CPU does next.
 */
bool domain_vcpus_stopped(struct domain *d)
{
    bool stopped = true;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        vcpu_sleep_nosync(v);
        if (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE) ||
            __atomic_load_n(&v->context_busy, __ATOMIC_ACQUIRE))
            stopped = false;
    }
    return stopped;
}

/* Stop every VCPU for good, timers included. */
static bool stop_vcpus(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        if (d->vcpu[i]) {
            stop_timer(&d->vcpu[i]->singleshot_timer);
            stop_timer(&d->vcpu[i]->poll_timer);
        }
    }
    return domain_vcpus_stopped(d);
}

/* Nothing of d is held outside d: no frame of its own, no grant pinned,
 * shared_info referenced by the hypervisor only. */
static bool nothing_held(struct domain *d)
{
    const struct page_info *si = mfn_to_page(d->shared_info_mfn);

    return __atomic_load_n(&d->tot_pages, __ATOMIC_ACQUIRE) == 0 && grant_table_released(d) &&
           __atomic_load_n(&si->count, __ATOMIC_ACQUIRE) == 1;
}

/* Unpin and devalidate d's page tables within one call's budget: true
 * while work is left. */
static bool release_tables(struct domain *d)
{
    struct mm_budget b = mm_budget_start();
    int rc;

    spin_lock(&mm_lock);
    rc = mm_relinquish(d, &b);
    spin_unlock(&mm_lock);
    return rc == -ERESTART;
}

static void unlink(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_del(&d->list);
    list_add_tail(&d->list, &dying_list);
    spin_unlock_irqrestore(&domlist_lock, flags);
    quiesce_take(&d->destroy_snap);
}

static void forget(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&domlist_lock);

    list_del(&d->list);
    spin_unlock_irqrestore(&domlist_lock, flags);
}

long domain_destroy(struct domain *d)
{
    unsigned long flags;

    switch (d->destroy_stage) {
    case DESTROY_STOP:
        flags = spin_lock_irqsave(&d->lock);
        if (!d->is_dying)
            d->pause_count++;       /* never taken back */
        d->is_dying = true;
        spin_unlock_irqrestore(&d->lock, flags);
        if (!stop_vcpus(d))
            return -ERESTART;
        d->destroy_stage = DESTROY_RELEASE;
        return -ERESTART;
    case DESTROY_RELEASE:
        evtchn_destroy(d);
        if (!domain_relinquish_claim(d)) {
            d->destroy_stage = DESTROY_UNLINK;   /* its shutdown did it */
            return -ERESTART;
        }
        domain_relinquish_begin(d);
        d->destroy_stage = DESTROY_TABLES;
        return -ERESTART;
    case DESTROY_TABLES:
        if (release_tables(d))
            return -ERESTART;
        d->destroy_stage = DESTROY_MEMORY;
        return -ERESTART;
    case DESTROY_MEMORY:
        domain_relinquish_end(d);
        d->destroy_stage = DESTROY_UNLINK;
        return -ERESTART;
    case DESTROY_UNLINK:
        if (!nothing_held(d))
            return 0;               /* a zombie until the holder lets go */
        unlink(d);
        d->destroy_stage = DESTROY_REAP;
        return -ERESTART;
    default:
        if (!quiesce_passed(&d->destroy_snap))
            return -ERESTART;
        forget(d);
        printk("d%u: destroyed\n", d->domain_id);
        domain_free(d);
        return 0;
    }
}
