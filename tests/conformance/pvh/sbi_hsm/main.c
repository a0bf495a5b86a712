/*
 * SBI HSM for an auto-translated domain (vcpus=2): hart ids are VCPU ids;
 * VCPU 1 starts stopped; hart_start runs it at the address given with
 * a0 = its hart id, a1 = the opaque value, translation off; hart_stop
 * stops it, and a later hart_start gives it a fresh start.  A started
 * hart cannot be started again; unknown harts are invalid.
 */
#include "pvh.h"

#define HSM_STARTED 0
#define HSM_STOPPED 1

extern char _start[];
static volatile unsigned long seen_hart, seen_opaque, seen_satp, runs, hold;

void pvh_secondary(unsigned long hartid, unsigned long opaque)
{
    seen_hart = hartid;
    seen_opaque = opaque;
    seen_satp = csr_read(satp);
    __atomic_add_fetch(&runs, 1, __ATOMIC_SEQ_CST);
    while (hold)
        ;
}

static long status(unsigned long hart)
{
    struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hart, 0, 0);

    return r.error ? r.error : r.value;
}

static bool wait_until(volatile unsigned long *v, unsigned long want)
{
    for (unsigned int i = 0; i < 100000 && *v != want; i++)
        hypercall(__HYPERVISOR_sched_op, 0 /* yield */, 0, 0, 0, 0);
    return *v == want;
}

static bool wait_stopped(unsigned long hart)
{
    for (unsigned int i = 0; i < 100000; i++) {
        if (status(hart) == HSM_STOPPED)
            return true;
        hypercall(__HYPERVISOR_sched_op, 0, 0, 0, 0, 0);
    }
    return false;
}

/* VCPU 0 started, VCPU 1 stopped, VCPU 2 does not exist. */
static void initial_status(void)
{
    EXPECT_EQ(status(0), HSM_STARTED);
    EXPECT_EQ(status(1), HSM_STOPPED);
    EXPECT_EQ(status(2), SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(status(~0UL), SBI_ERR_INVALID_PARAM);
}

/* hart_start: runs at _start with a0 = 1, a1 = opaque, satp 0; it stops
 * itself (hart_stop) when done. */
static void start_and_stop(void)
{
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)_start, 0x1234abcd).error, 0);
    EXPECT_TRUE(wait_until(&runs, 1));
    EXPECT_EQ(seen_hart, 1);
    EXPECT_EQ(seen_opaque, 0x1234abcd);
    EXPECT_EQ(seen_satp, 0);
    EXPECT_TRUE(wait_stopped(1));
}

/* Started again after its stop: a fresh start with the new opaque. */
static void restart(void)
{
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)_start, 77).error, 0);
    EXPECT_TRUE(wait_until(&runs, 2));
    EXPECT_EQ(seen_opaque, 77);
    EXPECT_TRUE(wait_stopped(1));
}

/* While it runs: start is ALREADY_AVAILABLE, status STARTED; itself and
 * unknown harts are refused; suspend is not supported. */
static void start_refused(void)
{
    hold = 1;
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)_start, 5).error, 0);
    EXPECT_TRUE(wait_until(&runs, 3));
    EXPECT_EQ(status(1), HSM_STARTED);
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 1, (unsigned long)_start, 6).error,
              SBI_ERR_ALREADY_AVAILABLE);
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 0, (unsigned long)_start, 6).error,
              SBI_ERR_ALREADY_AVAILABLE);
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 0, 9, (unsigned long)_start, 6).error,
              SBI_ERR_INVALID_PARAM);
    EXPECT_EQ(sbi_call(SBI_EXT_HSM, 3, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    hold = 0;
    EXPECT_TRUE(wait_stopped(1));
    EXPECT_EQ(seen_opaque, 5);
}

static const struct pvh_test tests[] = {
    PVH_TEST(initial_status),
    PVH_TEST(start_and_stop),
    PVH_TEST(restart),
    PVH_TEST(start_refused),
};

void pvh_main(void)
{
    pvh_run("pvh/sbi_hsm", tests, ARRAY_SIZE(tests));
}
