/*
 * physdev_op: the physical interrupts a domain owns (public/physdev.h),
 * on top of core/irq.c.  Only EOI and the status query exist: pirqs are
 * numbered after the interrupt controller's sources, so nothing needs
 * mapping, and there is no PCI.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/irq.h>
#include <public/physdev.h>

static long physdev_eoi(struct domain *d, uint64_t arg)
{
    struct physdev_eoi op;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.irq >= NR_PIRQS)
        return -EINVAL;
    return pirq_guest_eoi(d, op.irq);
}

static long physdev_irq_status_query(struct domain *d, uint64_t arg)
{
    struct physdev_irq_status_query op;
    int rc;

    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.irq >= NR_PIRQS)
        return -EINVAL;
    rc = pirq_status(d, op.irq, &op.flags);
    if (rc)
        return rc;
    return copy_to_guest(arg, &op, sizeof(op)) ? -EFAULT : 0;
}

long do_physdev_op(struct vcpu *curr, unsigned long args[])
{
    switch (args[0]) {
    case PHYSDEVOP_eoi:
        return physdev_eoi(curr->domain, args[1]);
    case PHYSDEVOP_irq_status_query:
        return physdev_irq_status_query(curr->domain, args[1]);
    default:
        return -ENOSYS;
    }
}
