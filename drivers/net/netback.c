/*
 * netback: the vif's life on the XenBus device framework (netback.h).
 *
 *   probe       a vif slot, the back end's features, and the front end's
 *               `mac` and `handle` nodes (libxl writes them on both sides);
 *   connect     read tx-ring-ref, rx-ring-ref, event-channel and
 *               request-rx-copy (must be 1: the only receive mode offered);
 *               map both ring pages, bind the port (kept masked: dom0's
 *               loop polls it), allocate the receive queue, join the bridge;
 *   disconnect  undo whatever connect did (it may have stopped half way,
 *               and may be called again): leave the bridge, close the
 *               port, unmap the rings, free the queue;
 *   remove      print the vif's summary and free the slot.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <domains.h>
#include <mm.h>
#include <xenstore.h>
#include <virtio/virtio_net.h>
#include "netback_priv.h"

static struct vif vifs[NETBACK_MAX_VIFS];
static evtchn_port_t kick_port;

static void vif_xmit(void *ctx, const void *frame, size_t len)
{
    nbio_enqueue(ctx, frame, len);
}

static int write_fe(const struct xenbus_device *dev, const char *node, const char *value)
{
    char path[XENBUS_PATH_MAX * 2];

    snprintf(path, sizeof(path), "%s/%s", dev->fe_dir, node);
    return xenstore_write(XENSTORE_TX_NONE, path, value);
}

static int vif_probe(struct xenbus_device *dev)
{
    static const char *const features[][2] = {
        { "feature-rx-copy", "1" }, { "feature-rx-flip", "0" }, { "feature-sg", "0" },
        { "feature-gso-tcpv4", "0" }, { "feature-gso-tcpv6", "0" },
        { "feature-split-event-channels", "0" }, { "feature-multicast-control", "0" },
    };
    struct vif *v = NULL;
    char mac[18];
    int rc;

    for (unsigned int i = 0; i < NETBACK_MAX_VIFS && !v; i++)
        if (!vifs[i].used)
            v = &vifs[i];
    if (!v)
        return -XEN_ENOSPC;
    *v = (struct vif){ .used = true, .dev = dev, .domid = dev->fe_domid, .br_port = -1,
                       .mac = { 0x00, 0x16, 0x3e, 0, (uint8_t)(dev->fe_domid >> 8),
                                (uint8_t)dev->fe_domid } };
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0], v->mac[1],
             v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
    for (unsigned int i = 0; i < sizeof(features) / sizeof(features[0]); i++)
        if ((rc = xenbus_dev_write_be(dev, features[i][0], features[i][1])))
            goto fail;
    if ((rc = xenbus_dev_write_be(dev, "mac", mac)) || (rc = write_fe(dev, "mac", mac)) ||
        (rc = write_fe(dev, "handle", "0")))
        goto fail;
    dev->priv = v;
    return 0;
fail:
    v->used = false;
    return rc;
}

static void vif_disconnect(struct xenbus_device *dev)
{
    struct vif *v = dev->priv;

    if (!v)
        return;
    v->connected = false;
    if (v->br_port >= 0)
        bridge_del_port(&nb_bridge, v->br_port);
    v->br_port = -1;
    if (v->port)
        unbind_evtchn(v->port);
    v->port = 0;
    if (v->tx_map.va)
        gnttab_unmap(&v->tx_map);
    if (v->rx_map.va)
        gnttab_unmap(&v->rx_map);
    v->tx_map.va = v->rx_map.va = NULL;
    for (unsigned int i = 0; i < NB_RXQ_PAGES; i++) {
        if (v->rxq_page[i])
            free_page(v->rxq_page[i]);
        v->rxq_page[i] = NULL;
    }
    v->rxq_head = v->rxq_count = 0;
}

/* A front-end node holding a number below limit. */
static int read_fe_num(struct xenbus_device *dev, const char *node, unsigned long limit,
                       unsigned long *value)
{
    int rc = xenbus_dev_read_fe_ulong(dev, node, value);

    return rc ? rc : *value < limit ? 0 : -XEN_EINVAL;
}

static int map_rings(struct vif *v, unsigned long tx_ref, unsigned long rx_ref)
{
    int rc = gnttab_map(v->domid, (grant_ref_t)tx_ref, false, &v->tx_map);

    /* Any refusal (a GNTST_* status or the hypercall's error): the refs
     * the front end published grant us nothing usable. */
    if (rc) {
        v->tx_map.va = NULL;
        return -XEN_EINVAL;
    }
    rc = gnttab_map(v->domid, (grant_ref_t)rx_ref, false, &v->rx_map);
    if (rc) {
        v->rx_map.va = NULL;
        return -XEN_EINVAL;
    }
    netif_tx_back_init(&v->tx, v->tx_map.va, PAGE_SIZE);
    netif_rx_back_init(&v->rx, v->rx_map.va, PAGE_SIZE);
    return 0;
}

