/*
 * XenStore and the PV console from domUs, served by the standard dom0
 * (its xenstored and console back end), under -icount shift=0,sleep=off
 * (virtual time: the time CSR at 10 MHz, one instruction one virtual ns;
 * every domain reads the same time CSR).  The command line picks the run:
 *
 * (none)  domU 1 alone:
 *   xs_read_roundtrip_virtual_ns      mean of an XS_READ of a 5-byte node,
 *                                     request written to reply read
 *   xs_write_tx_per_s_1domu_virtual   committed one-node transactions
 *                                     (start, write, commit) per virtual
 *                                     second
 *   console_ring_bytes_per_s_virtual  bytes per virtual second printed
 *                                     through the console ring to dom0's
 *                                     log (800 lines of 100 bytes; the
 *                                     writer waits when the ring is full)
 * watch   domU 1 watches a node of domain 2 (this kernel run as "writer"),
 *         which writes 100 nodes below it 2 ms apart, each holding the
 *         time CSR read just before its XS_WRITE (the peers stay up 5 s
 *         after their part, so their nodes are there to be read):
 *   xs_watch_latency_virtual_ns       mean from that time to domU 1's
 *                                     callback for the event
 * tx4     domU 1 and domains 2-4 (this kernel run as "txpeer") commit
 *         one-node transactions on their own nodes during the same 500 ms
 *         window of virtual time (from 3 s after boot); the peers publish
 *         their counts in data/txcount:
 *   xs_write_tx_per_s_4domu_virtual   all four domains' commits per
 *                                     virtual second
 *
 * Each run ends with "Test result: SUCCESS", or FAILURE (and no figure)
 * if a read returned the wrong value, a transaction or a write failed, an
 * event was missed or a peer did not report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <xenstore.h>

#define READS   500
#define TXS     200
#define LINES   800
#define WATCHES 100
#define NS_PER_TICK 100
#define TX4_START_TICKS (3 * 10000000ULL)
#define TX4_WINDOW_TICKS (5 * 1000000ULL)

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

static bool one_tx(unsigned int i)
{
    xenstore_tx_t tx;
    char v[16];

    snprintf(v, sizeof(v), "%u", i);
    return xenstore_transaction_start(&tx) == 0 &&
           xenstore_write(tx, "data/bench-tx", v) == 0 &&
           xenstore_transaction_end(tx, false) == 0;
}

static uint64_t tx_per_s(void)
{
    uint64_t t0 = rdtime(), ns;

    for (unsigned int i = 0; i < TXS; i++)
        ok &= one_tx(i);
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

static void alone(void)
{
    uint64_t rt = read_roundtrip(), tx = tx_per_s(), cons = console_bytes_per_s();

    if (ok) {
        printk("BENCH xs_read_roundtrip_virtual_ns %lu virtual-ns\n", (unsigned long)rt);
        printk("BENCH xs_write_tx_per_s_1domu_virtual %lu tx/virtual-s\n", (unsigned long)tx);
        printk("BENCH console_ring_bytes_per_s_virtual %lu bytes/virtual-s\n",
               (unsigned long)cons);
    }
}

/* ---- watch latency ---- */

static uint64_t event_at[WATCHES];
static unsigned int events;

static void on_lat(const char *path, const char *token, void *data)
{
    const char *last = strrchr(path, '/');
    unsigned long i = last ? strtoul(last + 1, NULL, 10) : WATCHES;
    uint64_t now = rdtime();

    if (last && strcmp(last, "/lat") && i < WATCHES && !event_at[i]) {
        event_at[i] = now;
        events++;
    }
}

/* Poll until path can be read (its writer has made it readable to us). */
static bool await(const char *path, uint64_t ns)
{
    char v[32];
    uint64_t end = monotonic_ns() + ns;

    while (xenstore_read_str(XENSTORE_TX_NONE, path, v, sizeof(v)) < 0)
        if (monotonic_ns() > end)
            return false;
        else
            sleep_ns(NSEC_PER_MSEC);
    return true;
}

