/*
 * hvm_op (34): (unsigned long op, void *arg).  Xen's numbers and layouts;
 * rvxen implements only the parameter pair, for every kind of domain.
 *
 * HVMOP_get_param, arg struct xen_hvm_param: read parameter `index`
 * (hvm/params.h) of domain `domid` (DOMID_SELF or an id) into `value`.
 * Checks, in Xen's order: the argument unreadable -XEN_EFAULT; index >=
 * HVM_NR_PARAMS -XEN_EINVAL; no such domain -XEN_ESRCH; the caller is
 * neither that domain nor privileged -XEN_EPERM; an index rvxen does not
 * keep -XEN_EINVAL.  Returns 0.
 *
 * The four ring parameters are frame numbers in the target domain's own
 * terms: a machine frame for a PV domain, a guest frame for an
 * auto-translated (type="pvh") one, whoever asks - as Xen answers for an
 * HVM guest.  dom0 maps either page through the domain's reserved grant
 * entries (GNTTAB_RESERVED_CONSOLE / _XENSTORE), which name the same frame.
 *
 * HVMOP_set_param, arg struct xen_hvm_param: the toolstack records the
 * store and console rings of a domain it builds (dom0's builder, as
 * libxl does), so that HVMOP_get_param answers for it as for a boot-time
 * domain.  Checks: the argument unreadable -XEN_EFAULT; index >=
 * HVM_NR_PARAMS -XEN_EINVAL; no such domain -XEN_ESRCH; another domain
 * and the caller not privileged -XEN_EPERM; not one of the four ring
 * parameters -XEN_EINVAL; the caller's own -XEN_EPERM; the domain has run
 * (or was unpaused) -XEN_EBUSY; a frame that is not RAM of the domain, or
 * a port above 2^32-1, -XEN_EINVAL.  Returns 0.  A domain's own
 * start_info gives it the same values.
 *
 * Every other op is -XEN_ENOSYS (numbers listed so none is reused).
 */
#ifndef PUBLIC_HVM_HVM_OP_H
#define PUBLIC_HVM_HVM_OP_H

#include "../xen.h"

#define HVMOP_set_param            0   /* see above */
#define HVMOP_get_param            1
#define HVMOP_set_pci_intx_level   2   /* -XEN_ENOSYS */
#define HVMOP_set_isa_irq_level    3   /* -XEN_ENOSYS */
#define HVMOP_set_pci_link_route   4   /* -XEN_ENOSYS */
#define HVMOP_flush_tlbs           5   /* -XEN_ENOSYS */
#define HVMOP_pagetable_dying      9   /* -XEN_ENOSYS */
#define HVMOP_get_time            10   /* -XEN_ENOSYS */
#define HVMOP_xentrace            11   /* -XEN_ENOSYS */
#define HVMOP_set_mem_access      12   /* -XEN_ENOSYS */
#define HVMOP_get_mem_access      13   /* -XEN_ENOSYS */
#define HVMOP_get_mem_type        15   /* -XEN_ENOSYS */
#define HVMOP_set_evtchn_upcall_vector 23 /* -XEN_ENOSYS */
#define HVMOP_guest_request_vm_event   24 /* -XEN_ENOSYS */
#define HVMOP_altp2m              25   /* -XEN_ENOSYS */

struct xen_hvm_param {
    domid_t domid;              /* IN: DOMID_SELF or a domain id */
    uint16_t pad;
    uint32_t index;             /* IN: HVM_PARAM_* */
    uint64_t value;             /* OUT (get) / IN (set) */
};
typedef struct xen_hvm_param xen_hvm_param_t;

_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen_hvm_param size");
_Static_assert(__builtin_offsetof(struct xen_hvm_param, index) == 4, "xen_hvm_param.index");
_Static_assert(__builtin_offsetof(struct xen_hvm_param, value) == 8, "xen_hvm_param.value");

#endif /* PUBLIC_HVM_HVM_OP_H */
