/*
 * drivers/net/netback_check.c: netback's checks of a front end's rings.
 * A front end is played here by writing requests into a shared ring page
 * and publishing req_prod by hand, lying where the case wants: good
 * packets (one and several fragments, extras), packets dropped with an
 * answer (runt, oversize, unknown flags, GSO), impossible ones that
 * disconnect (fragment past its page, too many fragments or extras,
 * fragments larger than declared, an unknown extra type, a packet that
 * can never end, producer index ahead or backwards), and the receive
 * ring's posted buffers.  Responses carry the ids and zeroes elsewhere.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../drivers/net/netback_check.h"

static _Alignas(4096) uint8_t page[4096];
static _Alignas(4096) uint8_t rx_page[4096];
static netif_tx_sring_t *s;
static netif_tx_back_ring_t back;
static netif_tx_front_ring_t front;
static struct nb_tx_packet pkt;

static int setup(void **state)
{
    memset(page, 0xaa, sizeof(page));
    s = (netif_tx_sring_t *)page;
    netif_tx_sring_init(s);
    netif_tx_front_init(&front, s, sizeof(page));
    netif_tx_back_init(&back, s, sizeof(page));
    return 0;
}

/* Queue one request (not published). */
static void req(grant_ref_t gref, uint16_t offset, uint16_t flags, uint16_t id, uint16_t size)
{
    netif_tx_request_t *r = netif_tx_request_slot(&front, front.req_prod_pvt++);

    *r = (netif_tx_request_t){ gref, offset, flags, id, size };
}

/* Queue an extra-info slot. */
static void extra(uint8_t type, uint8_t flags, uint16_t id)
{
    netif_tx_request_t *r = netif_tx_request_slot(&front, front.req_prod_pvt++);
    netif_extra_info_t ex = { .type = type, .flags = flags };

    memset(r, 0, sizeof(*r));
    memcpy(r, &ex, sizeof(ex));
    r->id = id;
}

static void publish(void)
{
    netif_tx_push_requests(&front);
}

static enum nb_verdict next(void)
{
    return nb_tx_next(&back, &pkt);
}

/* Answer the packet, move on, and check the responses as the front end sees them. */
static void answer(int16_t status)
{
    RING_IDX from = back.rsp_prod_pvt;

    nb_tx_answer(&back, &pkt, status);
    nb_tx_consume(&back, &pkt);
    netif_tx_push_responses(&back);
    for (unsigned int i = 0; i < pkt.nr_slots; i++) {
        union netif_tx_sring_entry *e = &s->ring[(from + i) & (back.nr_ents - 1)];
        netif_tx_response_t rsp = e->rsp;

        assert_int_equal(rsp.id, pkt.id[i]);
        assert_int_equal(rsp.status, pkt.extra[i] ? NETIF_RSP_NULL : status);
        /* Nothing of the request or the back end beyond the response. */
        for (size_t b = sizeof(rsp); b < sizeof(*e); b++)
            assert_int_equal(((uint8_t *)e)[b], 0);
    }
}

/* Nothing published: nothing to do. */
static void empty_ring(void **state)
{
    assert_int_equal(next(), NB_NONE);
}

/* One fragment: the packet is it, answered OKAY with its id. */
static void one_fragment(void **state)
{
    req(100, 64, NETTXF_data_validated, 7, 60);
    publish();
    assert_int_equal(next(), NB_PACKET);
    assert_int_equal(pkt.nr_slots, 1);
    assert_int_equal(pkt.nr_frags, 1);
    assert_int_equal(pkt.size, 60);
    assert_int_equal(pkt.frag[0].gref, 100);
    assert_int_equal(pkt.frag[0].offset, 64);
    assert_int_equal(pkt.frag[0].size, 60);
    answer(NETIF_RSP_OKAY);
    assert_int_equal(back.req_cons, 1);
    assert_int_equal(next(), NB_NONE);
}

/* Three fragments: the first's size is the packet's; its own share is
 * what the others leave. */
static void several_fragments(void **state)
{
    req(1, 0, NETTXF_more_data, 1, 1000);
    req(2, 100, NETTXF_more_data, 2, 300);
    req(3, 4000, 0, 3, 96);
    publish();
    assert_int_equal(next(), NB_PACKET);
    assert_int_equal(pkt.nr_frags, 3);
    assert_int_equal(pkt.frag[0].size, 604);
    assert_int_equal(pkt.frag[1].size, 300);
    assert_int_equal(pkt.frag[2].offset, 4000);
    answer(NETIF_RSP_OKAY);
}

/* A packet whose rest is not yet published waits, consuming nothing. */
static void incomplete_waits(void **state)
{
    req(1, 0, NETTXF_more_data, 1, 200);
    publish();
    assert_int_equal(next(), NB_INCOMPLETE);
    assert_int_equal(back.req_cons, 0);
    req(2, 0, 0, 2, 100);
    publish();
    assert_int_equal(next(), NB_PACKET);
    assert_int_equal(pkt.frag[0].size, 100);
    answer(NETIF_RSP_OKAY);
}

