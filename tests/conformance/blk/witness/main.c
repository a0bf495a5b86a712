/*
 * The blk witness: a domU (domain 2) that keeps using its virtual disk
 * while a blk test (domain 1) attacks blkback, and counts its good rounds
 * in a page it grants to the test (lib/xs_test.h's protocol).  At start it
 * writes a guard area (sectors 4096..4159) with seed 0x5a; each round
 * writes a page at a sector that moves on each round, reads it back, every
 * fourth round flushes and every eighth reads the guard area again.  A
 * round whose I/O fails or reads back anything else is a failure.  It
 * stops when the test sets `stop`, or after 60 s, and powers off.
 *
 * The disk pattern is the one of lib/blk_test.h.
 */
#include <string.h>
#include <kernel.h>
#include <gnttab.h>
#include <mm.h>
#include "../../lib/blk_test.h"
#include "../../lib/xs_test.h"

#define GUARD_SECTOR 4096
#define GUARD_LEN    (8 * 4096)
#define GUARD_SEED   0x5a

static volatile struct xs_witness *w;

static int round_io(unsigned int i, uint8_t *buf)
{
    uint64_t sector = (i % 256) * 8;
    int rc;

    blk_fill(buf, 4096, sector, (uint8_t)i);
    if ((rc = blkfront_write(&blk, sector, buf, 4096)))
        return rc;
    memset(buf, 0, 4096);
    if ((rc = blkfront_read(&blk, sector, buf, 4096)))
        return rc;
    if (!blk_pattern_ok(buf, 4096, sector, (uint8_t)i))
        return -XEN_EIO;
    if (i % 4 == 0 && (rc = blkfront_flush(&blk)))
        return rc;
    if (i % 8 == 0) {
        if ((rc = blkfront_read(&blk, GUARD_SECTOR, buf, GUARD_LEN)))
            return rc;
        if (!blk_pattern_ok(buf, GUARD_LEN, GUARD_SECTOR, GUARD_SEED))
            return -XEN_EFAULT;
    }
    return 0;
}

int main(void)
{
    uint64_t end = monotonic_ns() + 60 * NSEC_PER_SEC;
    uint8_t *buf = alloc_pages_contig(GUARD_LEN / 4096);
    void *page = alloc_page();

    if (!page || !buf || gnttab_init(1))
        panic("blk witness: no memory or grant table");
    memset(page, 0, PAGE_SIZE);
    w = page;
    /* The page's ref first, so that blkfront's grants take others. */
    gnttab_grant_access_ref(XS_WITNESS_REF, 1, virt_to_mfn(page), false);
    if (blkfront_connect(&blk, XENBUS_ANY_DEVID, monotonic_ns() + 5 * NSEC_PER_SEC))
        panic("blk witness: no disk");
    blk_fill(buf, GUARD_LEN, GUARD_SECTOR, GUARD_SEED);
    if (blkfront_write(&blk, GUARD_SECTOR, buf, GUARD_LEN) || blkfront_flush(&blk))
        panic("blk witness: cannot write the guard area");
    w->magic = XS_WITNESS_MAGIC;
    for (unsigned int i = 1; !w->stop && monotonic_ns() < end; i++) {
        int rc = round_io(i, buf);

        if (rc) {
            w->last_err = rc;
            w->failures++;
        } else {
            w->rounds++;
        }
        sleep_ns(NSEC_PER_MSEC);
    }
    printk("blk witness: %u good rounds, %u failed\n", w->rounds, w->failures);
    shutdown(SHUTDOWN_poweroff);
}
