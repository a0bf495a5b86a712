/*
 * dom0's real devices (devices.c): the virtio-blk disk and virtio-net NIC
 * its device tree lists, brought up at boot with drivers/virtio/ and
 * described on the console.  The back ends will serve domUs from them.
 */
#ifndef DOM0_DEVICES_H
#define DOM0_DEVICES_H

#include <virtio/virtio_blk.h>
#include <virtio/virtio_net.h>

/* NULL when the device is absent or could not be brought up. */
extern struct virtio_blk *dom0_disk;
extern struct virtio_net *dom0_nic;

/* Bring the devices up and print what was found. */
void devices_init(void);
/* Create the split devices of every domU (after xenstored introduced them). */
void devices_attach_domains(void);

#endif /* DOM0_DEVICES_H */
