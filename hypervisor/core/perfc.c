/*
 * Performance counters: XEN_SYSCTL_perfc_op (hv/perfc.h).  A query copies
 * the descriptions and values out only where the caller gave a buffer, so
 * a first call with NULL handles learns the sizes, as with Xen's.
 */
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <hv/perfc.h>
#include <hv/arch/machine.h>

uint32_t perfc_entries[NR_CPUS];

static long query(struct xen_sysctl_perfc_op *op)
{
    struct xen_sysctl_perfc_desc desc;
    uint32_t vals[NR_CPUS];
    unsigned int n = nr_cpus_online;

    op->nr_counters = PERFC_NR_COUNTERS;
    op->nr_vals = n;
    if (op->desc) {
        memset(&desc, 0, sizeof(desc));
        strlcpy(desc.name, "hypervisor_entries", sizeof(desc.name));
        desc.nr_vals = n;
        if (copy_to_guest(op->desc, &desc, sizeof(desc)))
            return -EFAULT;
    }
    if (op->val) {
        for (unsigned int i = 0; i < n; i++)
            vals[i] = __atomic_load_n(&perfc_entries[i], __ATOMIC_RELAXED);
        if (copy_to_guest(op->val, vals, n * sizeof(vals[0])))
            return -EFAULT;
    }
    return 0;
}

long perfc_op(struct xen_sysctl_perfc_op *op)
{
    switch (op->cmd) {
    case XEN_SYSCTL_PERFCOP_query:
        return query(op);
    case XEN_SYSCTL_PERFCOP_reset:
        for (unsigned int i = 0; i < NR_CPUS; i++)
            __atomic_store_n(&perfc_entries[i], 0, __ATOMIC_RELAXED);
        op->nr_counters = PERFC_NR_COUNTERS;
        op->nr_vals = nr_cpus_online;
        return 0;
    default:
        return -EINVAL;
    }
}
