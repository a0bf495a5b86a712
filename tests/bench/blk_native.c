/*
 * dom0 driving the virtio disk itself (drivers/virtio/virtio_blk.c), the
 * baseline the split block driver will be measured against.  Runs as
 * dom0 (bench.list role=dom0) on the image scripts/mkdisk.py writes,
 * attached snapshot=on:
 *
 *   blk_native_seq_read_MBps     16 MiB read in 64 KiB requests, 8 in flight
 *   blk_native_seq_write_MBps    16 MiB written the same way, then a flush
 *                                (in the time)
 *   blk_native_4k_randread_iops  2000 reads of 4 KiB at random 4 KiB-aligned
 *                                places in the first 16 MiB, one at a time
 *
 * Time is dom0's running time (its VCPU's RUNSTATE_running, which the
 * hypervisor keeps in system time) under -icount shift=0,sleep=off:
 * virtual time, so the units are virtual_MBps and virtual_iops.  dom0
 * waits for each completion asleep on the disk's pirq, as every driver
 * here does.  Running time, not elapsed time, because of how QEMU keeps
 * the virtual clock: when every CPU idles it jumps the clock to the next
 * timer deadline at once, while the host finishes the I/O in real time, so
 * elapsed virtual time would count where the hypervisor's timers fall
 * (a read took anything from 3 us to 2 ms of it).  Running time counts the
 * instructions dom0 executes per byte and per request - the driver, the
 * hypercalls, the event delivery: the figures are throughputs per unit of
 * dom0 CPU time, an infinitely fast disk's.  They still depend on the
 * host: a completion that arrives before dom0 has gone to sleep saves it
 * the sleep and the wake-up, and how often that happens depends on the
 * host's load.  In nine runs on a loaded 2-core host the sequential
 * figures stayed within about 5% of each other, the random-read one
 * between 375 000 and 585 000.  The split driver is to be measured the
 * same way (front end's and back end's running time
 * together).
 *
 * Checks: every chunk read starts and ends with the right sector numbers,
 * the last chunks read
 * hold the whole pattern (lib/disk_pattern.h), the written area reads
 * back, no request fails; a failed check prints the reason and no figure.
 */
#include <kernel.h>
#include <virtio/virtio_blk.h>
#include "../conformance/lib/disk_pattern.h"

#define CHUNK (64 * 1024)
#define DEPTH 8
#define SEQ_BYTES (16ULL << 20)
#define WRITE_BASE_SECTOR (SEQ_BYTES / DISK_SECTOR)     /* the second 16 MiB */
#define RAND_READS 2000

static struct virtio_blk disk;
static _Alignas(4096) uint8_t buf[DEPTH][CHUNK];
static struct vblk_request rq[DEPTH];
static bool ok = true;

static void fail(const char *what, long rc)
{
    if (ok)
        printk("blk_native: %s (%ld)\n", what, rc);
    ok = false;
}

/* The first and the last sector of a chunk read from `sector` start with
 * their numbers: cheap enough to check inside the timed loops (the whole
 * pattern of the last chunks is checked after them). */
static bool numbers_ok(const uint8_t *p, uint64_t sector, unsigned int bytes)
{
    unsigned int last = bytes / DISK_SECTOR - 1;
    uint64_t first_n, last_n;

    memcpy(&first_n, p, sizeof(first_n));
    memcpy(&last_n, p + last * DISK_SECTOR, sizeof(last_n));
    return first_n == sector && last_n == sector + last;
}

static int wait(struct vblk_request *r)
{
    int rc = vblk_wait(&disk, r, monotonic_ns() + 10 * NSEC_PER_SEC);

    return rc ? rc : r->status;
}

/* This VCPU's running time so far (ns). */
static uint64_t running_ns(void)
{
    struct vcpu_runstate_info r;

    if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &r))
        fail("runstate", 0);
    return r.time[RUNSTATE_running];
}

/* Sequential transfer of SEQ_BYTES from `base`, DEPTH requests in flight;
 * the running ns it took. */
