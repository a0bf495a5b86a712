/*
 * event_channel_op (32): (int cmd, void *arg) -- event channels.
 *
 * A port is a domain's end of an event channel: unbound (waiting for a
 * given remote domain to connect), interdomain (connected to a remote
 * port), virq (a virtual interrupt), pirq (a physical interrupt, dom0),
 * or ipi (between the domain's own VCPUs).  Sending on a port sets the
 * peer's pending bit in shared_info (the 2-level ABI, xen.h) and raises
 * the upcall unless the port is masked.  Port 0 is never allocated.
 *
 * Unless stated, any domain may use these on itself; `dom` fields other
 * than DOMID_SELF (or the caller's own id) need the control domain
 * (-XEN_EPERM).  Unknown cmd: -XEN_ENOSYS.  A bad argument pointer:
 * -XEN_EFAULT.  OUT fields are written only on success.
 *
 * Port numbers: a port is "in the table" when the hypervisor has
 * allocated room for it (ports are allocated lowest first, in blocks; the
 * first block always exists).  An op naming a port outside the table, or
 * at or past the 2-level limit EVTCHN_2L_NR_CHANNELS, gets -XEN_EINVAL; a
 * free port inside it reads as closed.  A domain that has shut down has
 * all its ports closed, and the remote ends of its channels are unbound
 * again, waiting for it.
 */
#ifndef PUBLIC_EVENT_CHANNEL_H
#define PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

typedef uint32_t evtchn_port_t;

#define EVTCHNOP_bind_interdomain  0
#define EVTCHNOP_bind_virq         1
#define EVTCHNOP_bind_pirq         2
#define EVTCHNOP_close             3
#define EVTCHNOP_send              4
#define EVTCHNOP_status            5
#define EVTCHNOP_alloc_unbound     6
#define EVTCHNOP_bind_ipi          7
#define EVTCHNOP_bind_vcpu         8
#define EVTCHNOP_unmask            9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
/*
 * 14 is taken: the hypervisor re-issues a preempted reset as sub-op 14
 * (Xen's internal EVTCHNOP_reset_cont, same argument).  Not for guests:
 * issued with no reset of that domain under way it is -XEN_EBUSY.
 */

/*
 * alloc_unbound: allocate a port in `dom` that `remote_dom` may later
 * connect to with bind_interdomain.  remote_dom may be DOMID_SELF (the
 * caller) and is not checked otherwise.  No such dom: -XEN_ESRCH; dom not
 * the caller and the caller unprivileged: -XEN_EPERM; no free port:
 * -XEN_ENOSPC; dom has shut down: -XEN_EINVAL.
 */
