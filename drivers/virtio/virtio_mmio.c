/* The virtio-mmio transport, version 2: virtio_mmio.h. */
#include <string.h>
#include <libfdt.h>
#include "virtio_mmio.h"

/* Registers (virtio 1.2, 4.2.2). */
#define MMIO_MAGIC             0x000    /* "virt" */
#define MMIO_VERSION           0x004
#define MMIO_DEVICE_ID         0x008
#define MMIO_DEVICE_FEATURES   0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES   0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL         0x030
#define MMIO_QUEUE_NUM_MAX     0x034
#define MMIO_QUEUE_NUM         0x038
#define MMIO_QUEUE_READY       0x044
#define MMIO_QUEUE_NOTIFY      0x050
#define MMIO_INTERRUPT_STATUS  0x060
#define MMIO_INTERRUPT_ACK     0x064
#define MMIO_STATUS            0x070
#define MMIO_QUEUE_DESC        0x080    /* low, then high at +4 */
#define MMIO_QUEUE_DRIVER      0x090
#define MMIO_QUEUE_DEVICE      0x0a0
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG            0x100

#define MMIO_MAGIC_VALUE       0x74726976
#define MMIO_VERSION_MODERN    2

/* A device still resetting after this many polls is given up on. */
#define RESET_TRIES            100

static uint32_t rd(const struct virtio_mmio_dev *dev, unsigned int reg)
{
    return mmio_read32(dev->regs, reg);
}

static void wr(struct virtio_mmio_dev *dev, unsigned int reg, uint32_t v)
{
    mmio_write32(dev->regs, reg, v);
}

static void wr64(struct virtio_mmio_dev *dev, unsigned int reg, uint64_t v)
{
    wr(dev, reg, (uint32_t)v);
    wr(dev, reg + 4, (uint32_t)(v >> 32));
}

/* ---- finding the device ---- */

/* reg (2 + 2 cells) and interrupts of a virtio,mmio node. */
static bool node_resources(int node, uint64_t *base, uint64_t *size, uint32_t *pirq)
{
    const fdt32_t *reg, *irq;
    int len, ilen;

    reg = fdt_getprop(device_tree, node, "reg", &len);
    irq = fdt_getprop(device_tree, node, "interrupts", &ilen);
    if (!reg || len != 16 || !irq || ilen != 4)
        return false;
    *base = ((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1]);
    *size = ((uint64_t)fdt32_to_cpu(reg[2]) << 32) | fdt32_to_cpu(reg[3]);
    *pirq = fdt32_to_cpu(irq[0]);
    return *size >= MMIO_CONFIG;
}

/* Map a slot and read who is there: 0 for an empty slot or a device of
 * another transport version. */
static uint32_t probe_slot(uint64_t base, uint64_t size, volatile void **regs)
{
    volatile void *r = ioremap(base, size);

    *regs = r;
    if (!r || mmio_read32(r, MMIO_MAGIC) != MMIO_MAGIC_VALUE)
        return 0;
    if (mmio_read32(r, MMIO_VERSION) != MMIO_VERSION_MODERN) {
        if (mmio_read32(r, MMIO_DEVICE_ID))
            printk("virtio-mmio %#llx: legacy interface (version %u): not driven\n",
                   (unsigned long long)base, mmio_read32(r, MMIO_VERSION));
        return 0;
    }
    return mmio_read32(r, MMIO_DEVICE_ID);
}

/*
 * The slots are mapped once each and remembered, so that looking for
 * devices again maps nothing new.
 */
#define MAX_SLOTS 16
static struct slot {
    uint64_t base;
    volatile void *regs;
    uint32_t pirq, device_id;
} slots[MAX_SLOTS];
static unsigned int nr_slots;
static bool scanned;

