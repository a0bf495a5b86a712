/*
 * drivers/net/bridge.c: dom0's learning bridge.  Four ports record what
 * they are given; frames are built with chosen source and destination
 * MACs.  Learning, forwarding to the learned port only, flooding of
 * broadcast, multicast and unknown destinations to every port but the
 * sender, filtering of frames to the sender's own side, ageing, a MAC
 * moving ports, port removal, a full table, runts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../drivers/net/bridge.h"

#define NPORTS 4
#define SEC    (1000ULL * 1000 * 1000)

static struct bridge br;
static int port[NPORTS];
static unsigned int got[NPORTS];
static uint8_t last[NPORTS][64];

static void xmit(void *ctx, const void *frame, size_t len)
{
    unsigned int i = (unsigned int)(uintptr_t)ctx;

    got[i]++;
    memcpy(last[i], frame, len < 64 ? len : 64);
}

static void setup_ports(void)
{
    bridge_init(&br, 300 * SEC);
    memset(got, 0, sizeof(got));
    for (unsigned int i = 0; i < NPORTS; i++) {
        port[i] = bridge_add_port(&br, xmit, (void *)(uintptr_t)i);
        assert_int_equal(port[i], (int)i);
    }
}

/* MAC 02:00:00:00:00:n (locally administered unicast). */
static void mac_of(uint8_t *m, uint8_t n)
{
    static const uint8_t base[6] = { 2, 0, 0, 0, 0, 0 };

    memcpy(m, base, 6);
    m[5] = n;
}

static void send_from(int in, const uint8_t *dst, uint8_t src_n, uint64_t now)
{
    uint8_t f[60] = { 0 };

    memcpy(f, dst, 6);
    mac_of(f + 6, src_n);
    f[12] = 0x08;
    bridge_input(&br, in, f, sizeof(f), now);
}

static void send_to(int in, uint8_t dst_n, uint8_t src_n, uint64_t now)
{
    uint8_t d[6];

    mac_of(d, dst_n);
    send_from(in, d, src_n, now);
}

static void expect_got(unsigned int a, unsigned int b, unsigned int c, unsigned int d)
{
    assert_int_equal(got[0], a);
    assert_int_equal(got[1], b);
    assert_int_equal(got[2], c);
    assert_int_equal(got[3], d);
    memset(got, 0, sizeof(got));
}

/* Unknown destinations flood every port but the sender's; then, once
 * learned, a destination gets the frame alone. */
static void learns_then_forwards(void **state)
{
    setup_ports();
    send_to(0, 11, 10, 1);          /* 10 at port 0 -> unknown 11 */
    expect_got(0, 1, 1, 1);
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 10 }, 1), 0);
    send_to(1, 10, 11, 2);          /* 11 at port 1 -> known 10 */
    expect_got(1, 0, 0, 0);
    send_to(0, 11, 10, 3);
    expect_got(0, 1, 0, 0);
    assert_int_equal(br.forwarded, 2);
    assert_int_equal(br.flooded, 1);
    /* The frame arrives whole. */
    assert_int_equal(last[1][5], 11);
    assert_int_equal(last[1][11], 10);
}

/* Broadcast and multicast always flood, never back to the sender; a
 * group source address is never learned. */
static void broadcast_and_multicast_flood(void **state)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
    uint8_t f[60] = { 0 };

    setup_ports();
    send_to(3, 10, 10, 1);          /* learn 10 at port 3 */
    memset(got, 0, sizeof(got));
    send_from(2, bcast, 20, 2);
    expect_got(1, 1, 0, 1);
    send_from(3, mcast, 10, 3);
    expect_got(1, 1, 1, 0);
    memcpy(f, bcast, 6);
    memcpy(f + 6, mcast, 6);
    bridge_input(&br, 1, f, sizeof(f), 4);
    expect_got(1, 0, 1, 1);
    assert_int_equal(bridge_lookup(&br, mcast, 4), BR_NO_PORT);
}

