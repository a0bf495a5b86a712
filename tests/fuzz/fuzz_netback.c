/*
 * netback's request checks (drivers/net/netback_check.c) fed from a
 * hostile front end: the input is a script of 16-byte steps that write
 * any bytes into any slot of the transmit and receive rings, set either
 * producer index to anything (relative to the back end's consumer or
 * absolute), and let the back end run between them, as a front end
 * rewriting its rings while the back end reads would.
 *
 * Invariants, after every packet the back end takes:
 *   - a packet to carry is one Ethernet frame (14..NB_MAX_FRAME bytes)
 *     whose fragments each lie within one page and add up to its size,
 *     at most NB_MAX_FRAGS of them, in at most NB_MAX_SLOTS slots;
 *   - the back end never consumes past the producer index it read, never
 *     answers more than it consumed, and never holds more than a ring of
 *     unanswered requests;
 *   - every response slot written has the packet's id and nothing else;
 *   - after FATAL the ring is not touched again (the interface is gone).
 * The rings are heap pages of exactly their size, so ASan sees any slot
 * read outside them.
 */
#include "fuzz.h"
#include "../../drivers/net/netback_check.h"

#define PAGE 4096
#define STEP 16

enum { OP_TX_SLOT, OP_TX_PROD_REL, OP_TX_PROD_ABS, OP_TX_RUN, OP_RX_SLOT, OP_RX_PROD,
       OP_RX_RUN, OP_COUNT };

