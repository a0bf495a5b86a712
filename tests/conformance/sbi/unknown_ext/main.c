/*
 * An SBI call the hypervisor does not offer returns SBI_ERR_NOT_SUPPORTED
 * (-2) in a0 and changes nothing: unknown extensions, standard ones a PV
 * guest does not get (it has hypercalls instead), legacy calls other than
 * putchar, and unknown functions of offered extensions.
 */
#include "../../lib/test.h"

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_GETCHAR   0x02
#define SBI_EXT_LEGACY_SHUTDOWN  0x08
#define SBI_EXT_RFENCE           0x52464E43
#define SBI_EXT_DBCN             0x4442434E

static void expect_not_supported(unsigned long ext, unsigned long fid, unsigned long a0)
{
    struct sbiret r = sbi_ecall(ext, fid, a0, 0, 0, 0, 0, 0);

    if (!EXPECT_EQ(r.error, SBI_ERR_NOT_SUPPORTED))
        printk("  (ext %#lx fid %lu)\n", ext, fid);
}

static void unknown_extensions(void)
{
    expect_not_supported(0x12345678, 0, 0);
    expect_not_supported(0x0A000000, 0, 0);          /* firmware-specific range */
    expect_not_supported(XEN_HYPERCALL_EID - 1, 0, 0);
    expect_not_supported(~0UL, 0, 0);
}

static void standard_extensions_not_offered(void)
{
    expect_not_supported(SBI_EXT_TIME, 0, ~0UL);     /* set_timer */
    expect_not_supported(SBI_EXT_IPI, 0, 1);         /* send_ipi */
    expect_not_supported(SBI_EXT_HSM, 0, 1);         /* hart_start */
    expect_not_supported(SBI_EXT_HSM, 2, 0);         /* hart_get_status */
    expect_not_supported(SBI_EXT_RFENCE, 0, 0);
    expect_not_supported(SBI_EXT_DBCN, 0, 0);
}

static void legacy_not_offered(void)
{
    expect_not_supported(SBI_EXT_LEGACY_SET_TIMER, 0, ~0UL);
    expect_not_supported(SBI_EXT_LEGACY_GETCHAR, 0, 0);
    expect_not_supported(SBI_EXT_LEGACY_SHUTDOWN, 0, 0);
}

static void unknown_functions(void)
{
    expect_not_supported(SBI_EXT_BASE, 7, 0);
    expect_not_supported(SBI_EXT_BASE, 99, 0);
    expect_not_supported(SBI_EXT_SRST, 1, 0);        /* only system_reset (0) exists */
}

/* None of that shut the domain down or left it unable to run. */
static void still_running(void)
{
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL) >> 16, 4);
}

static const struct test tests[] = {
    /* Unknown EIDs, including the one below the hypercall EID, are -2. */
    TEST(unknown_extensions),
    /* TIME, IPI, HSM, RFENCE and DBCN calls are -2. */
    TEST(standard_extensions_not_offered),
    /* Legacy set_timer, getchar and shutdown are -2 (the domain stays up). */
    TEST(legacy_not_offered),
    /* Unknown function ids of Base and SRST are -2. */
    TEST(unknown_functions),
    /* The domain still runs after all of them. */
    TEST(still_running),
};

int main(void)
{
    return run_tests("sbi/unknown_ext", tests, ARRAY_SIZE(tests));
}
