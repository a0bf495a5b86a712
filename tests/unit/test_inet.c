/*
 * drivers/net/inet.c, inet_ip.c: the guests' IPv4 stack.  Two stacks, A
 * (10.0.2.16) and B (10.0.2.17), on one wire that queues frames, plus
 * frames built here byte by byte (not with the stack's own helpers) for
 * the malformed cases: ARP both ways and its cache, the Internet checksum
 * against RFC 1071's example, IPv4 header checks (version, lengths,
 * checksum, fragments, addresses), ICMP echo both ways, UDP delivery,
 * checksum and length checks, the gateway route.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../drivers/net/inet.h"

#define A_IP  INET_ADDR(10, 0, 2, 16)
#define B_IP  INET_ADDR(10, 0, 2, 17)
#define GW_IP INET_ADDR(10, 0, 2, 2)
#define MASK  INET_ADDR(255, 255, 255, 0)
#define SEC   (1000ULL * 1000 * 1000)

static const uint8_t a_mac[6] = { 0x00, 0x16, 0x3e, 0, 0, 1 };
static const uint8_t b_mac[6] = { 0x00, 0x16, 0x3e, 0, 0, 2 };

static struct inet a, b;

/* The wire: frames sent, by sender, not yet delivered. */
#define QMAX 16
static struct { struct inet *from; size_t len; uint8_t f[INET_MAX_FRAME]; } q[QMAX];
static unsigned int nq;
static int fail_xmit;

static int wire(void *ctx, const void *frame, size_t len)
{
    if (fail_xmit)
        return fail_xmit;
    assert_true(nq < QMAX);
    assert_true(len <= INET_MAX_FRAME);
    q[nq].from = ctx;
    q[nq].len = len;
    memcpy(q[nq].f, frame, len);
    nq++;
    return 0;
}

/* Deliver, in order, the frames queued before the call to the other
 * stack; their answers stay queued for the next call. */
static void run_wire(uint64_t now)
{
    static uint8_t copy[QMAX][INET_MAX_FRAME];
    static struct inet *to[QMAX];
    static size_t len[QMAX];
    unsigned int n = nq;

    for (unsigned int i = 0; i < n; i++) {
        memcpy(copy[i], q[i].f, q[i].len);
        len[i] = q[i].len;
        to[i] = q[i].from == &a ? &b : &a;
    }
    nq = 0;
    for (unsigned int i = 0; i < n; i++)
        inet_input(to[i], copy[i], len[i], now);
}

static struct { unsigned int n; uint32_t src; uint16_t sport, dport; size_t len; uint8_t d[2048]; } rx;

static void udp_sink(void *ctx, uint32_t src, uint16_t sport, uint16_t dport,
                     const void *data, size_t len)
{
    rx.n++;
    rx.src = src;
    rx.sport = sport;
    rx.dport = dport;
    rx.len = len;
    memcpy(rx.d, data, len);
}

static int setup(void **state)
{
    inet_init(&a, a_mac, A_IP, MASK, GW_IP, wire, &a);
    inet_init(&b, b_mac, B_IP, MASK, GW_IP, wire, &b);
    nq = 0;
    fail_xmit = 0;
    memset(&rx, 0, sizeof(rx));
    return 0;
}

/* RFC 1071's example: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, so the
 * checksum is ~ddf2 = 220d; an odd length pads with a zero byte. */
static void checksum_rfc1071(void **state)
{
    static const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    static const uint8_t odd[] = { 0x01 };

    assert_int_equal(inet_checksum(d, sizeof(d), 0), 0x220d);
    assert_int_equal(inet_checksum(odd, 1, 0), (uint16_t)~0x0100);
    assert_int_equal(inet_checksum(NULL, 0, 0), 0xffff);
}

/* A sends to an unknown B: an ARP request goes out, -EAGAIN; B answers;
 * the retry goes through and B's handler gets the datagram. */
static void arp_then_udp(void **state)
{
    static const char msg[] = "hello, B";
    uint8_t mac[6];

    assert_int_equal(inet_udp_bind(&b, 7, udp_sink, NULL), 0);
    assert_int_equal(inet_udp_send(&a, B_IP, 1000, 7, msg, sizeof(msg), 1), -XEN_EAGAIN);
    assert_int_equal(nq, 1);
    assert_memory_equal(q[0].f, "\xff\xff\xff\xff\xff\xff", 6);
    assert_int_equal(inet_get16(q[0].f + 12), ETHERTYPE_ARP);
    assert_int_equal(inet_get16(q[0].f + 20), 1);   /* request */
    run_wire(1);                                      /* B answers */
    assert_int_equal(b.stats.arp_replies_sent, 1);
    assert_true(inet_arp_lookup(&b, A_IP, mac, 1));   /* B learned A from the request */
    run_wire(1);                                      /* A learns B */
    assert_true(inet_arp_lookup(&a, B_IP, mac, 1));
    assert_memory_equal(mac, b_mac, 6);
    assert_int_equal(inet_udp_send(&a, B_IP, 1000, 7, msg, sizeof(msg), 2), 0);
    run_wire(2);
    assert_int_equal(rx.n, 1);
    assert_int_equal(rx.src, A_IP);
    assert_int_equal(rx.sport, 1000);
    assert_int_equal(rx.len, sizeof(msg));
    assert_memory_equal(rx.d, msg, sizeof(msg));
}