/* Extras: a multicast extra is accepted (its slot answered NULL), a GSO
 * extra drops the packet, an unknown type disconnects. */
static void extras(void **state)
{
    req(1, 0, NETTXF_extra_info, 1, 60);
    extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 0, 2);
    publish();
    assert_int_equal(next(), NB_PACKET);
    assert_int_equal(pkt.nr_slots, 2);
    assert_true(pkt.extra[1]);
    answer(NETIF_RSP_OKAY);

    req(1, 0, NETTXF_extra_info | NETTXF_more_data, 3, 100);
    extra(XEN_NETIF_EXTRA_TYPE_GSO, XEN_NETIF_EXTRA_FLAG_MORE, 4);
    extra(XEN_NETIF_EXTRA_TYPE_MCAST_DEL, 0, 5);
    req(2, 0, 0, 6, 40);
    publish();
    assert_int_equal(next(), NB_DROPPED);
    assert_int_equal(pkt.reason, NB_R_GSO);
    assert_int_equal(pkt.nr_slots, 4);
    answer(NETIF_RSP_ERROR);

    req(1, 0, NETTXF_extra_info, 7, 60);
    extra(XEN_NETIF_EXTRA_TYPE_MAX, 0, 8);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_BAD_EXTRA);
    setup(NULL);
    req(1, 0, NETTXF_extra_info, 7, 60);
    extra(XEN_NETIF_EXTRA_TYPE_NONE, 0, 8);
    publish();
    assert_int_equal(next(), NB_FATAL);
}

/* More extras than types chain into an endless list: fatal. */
static void too_many_extras(void **state)
{
    req(1, 0, NETTXF_extra_info, 1, 60);
    for (unsigned int i = 0; i <= NB_MAX_EXTRAS; i++)
        extra(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, XEN_NETIF_EXTRA_FLAG_MORE, 2);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_TOO_MANY_SLOTS);
}

/* Well formed but not carried: each answered ERROR, the ring goes on. */
static void dropped_packets(void **state)
{
    static const struct { uint16_t size, flags; enum nb_reason why; } cases[] = {
        { 13, 0, NB_R_RUNT },
        { 0, 0, NB_R_RUNT },
        { NB_MAX_FRAME + 1, 0, NB_R_OVERSIZE },
        { 60, 1u << 4, NB_R_FLAGS },
        { 60, 0x8000, NB_R_FLAGS },
    };

    for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        req(9, 0, cases[i].flags, (uint16_t)(40 + i), cases[i].size);
        publish();
        assert_int_equal(next(), NB_DROPPED);
        assert_int_equal(pkt.reason, cases[i].why);
        answer(NETIF_RSP_ERROR);
    }
    /* The largest frame is carried. */
    req(9, 0, 0, 50, NB_MAX_FRAME);
    publish();
    assert_int_equal(next(), NB_PACKET);
    answer(NETIF_RSP_OKAY);
    assert_int_equal(back.req_cons, 6);
}

/* A fragment that runs past its page disconnects, first or not. */
static void crossing_page_is_fatal(void **state)
{
    req(1, 4000, 0, 1, 97);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_CROSSES_PAGE);
    setup(NULL);
    req(1, 0, NETTXF_more_data, 1, 200);
    req(2, 4095, 0, 2, 2);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_CROSSES_PAGE);
    setup(NULL);
    req(1, 4096, 0, 1, 0);      /* empty but at 4096: still within */
    publish();
    assert_int_equal(next(), NB_DROPPED);
    assert_int_equal(pkt.reason, NB_R_RUNT);
}

/* Fragments adding up to more than declared, or too many of them. */
static void sizes_and_counts_fatal(void **state)
{
    req(1, 0, NETTXF_more_data, 1, 100);
    req(2, 0, 0, 2, 101);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_SIZE_MISMATCH);
    setup(NULL);
    req(1, 0, NETTXF_more_data, 1, 1000);
    for (unsigned int i = 1; i < NB_MAX_FRAGS; i++)
        req(2, 0, NETTXF_more_data, 2, 1);
    req(3, 0, 0, 3, 1);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_TOO_MANY_SLOTS);
    /* Exactly NB_MAX_FRAGS is fine, zero-length fragments included. */
    setup(NULL);
    req(1, 0, NETTXF_more_data, 1, 100);
    for (unsigned int i = 1; i < NB_MAX_FRAGS - 1; i++)
        req(2, 0, NETTXF_more_data, 2, 0);
    req(3, 0, 0, 3, 1);
    publish();
    assert_int_equal(next(), NB_PACKET);
    assert_int_equal(pkt.nr_frags, NB_MAX_FRAGS);
    assert_int_equal(pkt.frag[0].size, 99);
}

