/*
 * One-way latency of an event-channel ping-pong between two domUs.  This
 * kernel is d1; scripts/bench.py boots the conformance peer kernel beside
 * it as d2 with "evtchn_connect=1 evtchn_echo=0": d2 connects to the port
 * d1 offers and answers every event with one.  Both sides wait with
 * SCHEDOP_poll on their masked port, as a split driver's poll loop would.
 * The figure is the median over BATCHES batches of the time of N round
 * trips over 2N, in virtual ns (-icount shift=0,sleep=off: time CSR at
 * 10 MHz, one instruction per ns).  The median, not the whole run's mean:
 * dom0 shares the pCPU, and its one-off work at boot (introducing domains,
 * printing) landing inside a single 9 ms window moved the mean by a tenth
 * whenever an unrelated change shifted boot timing.
 *
 * Its command line (extra=) names the figure: "1cpu" gives
 * "BENCH evtchn_pingpong_1cpu <ns> virtual_ns"; bench.py runs it with
 * smp=1 (both domUs share the one pCPU, so each event is a world switch)
 * and smp=2 (the builder places d1 on pCPU 1 and d2 on pCPU 0, so each
 * event is an IPI to a VCPU polling on the other pCPU).
 * Then "Test result: SUCCESS", or FAILURE if a round trip went unanswered.
 */
#include <kernel.h>

#define PEER 2
#define N 200
#define BATCHES 15
#define WARMUP 100
#define NS_PER_TICK 100
#define WAIT_NS (2000 * NSEC_PER_MSEC)

static bool wait_event(evtchn_port_t port, uint64_t timeout_ns)
{
    uint64_t end = monotonic_ns() + timeout_ns;

    while (!evtchn_test_and_clear(port)) {
        if (monotonic_ns() >= end)
            return false;
        evtchn_poll(&port, 1, end);
    }
    return true;
}

static unsigned int round_trips(evtchn_port_t port, unsigned int n)
{
    unsigned int answered = 0;

    for (unsigned int i = 0; i < n; i++) {
        notify_remote_via_evtchn(port);
        answered += wait_event(port, WAIT_NS);
    }
    return answered;
}

static void sort_ticks(uint64_t *a, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        for (unsigned int j = i; j > 0 && a[j - 1] > a[j]; j--) {
            uint64_t t = a[j];

            a[j] = a[j - 1];
            a[j - 1] = t;
        }
}

int main(void)
{
    const char *tag = (const char *)start_info->cmd_line;
    long port = alloc_evtchn(PEER, NULL, NULL);
    uint64_t batch[BATCHES], ticks, tenths;
    bool ok;

    if (port > 0)
        mask_evtchn((evtchn_port_t)port);
    ok = port > 0 && wait_event((evtchn_port_t)port, 10 * WAIT_NS) &&
         round_trips((evtchn_port_t)port, WARMUP) == WARMUP;
    for (unsigned int b = 0; ok && b < BATCHES; b++) {
        uint64_t t0 = rdtime();

        ok = round_trips((evtchn_port_t)port, N) == N;
        batch[b] = rdtime() - t0;
    }
    if (ok) {
        sort_ticks(batch, BATCHES);
        ticks = batch[BATCHES / 2];
        tenths = ticks * NS_PER_TICK * 10 / (2 * N);
        printk("BENCH evtchn_pingpong_%s %lu.%lu virtual_ns\n", tag[0] ? tag : "unnamed",
               (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
    }
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
