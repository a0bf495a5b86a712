/*
 * netback's rings (netback.h): the transmit ring into the bridge, the
 * receive queue out of it, both by batched grant copy.
 *
 * Transmit: up to NETBACK_BATCH checked packets are gathered, each into a
 * 2 KiB slot of dom0's pages (never across a page: a frame is at most
 * 1514 bytes), one GNTTABOP_copy op per fragment, and copied in one
 * hypercall.  A packet whose every op says GNTST_okay goes into the
 * bridge; any other status answers the packet ERROR.
 *
 * Receive: the queue is a ring of NETBACK_RXQ 2 KiB slots in
 * NB_RXQ_PAGES pages allocated at connect.  Each frame takes the next
 * posted rx request and one copy op into its page at offset 0.
 */
#include <string.h>
#include <kernel.h>
#include <mm.h>
#include "netback_priv.h"

static struct nb_tx_packet pkts[NETBACK_BATCH];
static struct gnttab_copy ops[NETBACK_BATCH * NB_MAX_FRAGS];
static unsigned int first_op[NETBACK_BATCH + 1];
static void *tx_page[NETBACK_BATCH / 2];
static netif_rx_request_t rx_reqs[NETBACK_BATCH];

int nbio_init(void)
{
    for (unsigned int i = 0; i < NETBACK_BATCH / 2; i++)
        if (!(tx_page[i] = alloc_page()))
            return -XEN_ENOMEM;
    return 0;
}

static uint8_t *tx_slot(unsigned int i)
{
    return (uint8_t *)tx_page[i / 2] + (i % 2) * NB_FRAME_SLOT;
}

void *nbio_rxq_frame(struct vif *v, unsigned int i)
{
    i %= NETBACK_RXQ;
    return (uint8_t *)v->rxq_page[i / 2] + (i % 2) * NB_FRAME_SLOT;
}

static long copy_ops(unsigned int n)
{
    return n ? HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n) : 0;
}

/* The copy ops of packet k into its dom0 slot, from op `at` on. */
static unsigned int add_tx_ops(struct vif *v, unsigned int k, unsigned int at)
{
    const struct nb_tx_packet *p = &pkts[k];
    uint8_t *dst = tx_slot(k);
    uint16_t off = 0;

    for (unsigned int f = 0; f < p->nr_frags; f++) {
        if (!p->frag[f].size)
            continue;
        ops[at++] = (struct gnttab_copy){
            .source = { .u.ref = p->frag[f].gref, .domid = v->domid,
                        .offset = p->frag[f].offset },
            .dest = { .u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF,
                      .offset = (uint16_t)(((uintptr_t)dst & (PAGE_SIZE - 1)) + off) },
            .len = p->frag[f].size,
            .flags = GNTCOPY_source_gref,
        };
        off += p->frag[f].size;
    }
    return at;
}

