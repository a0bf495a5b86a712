/*
 * domctl (36): (struct xen_domctl *) -- the toolstack's control of one
 * domain, named by xen_domctl.domain.
 *
 * Every call: interface_version must equal XEN_DOMCTL_INTERFACE_VERSION,
 * checked first (-XEN_EACCES); then the caller must be the control domain
 * (-XEN_EPERM); then the domain must exist (-XEN_ESRCH: domain is a real
 * id, DOMID_SELF and the other reserved ids name no domain), except for
 * createdomain.  Unknown cmd, and every cmd below marked "not implemented":
 * -XEN_ENOSYS.  OUT fields are copied back to the caller's struct on
 * success.  Operations run one at a time; a long one (destroydomain) and
 * one that finds another under way are continued by the hypervisor
 * (the guest issues the same call again, unchanged, as for every
 * preemptible hypercall), so the caller only sees the final result.
 *
 * The toolstack builds a PV domain as the boot-time builder does
 * (public/arch-riscv.h has the layout): createdomain, max_mem,
 * XENMEM_populate_physmap naming the domain, the image written through
 * foreign mappings (mmu_update with foreigndom = the domain: dom0's page
 * tables may map its frames, and its G-stage follows), setvcpucontext for
 * VCPU 0 (which validates the bootstrap page tables for the domain), then
 * unpausedomain.
 */
#ifndef PUBLIC_DOMCTL_H
#define PUBLIC_DOMCTL_H

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000018

/* Scheduler ids (sysctl sched_id, domctl/sysctl scheduler_op). */
#define XEN_SCHEDULER_SEDF      4
#define XEN_SCHEDULER_CREDIT    5
#define XEN_SCHEDULER_CREDIT2   6
#define XEN_SCHEDULER_ARINC653  7
#define XEN_SCHEDULER_RTDS      8
#define XEN_SCHEDULER_NULL      9
/*
 * rvxen's round-robin reference policy.  Xen has no such scheduler and
 * hands out ids upwards from 4, so this extension takes an id far above
 * them (128) that Xen will not plausibly reach.
 */
#define XEN_SCHEDULER_RR      128

/*
 * createdomain: make a new, empty PV domain, paused once: no memory
 * (max_pages 0 until max_mem), shared_info, its event channels and grant
 * table, and max_vcpus VCPUs, all down and without a context.  IN/OUT
 * xen_domctl.domain: 0 or >= DOMID_FIRST_RESERVED asks for a free id
 * (handed out upwards from the last, wrapping), which is returned.  An id
 * in use, also by a domain still dying: -XEN_EEXIST; no free id or no
 * memory: -XEN_ENOMEM, nothing kept.  -XEN_EINVAL: any flag (rvxen has PV
 * domains only here), iommu_opts, altp2m, vmtrace_size, ssidref or
 * cpupool_id nonzero; max_vcpus 0 or above 8; max_evtchn_port above 4095;
 * max_grant_frames or max_maptrack_frames above 64; a grant version
 * (grant_opts bits 3:0) above 2 or other grant_opts bits; gaddr_bits other
 * than 0 or 41.  The limits asked for are checked, not applied: every
 * domain gets rvxen's (4096 ports, 64 grant frames).
 */
#define XEN_DOMCTL_createdomain       1
#define XEN_DOMCTL_CDF_hvm                    (1U << 0)
#define XEN_DOMCTL_CDF_hap                    (1U << 1)
#define XEN_DOMCTL_CDF_s3_integrity           (1U << 2)
#define XEN_DOMCTL_CDF_oos_off                (1U << 3)
#define XEN_DOMCTL_CDF_xs_domain              (1U << 4)
#define XEN_DOMCTL_CDF_iommu                  (1U << 5)
#define XEN_DOMCTL_CDF_nested_virt            (1U << 6)
#define XEN_DOMCTL_CDF_vpmu                   (1U << 7)
#define XEN_DOMCTL_CDF_trap_unmapped_accesses (1U << 8)

/* RISC-V's architecture part: the G-stage mode, as guest address bits. */
struct xen_arch_domainconfig {
    uint8_t gaddr_bits;         /* 34, 41, 50 or 59 (Sv32x4 .. Sv57x4) */
};

struct xen_domctl_createdomain {
    uint32_t ssidref;           /* IN: security label, 0 */
    xen_domain_handle_t handle; /* IN: UUID */
    uint32_t flags;             /* IN: XEN_DOMCTL_CDF_* */
    uint32_t iommu_opts;        /* IN */
    uint32_t max_vcpus;         /* IN */
    uint32_t max_evtchn_port;   /* IN */
    int32_t max_grant_frames;   /* IN: < 0 = default */
    int32_t max_maptrack_frames;/* IN: < 0 = default */
    uint32_t grant_opts;        /* IN: low 4 bits = max grant version */
    struct {
        uint16_t opts;
        uint16_t nr;
    } altp2m;                   /* IN */
    uint32_t vmtrace_size;      /* IN */
    uint32_t cpupool_id;        /* IN */
    struct xen_arch_domainconfig arch; /* IN */
};

