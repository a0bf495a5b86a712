/*
 * dom0's devices: devices.h.  Each line printed names the slot (its
 * registers' machine address) and its pirq, then what the device says of
 * itself: the disk's size, block size and features, the NIC's MAC and
 * link state.
 *
 * Every domU that exists once xenstored has introduced it gets a virtual
 * disk, xvda, as if its configuration had a disk= line: its slice of the
 * virtio disk (blkback.h), writable.
 */
#include <string.h>
#include <kernel.h>
#include <domains.h>
#include <block/blkback.h>
#include <xenbus/xenbus_back.h>
#include "devices.h"

struct virtio_blk *dom0_disk;
struct virtio_net *dom0_nic;

static struct virtio_blk disk;
static struct virtio_net nic;

static void disk_init(void)
{
    int rc = virtio_blk_init(&disk, 0);

    if (rc == -XEN_ENODEV) {
        printk("dom0: no virtio-blk disk\n");
        return;
    }
    if (rc) {
        printk("dom0: virtio-blk at %#llx: not usable (%d)\n",
               (unsigned long long)disk.dev.base, rc);
        return;
    }
    dom0_disk = &disk;
    if (blkback_init(&disk))
        printk("dom0: blkback could not register\n");
    printk("dom0: virtio-blk at %#llx pirq %u: %llu sectors (%llu MiB), block size %u%s%s, "
           "queue %u\n", (unsigned long long)disk.dev.base, disk.dev.pirq,
           (unsigned long long)disk.capacity, (unsigned long long)(disk.capacity >> 11),
           disk.blk_size, disk.has_flush ? ", flush" : "", disk.read_only ? ", read-only" : "",
           disk.vq.size);
}

static void nic_init(void)
{
    int rc = virtio_net_init(&nic, 0);
    const uint8_t *m = nic.mac;

    if (rc == -XEN_ENODEV) {
        printk("dom0: no virtio-net NIC\n");
        return;
    }
    if (rc) {
        printk("dom0: virtio-net at %#llx: not usable (%d)\n",
               (unsigned long long)nic.dev.base, rc);
        return;
    }
    dom0_nic = &nic;
    printk("dom0: virtio-net at %#llx pirq %u: MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s\n",
           (unsigned long long)nic.dev.base, nic.dev.pirq, m[0], m[1], m[2], m[3], m[4], m[5],
           vnet_link_up(&nic) ? "up" : "down");
}

void devices_init(void)
{
    if (!device_tree) {
        printk("dom0: no device tree: no devices\n");
        return;
    }
    disk_init();
    nic_init();
}

/* xvda for domain domid, its default slice of dom0's disk. */
static void give_disk(domid_t domid)
{
    char params[64];
    int rc;

    if (!dom0_disk)
        return;
    rc = blkback_default_params(domid, params + 7, sizeof(params) - 7);
    if (rc) {
        printk("dom0: no disk slice for d%u\n", domid);
        return;
    }
    memcpy(params, "params=", 7);
    strcat(params, " mode=w");
    rc = xenbus_dev_create(domid, "vbd", BLKBACK_XVDA, params);
    if (rc)
        printk("dom0: d%u's disk not created (%d)\n", domid, rc);
}

void devices_attach_domains(void)
{
    static struct xen_domctl_getdomaininfo info[32];
    domid_t first = 1;

    for (;;) {
        long n = domain_list(first, info, 32);

        for (long i = 0; i < n; i++)
            give_disk(info[i].domain);
        if (n < 32)
            return;
        first = info[31].domain + 1;
    }
}