static void watcher(void)
{
    uint64_t end, sum = 0;

    ok &= await("/local/domain/2/data/lat", 5 * NSEC_PER_SEC);
    ok &= xenstore_watch("/local/domain/2/data/lat", "lat", on_lat, NULL) == 0;
    ok &= xenstore_write(XENSTORE_TX_NONE, "data/watching", "1") == 0 &&
          xenstore_set_perms(XENSTORE_TX_NONE, "data/watching", "n1\0r2", 6) == 0;
    end = monotonic_ns() + 5 * NSEC_PER_SEC;
    while (ok && events < WATCHES && monotonic_ns() < end)
        xenstore_wait_event(end);
    ok &= events == WATCHES;
    for (unsigned int i = 0; ok && i < WATCHES; i++) {
        char path[48], v[32];

        snprintf(path, sizeof(path), "/local/domain/2/data/lat/%u", i);
        ok &= xenstore_read_str(XENSTORE_TX_NONE, path, v, sizeof(v)) > 0;
        sum += event_at[i] - strtoull(v, NULL, 10);
    }
    if (ok)
        printk("BENCH xs_watch_latency_virtual_ns %lu virtual-ns\n",
               (unsigned long)(sum * NS_PER_TICK / WATCHES));
}

static void writer(void)
{
    ok &= xenstore_write(XENSTORE_TX_NONE, "data/lat", "") == 0 &&
          xenstore_set_perms(XENSTORE_TX_NONE, "data/lat", "n2\0r1", 6) == 0;
    ok &= await("/local/domain/1/data/watching", 5 * NSEC_PER_SEC);
    for (unsigned int i = 0; ok && i < WATCHES; i++) {
        char path[32], v[32];

        snprintf(path, sizeof(path), "data/lat/%u", i);
        snprintf(v, sizeof(v), "%llu", (unsigned long long)rdtime());
        ok &= xenstore_write(XENSTORE_TX_NONE, path, v) == 0;
        sleep_ns(2 * NSEC_PER_MSEC);
    }
    printk("writer: %s\n", ok ? "done" : "failed");
    sleep_ns(5 * NSEC_PER_SEC);     /* its nodes stay until domU 1 has read them */
}

/* ---- four domains at once ---- */

static unsigned int commits_in_window(void)
{
    unsigned int n = 0;

    while (rdtime() < TX4_START_TICKS)
        sleep_ns(NSEC_PER_MSEC);
    while (rdtime() < TX4_START_TICKS + TX4_WINDOW_TICKS)
        if (one_tx(n))
            n++;
        else
            ok = false;
    return n;
}

static void txpeer(void)
{
    char v[16], domid[8], perms[16];
    int n;

    snprintf(v, sizeof(v), "%u", commits_in_window());
    ok &= xenstore_read_str(XENSTORE_TX_NONE, "domid", domid, sizeof(domid)) > 0;
    n = snprintf(perms, sizeof(perms), "n%s%cr1", domid, 0);
    if (ok)
        ok &= xenstore_write(XENSTORE_TX_NONE, "data/txcount", v) == 0 &&
              xenstore_set_perms(XENSTORE_TX_NONE, "data/txcount", perms, (size_t)n + 1) == 0;
    printk("txpeer: %s commits in the window\n", ok ? v : "failed,");
    sleep_ns(5 * NSEC_PER_SEC);     /* its count stays until domU 1 has read it */
}

static void tx4(void)
{
    unsigned long total = commits_in_window();

    for (unsigned int d = 2; ok && d <= 4; d++) {
        char path[48], v[16];

        snprintf(path, sizeof(path), "/local/domain/%u/data/txcount", d);
        ok &= await(path, 5 * NSEC_PER_SEC) &&
              xenstore_read_str(XENSTORE_TX_NONE, path, v, sizeof(v)) > 0;
        total += strtoul(v, NULL, 10);
    }
    if (ok)
        printk("BENCH xs_write_tx_per_s_4domu_virtual %lu tx/virtual-s\n",
               (unsigned long)(total * 10000000ULL / TX4_WINDOW_TICKS));
}

int main(void)
{
    const char *mode = (const char *)start_info->cmd_line;

    ok &= xenstore_init() == 0;
    if (!strcmp(mode, "watch"))
        watcher();
    else if (!strcmp(mode, "writer"))
        writer();
    else if (!strcmp(mode, "tx4"))
        tx4();
    else if (!strcmp(mode, "txpeer"))
        txpeer();
    else
        alone();
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
