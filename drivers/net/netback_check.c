/*
 * netback's request checks (netback_check.h): one pass over a packet's
 * slots, each copied out of the ring once, every decision taken on the
 * copies.
 */
#include <string.h>
#include "netback_check.h"

const char *nb_reason_name(enum nb_reason r)
{
    static const char *const names[NB_R_COUNT] = {
        [NB_R_NONE] = "none",
        [NB_R_RING_INDEX] = "impossible ring index",
        [NB_R_CROSSES_PAGE] = "fragment crosses its page",
        [NB_R_TOO_MANY_SLOTS] = "too many slots",
        [NB_R_SIZE_MISMATCH] = "fragments exceed the packet size",
        [NB_R_BAD_EXTRA] = "unknown extra-info type",
        [NB_R_NEVER_ENDS] = "packet never ends",
        [NB_R_RUNT] = "runt packet",
        [NB_R_OVERSIZE] = "oversize packet",
        [NB_R_FLAGS] = "unknown flags",
        [NB_R_GSO] = "GSO not offered",
    };

    return (unsigned int)r < NB_R_COUNT ? names[r] : "?";
}

static enum nb_verdict fatal(struct nb_tx_packet *pkt, enum nb_reason why)
{
    pkt->reason = why;
    return NB_FATAL;
}

/* A drop reason is kept from the first cause found. */
static void drop(struct nb_tx_packet *pkt, enum nb_reason why)
{
    if (pkt->reason == NB_R_NONE)
        pkt->reason = why;
}

/* An extra-info slot (the request's first 8 bytes): false if fatal. */
static bool take_extra(struct nb_tx_packet *pkt, const netif_tx_request_t *req,
                       bool *more_extras)
{
    netif_extra_info_t ex;

    memcpy(&ex, req, sizeof(ex));
    if (ex.type == XEN_NETIF_EXTRA_TYPE_NONE || ex.type >= XEN_NETIF_EXTRA_TYPE_MAX)
        return false;
    if (ex.type == XEN_NETIF_EXTRA_TYPE_GSO)
        drop(pkt, NB_R_GSO);
    *more_extras = ex.flags & XEN_NETIF_EXTRA_FLAG_MORE;
    return true;
}

/* A fragment slot: false (with the reason set) if fatal. */
static bool take_frag(struct nb_tx_packet *pkt, const netif_tx_request_t *req,
                      uint32_t *rest)
{
    unsigned int f = pkt->nr_frags;

    if (f == NB_MAX_FRAGS) {
        pkt->reason = NB_R_TOO_MANY_SLOTS;
        return false;
    }
    if (req->flags & ~NB_TX_KNOWN_FLAGS)
        drop(pkt, NB_R_FLAGS);
    if (f == 0) {
        pkt->size = req->size;          /* the whole packet's */
    } else {
        if ((uint32_t)req->offset + req->size > NB_PAGE_SIZE) {
            pkt->reason = NB_R_CROSSES_PAGE;
            return false;
        }
        *rest += req->size;
        if (*rest > pkt->size) {
            pkt->reason = NB_R_SIZE_MISMATCH;
            return false;
        }
    }
    pkt->frag[f] = (struct nb_frag){ req->gref, req->offset, req->size };
    pkt->nr_frags = f + 1;
    return true;
}

/* Once every slot is in: the first fragment's own size and the drops. */
static enum nb_verdict finish(struct nb_tx_packet *pkt, uint32_t rest)
{
    struct nb_frag *first = &pkt->frag[0];

    first->size = (uint16_t)(pkt->size - rest);
    if ((uint32_t)first->offset + first->size > NB_PAGE_SIZE)
        return fatal(pkt, NB_R_CROSSES_PAGE);
    if (pkt->size < NB_ETH_HLEN)
        drop(pkt, NB_R_RUNT);
    else if (pkt->size > NB_MAX_FRAME)
        drop(pkt, NB_R_OVERSIZE);
    return pkt->reason == NB_R_NONE ? NB_PACKET : NB_DROPPED;
}

enum nb_verdict nb_tx_next(const netif_tx_back_ring_t *r, struct nb_tx_packet *pkt)
{
    RING_IDX prod;
    int avail = netif_tx_requests_to_consume(r, &prod);
    bool more_frags = true, more_extras = false;
    unsigned int extras = 0;
    uint32_t rest = 0;

    pkt->nr_slots = pkt->nr_frags = 0;
    pkt->size = 0;
    pkt->reason = NB_R_NONE;
    if (avail < 0)
        return fatal(pkt, NB_R_RING_INDEX);
    if (avail == 0)
        return NB_NONE;
    while (more_frags || more_extras) {
        netif_tx_request_t req;
        unsigned int s = pkt->nr_slots;

        if (s == (unsigned int)avail) {
            /* Every slot the ring can hold is this packet's: it cannot end. */
            if (s + (r->req_cons - r->rsp_prod_pvt) >= r->nr_ents)
                return fatal(pkt, NB_R_NEVER_ENDS);
            return NB_INCOMPLETE;
        }
        netif_tx_copy_request(r, r->req_cons + s, &req);
        pkt->id[s] = req.id;
        pkt->extra[s] = more_extras;
        pkt->nr_slots = s + 1;
        if (more_extras) {
            if (++extras > NB_MAX_EXTRAS)
                return fatal(pkt, NB_R_TOO_MANY_SLOTS);
            if (!take_extra(pkt, &req, &more_extras))
                return fatal(pkt, NB_R_BAD_EXTRA);
            continue;
        }
        if (!take_frag(pkt, &req, &rest))
            return NB_FATAL;
        more_frags = req.flags & NETTXF_more_data;
        more_extras = req.flags & NETTXF_extra_info;
    }
    return finish(pkt, rest);
}

void nb_tx_consume(netif_tx_back_ring_t *r, const struct nb_tx_packet *pkt)
{
    r->req_cons += pkt->nr_slots;
}

void nb_tx_answer(netif_tx_back_ring_t *r, const struct nb_tx_packet *pkt, int16_t status)
{
    for (unsigned int s = 0; s < pkt->nr_slots; s++) {
        netif_tx_response_t rsp = {
            .id = pkt->id[s],
            .status = pkt->extra[s] ? NETIF_RSP_NULL : status,
        };
        union netif_tx_sring_entry *slot =
            (union netif_tx_sring_entry *)netif_tx_response_slot(r, r->rsp_prod_pvt);

        memset(slot, 0, sizeof(*slot));
        slot->rsp = rsp;
        r->rsp_prod_pvt++;
    }
}

int nb_rx_next(netif_rx_back_ring_t *r, netif_rx_request_t *req)
{
    RING_IDX prod;
    int avail = netif_rx_requests_to_consume(r, &prod);

    if (avail < 0)
        return -1;
    if (avail == 0)
        return 0;
    netif_rx_copy_request(r, r->req_cons, req);
    r->req_cons++;
    return 1;
}

void nb_rx_answer(netif_rx_back_ring_t *r, const netif_rx_request_t *req, int16_t status,
                  uint16_t flags)
{
    union netif_rx_sring_entry *slot =
        (union netif_rx_sring_entry *)netif_rx_response_slot(r, r->rsp_prod_pvt);

    memset(slot, 0, sizeof(*slot));
    slot->rsp = (netif_rx_response_t){ .id = req->id, .offset = 0, .flags = flags,
                                       .status = status };
    r->rsp_prod_pvt++;
}
