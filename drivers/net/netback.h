/*
 * netback: dom0's network back end, the software bridge it plugs every
 * vif into, and dom0's own address on that bridge.
 *
 * == What dom0 runs ==
 *
 * netback_start() registers the "vif" back end with the XenBus device
 * framework (drivers/xenbus/xenbus_back.h), builds the bridge (bridge.h)
 * with dom0's virtio-net NIC on one port (if it has one) and dom0's own
 * IPv4 stack on another, then gives every domU that exists one vif
 * (devid 0) as libxl does for `vif=['bridge=xenbr0']`.
 *
 * Addressing (static, on QEMU's user network 10.0.2.0/24, gateway
 * 10.0.2.2, DNS 10.0.2.3): dom0 is 10.0.2.15 with the NIC's MAC; domU N
 * gets MAC 00:16:3e:00:00:N (Xen's OUI) and takes 10.0.2.(15 + N)
 * (netdev.h).  dom0 answers ARP and ping, echoes UDP port 7, swallows
 * port 9 (discard) and on port 10 answers a query with the bytes and
 * datagrams its port 9 got from the asker (the UDP bench's receiver).
 *
 * == Per vif ==
 *
 * Transmit (front end -> bridge): the front end's requests are checked by
 * netback_check.c, each good packet's fragments are grant-copied into a
 * page of dom0's (one GNTTABOP_copy for up to NETBACK_BATCH packets), and
 * the frame goes into the bridge; each slot is answered OKAY, or ERROR if
 * a copy failed (a bad or revoked grant: that packet only).
 *
 * Receive (bridge -> front end): a frame for the vif waits in its queue of
 * NETBACK_RXQ frames (full: dropped and counted, so a front end that
 * posts no buffers holds back nothing but itself); each frame is
 * grant-copied into the next page the front end posted on the rx ring
 * and answered with its length (ERROR if the copy failed).
 *
 * No offloads are offered (feature-sg, feature-gso-* are 0): a packet is
 * one Ethernet frame.  NETTXF_csum_blank is accepted and the frame passed
 * on as it is, its checksum not filled in (our front ends never set it).
 *
 * Notifications: responses are pushed with the notify check; before dom0
 * sleeps each ring gets the final check.  A vif is served at most
 * NETBACK_BUDGET packets each way per pass, in turn with the others, so a
 * flooding front end gets its share and no more; work left over raises
 * netback's own kick port, so dom0's loop comes straight back.
 *
 * A front end that breaks the protocol (netback_check.h's FATAL list, an
 * rx producer index that is impossible) is disconnected with
 * xenbus_dev_fatal(): its rings unmapped, its port closed, its queue
 * freed, its bridge port removed; every other vif goes on.
 *
 * Context: dom0's main loop only (thread context, one caller).
 */
#ifndef DRIVERS_NET_NETBACK_H
#define DRIVERS_NET_NETBACK_H

#include <stdint.h>
#include <public/xen.h>

#define NETBACK_MAX_VIFS 16
#define NETBACK_RXQ      64      /* frames queued for one front end */
#define NETBACK_BATCH    32      /* packets per GNTTABOP_copy */
#define NETBACK_BUDGET   64      /* packets each way per vif per pass */
#define NETBACK_ROUNDS   4       /* passes per wake-up while work comes */

#define NETBACK_DOM0_IP  INET_ADDR(10, 0, 2, 15)
#define NETBACK_UDP_ECHO    7
#define NETBACK_UDP_DISCARD 9
#define NETBACK_UDP_QUERY   10

struct virtio_net;

/* Register the driver, build the bridge (nic may be NULL), give every
 * existing domU a vif.  0 or -XEN_E*. */
int netback_start(struct virtio_net *nic);
/* Give domain domid vif 0 (the toolstack's job for a new domain). */
int netback_add_vif(domid_t domid);

/* The per-vif counters, as dom0 prints them. */
struct netback_vif_stats {
    unsigned long tx_packets, tx_bytes, tx_errors, tx_dropped;
    unsigned long rx_packets, rx_bytes, rx_errors, rx_dropped;
};

#endif /* DRIVERS_NET_NETBACK_H */
