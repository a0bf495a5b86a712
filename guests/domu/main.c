/*
 * A plain domU: say hello with its domain id, show what the builder gave
 * it, do a few rounds of work that mix computing, yielding and sleeping
 * (enough to exercise the scheduler and the timer), then power off.
 */
#include <stdio.h>
#include <kernel.h>

#define ROUNDS     5
#define SLEEP_NS   (10 * NSEC_PER_MSEC)

/* Some work that takes a little CPU time: count primes below n. */
static unsigned long count_primes(unsigned long n)
{
    unsigned long count = 0;

    for (unsigned long i = 2; i < n; i++) {
        bool prime = true;

        for (unsigned long d = 2; d * d <= i; d++) {
            if (i % d == 0) {
                prime = false;
                break;
            }
        }
        count += prime;
    }
    return count;
}

int main(void)
{
    char id[8];
    long domid = xen_own_domid();

    if (domid < 0)
        snprintf(id, sizeof(id), "?");
    else
        snprintf(id, sizeof(id), "%ld", domid);

    printk("hello from domU %s\n", id);
    printk("domU %s: command line \"%s\"\n", id,
           (const char *)start_info->cmd_line);
    printk("domU %s: nr_pages %lu\n", id, (unsigned long)start_info->nr_pages);

    for (int round = 1; round <= ROUNDS; round++) {
        uint64_t t0 = monotonic_ns();
        unsigned long primes = count_primes(2000UL * round);

        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        sleep_ns(SLEEP_NS);
        printk("domU %s: round %d/%d: %lu primes below %lu, %lu us\n",
               id, round, ROUNDS, primes, 2000UL * round,
               (unsigned long)((monotonic_ns() - t0) / NSEC_PER_USEC));
    }
    printk("domU %s: done, powering off\n", id);
    return 0;
}
