/*
 * Domains and VCPUs.
 *
 * A domain owns memory (frames accounted in tot_pages), a set of VCPUs, a
 * shared_info page, event channels and a G-stage table.  Lifecycle:
 *   created (paused by the builder) -> running -> shutting down (reason
 *   latched; VCPUs stop) -> shut down -> destroyed (memory released).
 *
 * VCPU runnability: a VCPU runs only when pause_flags is zero and its domain
 * is neither paused nor shut down.  pause_flags bits say why it cannot:
 * blocked on events, down (offline), or the domain is shutting down.
 *
 * Locking: domlist_lock guards the domain list and domain ids.  d->lock
 * guards the domain's lifecycle fields.  A VCPU's scheduling fields belong to
 * the scheduler lock of the CPU it is on (sched/core.c).
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <hv/types.h>
#include <hv/list.h>
#include <hv/spinlock.h>
#include <hv/flush.h>
#include <hv/timer.h>
#include <asm/vcpu.h>
#include <hv/page_type.h>
#include <hv/quiesce.h>

struct shared_info;
struct vcpu_info;
struct evtchn;
struct grant_table;
struct p2m_domain;

#define MAX_VIRT_CPUS 8
#define SHUTDOWN_CODE_INVALID (~0u)
#define DOMAIN_NAME_LEN 32
#define NR_PIRQS 128             /* pirqs a domain can name (PLIC sources) */

/* vcpu.pause_flags */
#define VPF_blocked   (1u << 0)   /* SCHEDOP_block / poll: waiting for an event */
#define VPF_down      (1u << 1)   /* not brought up */
#define VPF_shutdown  (1u << 2)   /* domain shutting down */


struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    unsigned int processor;        /* pCPU it is assigned to */
    uint32_t pause_flags;          /* VPF_*, atomic */
    bool is_running;               /* on a pCPU now (sched lock) */
    bool is_idle;

    int runstate;                  /* sched lock: RUNSTATE_* (public/vcpu.h) */
    s_time_t runstate_entry;
    s_time_t runstate_time[4];

    struct vcpu_info *vcpu_info;   /* in shared_info */
    struct timer singleshot_timer; /* set_timer_op -> VIRQ_TIMER */
    uint32_t virq_to_evtchn[24];   /* per-VCPU VIRQ bindings (NR_VIRQS) */

    void *sched_priv;              /* the policy's per-VCPU data */

    /* VCPU state the guest sets through vcpu_op (core/vcpu_op.c). */
    bool is_initialised;           /* d->lock: has a context (builder or
                                      VCPUOP_initialise) */
    uint64_t runstate_guest;       /* atomic: guest VA of the registered
                                      runstate copy, 0 for none */
    mfn_t vcpu_info_mfn;           /* d->lock: frame of a registered
                                      vcpu_info (holds a general and a
                                      PGT_writable type reference),
                                      INVALID_MFN for none */

    /* Scheduling (sched/core.c): set under the old CPU's sched lock when v
     * is switched out, cleared once its state is saved; a policy never
     * moves a VCPU to another CPU while it is set.  Atomic. */
    bool context_busy;
    struct arch_vcpu arch;         /* registers, VS CSRs, FP */

    struct vcpu_mm mm;             /* base pointer, held-back result (page_type.h) */
    /* SCHEDOP_poll (event/event_2l.c) */
    int poll_evtchn;               /* atomic: the one port polled, -1 any, 0 none */
    struct timer poll_timer;       /* the poll's time-out */
};

struct domain {
    domid_t domain_id;
    char name[DOMAIN_NAME_LEN];
    bool is_privileged;            /* dom0: SIF_PRIVILEGED */
    struct list_head list;         /* domlist_lock */

    spinlock_t lock;
    bool is_shutting_down;         /* lock */
    bool is_shut_down;             /* lock: every VCPU has stopped */
    unsigned int shutdown_code;    /* lock: SHUTDOWN_*, or SHUTDOWN_CODE_INVALID until
                                      latched (shutdown_code op or shutdown) */
    unsigned int pause_count;      /* lock: controller pauses */

    spinlock_t page_alloc_lock;
    struct list_head page_list;    /* page_alloc_lock: frames owned */
    uint64_t tot_pages;            /* page_alloc_lock */
    uint64_t max_pages;