/* Copy the gathered packets, hand the good ones to the bridge, answer all. */
static void finish_tx_batch(struct vif *v, unsigned int n)
{
    long rc = copy_ops(first_op[n]);

    for (unsigned int k = 0; k < n; k++) {
        bool ok = rc == 0;

        for (unsigned int o = first_op[k]; ok && o < first_op[k + 1]; o++)
            ok = ops[o].status == GNTST_okay;
        nb_tx_answer(&v->tx, &pkts[k], ok ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
        if (!ok) {
            v->st.tx_errors++;
            continue;
        }
        v->st.tx_packets++;
        v->st.tx_bytes += pkts[k].size;
        bridge_input(&nb_bridge, v->br_port, tx_slot(k), pkts[k].size, nb_now());
    }
}

/* One batch: false when the ring has nothing more (or the vif died). */
static bool tx_batch(struct vif *v, unsigned int *work)
{
    unsigned int n = 0;
    enum nb_verdict verdict = NB_NONE;

    first_op[0] = 0;
    while (n < NETBACK_BATCH && *work < NETBACK_BUDGET) {
        verdict = nb_tx_next(&v->tx, &pkts[n]);
        if (verdict == NB_FATAL) {
            nb_vif_fatal(v, nb_reason_name(pkts[n].reason));
            return false;
        }
        if (verdict == NB_NONE || verdict == NB_INCOMPLETE)
            break;
        nb_tx_consume(&v->tx, &pkts[n]);
        (*work)++;
        if (verdict == NB_DROPPED) {
            nb_tx_answer(&v->tx, &pkts[n], NETIF_RSP_ERROR);
            v->st.tx_dropped++;
            continue;
        }
        first_op[n + 1] = add_tx_ops(v, n, first_op[n]);
        n++;
    }
    finish_tx_batch(v, n);
    return verdict == NB_PACKET || verdict == NB_DROPPED;
}

/* Ask for a notification when the rest of a packet is published. */
static void wait_for_rest(struct vif *v)
{
    XEN_RING_STORE(v->tx.sring->req_event, XEN_RING_LOAD(v->tx.sring->req_prod) + 1);
    xen_mb();
}

static bool serve_tx(struct vif *v)
{
    unsigned int work = 0;
    bool notify;

    while (v->connected && tx_batch(v, &work) && work < NETBACK_BUDGET)
        ;
    if (!v->connected)
        return false;
    notify = netif_tx_push_responses_and_check_notify(&v->tx);
    if (work >= NETBACK_BUDGET)
        v->more = true;
    else if (netif_tx_final_check_for_requests(&v->tx))
        v->more = true;
    else if (XEN_RING_LOAD(v->tx.sring->req_prod) != v->tx.req_cons)
        wait_for_rest(v);      /* an incomplete packet */
    return notify;
}

/* Copy up to a batch of queued frames into posted buffers: how many. */
static unsigned int rx_batch(struct vif *v)
{
    unsigned int n = 0;
    long rc;

    while (n < NETBACK_BATCH && n < v->rxq_count) {
        int got = nb_rx_next(&v->rx, &rx_reqs[n]);
        uint8_t *frame = nbio_rxq_frame(v, v->rxq_head + n);

        if (got < 0) {
            nb_vif_fatal(v, "impossible rx ring index");
            return 0;
        }
        if (!got)
            break;
        ops[n] = (struct gnttab_copy){
            .source = { .u.gmfn = virt_to_mfn(frame), .domid = DOMID_SELF,
                        .offset = (uint16_t)((uintptr_t)frame & (PAGE_SIZE - 1)) },
            .dest = { .u.ref = rx_reqs[n].gref, .domid = v->domid, .offset = 0 },
            .len = v->rxq_len[(v->rxq_head + n) % NETBACK_RXQ],
            .flags = GNTCOPY_dest_gref,
        };
        n++;
    }
    rc = copy_ops(n);
    for (unsigned int k = 0; k < n; k++) {
        if (rc == 0 && ops[k].status == GNTST_okay) {
            nb_rx_answer(&v->rx, &rx_reqs[k], (int16_t)ops[k].len, 0);
            v->st.rx_packets++;
            v->st.rx_bytes += ops[k].len;
        } else {
            nb_rx_answer(&v->rx, &rx_reqs[k], NETIF_RSP_ERROR, 0);
            v->st.rx_errors++;
        }
    }
    v->rxq_head = (v->rxq_head + n) % NETBACK_RXQ;
    v->rxq_count -= n;
    return n;
}

static bool serve_rx(struct vif *v)
{
    unsigned int work = 0, n;

    while (v->connected && v->rxq_count && work < NETBACK_BUDGET && (n = rx_batch(v)))
        work += n;
    if (!v->connected)
        return false;
    if (v->rxq_count && (work >= NETBACK_BUDGET || netif_rx_final_check_for_requests(&v->rx)))
        v->more = true;
    return work && netif_rx_push_responses_and_check_notify(&v->rx);
}

void nbio_serve(struct vif *v)
{
    bool notify;

    v->more = false;
    evtchn_test_and_clear(v->port);
    notify = serve_tx(v);
    notify |= serve_rx(v);
    if (notify && v->connected)
        notify_remote_via_evtchn(v->port);
}

void nbio_enqueue(struct vif *v, const void *frame, size_t len)
{
    if (!v->connected || len > NB_MAX_FRAME)
        return;
    if (v->rxq_count == NETBACK_RXQ) {
        v->st.rx_dropped++;
        return;
    }
    memcpy(nbio_rxq_frame(v, v->rxq_head + v->rxq_count), frame, len);
    v->rxq_len[(v->rxq_head + v->rxq_count) % NETBACK_RXQ] = (uint16_t)len;
    v->rxq_count++;
    v->more = true;            /* serve it this pass */
}