struct fz {
    netif_tx_sring_t *tx;
    netif_rx_sring_t *rx;
    netif_tx_back_ring_t tb;
    netif_rx_back_ring_t rb;
    bool tx_dead, rx_dead;
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    return 0;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void check_packet(const struct fz *f, const struct nb_tx_packet *pkt, int avail_before)
{
    uint32_t sum = 0;

    CHECK(pkt->nr_slots >= 1 && pkt->nr_slots <= NB_MAX_SLOTS);
    CHECK(pkt->nr_slots <= (unsigned int)avail_before);
    CHECK(pkt->nr_frags >= 1 && pkt->nr_frags <= NB_MAX_FRAGS);
    for (unsigned int i = 0; i < pkt->nr_frags; i++) {
        CHECK((uint32_t)pkt->frag[i].offset + pkt->frag[i].size <= PAGE);
        sum += pkt->frag[i].size;
    }
    CHECK(sum == pkt->size);
    CHECK(pkt->size >= NB_ETH_HLEN && pkt->size <= NB_MAX_FRAME);
    CHECK(pkt->reason == NB_R_NONE);
}

/* The responses just written: id and status, zeroes beyond. */
static void check_answers(const struct fz *f, const struct nb_tx_packet *pkt, RING_IDX from,
                          int16_t status)
{
    for (unsigned int i = 0; i < pkt->nr_slots; i++) {
        const union netif_tx_sring_entry *e = &f->tx->ring[(from + i) & (f->tb.nr_ents - 1)];

        CHECK(e->rsp.id == pkt->id[i]);
        CHECK(e->rsp.status == (pkt->extra[i] ? NETIF_RSP_NULL : status));
        for (size_t b = sizeof(e->rsp); b < sizeof(*e); b++)
            CHECK(((const uint8_t *)e)[b] == 0);
    }
}

static void run_tx(struct fz *f, unsigned int budget)
{
    struct nb_tx_packet pkt;

    while (!f->tx_dead && budget--) {
        RING_IDX prod, from = f->tb.rsp_prod_pvt;
        int avail = netif_tx_requests_to_consume(&f->tb, &prod);
        enum nb_verdict v = nb_tx_next(&f->tb, &pkt);

        if (v == NB_FATAL) {
            CHECK(pkt.reason != NB_R_NONE);
            f->tx_dead = true;
            return;
        }
        if (v == NB_NONE || v == NB_INCOMPLETE)
            return;
        if (v == NB_PACKET)
            check_packet(f, &pkt, avail);
        else
            CHECK(v == NB_DROPPED && pkt.reason != NB_R_NONE && pkt.nr_slots <= NB_MAX_SLOTS);
        nb_tx_answer(&f->tb, &pkt, v == NB_PACKET ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
        nb_tx_consume(&f->tb, &pkt);
        check_answers(f, &pkt, from, v == NB_PACKET ? NETIF_RSP_OKAY : NETIF_RSP_ERROR);
        netif_tx_push_responses(&f->tb);
        CHECK(f->tb.rsp_prod_pvt == f->tb.req_cons);
    }
}

static void run_rx(struct fz *f, unsigned int budget)
{
    netif_rx_request_t req;

    while (!f->rx_dead && budget--) {
        RING_IDX cons = f->rb.req_cons;
        int rc = nb_rx_next(&f->rb, &req);

        if (rc < 0) {
            f->rx_dead = true;
            CHECK(f->rb.req_cons == cons);
            return;
        }
        if (rc == 0)
            return;
        CHECK(f->rb.req_cons == cons + 1);
        CHECK(f->rb.req_cons - f->rb.rsp_prod_pvt <= f->rb.nr_ents);
        /* Answer every other buffer at once, like a back end with packets. */
        if (req.id & 1) {
            nb_rx_answer(&f->rb, &req, (int16_t)(req.id & 0x7ff), 0);
            netif_rx_push_responses(&f->rb);
        }
        /* A back end that holds buffers must not outrun the ring. */
        if (f->rb.req_cons - f->rb.rsp_prod_pvt == f->rb.nr_ents) {
            nb_rx_answer(&f->rb, &req, NETIF_RSP_DROPPED, 0);
            netif_rx_push_responses(&f->rb);
        }
    }
}

static void step(struct fz *f, const uint8_t *s)
{
    unsigned int op = s[0] % OP_COUNT;

    switch (op) {
    case OP_TX_SLOT:
        if (!f->tx_dead)
            memcpy(&f->tx->ring[s[1] & (f->tb.nr_ents - 1)], s + 2,
                   sizeof(netif_tx_request_t));
        break;
    case OP_TX_PROD_REL:
        if (!f->tx_dead)
            f->tx->req_prod = f->tb.req_cons + (get32(s + 1) & 0x1ff) - 0x80;
        break;
    case OP_TX_PROD_ABS:
        if (!f->tx_dead)
            f->tx->req_prod = get32(s + 1);
        break;
    case OP_TX_RUN:
        run_tx(f, 1 + s[1]);
        break;
    case OP_RX_SLOT:
        if (!f->rx_dead)
            memcpy(&f->rx->ring[s[1] & (f->rb.nr_ents - 1)], s + 2,
                   sizeof(netif_rx_request_t));
        break;
    case OP_RX_PROD:
        if (!f->rx_dead)
            f->rx->req_prod = s[5] & 1 ? get32(s + 1)
                                       : f->rb.req_cons + (get32(s + 1) & 0x3ff) - 0x100;
        break;
    default:
        run_rx(f, 1 + s[1]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { .tx = malloc(PAGE), .rx = malloc(PAGE) };

    CHECK(f.tx && f.rx);
    memset(f.tx, 0, PAGE);
    memset(f.rx, 0, PAGE);
    netif_tx_sring_init(f.tx);
    netif_rx_sring_init(f.rx);
    /* The back end starts wherever the input says: wrap-around included. */
    if (size >= 4) {
        RING_IDX start = get32(data);

        f.tx->req_prod = f.tx->rsp_prod = f.rx->req_prod = f.rx->rsp_prod = start;
        netif_tx_back_attach(&f.tb, f.tx, start, PAGE);
        netif_rx_back_attach(&f.rb, f.rx, start, PAGE);
        data += 4;
        size -= 4;
    } else {
        netif_tx_back_init(&f.tb, f.tx, PAGE);
        netif_rx_back_init(&f.rb, f.rx, PAGE);
    }
    for (size_t off = 0; off + STEP <= size; off += STEP)
        step(&f, data + off);
    run_tx(&f, 300);
    run_rx(&f, 300);
    free(f.tx);
    free(f.rx);
    return 0;
}
