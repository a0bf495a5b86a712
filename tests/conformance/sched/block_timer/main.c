/*
 * set_timer_op and SCHEDOP_block: the one-shot timer raises VIRQ_TIMER no
 * earlier than its (absolute) deadline and exactly once; block sleeps
 * until an event is pending, or returns at once if one already is; 0
 * cancels the timer; a new deadline replaces the old one; a deadline in
 * the past fires at once; a negative or absurdly distant one is taken as
 * 100 ms from now (Xen's rule).
 *
 * The test attaches its own handler to the library's VIRQ_TIMER port, so
 * it can count the upcalls.
 */
#include "../../lib/evtchn.h"
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
/* How late a wake-up may be: scheduling and TCG jitter, not a 100 ms fallback. */
#define SLACK (50 * MS)

static long timer_port = -1;
static volatile unsigned int fired;

static void on_timer(evtchn_port_t port, void *data)
{
    fired++;
}

/* Block until the handler has run `want` times; returns the time then. */
static uint64_t block_until_fired(unsigned int want)
{
    for (;;) {
        local_irq_disable();
        if (fired >= want)
            break;
        /* Returns with interrupts on: a pending upcall is taken right here. */
        EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    }
    local_irq_enable();
    return monotonic_ns();
}

/* Spin (events on, no blocking) until system time `end`. */
static void spin_until(uint64_t end)
{
    while (monotonic_ns() < end)
        ;
}

static void spin_ns(uint64_t ns)
{
    spin_until(monotonic_ns() + ns);
}

static bool have_timer(void)
{
    return have_timer_port(timer_port);
}

static void bind_timer_port(void)
{
    timer_port = take_timer_port(on_timer);
}

static void one_shot(void)
{
    uint64_t deadline, woke;

    if (!have_timer())
        return;
    fired = 0;
    deadline = monotonic_ns() + 10 * MS;
    EXPECT_EQ(HYPERVISOR_set_timer_op(deadline), 0);
    woke = block_until_fired(1);
    EXPECT_RANGE(woke, deadline, deadline + SLACK);
    EXPECT_EQ(fired, 1);
    spin_ns(30 * MS);
    EXPECT_EQ(fired, 1);
}

static void cancel(void)
{
    uint64_t second, woke;

    if (!have_timer())
        return;
    fired = 0;
    EXPECT_EQ(HYPERVISOR_set_timer_op(monotonic_ns() + 10 * MS), 0);
    EXPECT_EQ(HYPERVISOR_set_timer_op(0), 0);
    spin_ns(30 * MS);
    EXPECT_EQ(fired, 0);
    second = monotonic_ns() + 20 * MS;
    EXPECT_EQ(HYPERVISOR_set_timer_op(second), 0);
    woke = block_until_fired(1);
    EXPECT_RANGE(woke, second, second + SLACK);
    EXPECT_EQ(fired, 1);
}

static void replace(void)
{
    uint64_t first, second, woke;

    if (!have_timer())
        return;
    fired = 0;
    first = monotonic_ns() + 60 * MS;
    second = monotonic_ns() + 10 * MS;
    EXPECT_EQ(HYPERVISOR_set_timer_op(first), 0);
    EXPECT_EQ(HYPERVISOR_set_timer_op(second), 0);
    woke = block_until_fired(1);
    EXPECT_RANGE(woke, second, first - 1);
    spin_until(first + 20 * MS);
    EXPECT_EQ(fired, 1);
}

static void past_deadline(void)
{
    uint64_t t0, woke;

    if (!have_timer())
        return;
    fired = 0;
    t0 = monotonic_ns();
    EXPECT_EQ(HYPERVISOR_set_timer_op(1), 0);
    woke = block_until_fired(1);
    EXPECT_RANGE(woke - t0, 0, SLACK);
    EXPECT_EQ(fired, 1);
}

/* A deadline already reached before SCHEDOP_block: block returns at once. */
static void block_with_event_pending(void)
{
    uint64_t t0;

    if (!have_timer())
        return;
    fired = 0;
    local_irq_disable();
    EXPECT_EQ(HYPERVISOR_set_timer_op(monotonic_ns() + 1 * MS), 0);
    t0 = monotonic_ns();
    while (!shared_info->vcpu_info[0].evtchn_upcall_pending && monotonic_ns() - t0 < SLACK)
        ;
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    /* block turned events on: the upcall has run by now. */
    EXPECT_EQ(fired, 1);
    EXPECT_TRUE(!irqs_disabled());
    local_irq_enable();
}

static void out_of_range_is_100ms(void)
{
    const uint64_t deadlines[] = { (uint64_t)-1, monotonic_ns() + (1ULL << 51) };

    if (!have_timer())
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(deadlines); i++) {
        uint64_t t0 = monotonic_ns(), woke;

        fired = 0;
        EXPECT_EQ(HYPERVISOR_set_timer_op(deadlines[i]), 0);
        woke = block_until_fired(1);
        EXPECT_RANGE(woke - t0, 100 * MS, 100 * MS + SLACK);
    }
}

static const struct test tests[] = {
    /* The library bound VIRQ_TIMER on VCPU 0; take its port over. */
    TEST(bind_timer_port),
    /* A 10 ms timer wakes SCHEDOP_block no earlier than the deadline, exactly once. */
    TEST(one_shot),
    /* set_timer_op(0) cancels; a second 20 ms timer then wakes the block. */
    TEST(cancel),
    /* A new deadline replaces the pending one; the old never fires. */
    TEST(replace),
    /* A deadline in the past fires at once. */
    TEST(past_deadline),
    /* SCHEDOP_block with an event already pending returns at once, events on. */
    TEST(block_with_event_pending),
    /* A negative deadline, or one 2^51 ns ahead, fires 100 ms from now. */
    TEST(out_of_range_is_100ms),
};

int main(void)
{
    return run_tests("sched/block_timer", tests, ARRAY_SIZE(tests));
}