static void scan_slots(void)
{
    int node = -1;

    scanned = true;
    if (!device_tree || fdt_check_header(device_tree))
        return;
    while ((node = fdt_node_offset_by_compatible(device_tree, node, "virtio,mmio")) >= 0 &&
           nr_slots < MAX_SLOTS) {
        struct slot *s = &slots[nr_slots];
        uint64_t size;

        if (!node_resources(node, &s->base, &size, &s->pirq))
            continue;
        s->device_id = probe_slot(s->base, size, &s->regs);
        nr_slots++;
    }
}

int virtio_mmio_find(uint32_t device_id, unsigned int nth, struct virtio_mmio_dev *dev)
{
    if (!scanned)
        scan_slots();
    for (unsigned int i = 0; i < nr_slots; i++) {
        if (slots[i].device_id != device_id || !slots[i].regs || nth--)
            continue;
        *dev = (struct virtio_mmio_dev){ .regs = slots[i].regs, .base = slots[i].base,
                                         .pirq = slots[i].pirq, .device_id = device_id };
        return 0;
    }
    return -XEN_ENODEV;
}

/* ---- bring-up ---- */

uint32_t virtio_mmio_status(const struct virtio_mmio_dev *dev)
{
    return rd(dev, MMIO_STATUS);
}

static void add_status(struct virtio_mmio_dev *dev, uint32_t bits)
{
    wr(dev, MMIO_STATUS, rd(dev, MMIO_STATUS) | bits);
}

void virtio_mmio_fail(struct virtio_mmio_dev *dev)
{
    add_status(dev, VIRTIO_STATUS_FAILED);
}

static uint64_t device_features(struct virtio_mmio_dev *dev)
{
    uint64_t f;

    wr(dev, MMIO_DEVICE_FEATURES_SEL, 1);
    f = (uint64_t)rd(dev, MMIO_DEVICE_FEATURES) << 32;
    wr(dev, MMIO_DEVICE_FEATURES_SEL, 0);
    return f | rd(dev, MMIO_DEVICE_FEATURES);
}

