/*
 * The SBI base extension the hypervisor offers its guests: spec version
 * 1.0, implementation id 7 (Xen), implementation version = XENVER_version,
 * machine ids 0, and probe_extension saying 1 for exactly what is offered
 * (Base, SRST, legacy console putchar, the hypercall EID) and 0 for the
 * rest.
 */
#include "../../lib/test.h"

#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID   5
#define SBI_BASE_GET_MIMPID    6

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR   0x01
#define SBI_EXT_LEGACY_GETCHAR   0x02
#define SBI_EXT_LEGACY_SHUTDOWN  0x08
#define SBI_EXT_RFENCE           0x52464E43
#define SBI_EXT_PMU              0x504D55
#define SBI_EXT_DBCN             0x4442434E
#define SBI_EXT_SUSP             0x53555350

static struct sbiret base_call(unsigned long fid, unsigned long arg0)
{
    return sbi_ecall(SBI_EXT_BASE, fid, arg0, 0, 0, 0, 0, 0);
}

static void expect_value(unsigned long fid, unsigned long arg0, long value)
{
    struct sbiret r = base_call(fid, arg0);

    if (!EXPECT_EQ(r.error, SBI_SUCCESS) || !EXPECT_EQ_HEX(r.value, value))
        printk("  (base fid %lu, arg %#lx)\n", fid, arg0);
}

static void spec_version(void)
{
    expect_value(SBI_BASE_GET_SPEC_VERSION, 0, 0x01000000);
}

static void impl_id_and_version(void)
{
    expect_value(SBI_BASE_GET_IMPL_ID, 0, 7);
    expect_value(SBI_BASE_GET_IMPL_VERSION, 0, (4 << 16) | 20);
    EXPECT_EQ(base_call(SBI_BASE_GET_IMPL_VERSION, 0).value,
              HYPERVISOR_xen_version(XENVER_version, NULL));
}

static void machine_ids(void)
{
    expect_value(SBI_BASE_GET_MVENDORID, 0, 0);
    expect_value(SBI_BASE_GET_MARCHID, 0, 0);
    expect_value(SBI_BASE_GET_MIMPID, 0, 0);
}

static void probe_offered(void)
{
    expect_value(SBI_BASE_PROBE_EXT, SBI_EXT_BASE, 1);
    expect_value(SBI_BASE_PROBE_EXT, SBI_EXT_SRST, 1);
    expect_value(SBI_BASE_PROBE_EXT, SBI_EXT_LEGACY_PUTCHAR, 1);
    expect_value(SBI_BASE_PROBE_EXT, XEN_HYPERCALL_EID, 1);
}

static void probe_not_offered(void)
{
    static const unsigned long exts[] = {
        SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_HSM, SBI_EXT_RFENCE, SBI_EXT_PMU, SBI_EXT_DBCN,
        SBI_EXT_SUSP, SBI_EXT_LEGACY_SET_TIMER, SBI_EXT_LEGACY_GETCHAR,
        SBI_EXT_LEGACY_SHUTDOWN, 0x12345678, XEN_HYPERCALL_EID + 1, ~0UL,
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(exts); i++)
        expect_value(SBI_BASE_PROBE_EXT, exts[i], 0);
}

/* Legacy console putchar (EID 0x01): prints, returns 0 in a0. */
static void legacy_putchar(void)
{
    static const char msg[] = "sbi/base_probe: legacy putchar\n";

    for (unsigned int i = 0; i < sizeof(msg) - 1; i++)
        if (!EXPECT_EQ(sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)msg[i], 0, 0, 0,
                                 0, 0).error, 0))
            return;
}

static const struct test tests[] = {
    /* get_spec_version is 1.0 (0x01000000). */
    TEST(spec_version),
    /* get_impl_id is 7 (Xen); get_impl_version is (4 << 16) | 20 = XENVER_version. */
    TEST(impl_id_and_version),
    /* mvendorid, marchid and mimpid are 0. */
    TEST(machine_ids),
    /* probe: Base, SRST, legacy putchar and the hypercall EID are 1. */
    TEST(probe_offered),
    /* probe: TIME, IPI, HSM, RFENCE, PMU, DBCN, SUSP, other legacy, unknown are 0. */
    TEST(probe_not_offered),
    /* Legacy putchar returns 0 for each character. */
    TEST(legacy_putchar),
};

int main(void)
{
    return run_tests("sbi/base_probe", tests, ARRAY_SIZE(tests));
}
