/*
 * physdev_op (33): (int cmd, void *arg) -- physical interrupts handed to
 * a domain (dom0) as event channels bound to pirqs.  Unknown cmd:
 * -XEN_ENOSYS.  Only the operations rvxen needs are defined; the numbers
 * are Xen's.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

/*
 * PHYSDEVOP_eoi, arg struct physdev_eoi: the domain has serviced `irq`;
 * the hypervisor may let the line interrupt again.  A pirq the domain has
 * no access to: -XEN_EINVAL.
 */
#define PHYSDEVOP_eoi                12
struct physdev_eoi {
    uint32_t irq;               /* IN: pirq */
};
typedef struct physdev_eoi physdev_eoi_t;

/*
 * PHYSDEVOP_irq_status_query, arg struct physdev_irq_status_query: how
 * the domain must treat `irq`.
 */
#define PHYSDEVOP_irq_status_query    5
struct physdev_irq_status_query {
    uint32_t irq;               /* IN: pirq */
    uint32_t flags;             /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;

#define XENIRQSTAT_needs_eoi (1U << 0) /* PHYSDEVOP_eoi after servicing */
#define XENIRQSTAT_shared    (1U << 1) /* shared with other domains */

#endif /* PUBLIC_PHYSDEV_H */