    struct shared_info *shared_info;
    mfn_t shared_info_mfn;

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];

    spinlock_t event_lock;
    struct evtchn *evtchn_bucket[64]; /* event_lock; 64 ports each, on demand */
    unsigned int max_evtchns;

    /* console_io rate limiting and line buffering (console.c) */
    char conbuf[128];
    unsigned int conbuf_len;
    s_time_t con_window_start;
    unsigned int con_window_bytes;

    unsigned long hv_pages;        /* hypervisor frames used for this domain */

    struct arch_domain arch;       /* G-stage table, VMID */
    struct domain_flush flush;     /* CPUs using or to flush its translations (hv/flush.h) */

    struct domain_mm mm;           /* deferred devalidation, MMIO ranges (page_type.h) */
    /* Event channels (event/event_channel.c) */
    unsigned int valid_evtchns;    /* event_lock: ports in allocated buckets */
    bool evtchn_dying;             /* event_lock: ports closed, none allocated */
    unsigned int evtchn_free_hint; /* event_lock: no free port below it */
    unsigned long poll_mask;       /* atomic: VCPUs in SCHEDOP_poll, by id */
    uint32_t pirq_to_evtchn[NR_PIRQS]; /* event_lock: pirq bindings */
    /* Grant tables (grant/grant_table.c) */
    struct grant_table *grant_table;
    bool is_dying;                 /* resources being released (set once) */
    void *sched_priv;              /* the scheduler policy's per-domain data */
    /* Preemptible EVTCHNOP_reset (event/event_channel.c, h-virq) */
    unsigned int evtchn_reset_next; /* event_lock: next port of a reset under way, 0 none */
    /* The store and console rings the builder gave a domU (0 for dom0);
     * fixed once built, read by HVMOP_get_param (core/hvm_op.c). */
    uint64_t store_mfn, console_mfn;
    uint32_t store_port, console_port;
    /* Auto-translated (type="pvh") domains (mm/p2m.c, hv/p2m.h): set by
     * the builder before the domain first runs, never changed after.  For
     * these, store_mfn and console_mfn above hold guest frames. */
    bool is_translated;
    struct p2m_domain *p2m;        /* NULL for a PV domain */
    /* The toolstack's (core/domctl.c, core/domain_destroy.c). */
    uint8_t handle[16];            /* domctl_lock: UUID (setdomainhandle) */
    uint32_t ssidref;              /* fixed at creation */
    bool resources_released;       /* lock: domain_relinquish ran (once) */
    unsigned int destroy_stage;    /* domctl_lock: DESTROY_* reached */
    struct quiesce_snapshot destroy_snap; /* domctl_lock: taken at unlinking */
};

extern struct list_head domain_list;
extern spinlock_t domlist_lock;
extern struct domain *hardware_domain;

struct domain *domain_create(domid_t id, const char *name, bool privileged,
                             uint64_t max_pages, unsigned int max_vcpus);
struct domain *domain_by_id(domid_t id);
/* Is id taken, by a live domain or one still being destroyed? */
bool domain_id_in_use(domid_t id);
/* Insert a new domain into domain_list, which is kept in id order. */
void domain_list_add(struct domain *d);
/* Free every structure of a domain that owns no frame, is on no list and
 * that no CPU can still be using (creation failed, or destruction done). */
void domain_free(struct domain *d);
/* Give back everything a stopped domain holds (memory, grants, mappings
 * of other domains' grants); once only, whoever comes first: the shutdown
 * of a domU or its destruction. */
void domain_relinquish(struct domain *d);
/* The same in steps, for a preemptible caller: claim (false: done or
 * under way elsewhere), begin (grant mappings, vcpu_info frames), then
 * mm_relinquish() until it returns 0, then end (memory, grant table). */
bool domain_relinquish_claim(struct domain *d);
void domain_relinquish_begin(struct domain *d);
void domain_relinquish_end(struct domain *d);
/* A domain whose destruction is under way, unlinked from domain_list. */
struct domain *domain_dying_by_id(domid_t id);
/* d is paused: have its VCPUs all been switched out?  Asks them to be,
 * never waits (core/domain_destroy.c). */
bool domain_vcpus_stopped(struct domain *d);
/* One stage of destroydomain: -ERESTART until done (core/domain_destroy.c). */
long domain_destroy(struct domain *d);
/* Fill a getdomaininfo record (core/sysctl.c). */
struct xen_domctl_getdomaininfo;
void domain_get_info(const struct domain *d, struct xen_domctl_getdomaininfo *info);
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int cpu);

/* Start or stop a shutdown; the first reason latched wins. */
void domain_shutdown(struct domain *d, unsigned int reason);
/* The domain corrupted its own state: shut it down with SHUTDOWN_crash. */
void domain_crash(struct domain *d, const char *why);
void domain_unpause(struct domain *d);
/* A domain the builder could not finish: take it off the domain list and
 * give its memory back.  It was never unpaused. */
void domain_discard_unbuilt(struct domain *d);
/* Called when a VCPU of a shutting-down domain stops running. */
void domain_check_shut_down(struct domain *d);
const char *shutdown_reason_name(unsigned int reason);
/* The set_timer_op timer fired: raise VIRQ_TIMER. */
void vcpu_singleshot_timer_fn(void *data);

/* The check phase of a VCPU's first context (VCPUOP_initialise, domctl
 * setvcpucontext): -EEXIST if it has one, -EINVAL for bad flags, pad or
 * (arch) registers; else 0 and the root table it names.  d->lock held. */
struct vcpu_guest_context;
long vcpu_check_first_context(struct vcpu *v, const struct vcpu_guest_context *ctx,
                              mfn_t *root);
/* Write v's runstate into its registered guest copy, if any; only while
 * v's address space is the one loaded on this CPU (core/vcpu_op.c). */
void vcpu_update_runstate_area(struct vcpu *v);
/* v is down and off every CPU, its state saved (the wait is short: a VCPU
 * taken down stops at its CPU's next schedule); false if it is not down or
 * was brought up meanwhile (core/vcpu_op.c). */
bool vcpu_wait_down(const struct vcpu *v);
/* Domain teardown: v's vcpu_info goes back to `fallback` (its slot in
 * shared_info) and the registered frame's references are dropped. */
void vcpu_release_vcpu_info(struct vcpu *v, struct vcpu_info *fallback);

static inline bool vcpu_runnable(const struct vcpu *v)
{
    return !__atomic_load_n(&v->pause_flags, __ATOMIC_RELAXED) &&
           !v->domain->pause_count && !v->domain->is_shutting_down;
}

#endif /* HV_DOMAIN_H */
