/*
 * The hypercall table: Xen's numbers, one handler per family.  An unknown
 * or unimplemented number returns -ENOSYS.  Dispatch itself is the inline
 * do_hypercall() in hv/hypercall.h.
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/xen.h>

#define HC(nr, fn) [nr] = fn

const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
    HC(__HYPERVISOR_set_timer_op, do_set_timer_op),
    HC(__HYPERVISOR_xen_version, do_xen_version),
    HC(__HYPERVISOR_console_io, do_console_io),
    HC(__HYPERVISOR_sched_op, do_sched_op),
    HC(__HYPERVISOR_event_channel_op, do_event_channel_op),
    HC(__HYPERVISOR_sysctl, do_sysctl),
    HC(__HYPERVISOR_domctl, do_domctl),
};
