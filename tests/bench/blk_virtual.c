/*
 * The split block driver measured from a domU (blkfront -> blkback ->
 * dom0's virtio disk), beside blk_native.c's dom0-direct figures:
 *
 *   blk_seq_read_virtual_MBps      the domU's 4 MiB disk read in 44 KiB
 *                                  requests (11 segments), 8 in flight
 *   blk_seq_write_virtual_MBps     the same written, then a flush (timed)
 *   blk_4k_randread_virtual_iops   2000 reads of 4 KiB at random 4 KiB
 *                                  places, one at a time
 *   blk_exits_per_request_qd1      entries into the hypervisor (every
 *                                  domain, every CPU) per request: 1000
 *                                  reads of 4 KiB one at a time
 *   blk_exits_per_request_qd32     the same with 32 in flight, kept full
 *
 * Each figure is one connection of the front end (connect, the I/O,
 * close); at the close blkback publishes what the connection cost in its
 * dir (blkback.h: stat-requests, stat-hv-entries from the hypervisor's
 * perfc_op counter, stat-dom0-running-ns).  Time is as in blk_native.c,
 * running time under -icount shift=0,sleep=off, here the front end's and
 * the back end's together (this VCPU's running time over the I/O plus
 * dom0's over the connection): the MB/s and IOPS are per unit of the two
 * domains' CPU time, an infinitely fast disk's.  The entries are every
 * domain's.  What a connection costs without any I/O (its handshake: a
 * first connection that does nothing) is subtracted from dom0's time and
 * from the entries.
 *
 * Checks: reads return the image's pattern (lib/disk_pattern.h) at the
 * domU's slice, the write reads back, every request succeeds, every
 * connection's requests are all counted by blkback; a failed check prints
 * the reason and no figure.
 */
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <mm.h>
#include <block/blkfront.h>
#include "../conformance/lib/disk_pattern.h"

#define PAGES       11
#define CHUNK       (PAGES * 4096)
#define DEPTH       8
#define CHUNKS      93                  /* 93 * 44 KiB: the 4 MiB disk, nearly */
#define RAND_READS  2000
#define EXIT_READS  1000
#define DEEP        BLKFRONT_MAX_INFLIGHT

struct cost {
    unsigned long requests;
    uint64_t hv_entries, dom0_ns, self_ns;
};

static struct blkfront bf;
static struct blkfront_request rq[DEEP];
static uint8_t *buf;
static uint64_t first;                  /* the slice's first sector */
static bool ok = true;

static void fail(const char *what, long rc)
{
    if (ok)
        printk("blk_virtual: %s (%ld)\n", what, rc);
    ok = false;
}

static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r;

    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r))
        fail("runstate", 0);
    return r.time[RUNSTATE_running];
}

static void connect(void)
{
    char params[48];
    int rc = blkfront_connect(&bf, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC);

    if (rc)
        fail("connect", rc);
    if (xenbus_front_read_be(&bf.xb, "params", params, sizeof(params)) < 0)
        fail("params", 0);
    first = strtoull(params, NULL, 10);
}

static unsigned long stat(const char *node)
{
    unsigned long v = 0;

    if (xenbus_front_read_be_ulong(&bf.xb, node, &v))
        fail(node, 0);
    return v;
}

/* A connection's own cost, with no I/O: subtracted from the others. */
static struct cost base;

/* Close, and what the connection's I/O cost (self_ns: this VCPU's, given). */
static struct cost close_and_count(unsigned long want_requests, uint64_t self_ns)
{
    struct cost c = { 0, 0, 0, self_ns };
    int rc = blkfront_close(&bf);

    if (rc)
        fail("close", rc);
    c.requests = stat("stat-requests");
    c.hv_entries = stat("stat-hv-entries");
    c.dom0_ns = stat("stat-dom0-running-ns");
    if (c.requests != want_requests)
        fail("blkback counted other requests", (long)c.requests);
    c.hv_entries -= c.hv_entries > base.hv_entries ? base.hv_entries : c.hv_entries;
    c.dom0_ns -= c.dom0_ns > base.dom0_ns ? base.dom0_ns : c.dom0_ns;
    return c;
}

static int wait(struct blkfront_request *r)
{
    int rc = blkfront_wait(&bf, r, monotonic_ns() + BLKFRONT_TIMEOUT_NS);

    return rc ? rc : r->status;
}

/* Sectors first and last of a chunk start with their image numbers. */
static bool numbers_ok(const uint8_t *p, uint64_t sector, unsigned int bytes)
{
    uint64_t a, b;

    memcpy(&a, p, 8);
    memcpy(&b, p + bytes - DISK_SECTOR, 8);
    return a == first + sector && b == first + sector + bytes / DISK_SECTOR - 1;
}

static void submit(unsigned int slot, uint8_t op, uint64_t sector, unsigned int bytes)
{
    int rc;

    blkfront_prepare(&rq[slot], op, sector, buf + slot * CHUNK, bytes);
    if ((rc = blkfront_submit(&bf, &rq[slot])))
        fail("submit", rc);
}

