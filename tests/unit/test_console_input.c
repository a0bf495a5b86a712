/*
 * core/console_input.c: the poll timer moves UART bytes into the input ring
 * and raises VIRQ_CONSOLE exactly when bytes arrived; reads drain the UART
 * too; a full ring keeps the newest bytes.
 *
 * The real timer code (core/timer.c) runs on the host's simulated clock:
 * a test moves the clock and calls timer_softirq() as the timer interrupt
 * would.  The UART is the host arch's fed console; send_global_virq() is a
 * stub that records each VIRQ raised (its delivery is test_evtchn's).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/time.h>
#include <hv/console.h>
#include <hv/event.h>
#include <hv/keyhandler.h>
#include <hv/timer.h>
#include <public/xen.h>
#include <asm/host.h>

void timer_kick_cpu(unsigned int cpu) {}
/* Debug keys (core/keyhandler.c) are not under test here: no byte is one. */
bool keyhandler_filter(char c) { return false; }
void keyhandler_run_pending(void) {}
s_time_t NOW(void) { return arch_now(); }

static unsigned int virqs_raised[NR_VIRQS];

void send_global_virq(unsigned int virq)
{
    assert_true(virq < NR_VIRQS);
    virqs_raised[virq]++;
}

/* One timer interrupt at now + delta. */
static void tick(s_time_t delta)
{
    host_advance_now(delta);
    timer_softirq();
}

static void feed(const char *s)
{
    host_console_feed(s, strlen(s));
}

static int setup(void **state)
{
    char sink[CONSOLE_INPUT_RING];

    host_console_reset();
    while (console_read_input(sink, sizeof(sink)))
        ;
    memset(virqs_raised, 0, sizeof(virqs_raised));
    return 0;
}

/* Started once for the whole binary: the timer is static in console_input.c. */
static int group_setup(void **state)
{
    host_set_now(SECONDS(1));
    timers_init_cpu(0);
    console_input_init(0);
    return 0;
}

/* Nothing typed: ticks raise nothing; bytes typed: the next tick raises
 * VIRQ_CONSOLE once, and the bytes read back in order. */
static void tick_raises_on_new_bytes(void **state)
{
    char buf[16];

    tick(CONSOLE_INPUT_POLL_NS);
    tick(CONSOLE_INPUT_POLL_NS);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 0);
    feed("ab");
    tick(CONSOLE_INPUT_POLL_NS / 2);                 /* not due yet */
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 0);
    tick(CONSOLE_INPUT_POLL_NS / 2);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 1);
    tick(CONSOLE_INPUT_POLL_NS);                     /* nothing new: no VIRQ */
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 1);
    feed("c");
    tick(CONSOLE_INPUT_POLL_NS);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 2);
    assert_int_equal(console_read_input(buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "abc", 3);
    assert_int_equal(console_read_input(buf, sizeof(buf)), 0);
    for (unsigned int v = 0; v < NR_VIRQS; v++)
        if (v != VIRQ_CONSOLE)
            assert_int_equal(virqs_raised[v], 0);
}

/* The timer re-arms itself: a hundred ticks later it still polls. */
static void timer_keeps_running(void **state)
{
    for (unsigned int i = 0; i < 100; i++)
        tick(CONSOLE_INPUT_POLL_NS);
    feed("x");
    tick(CONSOLE_INPUT_POLL_NS);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 1);
}

/* A read takes bytes the timer has not seen yet (no VIRQ for them), and
 * only as many as asked. */
static void read_drains_the_uart(void **state)
{
    char buf[8];

    feed("hello");
    assert_int_equal(console_read_input(buf, 2), 2);
    assert_memory_equal(buf, "he", 2);
    assert_int_equal(console_read_input(buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "llo", 3);
    tick(CONSOLE_INPUT_POLL_NS);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 0);
}

/* console_input_poll() directly: the count moved, a VIRQ per non-empty poll. */
static void poll_counts(void **state)
{
    char buf[4];

    assert_int_equal(console_input_poll(), 0);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 0);
    feed("xyz");
    assert_int_equal(console_input_poll(), 3);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 1);
    assert_int_equal(console_read_input(buf, sizeof(buf)), 3);
}

/* More than the ring holds, unread: the oldest bytes go, the newest stay. */
static void full_ring_keeps_newest(void **state)
{
    static char big[CONSOLE_INPUT_RING + 100], out[CONSOLE_INPUT_RING + 100];

    for (unsigned int i = 0; i < sizeof(big); i++)
        big[i] = (char)('a' + i % 26);
    host_console_feed(big, 600);
    tick(CONSOLE_INPUT_POLL_NS);
    host_console_feed(big + 600, sizeof(big) - 600);
    tick(CONSOLE_INPUT_POLL_NS);
    assert_int_equal(virqs_raised[VIRQ_CONSOLE], 2);
    assert_int_equal(console_read_input(out, sizeof(out)), CONSOLE_INPUT_RING);
    assert_memory_equal(out, big + 100, CONSOLE_INPUT_RING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(tick_raises_on_new_bytes, setup),
        cmocka_unit_test_setup(timer_keeps_running, setup),
        cmocka_unit_test_setup(read_drains_the_uart, setup),
        cmocka_unit_test_setup(poll_counts, setup),
        cmocka_unit_test_setup(full_ring_keeps_newest, setup),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}
