/*
 * drivers/console/xencons_ring.c: the PV console ring's streams, from
 * both ends, and the layout of public/io/console.h checked against
 * Debian's libxen-dev (Xen's own io/console.h; x86-64 lays the structure
 * out as riscv64 does).
 *
 * Hostile indices: every (prod, cons) pair a misbehaving other end can
 * write, sampled across the whole 2^32 range and at every wrap edge,
 * either gives a byte count within [0, size] or XENCONS_BROKEN, and a
 * broken ring moves no index and copies nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <public/io/console.h>
#include "../../drivers/console/xencons_ring.h"

/* Xen's header, its structure renamed so both can be compared. */
#undef MASK_XENCONS_IDX
#define xencons_interface xen_xencons_interface
#include <xen/io/console.h>
#undef xencons_interface

#define SAME_LAYOUT(f)                                                                  \
    _Static_assert(offsetof(struct xencons_interface, f) ==                             \
                   offsetof(struct xen_xencons_interface, f), "offset of " #f);        \
    _Static_assert(sizeof(((struct xencons_interface *)0)->f) ==                        \
                   sizeof(((struct xen_xencons_interface *)0)->f), "size of " #f)
SAME_LAYOUT(in);
SAME_LAYOUT(out);
SAME_LAYOUT(in_cons);
SAME_LAYOUT(in_prod);
SAME_LAYOUT(out_cons);
SAME_LAYOUT(out_prod);
_Static_assert(sizeof(struct xencons_interface) == sizeof(struct xen_xencons_interface),
               "xencons_interface size");

static struct xencons_interface ring;

static void fresh(void)
{
    memset(&ring, 0, sizeof(ring));
}

/* Output written by the front end comes out of the back end in order,
 * across the wrap of the 2 KiB ring, and the index mask is Xen's. */
static void out_round_trip(void **state)
{
    char buf[3000], got[3000];

    fresh();
    ring.out_prod = ring.out_cons = 2000;          /* close to the ring's end */
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)('a' + i % 26);
    assert_int_equal(xencons_write_out(&ring, buf, sizeof(buf)), 2048);   /* full */
    assert_int_equal(xencons_write_out(&ring, buf, 1), 0);
    assert_int_equal(xencons_out_pending(&ring), 2048);
    assert_int_equal(xencons_read_out(&ring, got, 100), 100);
    assert_memory_equal(got, buf, 100);
    assert_int_equal(xencons_read_out(&ring, got + 100, sizeof(got)), 1948);
    assert_memory_equal(got, buf, 2048);
    assert_int_equal(ring.out_prod, 2000 + 2048);
    assert_int_equal(ring.out_cons, ring.out_prod);
    assert_int_equal(MASK_XENCONS_IDX(ring.out_prod, ring.out), (2000 + 2048) % 2048);
    assert_int_equal(xencons_read_out(&ring, got, sizeof(got)), 0);
}

/* Input from the back end reaches the front end, wrapping at 2^32. */
static void in_round_trip_wraps(void **state)
{
    char got[8];

    fresh();
    ring.in_prod = ring.in_cons = 0xfffffffdu;
    assert_int_equal(xencons_write_in(&ring, "hello", 5), 5);
    assert_int_equal(ring.in_prod, 2);
    assert_int_equal(xencons_read_in(&ring, got, sizeof(got)), 5);
    assert_memory_equal(got, "hello", 5);
    assert_int_equal(ring.in_cons, 2);
}

/* Any pair of indices: a count in [0, size], or broken with nothing moved. */
static void hostile_indices(void **state)
{
    static const uint32_t edges[] = { 0, 1, 1023, 1024, 1025, 2047, 2048, 2049,
                                      0x7fffffffu, 0x80000000u, 0xfffff800u,
                                      0xfffffbffu, 0xfffffc00u, 0xffffffffu };
    char buf[4096];

    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
        for (size_t j = 0; j < sizeof(edges) / sizeof(edges[0]); j++) {
            uint32_t prod = edges[i], cons = edges[j];
            long n;

            fresh();
            ring.out_prod = prod;
            ring.out_cons = cons;
            n = xencons_read_out(&ring, buf, sizeof(buf));
            if (prod - cons > 2048) {
                assert_int_equal(n, XENCONS_BROKEN);
                assert_int_equal(ring.out_cons, cons);
                assert_int_equal(xencons_out_pending(&ring), 0);
            } else {
                assert_int_equal(n, prod - cons);
            }
            fresh();
            ring.in_prod = prod;
            ring.in_cons = cons;
            n = xencons_write_in(&ring, buf, sizeof(buf));
            if (prod - cons > 1024) {
                assert_int_equal(n, XENCONS_BROKEN);
                assert_int_equal(ring.in_prod, prod);
            } else {
                assert_int_equal(n, 1024 - (prod - cons));
            }
        }
    }
}

/* A front end whose back end corrupted out_cons stops writing. */
static void front_end_sees_broken_ring(void **state)
{
    char c;

    fresh();
    ring.out_cons = 5000;
    assert_int_equal(xencons_write_out(&ring, "x", 1), XENCONS_BROKEN);
    assert_int_equal(ring.out_prod, 0);
    ring.in_prod = 4000;
    assert_int_equal(xencons_read_in(&ring, &c, 1), XENCONS_BROKEN);
    assert_int_equal(ring.in_cons, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_round_trip),
        cmocka_unit_test(in_round_trip_wraps),
        cmocka_unit_test(hostile_indices),
        cmocka_unit_test(front_end_sees_broken_ring),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
