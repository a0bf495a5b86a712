/*
 * The hypercall table: Xen's numbers, one handler per family.  An unknown
 * or unimplemented number returns -ENOSYS.  Dispatch itself is the inline
 * do_hypercall() in hv/hypercall.h.
 */
#include <hv/errno.h>
#include <hv/hypercall.h>
#include <hv/sched.h>
#include <public/xen.h>

#define HC(nr, fn) [nr] = fn

const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
    HC(__HYPERVISOR_set_timer_op, do_set_timer_op),
    HC(__HYPERVISOR_xen_version, do_xen_version),
    HC(__HYPERVISOR_console_io, do_console_io),
    HC(__HYPERVISOR_sched_op, do_sched_op),
    HC(__HYPERVISOR_event_channel_op, do_event_channel_op),
    HC(__HYPERVISOR_sysctl, do_sysctl),
    /* issue 3: batches and reservations */
    HC(__HYPERVISOR_multicall, do_multicall),
    HC(__HYPERVISOR_memory_op, do_memory_op),

    /* Page-table hypercalls (mm/) */
    HC(__HYPERVISOR_mmu_update, do_mmu_update),
    HC(__HYPERVISOR_mmuext_op, do_mmuext_op),
    HC(__HYPERVISOR_update_va_mapping, do_update_va_mapping),
    HC(__HYPERVISOR_update_va_mapping_otherdomain, do_update_va_mapping_otherdomain),
    /* vcpu_op: core/vcpu_op.c */
    HC(__HYPERVISOR_vcpu_op, do_vcpu_op),

    /* Grant tables (grant/) */
    HC(__HYPERVISOR_grant_table_op, do_grant_table_op),
    HC(__HYPERVISOR_domctl, do_domctl),
    /* HVM parameters: the store and console rings (core/hvm_op.c) */
    HC(__HYPERVISOR_hvm_op, do_hvm_op),
    /* Physical interrupts (core/physdev.c, core/irq.c) */
    HC(__HYPERVISOR_physdev_op, do_physdev_op),
};

bool hypercall_preempt_check(s_time_t start)
{
    return __atomic_load_n(&resched_pending[smp_processor_id()], __ATOMIC_RELAXED) ||
           NOW() - start >= HYPERCALL_BUDGET;
}
