/*
 * The hypercall table: Xen's numbers, one handler per family.  An unknown
 * or unimplemented number returns -ENOSYS.
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <public/xen.h>

static const hypercall_fn_t hypercall_table[] = {
    [__HYPERVISOR_set_timer_op] = do_set_timer_op,
    [__HYPERVISOR_xen_version] = do_xen_version,
    [__HYPERVISOR_console_io] = do_console_io,
    [__HYPERVISOR_sched_op] = do_sched_op,
    [__HYPERVISOR_event_channel_op] = do_event_channel_op,
    [__HYPERVISOR_sysctl] = do_sysctl,
};

long do_hypercall(struct vcpu *curr, unsigned long nr, unsigned long args[HYPERCALL_NR_ARGS])
{
    if (nr >= sizeof(hypercall_table) / sizeof(hypercall_table[0]) || !hypercall_table[nr])
        return -ENOSYS;
    return hypercall_table[nr](curr, args);
}
