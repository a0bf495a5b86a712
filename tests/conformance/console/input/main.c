/*
 * Console input reaches the chosen domU (this test is domU 1 under the
 * standard dom0): the test asks the runner to type "console 1" on the
 * physical console, so dom0's shell attaches to our PV console, then a
 * line of text, which dom0's back end puts in our ring's `in` side.  We
 * read it back with console_ring_read(), byte for byte.
 */
#include <string.h>
#include "../../lib/test.h"

#define TEXT "hello through the ring"
#define WAIT_NS (20 * NSEC_PER_SEC)

static void input_arrives(void)
{
    static char got[64];
    size_t len = 0;
    uint64_t end;

    printk("Console input: console %u\n", test_domid());
    printk("Console input: " TEXT "\n");
    end = monotonic_ns() + WAIT_NS;
    while (monotonic_ns() < end && !memchr(got, '\r', len)) {
        long n = console_ring_read(got + len, sizeof(got) - 1 - len);

        if (!EXPECT_TRUE(n >= 0))
            return;
        len += (size_t)n;
        if (!n)
            console_ring_wait(monotonic_ns() + 100 * NSEC_PER_MSEC);
    }
    got[len] = '\0';
    EXPECT_STREQ(got, TEXT "\r");
}

static void no_input_is_zero(void)
{
    char c;

    EXPECT_EQ(console_ring_read(&c, 1), 0);
}

static const struct test tests[] = {
    /* "console 1" then a line typed: the line arrives, CR included */
    TEST(input_arrives),
    /* nothing more typed: a read returns 0 at once */
    TEST(no_input_is_zero),
};

int main(void)
{
    return run_tests("console/input", tests, ARRAY_SIZE(tests));
}
