/*
 * A plain domU: say hello with its domain id, show what the builder gave
 * it, do a few rounds of work that mix computing, yielding and sleeping
 * (enough to exercise the scheduler and the timer), then power off.  It
 * reads its name from XenStore and honours control/shutdown between
 * rounds (`xenstore-write /local/domain/N/control/shutdown poweroff` at
 * dom0's console).  With
 * more than one VCPU (vcpus= in its description), every VCPU does the
 * rounds at once; VCPU 0 reports them and waits for the others.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <mm.h>
#include <xenbus.h>
#include <block/blkfront.h>
#include <net/netdev.h>

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

static char id[8];

#define DISK_TEST_PAGES 16

/* Write, flush and read back 64 KiB of the disk from sector 8. */
static void disk_check(void)
{
    static struct blkfront bf;
    uint8_t *out = alloc_pages_contig(DISK_TEST_PAGES), *in = alloc_pages_contig(DISK_TEST_PAGES);
    size_t len = DISK_TEST_PAGES * PAGE_SIZE;
    int rc;

    if (!out || !in) {
        printk("domU %s: no memory for the disk check\n", id);
        return;
    }
    rc = blkfront_connect(&bf, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC);
    if (rc) {
        printk("domU %s: no virtual disk (%d)\n", id, rc);
        return;
    }
    printk("domU %s: disk xvda: %llu sectors of %lu bytes%s%s\n", id,
           (unsigned long long)bf.sectors, bf.sector_size, bf.barrier ? ", barrier" : "",
           bf.flush ? ", flush" : "");
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(i * 31 + id[0]);
    rc = blkfront_write(&bf, 8, out, len);
    if (!rc)
        rc = blkfront_flush(&bf);
    if (!rc)
        rc = blkfront_read(&bf, 8, in, len);
    if (rc)
        printk("domU %s: disk I/O failed (%d)\n", id, rc);
    else
        printk("domU %s: wrote, flushed and read back %lu KiB: %s\n", id,
               (unsigned long)(len >> 10), memcmp(in, out, len) ? "MISMATCH" : "same");
    blkfront_close(&bf);
}

static void rounds(void *arg)
{
    unsigned int vcpu = smp_processor_id();

    for (int round = 1; round <= ROUNDS; round++) {
        uint64_t t0 = monotonic_ns();
        unsigned long primes = count_primes(2000UL * round);

        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        sleep_ns(SLEEP_NS);
        if (vcpu == 0)
            xenstore_dispatch();    /* a control/shutdown request ends us here */
        if (vcpu == 0)
            printk("domU %s: round %d/%d: %lu primes below %lu, %lu us\n",
                   id, round, ROUNDS, primes, 2000UL * round,
                   (unsigned long)((monotonic_ns() - t0) / NSEC_PER_USEC));
    }
    if (vcpu)
        printk("domU %s: vcpu %u: %d rounds done\n", id, vcpu, ROUNDS);
}

int main(void)
{
    char name[64];
    long domid = xen_own_domid();
    unsigned int vcpus = nr_vcpus();

    if (domid < 0)
        snprintf(id, sizeof(id), "?");
    else
        snprintf(id, sizeof(id), "%ld", domid);

    printk("hello from domU %s\n", id);
    /* XenStore: our name, and the clean-shutdown path (control/shutdown). */
    if (xenstore_read_str(XENSTORE_TX_NONE, "name", name, sizeof(name)) > 0)
        printk("domU %s: my name in XenStore is %s\n", id, name);
    if (xenbus_watch_shutdown())
        printk("domU %s: cannot watch control/shutdown\n", id);
    printk("domU %s: command line \"%s\"\n", id,
           (const char *)start_info->cmd_line);
    printk("domU %s: nr_pages %lu\n", id, (unsigned long)start_info->nr_pages);
    if (vcpus > 1)
        printk("domU %s: %u VCPUs\n", id, vcpus);
    disk_check();

    netdev_demo();          /* ping the other domU and the gateway (drivers/net) */
    for (unsigned int i = 1; i < vcpus; i++) {
        long rc = vcpu_start(i, rounds, NULL);

        if (rc)
            printk("domU %s: vcpu %u did not start (%ld)\n", id, i, rc);
    }
    rounds(NULL);
    for (unsigned int i = 1; i < vcpus; i++)
        vcpu_wait(i);
    printk("domU %s: done, powering off\n", id);
    return 0;
}
