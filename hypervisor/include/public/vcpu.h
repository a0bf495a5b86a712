/*
 * vcpu_op (24): (int cmd, unsigned int vcpuid, void *extra) -- operations
 * on one VCPU of the calling domain (any of its VCPUs may call them; no
 * domain can name another domain's VCPUs).  Checks, in Xen's order:
 * vcpuid >= the hypervisor's VCPU limit (8): -XEN_EINVAL; no such VCPU in
 * this domain: -XEN_ENOENT; unknown cmd: -XEN_ENOSYS; an unreadable or
 * unwritable extra: -XEN_EFAULT.
 *
 * Runstate accounting: every VCPU is at each moment in exactly one of the
 * RUNSTATE_* states; time[] accumulates ns spent in each since creation.
 */
#ifndef PUBLIC_VCPU_H
#define PUBLIC_VCPU_H

#include "xen.h"

/*
 * initialise, extra = vcpu_guest_context (arch-riscv.h): give a VCPU that
 * was never initialised its first state.  Once per VCPU: -XEN_EEXIST after
 * that (VCPU 0 is initialised by the domain builder).  A context that does
 * not validate: -XEN_EINVAL.  The VCPU stays down unless VGCF_online.
 */
#define VCPUOP_initialise                    0
/* up: make an initialised VCPU runnable; not initialised: -XEN_EINVAL.
 * Up already: 0, nothing changes. */
#define VCPUOP_up                            1
/* down: take a VCPU offline (it keeps its state, VCPUOP_up resumes it).
 * Asynchronous for another VCPU; on the caller itself it takes effect
 * before the call returns to it. */
#define VCPUOP_down                          2
/* is_up: returns 1 if the VCPU is online, else 0. */
#define VCPUOP_is_up                         3
/* get_runstate_info, extra = struct vcpu_runstate_info (OUT): the state
 * and the times up to now. */
#define VCPUOP_get_runstate_info             4
/*
 * register_runstate_memory_area, extra = struct
 * vcpu_register_runstate_memory_area: the hypervisor keeps a copy of the
 * VCPU's runstate info at that guest VA (0 stops it), written at once and
 * then each time the VCPU is switched in or out, through the VCPU's own
 * address space.  A write that faults is skipped silently, as on Xen.  In
 * the copies written at a switch, time[] runs up to state_entry_time (the
 * current state has lasted now - state_entry_time more), so the sum of
 * time[] minus state_entry_time is the same in every such copy.
 */
#define VCPUOP_register_runstate_memory_area 5
/* set_periodic_timer, extra = struct vcpu_set_periodic_timer. */
#define VCPUOP_set_periodic_timer            6
#define VCPUOP_stop_periodic_timer           7
/*
 * set_singleshot_timer, extra = struct vcpu_set_singleshot_timer: raise
 * VIRQ_TIMER at timeout_abs_ns.  With VCPU_SSHOTTMR_future a deadline
 * already past gives -XEN_ETIME.  Only the calling VCPU (-XEN_EINVAL).
 */
#define VCPUOP_set_singleshot_timer          8
/* stop_singleshot_timer: cancel it.  Only the calling VCPU (-XEN_EINVAL). */
#define VCPUOP_stop_singleshot_timer         9
/*
 * register_vcpu_info, extra = struct vcpu_register_vcpu_info: move the
 * VCPU's vcpu_info to mfn + offset, a frame the domain owns that is not a
 * page table or shared_info; the current contents are carried over and an
 * upcall is raised so that nothing pending is lost.  Once per VCPU, on
 * the caller itself or on a VCPU that is down; the structure must not
 * cross the page; rsvd must be 0.  Any of these broken: -XEN_EINVAL.
 */
#define VCPUOP_register_vcpu_info           10
#define VCPUOP_send_nmi                     11
/* get_physid, extra = struct vcpu_get_physid: the physical CPU id (dom0). */
#define VCPUOP_get_physid                   12
#define VCPUOP_register_vcpu_time_memory_area 13
#define VCPUOP_register_runstate_phys_area  14
#define VCPUOP_register_vcpu_time_phys_area 15

#define RUNSTATE_running   0  /* on a physical CPU */
#define RUNSTATE_runnable  1  /* ready, waiting for a physical CPU */
#define RUNSTATE_blocked   2  /* waiting for an event */
#define RUNSTATE_offline   3  /* down, or the domain is paused */

struct vcpu_runstate_info {
    int state;                  /* RUNSTATE_* */
    uint64_t state_entry_time;  /* system time the state was entered */
    uint64_t time[4];           /* ns spent in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;

/* Set in state_entry_time while the hypervisor updates the copy. */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h; /* guest VA */
        uint64_t p;             /* guest physical (the *_phys_area ops) */
    } addr;                     /* IN */
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;

struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        uint64_t p;
    } addr;                     /* IN */
};
typedef struct vcpu_register_time_memory_area
    vcpu_register_time_memory_area_t;

struct vcpu_set_periodic_timer {
    uint64_t period_ns;         /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;

#define VCPU_SSHOTTMR_future (1U << 0)
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;    /* IN: absolute system time */
    uint32_t flags;             /* IN: VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;

struct vcpu_register_vcpu_info {
    uint64_t mfn;               /* IN: frame holding the new vcpu_info */
    uint32_t offset;            /* IN: its offset in the frame */
    uint32_t rsvd;              /* IN: 0 */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;

struct vcpu_get_physid {
    uint64_t phys_id;           /* OUT */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;

PUBLIC_CHECK_SIZE(struct vcpu_runstate_info, 48);
PUBLIC_CHECK_OFF(struct vcpu_runstate_info, time, 16);
PUBLIC_CHECK_SIZE(struct vcpu_set_singleshot_timer, 16);
PUBLIC_CHECK_SIZE(struct vcpu_register_vcpu_info, 16);
PUBLIC_CHECK_SIZE(struct vcpu_guest_context, 288);

#endif /* PUBLIC_VCPU_H */
