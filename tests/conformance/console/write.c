/* console_io from an unprivileged domain: writes, limits, and refusals. */
#include <public/xen.h>
#include "../lib/test.h"

static char big[8192];

/* A zero-length write succeeds and reads nothing (even from NULL). */
static void test_zero_length(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, NULL), 0);
}

/* A normal write, and one long enough to be continued, return 0. */
static void test_write(void)
{
    static const char msg[] = "console/write: a line from the test\n";

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, (char *)msg), 0);
    for (unsigned int i = 0; i < sizeof(big); i++)
        big[i] = (i % 64 == 63) ? '\n' : 'a' + (char)(i % 26);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(big), big), 0);
}

/* A count above INT_MAX is -E2BIG; an unmapped buffer is -EFAULT. */
static void test_bad_args(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0x80000000u, big), -XEN_E2BIG);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)16), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)0x3f00000000UL), -XEN_EFAULT);
}

/* Reading the console is for the control domain; unknown cmds are ENOSYS. */
static void test_refused(void)
{
    char c;

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 1, &c), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_console_io(7, 1, &c), -XEN_ENOSYS);
}

TESTS({ "zero_length", test_zero_length }, { "write", test_write },
      { "bad_args", test_bad_args }, { "refused", test_refused });

int main(void)
{
    RUN("console/write");
}
