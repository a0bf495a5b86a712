/*
 * XenStore and the PV console from a domU, served by the standard dom0
 * (its xenstored and console back end), under -icount shift=0,sleep=off
 * (virtual time: the time CSR at 10 MHz, one instruction one virtual ns).
 *
 * Figures (printed only if every check passed):
 *   xs_read_roundtrip         mean virtual ns of an XS_READ of a 5-byte
 *                             node, request written to reply read
 *   xs_write_tx_per_s         committed one-node transactions (start,
 *                             write, commit) per virtual second, one domU
 *   console_ring_bytes_per_s  bytes per virtual second printed through the
 *                             console ring to dom0's log (800 lines of 100
 *                             bytes; the writer waits when the ring is full)
 * then "Test result: SUCCESS", or FAILURE if a read returned the wrong
 * value or a transaction failed.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <xenstore.h>

#define READS   500
#define TXS     200
#define LINES   800
#define NS_PER_TICK 100

static bool ok = true;

static uint64_t ns_since(uint64_t t0)
{
    return (rdtime() - t0) * NS_PER_TICK;
}

static uint64_t read_roundtrip(void)
{
    char buf[16];
    uint64_t t0;

    ok &= xenstore_write(XENSTORE_TX_NONE, "data/bench", "hello") == 0;
    t0 = rdtime();
    for (unsigned int i = 0; i < READS; i++)
        ok &= xenstore_read(XENSTORE_TX_NONE, "data/bench", buf, sizeof(buf)) == 5;
    return ns_since(t0) / READS;
}

static uint64_t tx_per_s(void)
{
    uint64_t t0 = rdtime(), ns;

    for (unsigned int i = 0; i < TXS; i++) {
        xenstore_tx_t tx;
        char v[16];

        snprintf(v, sizeof(v), "%u", i);
        ok &= xenstore_transaction_start(&tx) == 0 &&
              xenstore_write(tx, "data/bench-tx", v) == 0 &&
              xenstore_transaction_end(tx, false) == 0;
    }
    ns = ns_since(t0);
    return ns ? (uint64_t)TXS * NSEC_PER_SEC / ns : 0;
}

static uint64_t console_bytes_per_s(void)
{
    static const char pad[] = "................................................................";
    uint64_t t0 = rdtime(), ns;

    for (unsigned int i = 0; i < LINES; i++)
        printk("bench console line %04u %.*s\n", i, 100 - 24, pad);   /* 100 bytes */
    console_flush();
    ns = ns_since(t0);
    return ns ? (uint64_t)LINES * 100 * NSEC_PER_SEC / ns : 0;
}

int main(void)
{
    uint64_t rt, tx, cons;

    ok &= xenstore_init() == 0;
    rt = read_roundtrip();
    tx = tx_per_s();
    cons = console_bytes_per_s();
    if (ok) {
        printk("BENCH xs_read_roundtrip %lu virtual-ns\n", (unsigned long)rt);
        printk("BENCH xs_write_tx_per_s %lu tx/virtual-s\n", (unsigned long)tx);
        printk("BENCH console_ring_bytes_per_s %lu bytes/virtual-s\n", (unsigned long)cons);
    }
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