static void learn_both(void)
{
    inet_udp_send(&a, B_IP, 1, 1, "", 0, 0);
    run_wire(0);
    run_wire(0);
    nq = 0;
}

/* Echo request A -> B: B answers with the same id, sequence and data. */
static void ping_round_trip(void **state)
{
    learn_both();
    assert_int_equal(inet_ping_send(&a, B_IP, 0x1234, 7, 56, 5), 0);
    run_wire(5);
    assert_int_equal(b.stats.echo_replies_sent, 1);
    run_wire(6);
    assert_true(a.echo.got);
    assert_int_equal(a.echo.from, B_IP);
    assert_int_equal(a.echo.id, 0x1234);
    assert_int_equal(a.echo.seq, 7);
    assert_int_equal(a.echo.len, 56);
    assert_true(a.echo.data_ok);
    assert_int_equal(a.echo.when_ns, 6);
    /* The largest echo fits one frame; one byte more is refused. */
    assert_int_equal(inet_ping_send(&a, B_IP, 1, 8, INET_ICMP_MAX, 7), 0);
    assert_int_equal(q[0].len, INET_MAX_FRAME);
    assert_int_equal(inet_ping_send(&a, B_IP, 1, 9, INET_ICMP_MAX + 1, 7), -XEN_EINVAL);
}

/* An IPv4 + UDP frame from A to B built here, checksums filled. */
static size_t build_udp(uint8_t *f, uint16_t dport, const char *data, size_t len)
{
    uint8_t *ip = f + 14, *u = f + 34;
    uint32_t sum;

    memset(f, 0, 34 + 8 + len + 4);
    memcpy(f, b_mac, 6);
    memcpy(f + 6, a_mac, 6);
    f[12] = 0x08;
    ip[0] = 0x45;
    inet_put16(ip + 2, (uint16_t)(20 + 8 + len));
    ip[8] = 64;
    ip[9] = 17;
    inet_put32(ip + 12, A_IP);
    inet_put32(ip + 16, B_IP);
    inet_put16(ip + 10, inet_checksum(ip, 20, 0));
    inet_put16(u, 5555);
    inet_put16(u + 2, dport);
    inet_put16(u + 4, (uint16_t)(8 + len));
    memcpy(u + 8, data, len);
    sum = (A_IP >> 16) + (A_IP & 0xffff) + (B_IP >> 16) + (B_IP & 0xffff) + 17 + 8 + (uint32_t)len;
    inet_put16(u + 6, inet_checksum(u, 8 + len, sum));
    return 34 + 8 + len;
}

static void refix_ip_csum(uint8_t *f)
{
    inet_put16(f + 24, 0);
    inet_put16(f + 24, inet_checksum(f + 14, (size_t)(f[14] & 0xf) * 4, 0));
}

/* Each malformed IPv4 header is dropped and counted under its reason; the
 * good frame beside them is delivered. */
static void ipv4_header_checks(void **state)
{
    uint8_t f[128];
    size_t n;

    inet_udp_bind(&b, 9, udp_sink, NULL);
    n = build_udp(f, 9, "good", 4);
    inet_input(&b, f, n + 4, 0);         /* Ethernet padding after the packet: fine */
    assert_int_equal(rx.n, 1);
    assert_int_equal(rx.len, 4);

    build_udp(f, 9, "good", 4);
    f[14] = 0x65;                        /* version 6 */
    refix_ip_csum(f);
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "good", 4);
    f[14] = 0x44;                        /* header of 16 bytes */
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "good", 4);
    f[14] = 0x4f;                        /* header of 60 bytes: past the packet */
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "good", 4);
    inet_put16(f + 16, 200);             /* total length past the frame */
    refix_ip_csum(f);
    inet_input(&b, f, n, 0);
    inet_input(&b, f, 14 + 19, 0);       /* shorter than a header */
    assert_int_equal(b.stats.bad_ip, 5);

    build_udp(f, 9, "good", 4);
    f[22] ^= 1;                          /* TTL changed, checksum not */
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.bad_csum, 1);

    build_udp(f, 9, "good", 4);
    inet_put16(f + 20, 0x2000);          /* more fragments */
    refix_ip_csum(f);
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "good", 4);
    inet_put16(f + 20, 0x0001);          /* a fragment offset */
    refix_ip_csum(f);
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.fragments, 2);

    build_udp(f, 9, "good", 4);
    inet_put32(f + 30, INET_ADDR(10, 0, 2, 99));   /* another host */
    refix_ip_csum(f);
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "good", 4);
    f[0] = 0x02;                         /* another MAC */
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.not_for_us, 2);
    assert_int_equal(rx.n, 1);           /* only the good one arrived */
}