/* A frame whose destination lives on the sender's own port goes nowhere. */
static void no_loop_back_to_sender(void **state)
{
    setup_ports();
    send_to(2, 99, 30, 1);
    send_to(2, 99, 31, 1);          /* 30 and 31 both behind port 2 */
    memset(got, 0, sizeof(got));
    send_to(2, 30, 31, 2);
    expect_got(0, 0, 0, 0);
    assert_int_equal(br.filtered, 1);
    /* Nor a frame to itself. */
    send_to(2, 31, 31, 3);
    expect_got(0, 0, 0, 0);
}

/* An entry not refreshed within the ageing time no longer directs
 * frames (flooded again), and bridge_age() forgets it. */
static void ageing(void **state)
{
    setup_ports();
    br.ageing_ns = 10 * SEC;
    send_to(1, 99, 40, 0);
    memset(got, 0, sizeof(got));
    send_to(0, 40, 41, 10 * SEC);       /* exactly the ageing time: still known */
    expect_got(0, 1, 0, 0);
    send_to(0, 40, 41, 10 * SEC + 1);   /* older: flooded */
    expect_got(0, 1, 1, 1);
    assert_int_equal(bridge_age(&br, 10 * SEC + 1), 1);   /* 40 gone, 41 fresh */
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 40 }, 0), BR_NO_PORT);
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 41 }, 10 * SEC + 1), 0);
    /* Traffic refreshes an entry. */
    send_to(0, 99, 41, 19 * SEC);
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 41 }, 28 * SEC), 0);
}

/* A MAC seen at another port moves there. */
static void mac_moves(void **state)
{
    setup_ports();
    send_to(1, 99, 50, 1);
    send_to(3, 99, 50, 2);
    memset(got, 0, sizeof(got));
    send_to(0, 50, 51, 3);
    expect_got(0, 0, 0, 1);
}

/* A removed port gets nothing more and its MACs are forgotten; its
 * number is reused by the next port added. */
static void port_removal(void **state)
{
    setup_ports();
    send_to(2, 99, 60, 1);
    bridge_del_port(&br, 2);
    memset(got, 0, sizeof(got));
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 60 }, 1), BR_NO_PORT);
    send_to(0, 60, 61, 2);
    expect_got(0, 1, 0, 1);
    send_to(2, 61, 62, 3);          /* from a removed port: ignored */
    expect_got(0, 0, 0, 0);
    assert_int_equal(bridge_add_port(&br, xmit, (void *)(uintptr_t)2), 2);
}

/* A full table replaces its oldest entry; the ports fill up. */
static void full_table_and_ports(void **state)
{
    setup_ports();
    for (unsigned int i = 0; i < BR_FDB_SIZE; i++)
        send_to(1, 200, (uint8_t)(100 + i), 10 + i);
    send_to(2, 200, 250, 1000);         /* replaces 100, the oldest */
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 100 }, 1000), BR_NO_PORT);
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 101 }, 1000), 1);
    assert_int_equal(bridge_lookup(&br, (uint8_t[6]){ 2, 0, 0, 0, 0, 250 }, 1000), 2);
    for (int i = NPORTS; i < BR_MAX_PORTS; i++)
        assert_int_equal(bridge_add_port(&br, xmit, NULL), i);
    assert_int_equal(bridge_add_port(&br, xmit, NULL), -1);
}

/* Runts and bad ports are refused and counted, nothing is sent. */
static void runts_refused(void **state)
{
    uint8_t f[13] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    setup_ports();
    bridge_input(&br, 0, f, sizeof(f), 1);
    bridge_input(&br, -1, f, sizeof(f), 1);
    bridge_input(&br, BR_MAX_PORTS, f, sizeof(f), 1);
    expect_got(0, 0, 0, 0);
    assert_int_equal(br.runts, 1);
    bridge_del_port(&br, -5);
    bridge_del_port(&br, BR_MAX_PORTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(learns_then_forwards),
        cmocka_unit_test(broadcast_and_multicast_flood),
        cmocka_unit_test(no_loop_back_to_sender),
        cmocka_unit_test(ageing),
        cmocka_unit_test(mac_moves),
        cmocka_unit_test(port_removal),
        cmocka_unit_test(full_table_and_ports),
        cmocka_unit_test(runts_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
