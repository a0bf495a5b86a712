/*
 * CONSOLEIO_read as the control domain (this test kernel is dom0): it
 * returns the number of bytes read, at most the count, without waiting
 * (no one types during the test, but a stray byte is allowed).
 */
#include <string.h>
#include "../../lib/test.h"

static void read_returns_count(void)
{
    static char buf[64];
    long n;

    memset(buf, 0, sizeof(buf));
    n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);
    EXPECT_RANGE(n, 0, sizeof(buf));
    n = HYPERVISOR_console_io(CONSOLEIO_read, 1, buf);
    EXPECT_RANGE(n, 0, 1);
}

static void read_zero_count(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0, NULL), 0);
}

static void read_huge_count(void)
{
    static char c;

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 0x80000000u, &c), -XEN_E2BIG);
}

/* The control domain's writes are not rate limited, and still return 0. */
static void privileged_write(void)
{
    static char big[8192];

    for (unsigned int i = 0; i < sizeof(big); i++)
        big[i] = i % 128 == 127 ? '\n' : 'a' + (char)(i % 26);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(big), big), 0);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)UNMAPPED_VA), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* read returns 0..count bytes at once. */
    TEST(read_returns_count),
    /* A zero-count read returns 0. */
    TEST(read_zero_count),
    /* count > INT_MAX is -E2BIG. */
    TEST(read_huge_count),
    /* dom0's 8 KiB write returns 0; a bad buffer is -EFAULT. */
    TEST(privileged_write),
};

int main(void)
{
    return run_tests("console/read", tests, ARRAY_SIZE(tests));
}
