/*
 * sysctl (35): (struct xen_sysctl *) -- system-wide queries and controls
 * for the control domain.
 *
 * Every call: interface_version must equal XEN_SYSCTL_INTERFACE_VERSION,
 * checked before anything else (-XEN_EACCES), so a toolstack can probe
 * for the version.  Then the caller must be the control domain
 * (-XEN_EPERM).  Unknown cmd: -XEN_ENOSYS.  OUT fields are copied back to
 * the caller's struct on success.
 */
#ifndef PUBLIC_SYSCTL_H
#define PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000016

/*
 * readconsole: Xen's layout, NOT IMPLEMENTED: -XEN_ENOSYS (the hypervisor
 * keeps a log ring, but nothing reads it out yet; `xl dmesg` waits for
 * this).  In Xen: IN count = room in buffer, OUT count = bytes written;
 * with incremental, start at index (IN) and return the next index (OUT);
 * clear empties the ring.
 */
#define XEN_SYSCTL_readconsole       1
struct xen_sysctl_readconsole {
    uint8_t clear;              /* IN */
    uint8_t incremental;        /* IN */
    uint8_t pad0, pad1;
    uint32_t index;             /* IN/OUT */
    XEN_GUEST_HANDLE_64(char) buffer; /* IN: where to write */
    uint32_t count;             /* IN/OUT */
};

/*
 * tbuf_op: the scheduling trace buffer (rvxen's layout under Xen's number;
 * Xen maps its buffer pages into dom0 for xentrace, rvxen copies records
 * out instead, so only cmd and the get_info/set_evt_mask/enable/disable
 * numbers are Xen's).  Each pCPU has a ring of `size` records, sized at boot
 * with tbuf_size=<pages per CPU>; a record's sequence number counts every
 * record that CPU ever wrote, so a reader can resume where it stopped.
 * Refusals: unknown cmd, cpu >= nr_cpus, unknown bits in evt_mask:
 * -XEN_EINVAL; enable or read with no buffer (tbuf_size=0): -XEN_ENODEV;
 * buffer not writable: -XEN_EFAULT (records before the fault are written).
 *   get_info       OUT size, nr_cpus, evt_mask (0 while disabled)
 *   set_evt_mask   IN evt_mask: which events are recorded once enabled
 *   enable/disable start/stop recording (rings are kept)
 *   read           IN cpu, first, count (room in buffer, records), buffer;
 *                  OUT first = sequence of buffer[0] (later than IN first
 *                  when older records were overwritten; lost says how many),
 *                  count = records written, next = the following sequence.
 */
#define XEN_SYSCTL_tbuf_op           2
#define XEN_SYSCTL_TBUFOP_get_info     0
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_enable       4
#define XEN_SYSCTL_TBUFOP_disable      5
#define XEN_SYSCTL_TBUFOP_read         0x100   /* rvxen: Xen has no copy-out op */

/* Event kinds (xen_sysctl_tbuf_rec.event) and their evt_mask bits. */
#define XEN_TBUF_EV_switch_in   0   /* cpu starts running d/v */
#define XEN_TBUF_EV_switch_out  1   /* cpu stops running d/v; arg: XEN_TBUF_REASON_* */
#define XEN_TBUF_EV_wake        2   /* d/v became runnable on cpu */
#define XEN_TBUF_EV_migrate     3   /* d/v switched in on cpu; arg: the CPU it ran on */
#define XEN_TBUF_EV_MAX         3
#define XEN_TBUF_EV_ALL         ((1u << (XEN_TBUF_EV_MAX + 1)) - 1)

/* Why a VCPU was switched out. */
#define XEN_TBUF_REASON_preempted 0  /* still runnable: slice over or a better VCPU */
#define XEN_TBUF_REASON_blocked   1  /* waiting for an event (SCHEDOP_block, poll) */
#define XEN_TBUF_REASON_yielded   2  /* SCHEDOP_yield */
#define XEN_TBUF_REASON_offline   3  /* VCPU taken down */
#define XEN_TBUF_REASON_shutdown  4  /* its domain is shutting down */
#define XEN_TBUF_REASON_paused    5  /* paused by the controller */

