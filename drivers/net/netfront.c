/* netfront: a guest's network front end (netfront.h). */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <mm.h>
#include <xenbus.h>
#include <xenstore.h>
#include "netfront.h"

#define ETH_MIN 14
#define ETH_MAX 1514

static int parse_mac(const char *s, uint8_t *mac)
{
    unsigned int b[6];

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < 6; i++)
        mac[i] = (uint8_t)b[i];
    return 0;
}

static int read_mac(struct netfront *nf)
{
    char path[XENBUS_PATH_MAX + 8], v[32];

    snprintf(path, sizeof(path), "%s/mac", nf->xb.dir);
    if (xenstore_read_str(XENSTORE_TX_NONE, path, v, sizeof(v)) < 0)
        return -XEN_ENOENT;
    return parse_mac(v, nf->mac);
}

/* A fresh page granted to the back end: its ref (>= 0) or -XEN_E*. */
static long grant_page(struct netfront *nf, void **page, bool readonly)
{
    long ref;

    if (!(*page = alloc_page()))
        return -XEN_ENOMEM;
    memset(*page, 0, PAGE_SIZE);
    ref = gnttab_grant_access(nf->xb.backend_id, virt_to_mfn(*page), readonly);
    return ref;
}

static void post_rx(struct netfront *nf, uint16_t id)
{
    netif_rx_request_t *r = netif_rx_request_slot(&nf->rx, nf->rx.req_prod_pvt++);

    r->id = id;
    r->pad = 0;
    r->gref = nf->rx_ref[id];
    nf->rx_posted[id] = true;
}

static int setup_buffers(struct netfront *nf)
{
    long ref;

    for (uint16_t i = 0; i < NETFRONT_TX_BUFS; i++) {
        if ((ref = grant_page(nf, &nf->tx_page[i], true)) < 0)
            return (int)ref;
        nf->tx_ref[i] = (grant_ref_t)ref;
        nf->tx_free[nf->nr_tx_free++] = i;
    }
    for (uint16_t i = 0; i < NETFRONT_RX_BUFS; i++) {
        if ((ref = grant_page(nf, &nf->rx_page[i], false)) < 0)
            return (int)ref;
        nf->rx_ref[i] = (grant_ref_t)ref;
        post_rx(nf, i);
    }
    netif_rx_push_requests(&nf->rx);
    return 0;
}

static int setup_rings(struct netfront *nf)
{
    void *txp, *rxp;
    long ref, port;

    if ((ref = grant_page(nf, &txp, false)) < 0)
        return (int)ref;
    nf->tx_ring_ref = (grant_ref_t)ref;
    if ((ref = grant_page(nf, &rxp, false)) < 0)
        return (int)ref;
    nf->rx_ring_ref = (grant_ref_t)ref;
    netif_tx_sring_init(txp);
    netif_rx_sring_init(rxp);
    netif_tx_front_init(&nf->tx, txp, PAGE_SIZE);
    netif_rx_front_init(&nf->rx, rxp, PAGE_SIZE);
    port = alloc_evtchn(nf->xb.backend_id, NULL, NULL);
    if (port < 0)
        return (int)port;
    nf->port = (evtchn_port_t)port;
    mask_evtchn(nf->port);
    return setup_buffers(nf);
}

static int publish(struct netfront *nf)
{
    char tx[16], rx[16], port[16];
    const struct xenbus_node nodes[] = {
        { "tx-ring-ref", tx }, { "rx-ring-ref", rx }, { "event-channel", port },
        { "request-rx-copy", "1" }, { "feature-rx-notify", "1" }, { "feature-sg", "0" },
    };

    snprintf(tx, sizeof(tx), "%u", nf->tx_ring_ref);
    snprintf(rx, sizeof(rx), "%u", nf->rx_ring_ref);
    snprintf(port, sizeof(port), "%u", nf->port);
    return xenbus_front_publish(&nf->xb, nodes, sizeof(nodes) / sizeof(nodes[0]),
                                XenbusStateConnected);
}

int netfront_init(struct netfront *nf, unsigned int devid, uint64_t timeout_ns)
{
    long rc;

    memset(nf, 0, sizeof(*nf));
    if ((rc = xenstore_init()) || (rc = gnttab_init(1)))
        return (int)rc;
    if ((rc = xenbus_front_find("vif", devid, timeout_ns, &nf->xb)))
        return (int)rc;
    rc = xenbus_front_wait_be(&nf->xb, XENBUS_STATE_BIT(XenbusStateInitWait) |
                              XENBUS_STATE_BIT(XenbusStateConnected), timeout_ns);
    if (rc < 0)
        return (int)rc;
    if (!xenbus_front_be_feature(&nf->xb, "feature-rx-copy"))
        return -XEN_EOPNOTSUPP;
    if ((rc = read_mac(nf)) || (rc = setup_rings(nf)) || (rc = publish(nf)))
        return (int)rc;
    rc = xenbus_front_wait_be(&nf->xb, XENBUS_STATE_BIT(XenbusStateConnected) |
                              XENBUS_STATE_BIT(XenbusStateClosing) |
                              XENBUS_STATE_BIT(XenbusStateClosed), timeout_ns);
    if (rc < 0)
        return (int)rc;
    return rc == XenbusStateConnected ? 0 : -XEN_ECONNREFUSED;
}

