/*
 * Work on every VCPU of a multi-VCPU domain (two here, four in
 * vcpu/smp_work4, both under -smp 4), through the library's vcpu_start():
 * each VCPU computes, sleeps on its own one-shot timer (its VIRQ_TIMER
 * reaches it and no other), and reports who it was and which vcpu_info it
 * used.  Then every VCPU is given work a second time (down, then up again
 * in the same context).  Runstate shows each VCPU ran.
 */
#include "../../lib/test.h"

#ifndef EXPECTED_VCPUS
#define EXPECTED_VCPUS 2
#endif
#if EXPECTED_VCPUS == 2
#define TITLE "vcpu/smp_work"
#else
#define TITLE "vcpu/smp_work4"
#endif
#define MS NSEC_PER_MSEC
#define PRIME_LIMIT 20000
#define PRIMES_BELOW_LIMIT 2262

struct result {
    unsigned int round;            /* set by main, echoed by the worker */
    unsigned int ran_round;
    unsigned int id;
    vcpu_info_t *vcpu_info;
    long timer_port;
    unsigned long primes;
    uint64_t slept;
};

static struct result results[GUEST_MAX_VCPUS];
static unsigned int n;

static unsigned long count_primes(unsigned long limit)
{
    unsigned long count = 0;

    for (unsigned long i = 2; i < limit; i++) {
        bool prime = true;

        for (unsigned long d = 2; d * d <= i; d++)
            if (i % d == 0) {
                prime = false;
                break;
            }
        count += prime;
    }
    return count;
}

static void work(void *arg)
{
    struct result *r = arg;
    uint64_t t0;

    r->id = smp_processor_id();
    r->vcpu_info = this_cpu()->vcpu_info;
    r->timer_port = this_cpu()->timer_port;
    r->primes = count_primes(PRIME_LIMIT);
    t0 = monotonic_ns();
    sleep_ns(10 * MS);
    r->slept = monotonic_ns() - t0;
    __atomic_store_n(&r->ran_round, r->round, __ATOMIC_SEQ_CST);
}

static void vcpu_count(void)
{
    n = nr_vcpus();
    EXPECT_EQ(n, EXPECTED_VCPUS);
    for (unsigned int i = 1; i < n; i++)
        EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_is_up, i, NULL), 0);
}

static void run_round(unsigned int round)
{
    for (unsigned int i = 0; i < n; i++)
        results[i].round = round;
    for (unsigned int i = 1; i < n; i++)
        EXPECT_EQ(vcpu_start(i, work, &results[i]), 0);
    work(&results[0]);
    for (unsigned int i = 1; i < n; i++)
        vcpu_wait(i);
    for (unsigned int i = 0; i < n; i++) {
        struct result *r = &results[i];

        EXPECT_EQ(r->ran_round, round);
        EXPECT_EQ(r->id, i);
        EXPECT_EQ(r->primes, PRIMES_BELOW_LIMIT);
        EXPECT_RANGE(r->slept, 10 * MS, 200 * MS);
        EXPECT_TRUE(r->timer_port > 0);
        for (unsigned int j = 0; j < i; j++) {
            EXPECT_NE(r->timer_port, results[j].timer_port);
            EXPECT_TRUE(r->vcpu_info != results[j].vcpu_info);
        }
    }
}

static void first_round(void)
{
    run_round(1);
    /* VCPU n >= 1 used the vcpu_info in the shared_info page the ABI names. */
    EXPECT_TRUE(results[0].vcpu_info == &shared_info->vcpu_info[0]);
    for (unsigned int i = 1; i < n; i++)
        EXPECT_TRUE((char *)results[i].vcpu_info ==
                    (char *)shared_info + XEN_RISCV_VCPU_INFO_OFFSET(i));
}

static void second_round(void)
{
    run_round(2);
}

static void each_vcpu_ran(void)
{
    for (unsigned int i = 0; i < n; i++) {
        struct vcpu_runstate_info rs;

        if (!EXPECT_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, i, &rs), 0))
            continue;
        EXPECT_TRUE(rs.time[RUNSTATE_running] > 0);
        EXPECT_TRUE(rs.time[RUNSTATE_blocked] >= 15 * MS);
    }
}

static const struct test tests[] = {
    /* The domain has the VCPUs its description asked for; all but VCPU 0 down. */
    TEST(vcpu_count),
    /* Every VCPU computes and sleeps on its own timer, with its own vcpu_info. */
    TEST(first_round),
    /* The same VCPUs take new work after going down. */
    TEST(second_round),
    /* Runstate: every VCPU ran, and blocked for its two sleeps. */
    TEST(each_vcpu_ran),
};

int main(void)
{
    return run_tests(TITLE, tests, ARRAY_SIZE(tests));
}