/* req_prod more than a ring ahead, or behind what was consumed: fatal,
 * and nothing is consumed. */
static void ring_index_lies(void **state)
{
    s->req_prod = back.nr_ents + 1;
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_RING_INDEX);
    s->req_prod = 0xffffffffu;
    assert_int_equal(next(), NB_FATAL);
    setup(NULL);
    req(1, 0, 0, 1, 60);
    req(1, 0, 0, 2, 60);
    publish();
    assert_int_equal(next(), NB_PACKET);
    answer(NETIF_RSP_OKAY);
    s->req_prod = 0;            /* backwards */
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(back.req_cons, 1);
    s->req_prod = back.nr_ents + 1;  /* exactly a ring of unanswered: fine */
    assert_int_equal(next(), NB_PACKET);
}

/* A ring full of one packet's more_data slots can never finish it. */
static void never_ends(void **state)
{
    static _Alignas(4096) uint8_t small[64 + 8 * sizeof(union netif_tx_sring_entry)];
    netif_tx_sring_t *ss = (netif_tx_sring_t *)small;

    netif_tx_sring_init(ss);
    netif_tx_front_init(&front, ss, sizeof(small));
    netif_tx_back_init(&back, ss, sizeof(small));
    assert_int_equal(back.nr_ents, 8);
    for (unsigned int i = 0; i < 8; i++)
        req(1, 0, NETTXF_more_data, (uint16_t)i, i ? 1 : 1000);
    publish();
    assert_int_equal(next(), NB_FATAL);
    assert_int_equal(pkt.reason, NB_R_NEVER_ENDS);
}

/* Receive ring: posted buffers come out one at a time, copied; a lying
 * producer is fatal; responses carry the id, status and flags. */
static void rx_ring(void **state)
{
    netif_rx_sring_t *rs = (netif_rx_sring_t *)rx_page;
    netif_rx_front_ring_t rf;
    netif_rx_back_ring_t rb;
    netif_rx_request_t r;

    memset(rx_page, 0x55, sizeof(rx_page));
    netif_rx_sring_init(rs);
    netif_rx_front_init(&rf, rs, sizeof(rx_page));
    netif_rx_back_init(&rb, rs, sizeof(rx_page));
    assert_int_equal(nb_rx_next(&rb, &r), 0);
    for (uint16_t i = 0; i < 3; i++)
        *netif_rx_request_slot(&rf, rf.req_prod_pvt++) =
            (netif_rx_request_t){ .id = (uint16_t)(10 + i), .gref = 200u + i };
    netif_rx_push_requests(&rf);
    assert_int_equal(nb_rx_next(&rb, &r), 1);
    assert_int_equal(r.id, 10);
    assert_int_equal(r.gref, 200);
    nb_rx_answer(&rb, &r, 1234, NETRXF_data_validated);
    netif_rx_push_responses(&rb);
    assert_int_equal(rs->ring[0].rsp.id, 10);
    assert_int_equal(rs->ring[0].rsp.status, 1234);
    assert_int_equal(rs->ring[0].rsp.offset, 0);
    assert_int_equal(rs->ring[0].rsp.flags, NETRXF_data_validated);
    assert_int_equal(nb_rx_next(&rb, &r), 1);
    assert_int_equal(nb_rx_next(&rb, &r), 1);
    assert_int_equal(r.gref, 202);
    assert_int_equal(nb_rx_next(&rb, &r), 0);
    rs->req_prod = 1;           /* backwards */
    assert_int_equal(nb_rx_next(&rb, &r), -1);
    rs->req_prod = 3 + 257;     /* too far ahead */
    assert_int_equal(nb_rx_next(&rb, &r), -1);
    assert_int_equal(rb.req_cons, 3);
}

/* Every reason has a name. */
static void reason_names(void **state)
{
    for (int r = 0; r < NB_R_COUNT; r++)
        assert_non_null(nb_reason_name((enum nb_reason)r));
    assert_string_equal(nb_reason_name(NB_R_COUNT), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(empty_ring, setup),
        cmocka_unit_test_setup(one_fragment, setup),
        cmocka_unit_test_setup(several_fragments, setup),
        cmocka_unit_test_setup(incomplete_waits, setup),
        cmocka_unit_test_setup(extras, setup),
        cmocka_unit_test_setup(too_many_extras, setup),
        cmocka_unit_test_setup(dropped_packets, setup),
        cmocka_unit_test_setup(crossing_page_is_fatal, setup),
        cmocka_unit_test_setup(sizes_and_counts_fatal, setup),
        cmocka_unit_test_setup(ring_index_lies, setup),
        cmocka_unit_test_setup(never_ends, setup),
        cmocka_unit_test_setup(rx_ring, setup),
        cmocka_unit_test_setup(reason_names, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