struct evtchn_alloc_unbound {
    domid_t dom;                /* IN: DOMID_SELF unless privileged */
    domid_t remote_dom;         /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * bind_interdomain: connect a new local port to remote_port, which must be
 * unbound and waiting for this domain.  Checked in Xen's order: no such
 * remote_dom -XEN_ESRCH; no free local port -XEN_ENOSPC; remote_port
 * outside remote_dom's table, not unbound, or waiting for another domain
 * -XEN_EINVAL.  The new port is set pending at once, in case the peer
 * signalled before the connection.  Any domain.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;         /* IN: may be DOMID_SELF (loopback) */
    evtchn_port_t remote_port;  /* IN */
    evtchn_port_t local_port;   /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * bind_virq: bind VIRQ `virq` on `vcpu` to a new port.  In this order:
 * virq >= NR_VIRQS, or a global or per-domain VIRQ on vcpu != 0:
 * -XEN_EINVAL; no such VCPU: -XEN_ENOENT; a global VIRQ whose handler is
 * another domain (they all belong to the hardware domain): -XEN_EBUSY;
 * already bound on that VCPU: -XEN_EEXIST; no free port: -XEN_ENOSPC.
 */
struct evtchn_bind_virq {
    uint32_t virq;              /* IN: VIRQ_* */
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * bind_pirq: bind physical interrupt `pirq` (physdev.h: pirq n is the
 * interrupt controller's source n) and let it interrupt.  pirq >= 128:
 * -XEN_EINVAL; a pirq the domain does not own (only dom0 owns any: the
 * sources of its virtio-mmio slots): -XEN_EPERM; already bound:
 * -XEN_EEXIST.  BIND_PIRQ__WILL_SHARE is accepted (no pirq is shared).
 * Each interrupt raises the port once and masks the source until
 * PHYSDEVOP_eoi; closing the port masks it.
 */
#define BIND_PIRQ__WILL_SHARE 1
struct evtchn_bind_pirq {
    uint32_t pirq;              /* IN */
    uint32_t flags;             /* IN: BIND_PIRQ__* */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/* bind_ipi: a port that notifies `vcpu` of this domain; sending on it
 * raises it on that VCPU.  No such VCPU: -XEN_ENOENT. */
struct evtchn_bind_ipi {
    uint32_t vcpu;              /* IN */
    evtchn_port_t port;         /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * close: free the port (its pending bit is cleared).  The remote end of
 * an interdomain channel goes back to unbound, waiting for the closer.  A
 * free, reserved (0) or out-of-table port: -XEN_EINVAL.
 */
struct evtchn_close {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_close evtchn_close_t;

/*
 * send: notify the other end (interdomain: the peer's port; ipi: the
 * local port).  On an unbound port the event is dropped and 0 returned.
 * virq/pirq or bad port: -XEN_EINVAL.
 */
struct evtchn_send {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * status: describe `port` of `dom`.  No such dom: -XEN_ESRCH; port
 * outside dom's table: -XEN_EINVAL; dom not the caller and the caller
 * unprivileged: -XEN_EPERM (checked in that order, as Xen).
 */
#define EVTCHNSTAT_closed       0  /* free */
#define EVTCHNSTAT_unbound      1  /* waiting for u.unbound.dom */
#define EVTCHNSTAT_interdomain  2  /* connected to u.interdomain */
#define EVTCHNSTAT_pirq         3  /* bound to u.pirq */
#define EVTCHNSTAT_virq         4  /* bound to u.virq */
#define EVTCHNSTAT_ipi          5  /* an IPI port */

struct evtchn_status {
    domid_t dom;                /* IN: DOMID_SELF unless privileged */
    evtchn_port_t port;         /* IN */
    uint32_t status;            /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;              /* OUT: VCPU notified */
    union {
        struct {
            domid_t dom;        /* the domain that may connect */
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;                        /* OUT */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * bind_vcpu: deliver `port` to `vcpu` from now on: unbound, interdomain,
 * pirq and global-VIRQ ports.  No such VCPU (checked first): -XEN_ENOENT;
 * IPI, per-VCPU VIRQ, free or out-of-table port: -XEN_EINVAL.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;         /* IN */
    uint32_t vcpu;              /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * unmask: clear the port's mask bit and, if it is pending, raise the
 * upcall again (which clearing the bit directly would not do).  Port
 * outside the table: -XEN_EINVAL.
 */
struct evtchn_unmask {
    evtchn_port_t port;         /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * reset: close every port of `dom` (and return to the 2-level ABI).  No
 * such dom: -XEN_ESRCH; another domain and the caller unprivileged:
 * -XEN_EPERM; another domain that is not paused: -XEN_EINVAL; a reset of
 * dom already under way (another VCPU's, or one abandoned mid-way):
 * -XEN_EBUSY.  The hypervisor closes a bounded number of ports per pass
 * and continues the call itself, so it returns once all are closed; a
 * port bound meanwhile below the ports already closed stays open.
 */
struct evtchn_reset {
    domid_t dom;                /* IN: DOMID_SELF unless privileged */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * FIFO ABI (init_control, expand_array, set_priority).  rvxen implements
 * the 2-level ABI only: init_control and expand_array return -XEN_ENOSYS;
 * set_priority -XEN_EINVAL for a port outside the table, else -XEN_ENOSYS.
 * They are here for their numbers and layouts.
 */
struct evtchn_init_control {
    uint64_t control_gfn;       /* IN */
    uint32_t offset;            /* IN */
    uint32_t vcpu;              /* IN */
    uint8_t link_bits;          /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

struct evtchn_expand_array {
    uint64_t array_gfn;         /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
    evtchn_port_t port;         /* IN */
    uint32_t priority;          /* IN: 0 highest .. 15 lowest */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* Ports the 2-level ABI can name: one bit per port in 64 words of 64. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * event_channel_op_compat (16): (struct evtchn_op *) -- the pre-3.0.2
 * form with the command inside the argument.
 */
struct evtchn_op {
    uint32_t cmd;               /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_unmask unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;

PUBLIC_CHECK_SIZE(struct evtchn_alloc_unbound, 8);
PUBLIC_CHECK_SIZE(struct evtchn_bind_interdomain, 12);
PUBLIC_CHECK_SIZE(struct evtchn_bind_virq, 12);
PUBLIC_CHECK_SIZE(struct evtchn_status, 24);
PUBLIC_CHECK_OFF(struct evtchn_status, status, 8);
PUBLIC_CHECK_OFF(struct evtchn_status, u, 16);
PUBLIC_CHECK_SIZE(struct evtchn_init_control, 24);
_Static_assert(EVTCHN_2L_NR_CHANNELS == 4096, "2-level port count");

#endif /* PUBLIC_EVENT_CHANNEL_H */