/* UDP: a bad checksum, a length past the packet or under 8, an unbound
 * port are dropped and counted; checksum 0 means none. */
static void udp_checks(void **state)
{
    uint8_t f[128];
    size_t n;

    inet_udp_bind(&b, 9, udp_sink, NULL);
    n = build_udp(f, 9, "data", 4);
    f[42] ^= 0x55;                       /* payload changed */
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.bad_csum, 1);
    build_udp(f, 9, "data", 4);
    inet_put16(f + 38, 13);              /* UDP length past the IP payload */
    inet_input(&b, f, n, 0);
    build_udp(f, 9, "data", 4);
    inet_put16(f + 38, 7);               /* under the header */
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.bad_udp, 2);
    build_udp(f, 10, "data", 4);
    inet_input(&b, f, n, 0);
    assert_int_equal(b.stats.no_port, 1);
    assert_int_equal(rx.n, 0);
    build_udp(f, 9, "data", 4);
    inet_put16(f + 40, 0);               /* no checksum */
    inet_input(&b, f, n, 0);
    assert_int_equal(rx.n, 1);
    /* Binding rules. */
    assert_int_equal(inet_udp_bind(&b, 9, udp_sink, NULL), -XEN_EEXIST);
    assert_int_equal(inet_udp_bind(&b, 0, udp_sink, NULL), -XEN_EINVAL);
    for (uint16_t p = 20; p < 20 + INET_UDP_BINDINGS - 1; p++)
        assert_int_equal(inet_udp_bind(&b, p, udp_sink, NULL), 0);
    assert_int_equal(inet_udp_bind(&b, 99, udp_sink, NULL), -XEN_ENOSPC);
    assert_int_equal(inet_udp_send(&a, B_IP, 1, 2, f, INET_UDP_MAX + 1, 0), -XEN_EINVAL);
}

/* ICMP: a bad checksum is dropped; a broadcast echo is not answered;
 * an echo reply whose data was changed is seen as such. */
static void icmp_checks(void **state)
{
    learn_both();
    assert_int_equal(inet_ping_send(&a, B_IP, 1, 1, 32, 0), 0);
    q[0].f[34 + 8] ^= 1;
    run_wire(0);
    assert_int_equal(b.stats.bad_icmp, 1);
    assert_int_equal(nq, 0);
    assert_int_equal(inet_ping_send(&a, INET_ADDR(10, 0, 2, 255), 1, 2, 32, 0), 0);
    assert_memory_equal(q[0].f, "\xff\xff\xff\xff\xff\xff", 6);
    run_wire(0);
    assert_int_equal(nq, 0);             /* B stays silent */
    assert_int_equal(b.stats.echo_replies_sent, 0);
    /* B answers; the reply's data is damaged (checksum refitted). */
    inet_ping_send(&a, B_IP, 1, 3, 32, 0);
    run_wire(0);
    q[0].f[34 + 8 + 5] ^= 0xff;
    inet_put16(q[0].f + 36, 0);
    inet_put16(q[0].f + 36, inet_checksum(q[0].f + 34, 40, 0));
    run_wire(0);
    assert_true(a.echo.got);
    assert_false(a.echo.data_ok);
    /* An ICMP message shorter than its header. */
    uint8_t f[64];
    inet_ping_send(&a, B_IP, 1, 4, 0, 0);
    memcpy(f, q[0].f, q[0].len);
    nq = 0;
    inet_put16(f + 16, 20 + 4);
    refix_ip_csum(f);
    inet_input(&b, f, 14 + 24, 0);
    assert_int_equal(b.stats.bad_icmp, 2);
}

/* Off-subnet destinations go through the gateway: the ARP asks for the
 * gateway, and the frame goes to its MAC with the far IP inside. */