static int vif_connect(struct xenbus_device *dev)
{
    struct vif *v = dev->priv;
    unsigned long tx_ref, rx_ref, port, rx_copy;
    long rc;

    if ((rc = read_fe_num(dev, "tx-ring-ref", 1UL << 32, &tx_ref)) ||
        (rc = read_fe_num(dev, "rx-ring-ref", 1UL << 32, &rx_ref)) ||
        (rc = read_fe_num(dev, "event-channel", 1UL << 32, &port)))
        return (int)rc;
    if (xenbus_dev_read_fe_ulong(dev, "request-rx-copy", &rx_copy) || rx_copy != 1)
        return -XEN_EOPNOTSUPP;
    if ((rc = map_rings(v, tx_ref, rx_ref)))
        return (int)rc;
    for (unsigned int i = 0; i < NB_RXQ_PAGES; i++)
        if (!(v->rxq_page[i] = alloc_page()))
            return -XEN_ENOMEM;
    rc = bind_interdomain(v->domid, (evtchn_port_t)port, NULL, NULL);
    if (rc < 0)
        return (int)rc;
    v->port = (evtchn_port_t)rc;
    mask_evtchn(v->port);
    v->br_port = bridge_add_port(&nb_bridge, vif_xmit, v);
    if (v->br_port < 0)
        return -XEN_ENOSPC;
    v->connected = true;
    v->more = true;             /* look at the rings at once */
    return 0;
}

static void vif_remove(struct xenbus_device *dev)
{
    struct vif *v = dev->priv;
    const struct netback_vif_stats *s;

    if (!v)
        return;
    s = &v->st;
    printk("netback: vif%u.%u: tx %lu packets %lu bytes (%lu errors, %lu dropped), "
           "rx %lu packets %lu bytes (%lu errors, %lu dropped)\n", v->domid, dev->devid,
           s->tx_packets, s->tx_bytes, s->tx_errors, s->tx_dropped, s->rx_packets,
           s->rx_bytes, s->rx_errors, s->rx_dropped);
    v->used = false;
    dev->priv = NULL;
}

void nb_vif_fatal(struct vif *v, const char *why)
{
    xenbus_dev_fatal(v->dev, -XEN_EBADMSG, why);
}

static bool has_work(const struct vif *v)
{
    return v->used && v->connected && (v->more || evtchn_is_pending(v->port));
}

/* One pass over the vifs that have work: whether any had. */
static bool serve_round(void)
{
    bool any = false;

    for (unsigned int i = 0; i < NETBACK_MAX_VIFS; i++)
        if (has_work(&vifs[i])) {
            nbio_serve(&vifs[i]);
            any = true;
        }
    return any;
}

/*
 * dom0's loop calls this after every wake-up.  A few rounds in a row while
 * work keeps coming (a front end streaming packets): cheaper than a trip
 * round dom0's whole loop for each.  Work left after them raises the kick
 * port, so the loop comes straight back.
 */
static void vif_poll(void)
{
    bool more = false;

    evtchn_test_and_clear(kick_port);
    for (unsigned int round = 0; round < NETBACK_ROUNDS; round++) {
        nbdom0_poll();
        if (!serve_round())
            break;
    }
    nbdom0_poll();              /* what the vifs sent dom0 */
    for (unsigned int i = 0; i < NETBACK_MAX_VIFS; i++)
        more |= vifs[i].used && vifs[i].connected && vifs[i].more;
    if (more)
        notify_remote_via_evtchn(kick_port);
}

static unsigned int vif_ports(evtchn_port_t *ports, unsigned int max)
{
    unsigned int n = 0;

    if (kick_port && n < max)
        ports[n++] = kick_port;
    n += nbdom0_ports(ports + n, max - n);
    for (unsigned int i = 0; i < NETBACK_MAX_VIFS && n < max; i++)
        if (vifs[i].used && vifs[i].connected)
            ports[n++] = vifs[i].port;
    return n;
}

static const struct xenbus_backend_ops vif_ops = {
    .type = "vif",
    .probe = vif_probe,
    .connect = vif_connect,
    .disconnect = vif_disconnect,
    .remove = vif_remove,
    .poll = vif_poll,
    .ports = vif_ports,
};

int netback_add_vif(domid_t domid)
{
    return xenbus_dev_create(domid, "vif", 0,
                             "bridge=xenbr0 script=vif-bridge handle=0 type=vif");
}

int netback_start(struct virtio_net *nic)
{
    static struct xen_domctl_getdomaininfo info[32];
    long n, rc;

    if ((rc = nbio_init()) || (rc = nbdom0_init(nic)))
        return (int)rc;
    rc = bind_ipi(0, NULL, NULL);
    if (rc < 0)
        return (int)rc;
    kick_port = (evtchn_port_t)rc;
    mask_evtchn(kick_port);
    if ((rc = xenbus_backend_register(&vif_ops)))
        return (int)rc;
    for (domid_t first = 1;; first = info[31].domain + 1) {
        n = domain_list(first, info, 32);
        for (long i = 0; i < n; i++)
            if ((rc = netback_add_vif(info[i].domain)))
                printk("netback: no vif for d%u (%ld)\n", info[i].domain, rc);
        if (n < 32)
            return 0;
    }
}
