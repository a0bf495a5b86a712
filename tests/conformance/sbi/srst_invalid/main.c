/*
 * SBI system_reset with a reserved reset type or reason is
 * SBI_ERR_INVALID_PARAM (-3) and does not reset anything: the domain runs
 * on.  (Vendor-specific values are avoided: the spec lets an
 * implementation answer those differently.)
 */
#include "../../lib/test.h"

static long srst(unsigned long type, unsigned long reason)
{
    return sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, reason, 0, 0, 0, 0).error;
}

static void reserved_type(void)
{
    EXPECT_EQ(srst(3, SBI_SRST_REASON_NONE), SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(srst(0x1000, SBI_SRST_REASON_NONE), SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(srst(0xEFFFFFFF, SBI_SRST_REASON_NONE), SBI_ERR_INVALID_PARAM);
}

static void reserved_reason(void)
{
    EXPECT_EQ(srst(SBI_SRST_TYPE_SHUTDOWN, 2), SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(srst(SBI_SRST_TYPE_COLD_REBOOT, 0x1000), SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(srst(SBI_SRST_TYPE_WARM_REBOOT, 0xEFFFFFFF), SBI_ERR_INVALID_PARAM);
}

static void still_running(void)
{
    uint64_t t0 = monotonic_ns();

    sleep_ns(5 * NSEC_PER_MSEC);
    EXPECT_TRUE(monotonic_ns() - t0 >= 5 * NSEC_PER_MSEC);
}

static const struct test tests[] = {
    /* Reset types 3, 0x1000 and 0xEFFFFFFF are -3. */
    TEST(reserved_type),
    /* Reset reasons 2, 0x1000 and 0xEFFFFFFF are -3, whatever the type. */
    TEST(reserved_reason),
    /* The domain was not reset: it still runs and sleeps. */
    TEST(still_running),
};

int main(void)
{
    return run_tests("sbi/srst_invalid", tests, ARRAY_SIZE(tests));
}
