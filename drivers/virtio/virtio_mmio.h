/*
 * The virtio-mmio transport, version 2 ("modern", virtio 1.2, 4.2), for
 * dom0: the slots its device tree lists (public/arch-riscv.h), mapped with
 * ioremap, and the slot's interrupt taken as a pirq event channel.
 *
 * Bring-up, in the specification's order: reset; ACKNOWLEDGE; DRIVER;
 * features (the device's 64 bits read through DeviceFeaturesSel, ours
 * written through DriverFeaturesSel); FEATURES_OK, read back to see the
 * device accepted them; the queues (each in three pages of dom0's, given
 * to the device by bus address: dom0's pages' machine addresses, since
 * dom0 sees MFNs); DRIVER_OK.  Legacy (version 1) devices are refused:
 * QEMU offers version 2 only with -global virtio-mmio.force-legacy=false,
 * which scripts/run.sh passes.
 *
 * Interrupts: the slot's pirq is bound to a port that stays masked; a
 * driver that waits sleeps in SCHEDOP_poll on it.  On waking it services
 * the device: clears the port, reads and acknowledges InterruptStatus (so
 * the device lowers its line), then issues PHYSDEVOP_eoi if an interrupt
 * was delivered, so the hypervisor unmasks the source.  It then looks at
 * its used rings.  An interrupt that comes after the acknowledgement is
 * latched while the source is masked and delivered at the EOI, so none is
 * lost.  Without a pirq (binding refused: no PLIC), waiting falls back to
 * polling the used rings every VIRTIO_POLL_NS.
 */
#ifndef DRIVERS_VIRTIO_MMIO_H
#define DRIVERS_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel.h>
#include "virtio.h"
#include "virtqueue.h"

#define VIRTIO_POLL_NS (100 * 1000)     /* the polling fallback's period */

struct virtio_mmio_dev {
    volatile void *regs;                /* the slot's registers */
    uint64_t base;                      /* their machine address */
    uint32_t pirq;                      /* from the device tree */
    uint32_t device_id;                 /* VIRTIO_ID_* */
    evtchn_port_t port;                 /* the pirq's, 0: polling */
    uint64_t features;                  /* negotiated */
    unsigned long interrupts;           /* events serviced */
};

/*
 * The nth (from 0) slot of dom0's device tree holding a device of
 * device_id, probed: mapped, magic and version checked.  0; -XEN_ENODEV if
 * there is no such device (or no device tree); -XEN_ENOMEM if it cannot
 * be mapped.
 */
int virtio_mmio_find(uint32_t device_id, unsigned int nth, struct virtio_mmio_dev *dev);

/*
 * Reset the device and negotiate: accept what it offers of `wanted`,
 * insist on `required` (VIRTIO_F_VERSION_1 is always required).  Ends in
 * FEATURES_OK.  0, or -XEN_ENODEV (the device lacks a required feature or
 * refused ours; it is then marked FAILED).
 */
int virtio_mmio_negotiate(struct virtio_mmio_dev *dev, uint64_t wanted, uint64_t required);

/*
 * Queue `index`, with as many entries as the device allows up to
 * max_size (rounded down to a power of two), in three fresh pages.
 * 0, -XEN_ENODEV (no such queue), -XEN_ENOMEM.
 */
int virtio_mmio_setup_queue(struct virtio_mmio_dev *dev, unsigned int index,
                            struct virtqueue *vq, unsigned int max_size);

/* Bind the slot's pirq (after the queues, before DRIVER_OK), then tell
 * the device the driver is ready.  Binding may fail (polling then). */
void virtio_mmio_ready(struct virtio_mmio_dev *dev);

/* Mark the device FAILED (a driver that gives up on it). */
void virtio_mmio_fail(struct virtio_mmio_dev *dev);

/* The device's status register (VIRTIO_STATUS_*). */
uint32_t virtio_mmio_status(const struct virtio_mmio_dev *dev);

/* Publish queue `index`'s new chains and notify the device if it asks. */
void virtio_mmio_kick(struct virtio_mmio_dev *dev, unsigned int index, struct virtqueue *vq);

/* Clear the event, acknowledge the device's interrupt, EOI it: the
 * InterruptStatus bits seen (1: used buffers, 2: configuration). */
uint32_t virtio_mmio_service(struct virtio_mmio_dev *dev);

/* Sleep until the device interrupts or monotonic_ns() reaches deadline. */
void virtio_mmio_wait(struct virtio_mmio_dev *dev, uint64_t deadline);

/*
 * Device configuration, each field read with accesses of its own width as
 * the transport requires (a 64-bit field as two 32-bit halves), and again
 * until ConfigGeneration is the same before and after.
 */
uint16_t virtio_mmio_config16(const struct virtio_mmio_dev *dev, unsigned int off);
uint32_t virtio_mmio_config32(const struct virtio_mmio_dev *dev, unsigned int off);
uint64_t virtio_mmio_config64(const struct virtio_mmio_dev *dev, unsigned int off);
void virtio_mmio_config_bytes(const struct virtio_mmio_dev *dev, unsigned int off, void *buf,
                              unsigned int len);

/* The bus address of a byte of dom0's memory (its physmap). */
static inline uint64_t virtio_bus_addr(const void *va)
{
    return (virt_to_mfn(va) << PAGE_SHIFT) | ((uintptr_t)va & (PAGE_SIZE - 1));
}

#endif /* DRIVERS_VIRTIO_MMIO_H */
