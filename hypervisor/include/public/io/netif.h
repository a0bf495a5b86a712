/*
 * netif: the virtual network interface protocol between a front end
 * (netfront, in the guest) and a back end (netback, in the domain that
 * bridges to the network), with Xen's numbers and layouts
 * (reference/xen-abi.md 16).
 *
 * == Two rings ==
 *
 * Each interface has a transmit ring (netif_tx, guest -> back end) and a
 * receive ring (netif_rx, back end -> guest), each one granted page of
 * 256 slots (io/ring.h).
 *
 * Transmit: a packet is one or more netif_tx_requests, each naming `size`
 * bytes at `offset` in the granted page `gref`.  The first request's size
 * is the whole packet's length; NETTXF_more_data on a request says another
 * fragment follows.  NETTXF_extra_info says the next slot holds a
 * netif_extra_info (GSO, multicast, hash) instead of a fragment.  A
 * packet is at most XEN_NETIF_MAX_TX_SIZE bytes and the back end must
 * accept packets of up to XEN_NETIF_NR_SLOTS_MIN slots.  Every request,
 * fragment or extra, gets a netif_tx_response with its id;
 * NETIF_RSP_NULL marks the response slot of an extra-info request.
 *
 * Receive: the front end posts empty buffers, one netif_rx_request per
 * granted page; the back end copies a received packet into them (grant
 * copy: `request-rx-copy`) and answers with netif_rx_responses whose
 * status is the byte count (or a negative NETIF_RSP_*), at `offset` in the
 * page, NETRXF_more_data if the packet continues in the next one.
 *
 * == XenBus nodes ==
 *
 * Front end (/local/domain/<fe>/device/vif/<devid>/):
 *   tx-ring-ref, rx-ring-ref  grant refs of the two ring pages
 *   event-channel             one port for both rings (or event-channel-tx
 *                             and event-channel-rx with
 *                             feature-split-event-channels)
 *   request-rx-copy           1: receive by grant copy (the only mode
 *                             rvxen's back end offers)
 *   feature-rx-notify         1: the front end notifies after posting
 *                             receive buffers
 *   feature-sg, feature-gso-tcpv4, ...  what the front end accepts
 *   handle, mac               written by the toolstack ("00:16:3e:..")
 * Back end (/local/domain/<be>/backend/vif/<fe-domid>/<devid>/):
 *   mac, handle, bridge       the toolstack's
 *   feature-rx-copy           1: receives by grant copy
 *   feature-sg, feature-gso-tcpv4, feature-split-event-channels,
 *   feature-rx-flip (0), ...  what the back end offers
 * The handshake is XenBus's, as for blkif (io/blkif.h).
 */
#ifndef PUBLIC_IO_NETIF_H
#define PUBLIC_IO_NETIF_H

#include "ring.h"
#include "../grant_table.h"

/* Slots of one packet any back end must accept. */
#define XEN_NETIF_NR_SLOTS_MIN 18
/* The largest packet (all fragments together). */
#define XEN_NETIF_MAX_TX_SIZE  0xFFFF

/* netif_tx_request.flags */
#define _NETTXF_csum_blank     0
#define NETTXF_csum_blank      (1U << _NETTXF_csum_blank)     /* checksum to fill */
#define _NETTXF_data_validated 1
#define NETTXF_data_validated  (1U << _NETTXF_data_validated) /* checksum checked */
#define _NETTXF_more_data      2
#define NETTXF_more_data       (1U << _NETTXF_more_data)      /* a fragment follows */
#define _NETTXF_extra_info     3
#define NETTXF_extra_info      (1U << _NETTXF_extra_info)     /* an extra slot follows */

/* 12 bytes. */
struct netif_tx_request {
    grant_ref_t gref;             /* the page holding the fragment */
    uint16_t offset;              /* where in it */
    uint16_t flags;               /* NETTXF_* */
    uint16_t id;                  /* echoed in the response */
    uint16_t size;                /* fragment bytes (first: the packet's) */
};
typedef struct netif_tx_request netif_tx_request_t;

/* netif_extra_info.type */
#define XEN_NETIF_EXTRA_TYPE_NONE      0  /* never valid */
#define XEN_NETIF_EXTRA_TYPE_GSO       1  /* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD 2  /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL 3  /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH      4  /* u.hash */
#define XEN_NETIF_EXTRA_TYPE_MAX       5

/* netif_extra_info.flags */
#define _XEN_NETIF_EXTRA_FLAG_MORE 0
#define XEN_NETIF_EXTRA_FLAG_MORE  (1U << _XEN_NETIF_EXTRA_FLAG_MORE) /* another extra follows */

/* netif_extra_info.u.gso.type */
#define XEN_NETIF_GSO_TYPE_NONE  0
#define XEN_NETIF_GSO_TYPE_TCPV4 1
#define XEN_NETIF_GSO_TYPE_TCPV6 2

/* 8 bytes: fits a tx request slot or an rx response slot. */
struct netif_extra_info {
    uint8_t type;                 /* XEN_NETIF_EXTRA_TYPE_* */
    uint8_t flags;                /* XEN_NETIF_EXTRA_FLAG_* */
    union {
        struct {
            uint16_t size;        /* segment size (MSS) */
            uint8_t type;         /* XEN_NETIF_GSO_TYPE_* */
            uint8_t pad;
            uint16_t features;    /* none defined: 0 */
        } gso;
        struct {
            uint8_t addr[6];      /* the multicast MAC */
        } mcast;
        struct {
            uint8_t type;         /* the hashed header set */
            uint8_t algorithm;
            uint8_t value[4];
        } hash;
        uint16_t pad[3];
    } u;
};
typedef struct netif_extra_info netif_extra_info_t;

/* 4 bytes. */
struct netif_tx_response {
    uint16_t id;                  /* the request's */
    int16_t status;               /* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* 8 bytes. */
struct netif_rx_request {
    uint16_t id;                  /* echoed in the response */
    uint16_t pad;
    grant_ref_t gref;             /* an empty page for the back end to fill */
};
typedef struct netif_rx_request netif_rx_request_t;

/* netif_rx_response.flags */
#define _NETRXF_data_validated 0
#define NETRXF_data_validated  (1U << _NETRXF_data_validated) /* checksum checked */
#define _NETRXF_csum_blank     1
#define NETRXF_csum_blank      (1U << _NETRXF_csum_blank)     /* checksum not filled */
#define _NETRXF_more_data      2
#define NETRXF_more_data       (1U << _NETRXF_more_data)      /* the packet continues */
#define _NETRXF_extra_info     3
#define NETRXF_extra_info      (1U << _NETRXF_extra_info)     /* an extra slot follows */
#define _NETRXF_gso_prefix     4
#define NETRXF_gso_prefix      (1U << _NETRXF_gso_prefix)     /* GSO prefix slot */

/* 8 bytes. */
struct netif_rx_response {
    uint16_t id;                  /* the request's */
    uint16_t offset;              /* where the data starts in the page */
    uint16_t flags;               /* NETRXF_* */
    int16_t status;               /* > 0: bytes; else NETIF_RSP_* */
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define NETIF_RSP_DROPPED  -2   /* no room: the packet was dropped */
#define NETIF_RSP_ERROR    -1   /* a malformed request */
#define NETIF_RSP_OKAY      0
#define NETIF_RSP_NULL      1   /* the response slot of an extra-info request */

#endif /* PUBLIC_IO_NETIF_H */
