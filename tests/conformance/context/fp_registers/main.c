/*
 * The FP registers are part of each VCPU's context (switched lazily through
 * sstatus.FS).  This test is dom0 with two peers that also fill their FP
 * registers with patterns of their own; with two CPUs, dom0 shares its CPU
 * with peer d2, so every yield here is a world switch between two FP users.
 * Neither side may ever see the other's values, or zeros.
 */
#include "../../lib/domains.h"
#include "../../lib/fp.h"
#include "../../lib/test.h"

#define RUN_NS (300 * NSEC_PER_MSEC)
#define SEED 0xd0d0d0d0ULL

/* dom0's registers survive many switches to and from the peers. */
static void registers_survive_switches(void)
{
    uint64_t end = monotonic_ns() + RUN_NS;
    unsigned int rounds = 0;
    int bad = -1;

    fp_fill(SEED);
    while (monotonic_ns() < end && bad < 0) {
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        if ((bad = fp_check(SEED)) >= 0)
            break;
        sleep_ns(NSEC_PER_MSEC);
        bad = fp_check(SEED);
        rounds++;
    }
    if (bad >= 0)
        xtf_failure("f%d changed after %u rounds of switches", bad, rounds);
    EXPECT_TRUE(rounds > 20);
}

/* The peers checked theirs the same way: both ended with poweroff, not crash. */
static void peers_saw_their_own(void)
{
    long codes[2];

    if (!EXPECT_TRUE(wait_domains(1, 2, 10 * NSEC_PER_SEC, codes)))
        return;
    EXPECT_EQ(codes[0], SHUTDOWN_poweroff);
    EXPECT_EQ(codes[1], SHUTDOWN_poweroff);
}

static const struct test tests[] = {
    /* dom0's f0..f31 keep their values across world switches. */
    TEST(registers_survive_switches),
    /* The peers' f0..f31 kept theirs (a change crashes the peer). */
    TEST(peers_saw_their_own),
};

int main(void)
{
    return run_tests("context/fp_registers", tests, ARRAY_SIZE(tests));
}
