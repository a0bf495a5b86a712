/* The SBI the hypervisor offers its guests: base extension and refusals. */
#include "../lib/test.h"

#define SBI_EXT_BASE 0x10
#define SBI_EXT_SRST 0x53525354

/* Spec version 1.0, implementation id 7 (Xen), version = XENVER_version. */
static void test_base(void)
{
    struct sbiret r = sbi_ecall(SBI_EXT_BASE, 0, 0, 0, 0, 0, 0, 0);

    EXPECT_EQ(r.error, 0);
    EXPECT_EQ(r.value, 1 << 24);
    r = sbi_ecall(SBI_EXT_BASE, 1, 0, 0, 0, 0, 0, 0);
    EXPECT_EQ(r.value, 7);
    r = sbi_ecall(SBI_EXT_BASE, 2, 0, 0, 0, 0, 0, 0);
    EXPECT_EQ(r.value, (4 << 16) | 20);
}

/* probe_extension: 1 for what is offered, 0 for the rest. */
static void test_probe(void)
{
    EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, 3, SBI_EXT_BASE, 0, 0, 0, 0, 0).value, 1);
    EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, 3, SBI_EXT_SRST, 0, 0, 0, 0, 0).value, 1);
    EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, 3, XEN_HYPERCALL_EID, 0, 0, 0, 0, 0).value, 1);
    EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, 3, 0x48534D, 0, 0, 0, 0, 0).value, 0);
}

/* Unknown extensions and functions: SBI_ERR_NOT_SUPPORTED; a bad SRST
 * type: SBI_ERR_INVALID_PARAM (and the domain keeps running). */
static void test_refusals(void)
{
    EXPECT_EQ(sbi_ecall(0x12345678, 0, 0, 0, 0, 0, 0, 0).error, -2);
    EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, 99, 0, 0, 0, 0, 0, 0).error, -2);
    EXPECT_EQ(sbi_ecall(SBI_EXT_SRST, 0, 77, 0, 0, 0, 0, 0).error, -3);
    EXPECT_EQ(sbi_ecall(SBI_EXT_SRST, 0, 0, 9, 0, 0, 0, 0).error, -3);
}

TESTS({ "base", test_base }, { "probe", test_probe }, { "refusals", test_refusals });

int main(void)
{
    RUN("sbi/base");
}
