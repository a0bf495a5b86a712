/*
 * The crash test's writer (scripts/blk_crash.py): a domU that writes
 * numbered records to its disk until QEMU is killed under it.
 *
 * Record n (from 1) is sector n of the disk, written with lib/blk_test.h's
 * pattern and seed n mod 251.  Records go in batches of BATCH, all in
 * flight at once; once every write of a batch has been answered, a
 * FLUSH_DISKCACHE; once the flush is answered, the line "BLK-ACK <n>"
 * says that records 1..n are durable.  The runner checks, after the kill,
 * that every record so acknowledged is on the image file.  First it says
 * where its disk lies on dom0's: "BLK-FIRST <absolute sector>".
 */
#include <kernel.h>
#include "../../lib/blk_test.h"

#define BATCH 8

static struct blkfront_request rq[BATCH];

static uint8_t seed_of(uint64_t n)
{
    return (uint8_t)(n % 251);
}

/* Records first..first+BATCH-1 written, then flushed: 0 or an error. */
static int batch(uint8_t *buf, uint64_t first)
{
    uint64_t deadline = monotonic_ns() + BLKFRONT_TIMEOUT_NS;
    int rc;

    for (unsigned int i = 0; i < BATCH; i++) {
        uint8_t *p = buf + i * 4096;

        blk_fill(p, 512, first + i, seed_of(first + i));
        blkfront_prepare(&rq[i], BLKIF_OP_WRITE, first + i, p, 512);
        if ((rc = blkfront_submit(&blk, &rq[i])))
            return rc;
    }
    if ((rc = blkfront_drain(&blk, deadline)))
        return rc;
    for (unsigned int i = 0; i < BATCH; i++)
        if (rq[i].status)
            return rq[i].status;
    return blkfront_flush(&blk);
}

int main(void)
{
    uint8_t *buf = blk_buf(BATCH);
    int rc;

    rc = blkfront_connect(&blk, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC);
    if (rc || !buf)
        panic("crash writer: no disk (%d)", rc);
    printk("BLK-FIRST %llu\n", (unsigned long long)blk_slice_first());
    for (uint64_t n = 1; n + BATCH <= blk.sectors; n += BATCH) {
        rc = batch(buf, n);
        if (rc)
            panic("crash writer: I/O failed at record %llu (%d)", (unsigned long long)n, rc);
        printk("BLK-ACK %llu\n", (unsigned long long)(n + BATCH - 1));
    }
    printk("crash writer: disk full\n");
    return 0;
}
