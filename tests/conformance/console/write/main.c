/*
 * CONSOLEIO_write from an unprivileged domain: a write returns 0 (a domU
 * over its rate limit is slowed or loses output, never gets an error),
 * counts above INT_MAX are -E2BIG, unreadable buffers -EFAULT, and a
 * write long enough to be continued still returns 0.
 */
#include <string.h>
#include "../../lib/catch.h"
#include "../../lib/test.h"

#define LARGE_WRITE (16 * 1024)

static char large[LARGE_WRITE];

static void zero_length(void)
{
    static char c = 'x';

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, NULL), 0);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, &c), 0);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0, (char *)UNMAPPED_VA), 0);
}

static void normal_write(void)
{
    static const char msg[] = "console/write: one line, written directly\n";

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, (char *)msg), 0);
}

static void huge_count(void)
{
    static char c = 'x';

    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0x80000000u, &c), -XEN_E2BIG);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0xffffffffu, &c), -XEN_E2BIG);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 0x80000000u, NULL), -XEN_E2BIG);
}

static void bad_pointer(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, NULL), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)16), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)UNMAPPED_VA), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)NONCANONICAL_VA),
              -XEN_EFAULT);
}

/*
 * A buffer whose first bytes are readable but which runs on into an
 * unmapped page: the page after shared_info, which ends the mapping.
 */
static void straddling_buffer(void)
{
    unsigned long end = VIRT_BASE + (start_info->nr_pages + 1) * PAGE_SIZE;
    struct caught c;

    catch_begin(&c);
    (void)*(volatile char *)(end - 1);
    (void)*(volatile char *)end;
    catch_end();
    if (c.count != 1 || c.stval != end) {
        xtf_error("expected only %#lx to fault; %u faults, last at %#lx", end, c.count,
                  (unsigned long)c.stval);
        return;
    }
    /* Sixteen bytes of shared_info, then the hole. */
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, 32, (char *)(end - 16)), -XEN_EFAULT);
}

static void large_write(void)
{
    uint64_t t0 = monotonic_ns();

    for (unsigned int i = 0; i < sizeof(large); i++)
        large[i] = i % 128 == 127 ? '\n' : (char)('!' + i % 90);
    EXPECT_EQ(HYPERVISOR_console_io(CONSOLEIO_write, sizeof(large), large), 0);
    printk("console/write: %u bytes took %lu ms\n", LARGE_WRITE,
           (unsigned long)((monotonic_ns() - t0) / NSEC_PER_MSEC));
}

static void unknown_cmd(void)
{
    static char c = 'x';

    EXPECT_EQ(HYPERVISOR_console_io(2, 1, &c), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_console_io(7, 1, &c), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_console_io(-1, 1, &c), -XEN_ENOSYS);
}

static const struct test tests[] = {
    /* A zero-length write returns 0 whatever the pointer. */
    TEST(zero_length),
    /* A one-line write returns 0. */
    TEST(normal_write),
    /* count > INT_MAX is -E2BIG, checked before the buffer. */
    TEST(huge_count),
    /* NULL, low, unmapped and non-canonical buffers are -EFAULT. */
    TEST(bad_pointer),
    /* A buffer that runs into an unmapped page is -EFAULT. */
    TEST(straddling_buffer),
    /* A 16 KiB write (continued, and over the domU rate) returns 0. */
    TEST(large_write),
    /* Unknown commands are -ENOSYS. */
    TEST(unknown_cmd),
};

int main(void)
{
    return run_tests("console/write", tests, ARRAY_SIZE(tests));
}