void netfront_reap_tx(struct netfront *nf)
{
    RING_IDX prod;
    int n;

    do {
        n = netif_tx_responses_to_consume(&nf->tx, &prod);
        if (n < 0) {
            nf->broken = true;
            return;
        }
        for (; n > 0; n--) {
            netif_tx_response_t rsp;

            netif_tx_copy_response(&nf->tx, nf->tx.rsp_cons++, &rsp);
            if (rsp.status == NETIF_RSP_NULL)
                continue;       /* an extra-info slot's: no buffer */
            if (rsp.id >= NETFRONT_TX_BUFS || !nf->tx_busy[rsp.id]) {
                nf->broken = true;
                return;
            }
            nf->tx_busy[rsp.id] = false;
            nf->tx_free[nf->nr_tx_free++] = rsp.id;
            if (rsp.status != NETIF_RSP_OKAY)
                nf->tx_errors++;
        }
    } while (netif_tx_final_check_for_responses(&nf->tx));
}

int netfront_send(struct netfront *nf, const void *frame, size_t len)
{
    netif_tx_request_t *r;
    uint16_t id;

    if (len < ETH_MIN || len > ETH_MAX)
        return -XEN_EINVAL;
    if (!nf->nr_tx_free)
        netfront_reap_tx(nf);
    if (nf->broken)
        return -XEN_EIO;
    if (!nf->nr_tx_free)
        return -XEN_EAGAIN;
    id = nf->tx_free[--nf->nr_tx_free];
    nf->tx_busy[id] = true;
    memcpy(nf->tx_page[id], frame, len);
    r = netif_tx_request_slot(&nf->tx, nf->tx.req_prod_pvt++);
    *r = (netif_tx_request_t){ .gref = nf->tx_ref[id], .offset = 0, .flags = 0, .id = id,
                               .size = (uint16_t)len };
    nf->tx_packets++;
    if (netif_tx_push_requests_and_check_notify(&nf->tx))
        notify_remote_via_evtchn(nf->port);
    return 0;
}

/* One rx response: copied out and its page posted again.  Its length, or
 * -1 if the back end answered with an error (the page is posted anyway). */
static long take_rx(struct netfront *nf, const netif_rx_response_t *rsp, void *buf, size_t max)
{
    long len = rsp->status;

    if (rsp->id >= NETFRONT_RX_BUFS || !nf->rx_posted[rsp->id] ||
        (len > 0 && (uint32_t)rsp->offset + (uint32_t)len > PAGE_SIZE)) {
        nf->broken = true;
        return -1;
    }
    nf->rx_posted[rsp->id] = false;
    if (len > 0) {
        memcpy(buf, (uint8_t *)nf->rx_page[rsp->id] + rsp->offset,
               (size_t)len < max ? (size_t)len : max);
        nf->rx_packets++;
    } else {
        nf->rx_errors++;
        len = -1;
    }
    post_rx(nf, rsp->id);
    if (netif_rx_push_requests_and_check_notify(&nf->rx))
        notify_remote_via_evtchn(nf->port);
    return len;
}

/* The next frame already answered: its length, 0 if none, -1 broken. */
static long next_rx(struct netfront *nf, void *buf, size_t max)
{
    RING_IDX prod;
    int n = netif_rx_responses_to_consume(&nf->rx, &prod);

    if (n < 0)
        nf->broken = true;
    while (n-- > 0 && !nf->broken) {
        netif_rx_response_t rsp;
        long len;

        netif_rx_copy_response(&nf->rx, nf->rx.rsp_cons++, &rsp);
        if ((len = take_rx(nf, &rsp, buf, max)) > 0)
            return len;
    }
    return nf->broken ? -1 : 0;
}

long netfront_recv(struct netfront *nf, void *buf, size_t max, uint64_t deadline)
{
    for (;;) {
        long len;

        evtchn_test_and_clear(nf->port);
        netfront_reap_tx(nf);
        len = next_rx(nf, buf, max);
        if (len > 0)
            return len;
        if (len < 0 || nf->broken)
            return -XEN_EIO;
        if (netif_rx_final_check_for_responses(&nf->rx))
            continue;
        if (monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        evtchn_poll(&nf->port, 1, deadline);
    }
}

int netfront_close(struct netfront *nf, uint64_t timeout_ns)
{
    long rc = xenbus_front_switch(&nf->xb, XenbusStateClosing);

    if (rc)
        return (int)rc;
    rc = xenbus_front_wait_be(&nf->xb, XENBUS_STATE_BIT(XenbusStateClosing) |
                              XENBUS_STATE_BIT(XenbusStateClosed), timeout_ns);
    if (rc < 0)
        return (int)rc;
    return xenbus_front_switch(&nf->xb, XenbusStateClosed);
}