static void gateway_route(void **state)
{
    uint8_t gw_mac[6] = { 0x52, 0x55, 0x0a, 0, 2, 2 };
    uint8_t f[64] = { 0 };

    assert_int_equal(inet_ping_send(&a, INET_ADDR(8, 8, 8, 8), 1, 1, 8, 0), -XEN_EAGAIN);
    assert_int_equal(inet_get32(q[0].f + 14 + 24), GW_IP);
    nq = 0;
    /* The gateway's reply to A, built here. */
    memcpy(f, a_mac, 6);
    memcpy(f + 6, gw_mac, 6);
    inet_put16(f + 12, ETHERTYPE_ARP);
    inet_put16(f + 14, 1);
    inet_put16(f + 16, ETHERTYPE_IPV4);
    f[18] = 6;
    f[19] = 4;
    inet_put16(f + 20, 2);
    memcpy(f + 22, gw_mac, 6);
    inet_put32(f + 28, GW_IP);
    memcpy(f + 32, a_mac, 6);
    inet_put32(f + 38, A_IP);
    inet_input(&a, f, 60, 0);
    assert_int_equal(inet_ping_send(&a, INET_ADDR(8, 8, 8, 8), 1, 1, 8, 0), 0);
    assert_memory_equal(q[0].f, gw_mac, 6);
    assert_int_equal(inet_get32(q[0].f + 30), INET_ADDR(8, 8, 8, 8));
    /* A malformed ARP (hardware length 5) teaches nothing. */
    inet_put16(f + 20, 1);
    f[18] = 5;
    inet_put32(f + 28, INET_ADDR(10, 0, 2, 3));
    inet_input(&a, f, 60, 0);
    assert_int_equal(a.stats.bad_arp, 1);
    assert_false(inet_arp_lookup(&a, INET_ADDR(10, 0, 2, 3), gw_mac, 0));
}

/* The cache: entries expire after INET_ARP_TTL_NS (asked again), an
 * unsolicited reply for someone else is not learned, a full cache
 * replaces the oldest, and a failing driver is counted. */
static void arp_cache(void **state)
{
    uint8_t mac[6];

    learn_both();
    assert_true(inet_arp_lookup(&a, B_IP, mac, INET_ARP_TTL_NS));
    assert_false(inet_arp_lookup(&a, B_IP, mac, INET_ARP_TTL_NS + 1));
    assert_int_equal(inet_udp_send(&a, B_IP, 1, 1, "", 0, INET_ARP_TTL_NS + 1), -XEN_EAGAIN);
    nq = 0;
    /* A request from B for someone else: A does not learn B's new entry. */
    setup(NULL);
    inet_udp_send(&b, INET_ADDR(10, 0, 2, 50), 1, 1, "", 0, 0);
    run_wire(0);
    assert_false(inet_arp_lookup(&a, B_IP, mac, 0));
    assert_int_equal(a.stats.arp_replies_sent, 0);
    for (unsigned int i = 0; i < INET_ARP_ENTRIES + 1; i++) {
        uint8_t f[60] = { 0 };

        memcpy(f, "\xff\xff\xff\xff\xff\xff", 6);
        inet_put16(f + 12, ETHERTYPE_ARP);
        inet_put16(f + 14, 1);
        inet_put16(f + 16, ETHERTYPE_IPV4);
        f[18] = 6;
        f[19] = 4;
        inet_put16(f + 20, 1);
        f[27] = (uint8_t)(100 + i);
        inet_put32(f + 28, INET_ADDR(10, 0, 2, 100 + i));
        inet_put32(f + 38, A_IP);
        inet_input(&a, f, 60, i);
        nq = 0;
    }
    assert_false(inet_arp_lookup(&a, INET_ADDR(10, 0, 2, 100), mac, 20));
    assert_true(inet_arp_lookup(&a, INET_ADDR(10, 0, 2, 116), mac, 20));
    assert_int_equal(mac[5], 116);
    nq = 0;
    fail_xmit = -XEN_EIO;
    assert_int_equal(inet_udp_send(&a, INET_ADDR(10, 0, 2, 116), 1, 1, "", 0, 20), -XEN_EIO);
    assert_int_equal(a.stats.tx_errors, 1);
}

/* Frames too short or of another type go nowhere. */
static void link_checks(void **state)
{
    uint8_t f[60] = { 0 };

    memcpy(f, b_mac, 6);
    inet_input(&b, f, 13, 0);
    inet_put16(f + 12, 0x86dd);      /* IPv6 */
    inet_input(&b, f, 60, 0);
    assert_int_equal(b.stats.bad_type, 2);
    inet_put16(f + 12, ETHERTYPE_ARP);
    inet_input(&b, f, 14 + 27, 0);   /* ARP cut short */
    assert_int_equal(b.stats.bad_arp, 1);
    assert_int_equal(nq, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(checksum_rfc1071, setup),
        cmocka_unit_test_setup(arp_then_udp, setup),
        cmocka_unit_test_setup(ping_round_trip, setup),
        cmocka_unit_test_setup(ipv4_header_checks, setup),
        cmocka_unit_test_setup(udp_checks, setup),
        cmocka_unit_test_setup(icmp_checks, setup),
        cmocka_unit_test_setup(gateway_route, setup),
        cmocka_unit_test_setup(arp_cache, setup),
        cmocka_unit_test_setup(link_checks, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
