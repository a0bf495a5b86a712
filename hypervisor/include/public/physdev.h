/*
 * physdev_op (33): (int cmd, void *arg) -- physical interrupts handed to
 * a domain (dom0) as event channels bound to pirqs.
 *
 * == pirq numbering ==
 *
 * rvxen numbers pirqs after the platform interrupt controller: pirq n is
 * source n of the PLIC (on QEMU virt, the virtio-mmio slot at
 * 0x10001000 + 0x1000 * (n - 1) is pirq n, n = 1..8).  The numbering is
 * fixed, the same in every domain, and dom0 learns it from its device
 * tree (arch-riscv.h: a device node's `interrupts` is its pirq), so no
 * mapping step is needed: PHYSDEVOP_map_pirq and PHYSDEVOP_unmap_pirq are
 * not implemented.  (Xen on x86 has dom0 map each GSI or MSI to a pirq it
 * then binds; on Arm, Xen routes SPIs to dom0's virtual GIC instead.)
 *
 * == Use ==
 *
 * The domain builder gives dom0 the sources of the virtio-mmio slots it
 * may map; no other domain owns any.  dom0 binds a pirq to a port with
 * EVTCHNOP_bind_pirq (event_channel.h), which unmasks the source.  When
 * the device interrupts, the hypervisor masks the source at the PLIC and
 * raises the port; the source stays masked until dom0 has serviced the
 * device (acknowledged it, so the device lowers its line) and issued
 * PHYSDEVOP_eoi.  A line still high at the EOI interrupts again.  Closing
 * the port masks the source and forgets an interrupt in flight.
 *
 * Unknown or unimplemented cmd: -XEN_ENOSYS.  A bad argument pointer:
 * -XEN_EFAULT.  Numbers are Xen's.
 */
#ifndef PUBLIC_PHYSDEV_H
#define PUBLIC_PHYSDEV_H

#include "xen.h"

/*
 * PHYSDEVOP_eoi, arg struct physdev_eoi: the caller has serviced pirq
 * `irq`; the source may interrupt again.  A pirq below NR_PIRQS the
 * caller owns: 0, also when nothing was in flight.  Any other pirq
 * (not the caller's, or >= NR_PIRQS): -XEN_EINVAL.
 */
#define PHYSDEVOP_eoi                12
struct physdev_eoi {
    uint32_t irq;               /* IN: pirq */
};
typedef struct physdev_eoi physdev_eoi_t;

/*
 * PHYSDEVOP_irq_status_query, arg struct physdev_irq_status_query: how
 * the caller must treat its pirq `irq`.  rvxen answers XENIRQSTAT_needs_eoi
 * for every pirq the caller owns (each is masked until its EOI) and
 * -XEN_EINVAL for any other.  (Xen answers for any pirq of a PV domain
 * below its nr_pirqs; a domain here owns only what it was given, so
 * there is nothing to report about the rest.)
 */
#define PHYSDEVOP_irq_status_query    5
struct physdev_irq_status_query {
    uint32_t irq;               /* IN: pirq */
    uint32_t flags;             /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;

#define XENIRQSTAT_needs_eoi (1U << 0) /* PHYSDEVOP_eoi after servicing */
#define XENIRQSTAT_shared    (1U << 1) /* shared with other domains */

/* Xen's other operations, all -XEN_ENOSYS here. */
#define PHYSDEVOP_set_iopl            6   /* x86 I/O privilege */
#define PHYSDEVOP_set_iobitmap        7   /* x86 I/O ports */
#define PHYSDEVOP_apic_read           8   /* x86 IO-APIC */
#define PHYSDEVOP_apic_write          9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_map_pirq           13   /* fixed numbering instead (above) */
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15   /* no PCI */
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17   /* shared "needs EOI" bitmap: every
                                           * pirq needs one */
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31

#endif /* PUBLIC_PHYSDEV_H */