struct xen_sysctl_tbuf_rec {
    uint64_t time;              /* ns since boot (NOW()) */
    uint16_t cpu;
    uint16_t domid;
    uint16_t vcpuid;
    uint8_t event;              /* XEN_TBUF_EV_* */
    uint8_t arg;                /* see the event */
};
typedef struct xen_sysctl_tbuf_rec xen_sysctl_tbuf_rec_t;

struct xen_sysctl_tbuf_op {
    uint32_t cmd;               /* IN: XEN_SYSCTL_TBUFOP_* */
    uint32_t cpu;               /* IN read */
    uint32_t evt_mask;          /* IN set_evt_mask, OUT get_info */
    uint32_t size;              /* OUT get_info: records per ring */
    uint32_t nr_cpus;           /* OUT get_info */
    uint32_t count;             /* IN/OUT read */
    uint64_t first;             /* IN/OUT read */
    uint64_t next;              /* OUT read */
    uint64_t lost;              /* OUT read */
    XEN_GUEST_HANDLE_64(xen_sysctl_tbuf_rec_t) buffer; /* IN read */
};

/* physinfo: the host's CPUs and memory (feeds `xl info`). */
#define XEN_SYSCTL_physinfo          3
#define XEN_SYSCTL_PHYSCAP_hvm       (1U << 0)  /* can run HVM guests */
#define XEN_SYSCTL_PHYSCAP_pv        (1U << 1)  /* can run PV guests */
#define XEN_SYSCTL_PHYSCAP_directio  (1U << 2)  /* has an IOMMU for passthrough */
struct xen_sysctl_physinfo {
    uint32_t threads_per_core;  /* OUT */
    uint32_t cores_per_socket;  /* OUT */
    uint32_t nr_cpus;           /* OUT: CPUs online */
    uint32_t max_cpu_id;        /* OUT */
    uint32_t nr_nodes;          /* OUT */
    uint32_t max_node_id;       /* OUT */
    uint32_t cpu_khz;           /* OUT: time counter frequency, kHz */
    uint32_t capabilities;      /* OUT: XEN_SYSCTL_PHYSCAP_* */
    uint32_t arch_capabilities; /* OUT */
    uint32_t pad;
    uint64_t total_pages;       /* OUT */
    uint64_t free_pages;        /* OUT */
    uint64_t scrub_pages;       /* OUT */
    uint64_t outstanding_pages; /* OUT */
    uint64_t max_mfn;           /* OUT: highest machine frame */
    uint32_t hw_cap[8];         /* OUT */
};

/* sched_id: the scheduler in use, a XEN_SCHEDULER_* id (domctl.h). */
#define XEN_SYSCTL_sched_id          4
struct xen_sysctl_sched_id {
    uint32_t sched_id;          /* OUT */
};

/*
 * perfc_op: the hypervisor's performance counters (Xen's layout).  cmd
 * XEN_SYSCTL_PERFCOP_query fills, when the handles are not NULL, desc[]
 * with each counter's name and number of values (one per physical CPU)
 * and val[] with the values, counter after counter; nr_counters and
 * nr_vals say how many there are (pass NULL handles to learn the sizes).
 * XEN_SYSCTL_PERFCOP_reset zeroes them.  Counters: "hypervisor_entries",
 * entries into the hypervisor from any guest (hypercalls, SBI calls,
 * interrupts and exceptions taken while a guest ran), per CPU, wrapping
 * at 2^32.  Privileged.
 */