static uint64_t sequential(uint32_t type, uint64_t base)
{
    uint64_t t0 = running_ns(), next = 0, chunks = SEQ_BYTES / CHUNK;
    int rc;

    for (unsigned int i = 0; i < DEPTH; i++) {
        vblk_prepare(&rq[i], type, base + next++ * (CHUNK / DISK_SECTOR), buf[i], CHUNK);
        if ((rc = vblk_submit(&disk, &rq[i])))
            fail("submit", rc);
    }
    for (uint64_t done = 0; ok && done < chunks; done++) {
        unsigned int i = done % DEPTH;
        uint64_t sector = base + done * (CHUNK / DISK_SECTOR);

        if ((rc = wait(&rq[i])))
            fail(type == VIRTIO_BLK_T_IN ? "read" : "write", rc);
        if (type == VIRTIO_BLK_T_IN && !numbers_ok(buf[i], sector, CHUNK))
            fail("read: wrong data", (long)sector);
        if (next < chunks) {
            vblk_prepare(&rq[i], type, base + next++ * (CHUNK / DISK_SECTOR), buf[i], CHUNK);
            if ((rc = vblk_submit(&disk, &rq[i])))
                fail("submit", rc);
        }
    }
    if (type == VIRTIO_BLK_T_OUT && (rc = vblk_flush(&disk)))
        fail("flush", rc);
    return running_ns() - t0;
}

/* The written area reads back as written (each chunk buffer's contents
 * went to every DEPTH-th chunk; the last round is what the disk holds). */
static void check_written(void)
{
    static _Alignas(4096) uint8_t back[CHUNK];
    uint64_t chunks = SEQ_BYTES / CHUNK;

    for (uint64_t c = chunks - DEPTH; ok && c < chunks; c++) {
        int rc = vblk_read(&disk, WRITE_BASE_SECTOR + c * (CHUNK / DISK_SECTOR), back, CHUNK);

        if (rc || memcmp(back, buf[c % DEPTH], CHUNK))
            fail("write: reads back wrong", rc);
    }
}

static uint64_t random_reads(void)
{
    uint64_t t0 = running_ns(), x = 12345, places = SEQ_BYTES / 4096;   /* not written */

    for (unsigned int n = 0; ok && n < RAND_READS; n++) {
        uint64_t sector;
        int rc;

        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        sector = ((x >> 33) % places) * 8;
        if ((rc = vblk_read(&disk, sector, buf[0], 4096)))
            fail("random read", rc);
        else if (!numbers_ok(buf[0], sector, 4096))
            fail("random read: wrong data", (long)sector);
    }
    return running_ns() - t0;
}

/* The last DEPTH chunks of the sequential read, pattern and all. */
static void check_read(void)
{
    uint64_t chunks = SEQ_BYTES / CHUNK;

    for (uint64_t c = chunks - DEPTH; c < chunks; c++)
        if (!disk_pattern_check(buf[c % DEPTH], c * (CHUNK / DISK_SECTOR), CHUNK / DISK_SECTOR))
            fail("read: wrong pattern", (long)c);
}

/* bytes / ns in MB/s, with two decimals. */
static void report_mbps(const char *name, uint64_t bytes, uint64_t ns)
{
    uint64_t centi = bytes * 100000 / ns;

    printk("BENCH %s %lu.%02lu virtual_MBps\n", name, (unsigned long)(centi / 100),
           (unsigned long)(centi % 100));
}

int main(void)
{
    uint64_t read_ns, write_ns, rand_ns;
    int rc = virtio_blk_init(&disk, 0);

    if (rc) {
        printk("blk_native: no disk (%d)\n", rc);
        return 1;
    }
    for (unsigned int i = 0; i < DEPTH; i++)
        for (unsigned int j = 0; j < CHUNK; j++)
            buf[i][j] = (uint8_t)(i * 31 + j * 7);
    write_ns = sequential(VIRTIO_BLK_T_OUT, WRITE_BASE_SECTOR);
    check_written();
    read_ns = sequential(VIRTIO_BLK_T_IN, 0);
    check_read();
    rand_ns = random_reads();
    if (!ok || disk.failed || !read_ns || !write_ns || !rand_ns) {
        printk("blk_native: checks failed: no figures\n");
        return 1;
    }
    report_mbps("blk_native_seq_read_MBps", SEQ_BYTES, read_ns);
    report_mbps("blk_native_seq_write_MBps", SEQ_BYTES, write_ns);
    printk("BENCH blk_native_4k_randread_iops %lu virtual_iops\n",
           (unsigned long)(RAND_READS * NSEC_PER_SEC / rand_ns));
    printk("blk_native: %lu interrupts for %lu requests\n", disk.dev.interrupts,
           disk.completed);
    printk("BENCH done\n");
    return 0;
}
