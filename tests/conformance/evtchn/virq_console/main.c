/*
 * VIRQ_CONSOLE as the hardware domain (this kernel is dom0): the
 * hypervisor raises it when console input arrives, and only then.
 *
 * The runner types on QEMU's serial input: each line "Console input: TEXT"
 * this test prints makes it type TEXT and a carriage return
 * (scripts/conformance.py).  Under -icount sleep=off virtual time runs
 * ahead of the runner while every CPU idles, so a virtual time-out on a
 * blocking wait means little: the first wait spins (virtual time then
 * follows the instructions executed), the second blocks in SCHEDOP_poll
 * without a time-out (a VIRQ that never comes ends as the runner's
 * time-out, a failure).
 */
#include <string.h>
#include "../../lib/test.h"

#define SPIN_TIMEOUT_NS (3000ULL * NSEC_PER_MSEC)
#define QUIET_NS (100 * NSEC_PER_MSEC)

static evtchn_port_t port;

static long bind_console(evtchn_port_t *p)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_CONSOLE, .vcpu = 0 };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);

    *p = rc ? 0 : bv.port;
    return rc;
}

static void drain_input(void)
{
    char buf[64];

    while (console_read(buf, sizeof(buf)) > 0)
        ;
}

/* Read until `want` bytes came (each further VIRQ polled for) or the spin
 * time-out; the number read. */
static size_t read_line(char *buf, size_t want, bool block)
{
    uint64_t end = monotonic_ns() + SPIN_TIMEOUT_NS;
    size_t got = 0;

    while (got < want && monotonic_ns() < end) {
        long n = console_read(buf + got, want - got);

        if (n < 0)
            break;
        got += (size_t)n;
        if (got < want && block)
            evtchn_poll(&port, 1, 0);
        evtchn_test_and_clear(port);
    }
    return got;
}

/* Type `text` through the runner and check the VIRQ and the bytes. */
static void type_and_check(const char *text, bool block)
{
    char buf[64];
    size_t len = strlen(text);
    uint64_t end = monotonic_ns() + SPIN_TIMEOUT_NS;

    printk("Console input: %s\n", text);
    if (block)
        evtchn_poll(&port, 1, 0);
    else
        while (!evtchn_is_pending(port) && monotonic_ns() < end)
            ;
    if (!EXPECT_TRUE(evtchn_test_and_clear(port)))
        return;
    if (!EXPECT_EQ(read_line(buf, len + 1, block), len + 1))
        return;
    EXPECT_TRUE(memcmp(buf, text, len) == 0);
    EXPECT_EQ(buf[len], '\r');
}

static void bind_and_quiet(void)
{
    if (!EXPECT_EQ(bind_console(&port), 0) || !EXPECT_TRUE(port > 0))
        return;
    mask_evtchn(port);                 /* seen by polling only */
    drain_input();
    evtchn_test_and_clear(port);
    sleep_ns(QUIET_NS);                /* ten poll ticks, nothing typed */
    EXPECT_TRUE(!evtchn_is_pending(port));
}

static void input_raises_virq_spinning(void)
{
    if (!port)
        return xtf_error("no VIRQ_CONSOLE port");
    type_and_check("virq-one", false);
}

static void input_wakes_blocked_poll(void)
{
    if (!port)
        return xtf_error("no VIRQ_CONSOLE port");
    type_and_check("virq-two", true);
    /* Everything read: no event left, none raised on a quiet line. */
    sleep_ns(QUIET_NS);
    EXPECT_TRUE(!evtchn_is_pending(port));
}

/* Closed: the bytes still reach the ring; binding again works. */
static void input_without_port(void)
{
    char buf[16];
    uint64_t end;
    size_t got = 0;
    struct evtchn_close cl = { .port = port };

    if (!port)
        return xtf_error("no VIRQ_CONSOLE port");
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
    printk("Console input: %s\n", "unbound");
    end = monotonic_ns() + SPIN_TIMEOUT_NS;
    while (got < 8 && monotonic_ns() < end) {
        long n = console_read(buf + got, 8 - got);

        got += n > 0 ? (size_t)n : 0;
    }
    EXPECT_EQ(got, 8);
    EXPECT_TRUE(memcmp(buf, "unbound\r", 8) == 0);
    EXPECT_EQ(bind_console(&port), 0);
    EXPECT_EQ(bind_console(&port), -XEN_EEXIST);
}

static const struct test tests[] = {
    /* VIRQ_CONSOLE binds; with nothing typed it stays quiet for 100 ms. */
    TEST(bind_and_quiet),
    /* Typed input raises it (spinning wait); the bytes read back with CR. */
    TEST(input_raises_virq_spinning),
    /* Typed input ends a SCHEDOP_poll on it; quiet again once read. */
    TEST(input_wakes_blocked_poll),
    /* Input with the port closed still reaches CONSOLEIO_read; rebind works. */
    TEST(input_without_port),
};

int main(void)
{
    return run_tests("evtchn/virq_console", tests, ARRAY_SIZE(tests));
}
