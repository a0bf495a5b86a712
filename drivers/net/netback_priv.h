/*
 * netback's internals, shared by netback.c (the vif's XenBus life),
 * netback_io.c (its rings) and netback_dom0.c (the bridge, the NIC and
 * dom0's own address).  See netback.h.
 */
#ifndef DRIVERS_NET_NETBACK_PRIV_H
#define DRIVERS_NET_NETBACK_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <gnttab.h>
#include <public/io/netif.h>
#include <xenbus/xenbus_back.h>
#include "bridge.h"
#include "inet.h"
#include "netback.h"
#include "netback_check.h"

#define NB_FRAME_SLOT 2048u                     /* two frames a page */
#define NB_RXQ_PAGES  (NETBACK_RXQ / 2)

struct vif {
    bool used;
    bool connected;             /* rings mapped, port bound */
    bool more;                  /* work left after the budget */
    struct xenbus_device *dev;
    domid_t domid;
    uint8_t mac[6];
    int br_port;                /* -1: not on the bridge */
    evtchn_port_t port;         /* 0: none */
    struct gnttab_mapping tx_map, rx_map;
    netif_tx_back_ring_t tx;
    netif_rx_back_ring_t rx;
    void *rxq_page[NB_RXQ_PAGES];
    uint16_t rxq_len[NETBACK_RXQ];
    unsigned int rxq_head, rxq_count;
    struct netback_vif_stats st;
};

/* netback_io.c */
int nbio_init(void);
void nbio_serve(struct vif *v);
void nbio_enqueue(struct vif *v, const void *frame, size_t len);
void *nbio_rxq_frame(struct vif *v, unsigned int i);

/* netback_dom0.c */
extern struct bridge nb_bridge;
int nbdom0_init(struct virtio_net *nic);
void nbdom0_poll(void);
unsigned int nbdom0_ports(evtchn_port_t *ports, unsigned int max);
uint64_t nb_now(void);

/* netback.c: the vif gives up on its front end. */
void nb_vif_fatal(struct vif *v, const char *why);

#endif /* DRIVERS_NET_NETBACK_PRIV_H */
