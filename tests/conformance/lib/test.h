/*
 * The in-guest test framework, after the Xen Test Framework.
 *
 * A test is a small guest kernel.  Its main.c lists its checks in one
 * plain array, each entry preceded by a one-line comment saying what it
 * asserts, and hands the array to run_tests():
 *
 *     static const struct test tests[] = {
 *         TEST(version_number),
 *         TEST(extraversion),
 *     };
 *     int main(void)
 *     {
 *         return run_tests("version/basic", tests, ARRAY_SIZE(tests));
 *     }
 *
 * run_tests() runs every check in order, then prints the one line the
 * runner (scripts/conformance.py) reads, "Test result: <STATUS>", and
 * powers the domain off.  The status is the worst one reported, in XTF's
 * order SUCCESS < SKIP < ERROR < FAILURE:
 *   FAILURE  the hypervisor did something the ABI says it must not;
 *   ERROR    the test or its environment broke (a setup call failed);
 *   SKIP     the check cannot run in this configuration.
 * A check reports through the EXPECT_* helpers (which print file:line, the
 * expression, the value seen and the value wanted when they fail) or the
 * xtf_*() calls.  A check that made no assertion at all is itself an
 * ERROR: a test that cannot fail is a defect.
 */
#ifndef CONFORMANCE_TEST_H
#define CONFORMANCE_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kernel.h>
#include <public/version.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Guest virtual addresses with known properties in every test kernel
 * (the image is linked at 0x40000000 and its physmap is a few MiB):
 * UNMAPPED_VA is a canonical Sv39 address the domain builder never maps;
 * NONCANONICAL_VA has bits 63:39 unequal, so no Sv39 table can map it.
 */
#define UNMAPPED_VA      0x3f00000000UL
#define NONCANONICAL_VA  0x0000800000000000UL

struct test {
    const char *name;
    void (*fn)(void);
};

#define TEST(fn) { #fn, fn }

/* Run every test, print "Test result: ...", power off.  Never returns. */
int __attribute__((noreturn)) run_tests(const char *title, const struct test *tests,
                                        unsigned int n);

/* Report a status, with an optional printf-style message (fmt may be NULL). */
void xtf_success(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xtf_failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* This domain's id (0 for a dom0-role test, 1 for a domU-role test). */
unsigned int test_domid(void);
bool test_is_privileged(void);

/*
 * Assertions.  Each evaluates its arguments once, reports FAILURE with
 * file:line on a mismatch and yields true if the check passed, so a test
 * can stop early: `if (!EXPECT_EQ(rc, 0)) return;`.
 */
#define EXPECT_EQ(actual, expected)                                           \
    expect_eq_(__FILE__, __LINE__, #actual, (long)(actual), (long)(expected))
#define EXPECT_NE(actual, unwanted)                                           \
    expect_ne_(__FILE__, __LINE__, #actual, (long)(actual), (long)(unwanted))
#define EXPECT_EQ_HEX(actual, expected)                                       \
    expect_eq_hex_(__FILE__, __LINE__, #actual, (uint64_t)(actual),           \
                   (uint64_t)(expected))
/* lo <= actual <= hi, unsigned 64-bit. */
#define EXPECT_RANGE(actual, lo, hi)                                          \
    expect_range_(__FILE__, __LINE__, #actual, (uint64_t)(actual),            \
                  (uint64_t)(lo), (uint64_t)(hi))
#define EXPECT_TRUE(cond)                                                     \
    expect_true_(__FILE__, __LINE__, #cond, (cond))
#define EXPECT_STREQ(actual, expected)                                        \
    expect_streq_(__FILE__, __LINE__, #actual, (actual), (expected))
/* Every byte of buf[0..len) equals byte. */
#define EXPECT_BYTES(buf, len, byte)                                          \
    expect_bytes_(__FILE__, __LINE__, #buf, (const void *)(buf), (len), (byte))

bool expect_eq_(const char *file, int line, const char *expr, long actual, long expected);
bool expect_ne_(const char *file, int line, const char *expr, long actual, long unwanted);
bool expect_eq_hex_(const char *file, int line, const char *expr, uint64_t actual,
                    uint64_t expected);
bool expect_range_(const char *file, int line, const char *expr, uint64_t actual,
                   uint64_t lo, uint64_t hi);
bool expect_true_(const char *file, int line, const char *expr, bool ok);
bool expect_streq_(const char *file, int line, const char *expr, const char *actual,
                   const char *expected);
bool expect_bytes_(const char *file, int line, const char *expr, const void *buf,
                   size_t len, uint8_t byte);

#endif /* CONFORMANCE_TEST_H */