#define XEN_SYSCTL_perfc_op          5
#define XEN_SYSCTL_PERFCOP_reset     1
#define XEN_SYSCTL_PERFCOP_query     2
struct xen_sysctl_perfc_desc {
    char name[80];              /* OUT */
    uint32_t nr_vals;           /* OUT */
};
typedef struct xen_sysctl_perfc_desc xen_sysctl_perfc_desc_t;
typedef uint32_t xen_sysctl_perfc_val_t;
struct xen_sysctl_perfc_op {
    uint32_t cmd;               /* IN: XEN_SYSCTL_PERFCOP_* */
    uint32_t nr_counters;       /* OUT */
    uint32_t nr_vals;           /* OUT: values of all counters */
    XEN_GUEST_HANDLE_64(xen_sysctl_perfc_desc_t) desc;  /* IN: or NULL */
    XEN_GUEST_HANDLE_64(xen_sysctl_perfc_val_t) val;    /* IN: or NULL */
};

/*
 * getdomaininfolist: describe up to max_domains domains with ids >=
 * first_domain, in id order, into buffer (an array of struct
 * xen_domctl_getdomaininfo).  OUT num_domains = entries written.
 */
#define XEN_SYSCTL_getdomaininfolist 6
struct xen_sysctl_getdomaininfolist {
    domid_t first_domain;       /* IN */
    uint32_t max_domains;       /* IN */
    XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN */
    uint32_t num_domains;       /* OUT */
};

/*
 * debug_keys: press the hypervisor's debug keys, the nr_keys characters at
 * keys (IN), in order.  'r': the scheduler's run queues, then the
 * scheduling trace buffer (TRACE lines, see tbuf_op; printed over the next
 * milliseconds); 'T': the trace alone; 'h': the list.  Other keys do
 * nothing.  nr_keys above XEN_SYSCTL_DEBUG_KEYS_MAX: -XEN_EINVAL (an
 * rvxen bound; Xen has none); keys not readable: -XEN_EFAULT, and no key
 * has run.  Dom0 only (-XEN_EPERM).
 */
#define XEN_SYSCTL_debug_keys        7
struct xen_sysctl_debug_keys {
    XEN_GUEST_HANDLE_64(char) keys; /* IN */
    uint32_t nr_keys;               /* IN */
};
#define XEN_SYSCTL_DEBUG_KEYS_MAX   16
/* Xen's numbers, NOT IMPLEMENTED: each is -XEN_ENOSYS. */
#define XEN_SYSCTL_getcpuinfo        8
#define XEN_SYSCTL_availheap         9
#define XEN_SYSCTL_cpu_hotplug      11
#define XEN_SYSCTL_cputopoinfo      16
#define XEN_SYSCTL_numainfo         17
#define XEN_SYSCTL_cpupool_op       18

/*
 * scheduler_op: read (getinfo) or set (putinfo) the parameters of a
 * scheduler that apply to every domain.  cpupool_id must be 0 (the only
 * pool: else -XEN_ESRCH); sched_id must be the scheduler in use, and cmd
 * getinfo or putinfo (-XEN_EINVAL).  Out-of-range values: -XEN_EINVAL,
 * nothing changed.  credit: IN/OUT tslice_ms 1..1000, ratelimit_us 0 (off)
 * or 100..500000 and at most the slice, vcpu_migr_delay_us <= 100000
 * (accepted, reported as 0: no migration delay is implemented).  Other
 * schedulers have no global parameters (both cmds succeed, nothing read).
 */
#define XEN_SYSCTL_scheduler_op     19
#define XEN_SYSCTL_SCHEDOP_putinfo   0
#define XEN_SYSCTL_SCHEDOP_getinfo   1
struct xen_sysctl_credit_schedule {
    uint32_t tslice_ms;         /* time slice */
    uint32_t ratelimit_us;      /* minimum run before preemption */
    uint32_t vcpu_migr_delay_us;
};
struct xen_sysctl_credit2_schedule {
    uint32_t ratelimit_us;
};
struct xen_sysctl_scheduler_op {
    uint32_t cpupool_id;        /* IN: 0, the only pool */
    uint32_t sched_id;          /* IN: XEN_SCHEDULER_* */
    uint32_t cmd;               /* IN: XEN_SYSCTL_SCHEDOP_* */
    union {
        struct xen_sysctl_credit_schedule sched_credit;
        struct xen_sysctl_credit2_schedule sched_credit2;
    } u;                        /* IN (putinfo) / OUT (getinfo) */
};