/*
 * destroydomain, no payload: stop the domain (running or shut down) and
 * give back everything it has - memory, page tables, event channels, grant
 * table and mappings, its VCPUs and every hypervisor structure; its id is
 * then free.  Destroying the caller or the hardware domain: -XEN_EINVAL.
 * Returns 0 when done; also 0, leaving the domain dying (getdomaininfo
 * shows XEN_DOMINF_dying, its id stays taken), while another domain still
 * holds one of its frames - a grant or foreign mapping, as dom0's console
 * back end and xenstored hold the rings: the toolstack has them let go and
 * destroys it again.  A domain that is gone: -XEN_ESRCH.
 */
#define XEN_DOMCTL_destroydomain      2
/*
 * pausedomain / unpausedomain, no payload: nestable controller pause (at
 * most 255: -XEN_EOVERFLOW; pausing or unpausing oneself, unpausing below
 * zero or a dying domain: -XEN_EINVAL).  A new domain starts paused once.
 * pausedomain returns once the VCPUs are asked to stop; they are off
 * their CPUs at those CPUs' next reschedule (getvcpucontext waits for it).
 */
#define XEN_DOMCTL_pausedomain        3
#define XEN_DOMCTL_unpausedomain      4

/*
 * getdomaininfo: describe xen_domctl.domain exactly (as Xen since 4.17;
 * the list of all domains is sysctl getdomaininfolist's); -XEN_ESRCH if it
 * does not exist, even if a domain above it does.
 */
#define XEN_DOMCTL_getdomaininfo      5
#define XEN_DOMINF_dying        (1U << 0)  /* being destroyed */
#define XEN_DOMINF_hvm_guest    (1U << 1)
#define XEN_DOMINF_shutdown     (1U << 2)  /* shut down; code below */
#define XEN_DOMINF_paused       (1U << 3)  /* paused by the controller */
#define XEN_DOMINF_blocked      (1U << 4)  /* every VCPU blocked */
#define XEN_DOMINF_running      (1U << 5)  /* some VCPU running */
#define XEN_DOMINF_debugged     (1U << 6)
#define XEN_DOMINF_xs_domain    (1U << 7)  /* runs xenstored */
#define XEN_DOMINF_hap          (1U << 8)
/* SHUTDOWN_* code, valid with XEN_DOMINF_shutdown, in flags bits 23:16. */
#define XEN_DOMINF_shutdownshift 16
#define XEN_DOMINF_shutdownmask  0xff

