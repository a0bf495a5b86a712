/*
 * SBI TIME for an auto-translated domain: set_timer raises the supervisor
 * timer interrupt at the deadline (a VCPU waiting in WFI wakes for it), a
 * deadline in the past at once, and the next set_timer clears it.
 */
#include "pvh.h"

#define SIE_STIE (1UL << 5)
#define SSTATUS_SIE 2UL

static volatile unsigned long fired, fired_at;

static void on_timer(unsigned long irq)
{
    fired_at = csr_read_time();
    fired++;
    sbi_call(SBI_EXT_TIME, 0, ~0UL, 0, 0);       /* clears the interrupt */
}

static void wait_fired(unsigned long want, unsigned long limit_us)
{
    unsigned long end = csr_read_time() + limit_us * 10;

    while (fired < want && csr_read_time() < end)
        __asm__ volatile("wfi");
}

/* A deadline 5 ms ahead: taken once, not before it, while we wait in
 * WFI (which traps: the VCPU blocks and the timer wakes it). */
static void deadline(void)
{
    unsigned long t = csr_read_time() + 50000;

    pvh_irq_handler[5] = on_timer;
    csr_set(sie, SIE_STIE);
    csr_set(sstatus, SSTATUS_SIE);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, t, 0, 0).error, 0);
    wait_fired(1, 1000000);
    EXPECT_EQ(fired, 1);
    EXPECT_TRUE(fired_at >= t);
}

/* A deadline already past: at once. */
static void past(void)
{
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, 1, 0, 0).error, 0);
    wait_fired(2, 100000);
    EXPECT_EQ(fired, 2);
}

/* set_timer again before the deadline moves it: none at the first. */
static void rearm(void)
{
    unsigned long now = csr_read_time();

    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, now + 20000, 0, 0).error, 0);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, now + 200000, 0, 0).error, 0);
    udelay(5000);
    EXPECT_EQ(fired, 2);
    wait_fired(3, 1000000);
    EXPECT_EQ(fired, 3);
    EXPECT_TRUE(fired_at >= now + 200000);
}

/* Interrupts off: a past deadline stays pending and is taken as soon
 * as they are on; cleared by set_timer first, it is not. */
static void pending_until_cleared(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, 1, 0, 0).error, 0);
    udelay(2000);
    EXPECT_EQ(fired, 3);
    csr_set(sstatus, SSTATUS_SIE);
    wait_fired(4, 100000);
    EXPECT_EQ(fired, 4);
    csr_clear(sstatus, SSTATUS_SIE);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, 1, 0, 0).error, 0);
    udelay(2000);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 0, ~0UL, 0, 0).error, 0);
    csr_set(sstatus, SSTATUS_SIE);
    udelay(5000);
    EXPECT_EQ(fired, 4);
    EXPECT_EQ(sbi_call(SBI_EXT_TIME, 1, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
}

static const struct pvh_test tests[] = {
    PVH_TEST(deadline),
    PVH_TEST(past),
    PVH_TEST(rearm),
    PVH_TEST(pending_until_cleared),
};

void pvh_main(void)
{
    pvh_run("pvh/sbi_time", tests, ARRAY_SIZE(tests));
}
