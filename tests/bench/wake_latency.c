/*
 * Wake-up latency of an I/O-bound domain: this domU sleeps on its one-shot
 * timer (set_timer_op + SCHEDOP_block) to deadlines 1..3 ms apart, 300
 * times, and measures how late it runs after each deadline, while three
 * CPU-bound peers share its pCPU (scripts/bench.py boots them; -smp 1).
 * Virtual time (-icount shift=0,sleep=off): the figures repeat exactly.
 *
 * Its command line names the configuration, e.g. "credit" or "sedf", which
 * becomes part of the figures' names:
 *   BENCH sched_wake_latency_<tag>_qemu_mean_us <us> us
 *   BENCH sched_wake_latency_<tag>_qemu_max_us <us> us
 * then "BENCH done".
 */
#include <kernel.h>

#define N 300

int main(void)
{
    const char *tag = (const char *)start_info->cmd_line;
    uint64_t sum = 0, max = 0, seed = 12345;

    sleep_ns(50 * NSEC_PER_MSEC);                   /* let the peers start */
    for (unsigned int i = 0; i < N; i++) {
        uint64_t deadline, late;
        unsigned long flags;

        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        deadline = monotonic_ns() + NSEC_PER_MSEC + (seed >> 33) % (2 * NSEC_PER_MSEC);
        flags = local_irq_save();
        while (monotonic_ns() < deadline) {
            HYPERVISOR_set_timer_op(deadline);
            block_domain();
            local_irq_disable();
        }
        late = monotonic_ns() - deadline;
        local_irq_restore(flags);
        sum += late;
        max = late > max ? late : max;
    }
    printk("BENCH sched_wake_latency_%s_qemu_mean_us %lu.%lu us\n", tag,
           (unsigned long)(sum / N / 1000), (unsigned long)(sum / N / 100 % 10));
    printk("BENCH sched_wake_latency_%s_qemu_max_us %lu.%lu us\n", tag,
           (unsigned long)(max / 1000), (unsigned long)(max / 100 % 10));
    printk("BENCH done\n");
    return 0;
}