struct xen_domctl_getdomaininfo {
    domid_t domain;             /* OUT */
    uint16_t pad1;
    uint32_t flags;             /* OUT: XEN_DOMINF_* */
    uint64_t tot_pages;         /* OUT: pages owned */
    uint64_t max_pages;         /* OUT: page limit */
    uint64_t outstanding_pages; /* OUT */
    uint64_t shr_pages;         /* OUT */
    uint64_t paged_pages;       /* OUT */
    uint64_t shared_info_frame; /* OUT: MFN of shared_info */
    uint64_t cpu_time;          /* OUT: ns run by all VCPUs */
    uint32_t nr_online_vcpus;   /* OUT */
    uint32_t max_vcpu_id;       /* OUT */
    uint32_t ssidref;           /* OUT */
    xen_domain_handle_t handle; /* OUT: UUID */
    uint32_t cpupool;           /* OUT */
    uint8_t gpaddr_bits;        /* OUT */
    uint8_t pad2[7];
    struct xen_arch_domainconfig arch_config; /* OUT */
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;

/* setvcpuaffinity: hard and soft CPU affinity of one VCPU.  Not
 * implemented: -XEN_ENOSYS. */
#define XEN_DOMCTL_setvcpuaffinity    9
#define XEN_VCPUAFFINITY_HARD   (1U << 0)
#define XEN_VCPUAFFINITY_SOFT   (1U << 1)
#define XEN_VCPUAFFINITY_FORCE  (1U << 2)
struct xenctl_bitmap {
    XEN_GUEST_HANDLE_64(uint8_t) bitmap;
    uint32_t nr_bits;
};
struct xen_domctl_vcpuaffinity {
    uint32_t vcpu;              /* IN */
    uint32_t flags;             /* IN: XEN_VCPUAFFINITY_* */
    struct xenctl_bitmap cpumap_hard; /* IN/OUT */
    struct xenctl_bitmap cpumap_soft; /* IN/OUT */
};

/* max_mem: the domain's memory limit, max_memkb / 4 frames.  As Xen, it
 * may go below what the domain has: it then gets nothing more until it is
 * below the limit again. */
#define XEN_DOMCTL_max_mem           11
struct xen_domctl_max_mem {
    uint64_t max_memkb;         /* IN */
};

/*
 * setvcpucontext / getvcpucontext: a VCPU's register state, as
 * public/arch-riscv.h's vcpu_guest_context.  IN vcpu >= max_vcpus:
 * -XEN_EINVAL; ctxt unreadable/unwritable: -XEN_EFAULT; the caller's own
 * domain: -XEN_EINVAL; a domain not paused by the controller: -XEN_EBUSY.
 *   set: the VCPU's first context, as VCPUOP_initialise checks it
 *        (flags other than VGCF_online, pad, satp not Sv39: -XEN_EINVAL;
 *        a second time: -XEN_EEXIST); satp's root must be the domain's
 *        frame and validate, with every table below it, as a root page
 *        table under the type system - it is pinned for the domain, as the
 *        boot-time builder pins the bootstrap tables - else -XEN_EINVAL
 *        (or the validation's error).  VGCF_online brings the VCPU up, to
 *        run once the domain is unpaused.
 *   get: the registers saved when the VCPU last stopped (pc, x[1..31],
 *        satp, stvec; flags VGCF_online if it is up).
 */
#define XEN_DOMCTL_setvcpucontext    12
#define XEN_DOMCTL_getvcpucontext    13
struct xen_domctl_vcpucontext {
    uint32_t vcpu;              /* IN */
    XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN/OUT */
};

/* getvcpuinfo: state of one VCPU (IN vcpu >= max_vcpus: -XEN_EINVAL; no
 * such VCPU: -XEN_ESRCH); OUT fields as below. */
#define XEN_DOMCTL_getvcpuinfo       14
struct xen_domctl_getvcpuinfo {
    uint32_t vcpu;              /* IN */
    uint8_t online;             /* OUT */
    uint8_t blocked;            /* OUT */
    uint8_t running;            /* OUT */
    uint64_t cpu_time;          /* OUT: ns run */
    uint32_t cpu;               /* OUT: physical CPU */
};

/* max_vcpus: how many VCPUs the domain has.  Xen sets this in
 * createdomain now; here it only checks: equal to createdomain's
 * max_vcpus 0, anything else -XEN_EINVAL. */
#define XEN_DOMCTL_max_vcpus         15
struct xen_domctl_max_vcpus {
    uint32_t max;               /* IN */
};

/*
 * scheduler_op: a domain's parameters under the scheduler in use (control
 * domain only: -XEN_EPERM; no such domain: -XEN_ESRCH).  sched_id other
 * than the scheduler in use, or cmd not putinfo/getinfo: -XEN_EINVAL.
 * putinfo checks everything first and changes nothing on an error.
 *   credit: IN/OUT weight 1..65535 (default 256; putinfo weight 0 =
 *           unchanged), cap in percent of one CPU (0 = none; 0xFFFF =
 *           unchanged; above 100 x max_vcpus: -XEN_EINVAL).
 *   sedf:   IN/OUT period 10 us..10 s and slice 0 or 5 us..period, in ns,
 *           for every VCPU of the domain; extratime bit 0 = may use idle
 *           time (slice 0 needs it); weight (stored; excludes period and
 *           slice, -XEN_EINVAL) or neither = best effort, period 100 ms.
 *           A change that would reserve more than 100% of a CPU (sum of
 *           slice/period of the VCPUs there): -XEN_EINVAL.  latency is
 *           stored and reported, without effect (as in Xen's last SEDF).
 *   rr:     no parameters (-XEN_EINVAL).
 */
#define XEN_DOMCTL_scheduler_op      16
#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_sched_sedf {
    uint64_t period;
    uint64_t slice;
    uint64_t latency;
    uint32_t extratime;
    uint32_t weight;
};
struct xen_domctl_sched_credit {
    uint16_t weight;
    uint16_t cap;
};
struct xen_domctl_sched_credit2 {
    uint16_t weight;
    uint16_t cap;
};
struct xen_domctl_sched_rtds {
    uint32_t period;            /* us */
    uint32_t budget;            /* us */
    uint32_t flags;
};
struct xen_domctl_scheduler_op {
    uint32_t sched_id;          /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;               /* IN: XEN_DOMCTL_SCHEDOP_* */
    union {
        struct xen_domctl_sched_sedf sedf;
        struct xen_domctl_sched_credit credit;
        struct xen_domctl_sched_credit2 credit2;
        struct xen_domctl_sched_rtds rtds;
    } u;                        /* IN (put) / OUT (get) */
};

/* setdomainhandle: set the domain's UUID (getdomaininfo's handle). */
#define XEN_DOMCTL_setdomainhandle   17
struct xen_domctl_setdomainhandle {
    xen_domain_handle_t handle; /* IN */
};

