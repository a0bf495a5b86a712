/*
 * SBI IPI and RFENCE for an auto-translated domain (vcpus=2): send_ipi
 * raises the supervisor software interrupt on the caller itself, and
 * accepts every existing hart; a hart that does not exist makes the call
 * invalid; the remote fences complete; the nested-hypervisor fences are
 * not supported.  Event channels are masked (quiet_events) so that only
 * IPIs raise SSIP here.
 *
 * Not checked here (an open bug, h-pvh report): that VCPU 1 takes the
 * interrupt.  The hypervisor sets hvip.VSSIP on VCPU 1's hart (traced),
 * but on QEMU 7.2 that hart's VS-mode neither takes it nor sees it in sip
 * in some runs; the same write on the calling hart is taken at once.
 */
#include "pvh.h"

#define SIP_SSIP 2UL
#define SSTATUS_SIE 2UL

extern char _start[];
static volatile unsigned long ipis[2], ready, done;

static void on_ssip(unsigned long irq)
{
    csr_clear(sip, SIP_SSIP);
    __atomic_add_fetch(&ipis[hart_id() & 1], 1, __ATOMIC_SEQ_CST);
}

void pvh_secondary(unsigned long hartid, unsigned long opaque)
{
    csr_set(sie, SIP_SSIP);
    csr_set(sstatus, SSTATUS_SIE);
    ready = 1;
    while (!done)
        __asm__ volatile("wfi");
}

static bool wait_ipis(unsigned int hart, unsigned long want)
{
    for (unsigned long i = 0; i < 2000000 && ipis[hart] < want; i++)
        __asm__ volatile("nop");
    return ipis[hart] >= want;
}

static void setup(void)
{
    pvh_irq_handler[1] = on_ssip;
    EXPECT_TRUE(quiet_events() != NULL);
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)_start, 0).error, 0);
    for (unsigned long i = 0; i < 100000 && !ready; i++)
        hypercall(__HYPERVISOR_sched_op, 0, 0, 0, 0, 0);
    EXPECT_EQ(ready, 1);
}

/* To VCPU 1 (mask 2, base 0; then mask 1, base 1): accepted, and none
 * lands on the caller. */
static void to_other_hart(void)
{
    for (unsigned int i = 1; i <= 10; i++)
        EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, i & 1 ? 2 : 1, i & 1 ? 0 : 1, 0).error, 0);
    udelay(1000);
    EXPECT_EQ(ipis[0], 0);
}

/* To ourselves, and to every hart (base -1). */
static void to_self_and_all(void)
{
    csr_set(sie, SIP_SSIP);
    csr_set(sstatus, SSTATUS_SIE);
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 1, 0, 0).error, 0);
    EXPECT_TRUE(wait_ipis(0, 1));
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 0, ~0UL, 0).error, 0);
    EXPECT_TRUE(wait_ipis(0, 2));
}

/* A hart that does not exist: SBI_ERR_INVALID_PARAM, nobody interrupted. */
static void invalid_harts(void)
{
    unsigned long before = ipis[0];

    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 6, 0, 0).error, SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 1, 8, 0).error, SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 1, 1, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 3, 0, 0).error == 0 ? 0 : 1, 0);
    EXPECT_TRUE(wait_ipis(0, before + 1));
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 4, 0, 0).error, SBI_ERR_INVALID_PARAM);
    udelay(1000);
    EXPECT_EQ(ipis[0], before + 1);
}

/* RFENCE: fence.i and sfence.vma[_asid] on both harts complete; an
 * invalid hart is refused; the hfence calls are not supported. */
static void rfence(void)
{
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 0, 3, 0, 0).error, 0);
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 1, 3, 0, 0).error, 0);
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 2, 0, ~0UL, 0).error, 0);
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 1, 4, 0, 0).error, SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 3, 3, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    EXPECT_EQ(sbi_call(SBI_EXT_RFENCE, 6, 3, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    done = 1;
    EXPECT_EQ(sbi_call(SBI_EXT_IPI, 0, 2, 0, 0).error, 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(setup),
    PVH_TEST(to_other_hart),
    PVH_TEST(to_self_and_all),
    PVH_TEST(invalid_harts),
    PVH_TEST(rfence),
};

void pvh_main(void)
{
    pvh_run("pvh/sbi_ipi_rfence", tests, ARRAY_SIZE(tests));
}
