/*
 * CONSOLEIO_write_for as the control domain (this test kernel is dom0):
 * the back end's way to print a domU's lines.  Lines of any domain id
 * below DOMID_FIRST_RESERVED are printed, the domain need not exist;
 * more than CONSOLEIO_WRITE_FOR_MAX bytes or a reserved id is -EINVAL, an
 * unreadable buffer -EFAULT.  The lines printed here ("(d77) ...", "(d1)
 * ...") are in the log for anyone to look at.
 */
#include "../../lib/test.h"

static char big[CONSOLEIO_WRITE_FOR_MAX + 1];

static void prints(void)
{
    static const char two[] = "console/write_for: line one\nconsole/write_for: line two\n";
    static const char partial[] = "console/write_for: no newline";

    EXPECT_EQ(HYPERVISOR_console_io_write_for(77, sizeof(two) - 1, two), 0);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(1, sizeof(partial) - 1, partial), 0);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(DOMID_FIRST_RESERVED - 1, 0, NULL), 0);
}

static void limits(void)
{
    for (unsigned int i = 0; i < sizeof(big); i++)
        big[i] = 'x';
    EXPECT_EQ(HYPERVISOR_console_io_write_for(2, sizeof(big), big), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(2, sizeof(big) - 1, big), 0);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(DOMID_FIRST_RESERVED, 1, "x"), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(DOMID_SELF, 1, "x"), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(2, 8, (const char *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_console_io_write_for(2, 8, NULL), -XEN_EFAULT);
}

static const struct test tests[] = {
    /* lines for d77 (absent), d1, an empty write: 0 */
    TEST(prints),
    /* 513 bytes -EINVAL, 512 fine; reserved ids -EINVAL; bad buffers -EFAULT */
    TEST(limits),
};

int main(void)
{
    return run_tests("console/write_for", tests, ARRAY_SIZE(tests));
}
