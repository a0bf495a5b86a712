/*
 * A long reservation request is continued, invisibly to the caller: 1024
 * frames (4 MiB to zero) take longer than the 0.5 ms budget, yet the call
 * returns the full count, every MFN written once and distinct, and a timer
 * set to fire during it is delivered while the output list is still being
 * filled.  The same request inside a multicall is continued as a sub-call.
 *
 * The timer must fall due after the call has begun.  Under QEMU's
 * round-robin -icount, setting it (a stimecmp write) may hand the machine
 * to the other hart, and whatever that hart runs then (dom0 starting up,
 * say) passes as virtual time here: the timer can be due before the call
 * starts, and its upcall then tells nothing about continuation.  Such an
 * attempt is recognised by the clock, its frames are given back, and it is
 * made again (ATTEMPTS in all).
 */
#include "../../lib/evtchn.h"
#include "../../lib/memory.h"
#include "../../lib/multicall.h"
#include "../../lib/test.h"

#define NR 1024     /* the whole headroom of maxmem=20 over memory=16 */
#define UNSET (~0ULL)
#define ATTEMPTS 4
#define TIMER_NS 100000

static xen_pfn_t list[NR];
static volatile long filled_at_upcall = -1;
static long baseline;

static long filled(void)
{
    long n = 0;

    for (unsigned int i = 0; i < NR; i++)
        n += list[i] != UNSET;
    return n;
}

static void on_timer(evtchn_port_t port, void *data)
{
    if (filled_at_upcall < 0)
        filled_at_upcall = filled();
}

static unsigned int duplicates(void)
{
    static uint64_t seen[(1 << 20) / 64];
    unsigned int dup = 0;

    for (unsigned int i = 0; i < NR; i++) {
        uint64_t m = list[i] & ((1 << 20) - 1);

        dup += (seen[m / 64] >> (m % 64)) & 1;
        seen[m / 64] |= 1ULL << (m % 64);
    }
    for (unsigned int i = 0; i < NR; i++)
        seen[(list[i] & ((1 << 20) - 1)) / 64] = 0;
    return dup;
}

/* One timed increase: true if the timer was still pending when it began. */
static bool timed_increase(void)
{
    uint64_t deadline, began;

    for (unsigned int i = 0; i < NR; i++)
        list[i] = UNSET;
    filled_at_upcall = -1;
    deadline = monotonic_ns() + TIMER_NS;
    EXPECT_EQ(HYPERVISOR_set_timer_op(deadline), 0);
    began = monotonic_ns();
    EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, list, NR, 0, 0, DOMID_SELF), NR);
    if (began < deadline)
        return true;
    printk("  timer due before the call began (%lu ns late): again\n",
           (unsigned long)(began - deadline));
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, list, NR, 0, 0, DOMID_SELF), NR);
    return false;
}

static void long_increase(void)
{
    long port = take_timer_port(on_timer);
    unsigned int attempt = 0;

    if (!have_timer_port(port))
        return;
    baseline = mem_current();
    local_irq_enable();
    while (!timed_increase() && ++attempt < ATTEMPTS)
        ;
    if (!EXPECT_TRUE(attempt < ATTEMPTS))
        return;
    EXPECT_EQ(filled(), NR);
    EXPECT_EQ(duplicates(), 0);
    EXPECT_EQ(mem_current(), baseline + NR);
}

static void upcall_during_increase(void)
{
    EXPECT_RANGE(filled_at_upcall, 1, NR - 1);
}

static void long_decrease(void)
{
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, list, NR, 0, 0, DOMID_SELF), NR);
    EXPECT_EQ(mem_current(), baseline);
}

/* Inside a multicall: increase then decrease, both long, both complete. */
static void inside_multicall(void)
{
    static struct xen_memory_reservation inc, dec;
    static multicall_entry_t mc[2];

    inc = (struct xen_memory_reservation){ .extent_start = (uint64_t)(uintptr_t)list,
                                           .nr_extents = NR, .domid = DOMID_SELF };
    dec = inc;
    mc_set(&mc[0], __HYPERVISOR_memory_op, XENMEM_increase_reservation, (unsigned long)&inc, 0);
    mc_set(&mc[1], __HYPERVISOR_memory_op, XENMEM_decrease_reservation, (unsigned long)&dec, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 2), 0);
    EXPECT_EQ(mc[0].result, NR);
    EXPECT_EQ(mc[1].result, NR);
    EXPECT_EQ(mem_current(), baseline);
}

static const struct test tests[] = {
    /* 1024 frames in one call: full count, each MFN once. */
    TEST(long_increase),
    /* the call was continued: an upcall came with the list part-filled
     * (in the attempt whose timer fell due after the call began). */
    TEST(upcall_during_increase),
    /* giving all 1024 back restores tot_pages. */
    TEST(long_decrease),
    /* long memory_ops as multicall entries are continued and complete. */
    TEST(inside_multicall),
};

int main(void)
{
    return run_tests("memory/continuation", tests, ARRAY_SIZE(tests));
}
