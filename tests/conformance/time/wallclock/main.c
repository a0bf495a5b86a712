/*
 * The wall clock in shared_info (wc_version, wc_sec, wc_nsec, wc_sec_hi):
 * published under an even version, set from the platform RTC, so that
 * wall clock plus system time is today - some time after the start of
 * 2024 and before 2100 - and it moves with system time.
 */
#include "../../lib/test.h"

#define JAN_1_2024 1704067200ULL
#define JAN_1_2100 4102444800ULL

static void published(void)
{
    volatile shared_info_t *s = shared_info;

    EXPECT_EQ(s->wc_version & 1, 0);
    EXPECT_TRUE(s->wc_version >= 2);
    EXPECT_RANGE(s->wc_nsec, 0, NSEC_PER_SEC - 1);
    EXPECT_EQ(s->wc_sec_hi, 0);   /* until 2106 */
}

static void sane_date(void)
{
    uint64_t ns = wallclock_ns();
    struct wall_tm tm;

    EXPECT_RANGE(ns / NSEC_PER_SEC, JAN_1_2024, JAN_1_2100);
    wallclock_to_tm(ns, &tm);
    printk("wall clock: %04lld-%02u-%02u %02u:%02u:%02u UTC\n", (long long)tm.year, tm.month,
           tm.day, tm.hour, tm.min, tm.sec);
    EXPECT_RANGE(tm.year, 2024, 2099);
    EXPECT_RANGE(tm.month, 1, 12);
    EXPECT_RANGE(tm.day, 1, 31);
    EXPECT_RANGE(tm.hour, 0, 23);
}

/* The library's date conversion at known instants. */
static void date_conversion(void)
{
    struct wall_tm tm;

    wallclock_to_tm(0, &tm);
    EXPECT_EQ(tm.year, 1970);
    EXPECT_EQ(tm.month, 1);
    EXPECT_EQ(tm.day, 1);
    wallclock_to_tm((JAN_1_2024 + 59 * 86400 + 3661) * NSEC_PER_SEC, &tm);  /* leap day */
    EXPECT_EQ(tm.year, 2024);
    EXPECT_EQ(tm.month, 2);
    EXPECT_EQ(tm.day, 29);
    EXPECT_EQ(tm.hour, 1);
    EXPECT_EQ(tm.min, 1);
    EXPECT_EQ(tm.sec, 1);
}

/* Wall time advances with system time. */
static void advances(void)
{
    uint64_t w0 = wallclock_ns(), t0 = monotonic_ns(), w1, t1;

    sleep_ns(20 * NSEC_PER_MSEC);
    w1 = wallclock_ns();
    t1 = monotonic_ns();
    EXPECT_TRUE(w1 > w0);
    EXPECT_RANGE(w1 - w0, 20 * NSEC_PER_MSEC, (t1 - t0) + NSEC_PER_MSEC);
}

static const struct test tests[] = {
    /* wc_* are published: even version, nsec below one second. */
    TEST(published),
    /* Wall clock plus system time is a date from 2024 to 2099. */
    TEST(sane_date),
    /* The epoch and 2024-02-29 01:01:01 convert right. */
    TEST(date_conversion),
    /* Wall time moves with system time. */
    TEST(advances),
};

int main(void)
{
    return run_tests("time/wallclock", tests, ARRAY_SIZE(tests));
}