#define XEN_SYSCTL_livepatch_op     27   /* NOT IMPLEMENTED: -XEN_ENOSYS */

/*
 * rvxen_counts (rvxen's; Xen has no such op): what the hypervisor holds,
 * machine-wide, for leak checks such as the toolstack's create/destroy
 * cycle test (issue 11).  OUT: free_pages (as physinfo), heap_bytes (its
 * allocator's objects in use), evtchn_ports (ports not closed, every
 * domain), grant_pins (grant entries pinned by a mapping or copy, every
 * domain), maptrack (grant handles in use, every domain), nr_domains
 * (including those dying).  A snapshot: each figure is read on its own.
 * Dom0 only (-XEN_EPERM).
 */
#define XEN_SYSCTL_rvxen_counts     0x100
struct xen_sysctl_rvxen_counts {
    uint64_t free_pages;        /* OUT */
    uint64_t heap_bytes;        /* OUT */
    uint32_t evtchn_ports;      /* OUT */
    uint32_t grant_pins;        /* OUT */
    uint32_t maptrack;          /* OUT */
    uint32_t nr_domains;        /* OUT */
};

struct xen_sysctl {
    uint32_t cmd;               /* IN: XEN_SYSCTL_* */
    uint32_t interface_version; /* IN: XEN_SYSCTL_INTERFACE_VERSION */
    union {
        struct xen_sysctl_readconsole readconsole;
        struct xen_sysctl_physinfo physinfo;
        struct xen_sysctl_sched_id sched_id;
        struct xen_sysctl_getdomaininfolist getdomaininfolist;
        struct xen_sysctl_scheduler_op scheduler_op;
        struct xen_sysctl_tbuf_op tbuf_op;
        struct xen_sysctl_debug_keys debug_keys;
        struct xen_sysctl_perfc_op perfc_op;
        struct xen_sysctl_rvxen_counts rvxen_counts;
        uint8_t pad[128];
    } u;
};
typedef struct xen_sysctl xen_sysctl_t;

PUBLIC_CHECK_SIZE(struct xen_sysctl_readconsole, 24);
PUBLIC_CHECK_OFF(struct xen_sysctl_readconsole, buffer, 8);
PUBLIC_CHECK_SIZE(struct xen_sysctl_physinfo, 112);
PUBLIC_CHECK_OFF(struct xen_sysctl_physinfo, total_pages, 40);
PUBLIC_CHECK_OFF(struct xen_sysctl_getdomaininfolist, max_domains, 4);
PUBLIC_CHECK_OFF(struct xen_sysctl_getdomaininfolist, buffer, 8);
PUBLIC_CHECK_OFF(struct xen_sysctl_getdomaininfolist, num_domains, 16);
PUBLIC_CHECK_SIZE(struct xen_sysctl_scheduler_op, 24);
PUBLIC_CHECK_SIZE(struct xen_sysctl_tbuf_rec, 16);
PUBLIC_CHECK_SIZE(struct xen_sysctl_tbuf_op, 56);
PUBLIC_CHECK_OFF(struct xen_sysctl_tbuf_op, buffer, 48);
PUBLIC_CHECK_SIZE(struct xen_sysctl_debug_keys, 16);
PUBLIC_CHECK_SIZE(struct xen_sysctl_perfc_desc, 84);
PUBLIC_CHECK_SIZE(struct xen_sysctl_perfc_op, 32);
PUBLIC_CHECK_OFF(struct xen_sysctl_perfc_op, val, 24);
PUBLIC_CHECK_SIZE(struct xen_sysctl_rvxen_counts, 32);
PUBLIC_CHECK_OFF(struct xen_sysctl, u, 8);
PUBLIC_CHECK_SIZE(struct xen_sysctl, 136);

#endif /* PUBLIC_SYSCTL_H */