/* iomem_permission: allow or deny the domain to map MMIO frames.  Not
 * implemented (toolstack domains get no devices yet): -XEN_ENOSYS. */
#define XEN_DOMCTL_iomem_permission  20
struct xen_domctl_iomem_permission {
    uint64_t first_mfn;         /* IN */
    uint64_t nr_mfns;           /* IN */
    uint8_t allow_access;       /* IN: 1 allow, 0 deny */
};

#define XEN_DOMCTL_hypercall_init    22   /* not implemented: -XEN_ENOSYS */

/* settimeoffset: the domain's wall-clock offset.  Not implemented:
 * -XEN_ENOSYS. */
#define XEN_DOMCTL_settimeoffset     24
struct xen_domctl_settimeoffset {
    int64_t time_offset_seconds; /* IN */
};

#define XEN_DOMCTL_resumedomain      27   /* not implemented: -XEN_ENOSYS */

/* set_target: let the domain control `target` (device models).  Not
 * implemented: -XEN_ENOSYS. */
#define XEN_DOMCTL_set_target        46
struct xen_domctl_set_target {
    domid_t target;             /* IN */
};

/* set_virq_handler: make the domain handle global VIRQ virq.  Not
 * implemented: -XEN_ENOSYS. */
#define XEN_DOMCTL_set_virq_handler  66
struct xen_domctl_set_virq_handler {
    uint32_t virq;              /* IN */
};

#define XEN_DOMCTL_soft_reset        79   /* not implemented: -XEN_ENOSYS */
#define XEN_DOMCTL_get_domain_state  90   /* not implemented: -XEN_ENOSYS */

/*
 * get_domain_name (rvxen's; Xen has no such op): the name the domain
 * builder gave the domain (its description's name=, "Domain-0" for dom0),
 * NUL-terminated, at most XEN_DOMCTL_NAME_MAX bytes with the NUL.  On Xen
 * the toolstack that creates a domain names it in XenStore; rvxen's
 * boot-time domains are named by descriptions only the hypervisor saw, so
 * dom0 asks once, when it introduces the domain to xenstored, and uses
 * /local/domain/<id>/name from then on.
 */
#define XEN_DOMCTL_get_domain_name   0x100
#define XEN_DOMCTL_NAME_MAX          64
struct xen_domctl_get_domain_name {
    char name[XEN_DOMCTL_NAME_MAX];     /* OUT */
};

struct xen_domctl {
    uint32_t cmd;               /* IN: XEN_DOMCTL_* */
    uint32_t interface_version; /* IN: XEN_DOMCTL_INTERFACE_VERSION */
    domid_t domain;             /* IN (IN/OUT for createdomain) */
    uint16_t _pad[3];
    union {
        struct xen_domctl_createdomain createdomain;
        struct xen_domctl_getdomaininfo getdomaininfo;
        struct xen_domctl_vcpuaffinity vcpuaffinity;
        struct xen_domctl_max_mem max_mem;
        struct xen_domctl_vcpucontext vcpucontext;
        struct xen_domctl_getvcpuinfo getvcpuinfo;
        struct xen_domctl_max_vcpus max_vcpus;
        struct xen_domctl_scheduler_op scheduler_op;
        struct xen_domctl_setdomainhandle setdomainhandle;
        struct xen_domctl_iomem_permission iomem_permission;
        struct xen_domctl_settimeoffset settimeoffset;
        struct xen_domctl_set_target set_target;
        struct xen_domctl_set_virq_handler set_virq_handler;
        struct xen_domctl_get_domain_name get_domain_name;
        uint8_t pad[128];
    } u;
};
typedef struct xen_domctl xen_domctl_t;

PUBLIC_CHECK_SIZE(struct xen_domctl_createdomain, 64);
PUBLIC_CHECK_OFF(struct xen_domctl_createdomain, max_vcpus, 28);
PUBLIC_CHECK_OFF(struct xen_domctl_createdomain, arch, 60);
PUBLIC_CHECK_SIZE(struct xen_domctl_getdomaininfo, 112);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, flags, 4);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, handle, 76);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, cpupool, 92);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
PUBLIC_CHECK_OFF(struct xen_domctl_getdomaininfo, arch_config, 104);
PUBLIC_CHECK_SIZE(struct xen_domctl_vcpuaffinity, 40);
PUBLIC_CHECK_SIZE(struct xen_domctl_getvcpuinfo, 24);
PUBLIC_CHECK_SIZE(struct xen_domctl_scheduler_op, 40);
PUBLIC_CHECK_OFF(struct xen_domctl, u, 16);
PUBLIC_CHECK_SIZE(struct xen_domctl, 144);

#endif /* PUBLIC_DOMCTL_H */