int virtio_mmio_negotiate(struct virtio_mmio_dev *dev, uint64_t wanted, uint64_t required)
{
    uint64_t accepted;

    wr(dev, MMIO_STATUS, 0);                            /* reset: reads 0 when done */
    for (unsigned int i = 0; i < RESET_TRIES && rd(dev, MMIO_STATUS); i++)
        sleep_ns(VIRTIO_POLL_NS);
    if (rd(dev, MMIO_STATUS))
        return -XEN_ENODEV;
    add_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
    add_status(dev, VIRTIO_STATUS_DRIVER);
    required |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
    if (virtio_negotiate(device_features(dev), wanted, required, &accepted)) {
        virtio_mmio_fail(dev);
        return -XEN_ENODEV;
    }
    wr(dev, MMIO_DRIVER_FEATURES_SEL, 1);
    wr(dev, MMIO_DRIVER_FEATURES, (uint32_t)(accepted >> 32));
    wr(dev, MMIO_DRIVER_FEATURES_SEL, 0);
    wr(dev, MMIO_DRIVER_FEATURES, (uint32_t)accepted);
    add_status(dev, VIRTIO_STATUS_FEATURES_OK);
    if (!(rd(dev, MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
        virtio_mmio_fail(dev);
        return -XEN_ENODEV;
    }
    dev->features = accepted;
    return 0;
}

int virtio_mmio_setup_queue(struct virtio_mmio_dev *dev, unsigned int index,
                            struct virtqueue *vq, unsigned int max_size)
{
    unsigned int size = 1, max;
    void *desc, *avail, *used;

    wr(dev, MMIO_QUEUE_SEL, index);
    if (rd(dev, MMIO_QUEUE_READY))
        return -XEN_ENODEV;
    max = rd(dev, MMIO_QUEUE_NUM_MAX);
    if (!max)
        return -XEN_ENODEV;
    while (size * 2 <= max && size * 2 <= max_size && size * 2 <= VIRTQ_MAX)
        size *= 2;
    desc = alloc_page();
    avail = alloc_page();
    used = alloc_page();
    if (!desc || !avail || !used || virtq_init(vq, size, desc, avail, used)) {
        free_page(desc);
        free_page(avail);
        free_page(used);
        return -XEN_ENOMEM;
    }
    wr(dev, MMIO_QUEUE_NUM, size);
    wr64(dev, MMIO_QUEUE_DESC, virtio_bus_addr(desc));
    wr64(dev, MMIO_QUEUE_DRIVER, virtio_bus_addr(avail));
    wr64(dev, MMIO_QUEUE_DEVICE, virtio_bus_addr(used));
    wr(dev, MMIO_QUEUE_READY, 1);
    return 0;
}

void virtio_mmio_ready(struct virtio_mmio_dev *dev)
{
    long port = bind_pirq(dev->pirq, NULL, NULL);

    if (port > 0) {
        dev->port = (evtchn_port_t)port;    /* masked: seen by polling it */
    } else {
        printk("virtio-mmio %#llx: pirq %u not bound (%ld): polling\n",
               (unsigned long long)dev->base, dev->pirq, port);
    }
    add_status(dev, VIRTIO_STATUS_DRIVER_OK);
}

/* ---- running ---- */

void virtio_mmio_kick(struct virtio_mmio_dev *dev, unsigned int index, struct virtqueue *vq)
{
    if (virtq_publish(vq)) {
        mmio_wmb();
        wr(dev, MMIO_QUEUE_NOTIFY, index);
    }
}

uint32_t virtio_mmio_service(struct virtio_mmio_dev *dev)
{
    bool delivered = dev->port && evtchn_test_and_clear(dev->port);
    uint32_t isr = rd(dev, MMIO_INTERRUPT_STATUS);

    if (isr)
        wr(dev, MMIO_INTERRUPT_ACK, isr);
    if (delivered) {
        dev->interrupts++;
        pirq_eoi(dev->pirq);
    }
    mmio_rmb();
    return isr;
}

void virtio_mmio_wait(struct virtio_mmio_dev *dev, uint64_t deadline)
{
    uint64_t now = monotonic_ns();

    if (now >= deadline)
        return;
    if (!dev->port) {
        sleep_ns(deadline - now < VIRTIO_POLL_NS ? deadline - now : VIRTIO_POLL_NS);
        return;
    }
    if (!evtchn_is_pending(dev->port))
        evtchn_poll(&dev->port, 1, deadline);
}

/* ---- configuration ---- */

/* Read with `read` until the generation is the same before and after. */
#define CONFIG_READ(dev, expr) ({                                           \
    uint32_t gen_;                                                          \
    __typeof__(expr) v_;                                                    \
    do {                                                                    \
        gen_ = rd(dev, MMIO_CONFIG_GENERATION);                             \
        v_ = (expr);                                                        \
    } while (gen_ != rd(dev, MMIO_CONFIG_GENERATION));                      \
    v_;                                                                     \
})

uint16_t virtio_mmio_config16(const struct virtio_mmio_dev *dev, unsigned int off)
{
    return CONFIG_READ(dev, mmio_read16(dev->regs, MMIO_CONFIG + off));
}

uint32_t virtio_mmio_config32(const struct virtio_mmio_dev *dev, unsigned int off)
{
    return CONFIG_READ(dev, rd(dev, MMIO_CONFIG + off));
}

uint64_t virtio_mmio_config64(const struct virtio_mmio_dev *dev, unsigned int off)
{
    return CONFIG_READ(dev, rd(dev, MMIO_CONFIG + off) |
                            (uint64_t)rd(dev, MMIO_CONFIG + off + 4) << 32);
}

void virtio_mmio_config_bytes(const struct virtio_mmio_dev *dev, unsigned int off, void *buf,
                              unsigned int len)
{
    uint8_t *b = buf;
    uint32_t gen;

    do {
        gen = rd(dev, MMIO_CONFIG_GENERATION);
        for (unsigned int i = 0; i < len; i++)
            b[i] = mmio_read8(dev->regs, MMIO_CONFIG + off + i);
    } while (gen != rd(dev, MMIO_CONFIG_GENERATION));
}
