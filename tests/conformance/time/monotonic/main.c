/*
 * System time from vcpu_time_info (tsc_timestamp, system_time, mul/shift
 * and the time CSR) on four VCPUs spread over four pCPUs: the scale is
 * the timebase's (10 MHz on QEMU virt: one second of ticks is one second),
 * each VCPU's copy is published under an even version, and time never
 * goes backwards - on one VCPU, or from one VCPU to the next (readings
 * ordered by a lock).  A VCPU that runs without being switched still gets
 * fresh time info at least once a second.
 */
#include "../../lib/test.h"

#define MS NSEC_PER_MSEC
#define ROUNDS 400

static spinlock_t order_lock = SPIN_LOCK_UNLOCKED;
static uint64_t last_read;          /* order_lock */
static unsigned long backwards;     /* order_lock */
static unsigned long local_backwards[GUEST_MAX_VCPUS];
static unsigned long readings[GUEST_MAX_VCPUS];
static unsigned int n;

static void reader(void *arg)
{
    unsigned int me = smp_processor_id();
    uint64_t mine = 0;

    for (unsigned int i = 0; i < ROUNDS; i++) {
        uint64_t t;

        spin_lock(&order_lock);
        t = monotonic_ns();
        if (t < last_read)
            backwards++;
        last_read = t;
        spin_unlock(&order_lock);
        if (t < mine)
            local_backwards[me]++;
        mine = t;
        readings[me]++;
        if (i % 50 == 0)
            sleep_ns(1 * MS);       /* switch out and in: a fresh time info */
        else if (i % 10 == 0)
            HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

static void scale(void)
{
    const volatile struct vcpu_time_info *t = &this_cpu()->vcpu_info->time;
    uint64_t ticks = 10000000, ns = ticks;

    EXPECT_EQ(t->version & 1, 0);
    EXPECT_TRUE(t->version >= 2);
    if (t->tsc_shift >= 0)
        ns <<= t->tsc_shift;
    else
        ns >>= -t->tsc_shift;
    ns = (uint64_t)(((unsigned __int128)ns * t->tsc_to_system_mul) >> 32);
    EXPECT_EQ(ns, NSEC_PER_SEC);
    EXPECT_TRUE(t->tsc_timestamp <= rdtime());
    EXPECT_TRUE(t->system_time <= monotonic_ns());
    EXPECT_EQ(t->flags & XEN_PVCLOCK_TSC_STABLE_BIT, XEN_PVCLOCK_TSC_STABLE_BIT);
}

static void across_vcpus(void)
{
    n = nr_vcpus();
    if (!EXPECT_EQ(n, 4))
        return;
    for (unsigned int i = 1; i < n; i++)
        EXPECT_EQ(vcpu_start(i, reader, NULL), 0);
    reader(NULL);
    for (unsigned int i = 1; i < n; i++)
        vcpu_wait(i);
    for (unsigned int i = 0; i < n; i++) {
        EXPECT_EQ(readings[i], ROUNDS);
        EXPECT_EQ(local_backwards[i], 0);
        const volatile struct vcpu_time_info *t = &guest_cpu(i)->vcpu_info->time;
        EXPECT_EQ(t->version & 1, 0);
        /* Refreshed at least once after the first publication.  Not once
         * per sleep: a 1 ms sleep does not always switch the VCPU out (seen
         * with an idle dom0: some sleeps return with the version unchanged). */
        if (!EXPECT_TRUE(t->version >= 4))
            printk("VCPU %u: version %u\n", i, t->version);
    }
    EXPECT_EQ(backwards, 0);
}

/* 1.2 s on the CPU without a hypercall: the version moves at least once. */
static void refreshed_while_running(void)
{
    const volatile struct vcpu_time_info *t = &this_cpu()->vcpu_info->time;
    uint32_t v0 = t->version;
    uint64_t end = monotonic_ns() + 1200 * MS;

    while (monotonic_ns() < end)
        ;
    EXPECT_TRUE(t->version != v0);
    EXPECT_TRUE(t->system_time > end - 1200 * MS);
}

static const struct test tests[] = {
    /* 10^7 ticks scale to exactly 1 s; the copy is even and not from the future. */
    TEST(scale),
    /* Four VCPUs reading in turn never see time go back, nor does any one VCPU. */
    TEST(across_vcpus),
    /* A VCPU that is never switched still gets a time update within a second. */
    TEST(refreshed_while_running),
};

int main(void)
{
    return run_tests("time/monotonic", tests, ARRAY_SIZE(tests));
}
