/*
 * The cost of the cheapest round trips into the hypervisor, from a domU:
 * HYPERVISOR_xen_version(XENVER_version, NULL), which does no work once
 * dispatched, and the SBI base get_spec_version call, which takes the SBI
 * path instead of the hypercall table.
 *
 * Run with -icount shift=0,sleep=off (scripts/bench.py does), the time
 * CSR counts virtual time at 10 MHz and one instruction is one virtual
 * ns, so the figures are instruction counts and repeat exactly.  Each
 * figure is the mean over N calls after a warm-up: ticks * 100 / N ns.
 *
 * Output: "BENCH null_hypercall <ns> ns", "BENCH null_sbi_call <ns> ns",
 * then "Test result: SUCCESS" - or FAILURE if a call returned the wrong
 * value, since a fast wrong answer measures nothing.
 */
#include <kernel.h>
#include <public/version.h>

#define N       20000
#define WARMUP  1000
#define NS_PER_TICK 100     /* 10 MHz time CSR */

static bool ok = true;

static void report(const char *name, uint64_t ticks)
{
    uint64_t tenths = ticks * NS_PER_TICK * 10 / N;

    printk("BENCH %s %lu.%lu ns\n", name, (unsigned long)(tenths / 10),
           (unsigned long)(tenths % 10));
}

static uint64_t time_hypercalls(unsigned int n)
{
    uint64_t t0 = rdtime();

    for (unsigned int i = 0; i < n; i++)
        if (HYPERVISOR_xen_version(XENVER_version, NULL) != ((4 << 16) | 20))
            ok = false;
    return rdtime() - t0;
}

static uint64_t time_sbi_calls(unsigned int n)
{
    uint64_t t0 = rdtime();

    for (unsigned int i = 0; i < n; i++) {
        struct sbiret r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);

        if (r.error != SBI_SUCCESS || r.value != 0x01000000)
            ok = false;
    }
    return rdtime() - t0;
}

int main(void)
{
    uint64_t hc, sbi;

    time_hypercalls(WARMUP);
    hc = time_hypercalls(N);
    time_sbi_calls(WARMUP);
    sbi = time_sbi_calls(N);
    report("null_hypercall", hc);
    report("null_sbi_call", sbi);
    if (!ok)
        printk("a call returned the wrong value\n");
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