/* The disk in CHUNK requests, DEPTH in flight: this VCPU's running ns. */
static uint64_t sequential(uint8_t op)
{
    uint64_t t0 = running_ns(), next = 0;

    for (unsigned int i = 0; i < DEPTH; i++)
        submit(i, op, next++ * (CHUNK / DISK_SECTOR), CHUNK);
    for (uint64_t done = 0; ok && done < CHUNKS; done++) {
        unsigned int i = done % DEPTH;
        int rc = wait(&rq[i]);

        if (rc)
            fail("sequential I/O", rc);
        if (op == BLKIF_OP_READ && !numbers_ok(buf + i * CHUNK, done * (CHUNK / DISK_SECTOR),
                                               CHUNK))
            fail("read: wrong data", (long)done);
        if (next < CHUNKS)
            submit(i, op, next++ * (CHUNK / DISK_SECTOR), CHUNK);
    }
    if (op == BLKIF_OP_WRITE && blkfront_flush(&bf))
        fail("flush", 0);
    return running_ns() - t0;
}

/* n reads of 4 KiB at random places, `depth` kept in flight. */
static uint64_t random_reads(unsigned int n, unsigned int depth)
{
    uint64_t t0 = running_ns(), x = 12345, places = bf.sectors / 8;
    uint64_t sector[DEEP];
    unsigned int issued = 0;

    for (; issued < depth && issued < n; issued++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        sector[issued] = ((x >> 33) % places) * 8;
        submit(issued, BLKIF_OP_READ, sector[issued], 4096);
    }
    for (unsigned int done = 0; ok && done < n; done++) {
        unsigned int i = done % depth;
        int rc = wait(&rq[i]);

        if (rc)
            fail("random read", rc);
        else if (!disk_pattern_check(buf + i * CHUNK, first + sector[i], 1))
            fail("random read: wrong data", (long)sector[i]);
        if (issued < n) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            sector[i] = ((x >> 33) % places) * 8;
            submit(i, BLKIF_OP_READ, sector[i], 4096);
            issued++;
        }
    }
    return running_ns() - t0;
}

/* The written disk reads back: each chunk holds what its slot held. */
static void check_written(void)
{
    static uint8_t *back;

    back = back ? back : alloc_pages_contig(PAGES);
    for (uint64_t c = CHUNKS - DEPTH; ok && c < CHUNKS; c++) {
        int rc = blkfront_read(&bf, c * (CHUNK / DISK_SECTOR), back, CHUNK);

        if (rc || memcmp(back, buf + (c % DEPTH) * CHUNK, CHUNK))
            fail("write: reads back wrong", rc);
    }
}

static void report_mbps(const char *name, uint64_t bytes, const struct cost *c)
{
    uint64_t ns = c->self_ns + c->dom0_ns, centi = ns ? bytes * 100000 / ns : 0;

    printk("BENCH %s %lu.%02lu virtual_MBps\n", name, (unsigned long)(centi / 100),
           (unsigned long)(centi % 100));
}

static void report_exits(const char *name, const struct cost *c)
{
    uint64_t centi = c->requests ? c->hv_entries * 100 / c->requests : 0;

    printk("BENCH %s %lu.%02lu entries\n", name, (unsigned long)(centi / 100),
           (unsigned long)(centi % 100));
}

int main(void)
{
    struct cost rd, wr, rnd, qd1, qd32;
    uint64_t ns;

    buf = alloc_pages_contig(DEEP * PAGES);
    if (!buf) {
        printk("blk_virtual: no memory\n");
        return 1;
    }
    connect();
    base = close_and_count(0, 0);
    connect();
    ns = sequential(BLKIF_OP_READ);
    rd = close_and_count(CHUNKS, ns);
    connect();
    ns = random_reads(RAND_READS, 1);
    rnd = close_and_count(RAND_READS, ns);
    connect();
    random_reads(EXIT_READS, 1);
    qd1 = close_and_count(EXIT_READS, 0);
    connect();
    random_reads(EXIT_READS, DEEP);
    qd32 = close_and_count(EXIT_READS, 0);
    connect();
    for (unsigned int i = 0; i < DEPTH * CHUNK; i++)
        buf[i] = (uint8_t)(i * 7 + i / 4096);
    ns = sequential(BLKIF_OP_WRITE);
    wr = close_and_count(CHUNKS + 1, ns);
    connect();
    check_written();
    blkfront_close(&bf);
    if (!ok) {
        printk("blk_virtual: checks failed: no figures\n");
        return 1;
    }
    report_mbps("blk_seq_read_virtual_MBps", (uint64_t)CHUNKS * CHUNK, &rd);
    report_mbps("blk_seq_write_virtual_MBps", (uint64_t)CHUNKS * CHUNK, &wr);
    printk("BENCH blk_4k_randread_virtual_iops %lu virtual_iops\n",
           (unsigned long)(RAND_READS * NSEC_PER_SEC / (rnd.self_ns + rnd.dom0_ns)));
    report_exits("blk_exits_per_request_qd1", &qd1);
    report_exits("blk_exits_per_request_qd32", &qd32);
    printk("blk_virtual: a connection alone: %llu dom0 ns, %llu entries\n",
           (unsigned long long)base.dom0_ns, (unsigned long long)base.hv_entries);
    printk("BENCH done\n");
    return 0;
}
