/*
 * CONSOLEIO_read is for the control domain: a domU gets -EPERM, and its
 * buffer is not written.
 */
#include <string.h>
#include "../../lib/test.h"

static void read_denied(void)
{
    static char buf[64];

    memset(buf, 0xaa, sizeof(buf));
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf), -XEN_EPERM);
    EXPECT_BYTES(buf, sizeof(buf), 0xaa);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 1, buf), -XEN_EPERM);
    EXPECT_EQ(console_read(buf, sizeof(buf)), -XEN_EPERM);
}

static void read_denied_bad_buffer(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 16, NULL), -XEN_EPERM);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_read, 16, (char *)UNMAPPED_VA), -XEN_EPERM);
}

static const struct test tests[] = {
    /* A domU's read is -EPERM and leaves its buffer alone. */
    TEST(read_denied),
    /* The refusal comes before the buffer is looked at. */
    TEST(read_denied_bad_buffer),
};

int main(void)
{
    return run_tests("console/read_denied", tests, ARRAY_SIZE(tests));
}
