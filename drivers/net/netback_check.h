/*
 * netback's request checks: what a back end may believe of a front end's
 * rings (public/io/netif.h), arch-neutral so the host tests and the
 * fuzzer run exactly this code.
 *
 * == The model ==
 *
 * The rings are shared with the front end, which may rewrite any byte at
 * any moment.  Every function here reads the producer index once, checks
 * it (io/ring.h: never more than a ring's worth unanswered, never
 * backwards), then copies each request out of its slot once, and looks
 * only at the copy.  Nothing here touches a grant: the caller copies the
 * fragments (grant copy) after the checks, and a copy that fails (a bad
 * or revoked grant) is an error for that packet only.
 *
 * == Verdicts ==
 *
 * A packet the front end described impossibly is FATAL: the interface is
 * disconnected (XenBus Closing), as Linux's netback disables it, because
 * the rest of the ring can no longer be parsed with confidence:
 *   - the producer index is impossible (ahead by more than the ring or
 *     moving backwards);
 *   - a fragment runs past the end of its page (offset + size > 4096);
 *   - a packet has more than NB_MAX_FRAGS fragments (the front end may
 *     not need more than XEN_NETIF_NR_SLOTS_MIN) or NB_MAX_EXTRAS extras;
 *   - the fragments add up to more than the size the first one declared;
 *   - an extra-info slot of no known type.
 * A packet that is well formed but that this back end will not carry is
 * DROPPED: every one of its slots is answered (NETIF_RSP_ERROR, or
 * NETIF_RSP_NULL for an extra slot) and the ring goes on:
 *   - shorter than an Ethernet header or longer than NB_MAX_FRAME (no
 *     scatter-gather or segmentation offload is offered, so a packet is
 *     one Ethernet frame);
 *   - a flag this back end does not know;
 *   - a GSO extra (not offered).
 * A packet whose last published slot says more_data waits for the rest
 * (INCOMPLETE), unless the ring is already full of it (FATAL: it can
 * never complete).
 */
#ifndef DRIVERS_NET_NETBACK_CHECK_H
#define DRIVERS_NET_NETBACK_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <public/io/netif.h>

#define NB_PAGE_SIZE   4096u
#define NB_ETH_HLEN    14u
#define NB_MAX_FRAME   1514u                   /* header + 1500-byte MTU */
#define NB_MAX_FRAGS   XEN_NETIF_NR_SLOTS_MIN  /* fragments of one packet */
#define NB_MAX_EXTRAS  (XEN_NETIF_EXTRA_TYPE_MAX - 1) /* one of each type */
#define NB_MAX_SLOTS   (NB_MAX_FRAGS + NB_MAX_EXTRAS)

/* NETTXF_* flags this back end knows. */
#define NB_TX_KNOWN_FLAGS (NETTXF_csum_blank | NETTXF_data_validated | \
                           NETTXF_more_data | NETTXF_extra_info)

enum nb_verdict {
    NB_PACKET,       /* a packet to carry: copy its fragments, then answer */
    NB_DROPPED,      /* well formed, not carried: answer every slot ERROR */
    NB_INCOMPLETE,   /* the rest is not published yet: look again later */
    NB_NONE,         /* no request to consume */
    NB_FATAL,        /* impossible: disconnect the front end */
};

/* Why a packet was dropped or the front end disconnected (for the log). */
enum nb_reason {
    NB_R_NONE,
    NB_R_RING_INDEX,     /* fatal: req_prod impossible */
    NB_R_CROSSES_PAGE,   /* fatal: offset + size past the page */
    NB_R_TOO_MANY_SLOTS, /* fatal */
    NB_R_SIZE_MISMATCH,  /* fatal: fragments larger than declared */
    NB_R_BAD_EXTRA,      /* fatal: unknown extra type */
    NB_R_NEVER_ENDS,     /* fatal: more_data on a full ring */
    NB_R_RUNT,           /* dropped: shorter than an Ethernet header */
    NB_R_OVERSIZE,       /* dropped: longer than NB_MAX_FRAME */
    NB_R_FLAGS,          /* dropped: unknown flag */
    NB_R_GSO,            /* dropped: GSO not offered */
    NB_R_COUNT
};

const char *nb_reason_name(enum nb_reason r);

/* A fragment to copy: size bytes at offset in the front end's page gref. */
struct nb_frag {
    grant_ref_t gref;
    uint16_t offset;
    uint16_t size;
};

/* One transmit packet, copied out of the ring and checked. */
struct nb_tx_packet {
    unsigned int nr_slots;              /* ring slots it used */
    uint16_t id[NB_MAX_SLOTS];          /* each slot's id, to answer */
    bool extra[NB_MAX_SLOTS];           /* slot is an extra: NETIF_RSP_NULL */
    unsigned int nr_frags;
    struct nb_frag frag[NB_MAX_FRAGS];
    uint16_t size;                      /* the whole packet, bytes */
    enum nb_reason reason;              /* for NB_DROPPED and NB_FATAL */
};

/*
 * The next transmit packet from the front end, from r->req_cons on:
 * reads req_prod once, copies each slot once.  Consumes nothing: on
 * NB_PACKET and NB_DROPPED the caller answers pkt->nr_slots slots and
 * advances req_cons by that many (nb_tx_consume).
 */
enum nb_verdict nb_tx_next(const netif_tx_back_ring_t *r, struct nb_tx_packet *pkt);

/* After a packet: req_cons moves past its slots. */
void nb_tx_consume(netif_tx_back_ring_t *r, const struct nb_tx_packet *pkt);

/*
 * Answer every slot of pkt with status (NETIF_RSP_OKAY or _ERROR; extra
 * slots get NETIF_RSP_NULL), zeroing each response slot whole first so
 * nothing of the back end's leaks.  Does not publish.
 */
void nb_tx_answer(netif_tx_back_ring_t *r, const struct nb_tx_packet *pkt, int16_t status);

/*
 * Receive side: the next empty buffer the front end posted, copied out.
 * 1 and *req; 0 if none is posted; -1 if req_prod is impossible (fatal).
 * Consumes it (req_cons advances) on 1.
 */
int nb_rx_next(netif_rx_back_ring_t *r, netif_rx_request_t *req);

/* Fill the response for rx request `req` (status: bytes, or NETIF_RSP_*). */
void nb_rx_answer(netif_rx_back_ring_t *r, const netif_rx_request_t *req, int16_t status,
                  uint16_t flags);

#endif /* DRIVERS_NET_NETBACK_CHECK_H */
