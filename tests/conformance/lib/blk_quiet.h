/*
 * For the tests of physical interrupts: disk I/O that leaves the device's
 * interrupt alone, and disk I/O that counts it.  blk_read_quietly()
 * completes a read by watching the used ring only - no InterruptStatus
 * acknowledgement, so the device's line stays high, and no PHYSDEVOP_eoi;
 * event_within() watches the pirq's port; blk_reads_by_interrupt() reads
 * the ordinary way and says how many interrupts that took.
 */
#ifndef CONFORMANCE_BLK_QUIET_H
#define CONFORMANCE_BLK_QUIET_H

#include <virtio/virtio_blk.h>
#include "disk_pattern.h"
#include "test.h"

#define QUIET_STEP_NS (20 * 1000)

/* One 4 KiB read of `sector` into buf, done when the device returns it:
 * 0, or an error (the request's, or -XEN_ETIMEDOUT after 2 s). */
static inline int blk_read_quietly(struct virtio_blk *b, struct vblk_request *rq, void *buf,
                                   uint64_t sector)
{
    uint64_t deadline = monotonic_ns() + 2 * NSEC_PER_SEC;
    int rc = vblk_prepare(rq, VIRTIO_BLK_T_IN, sector, buf, 4096);

    if (!rc)
        rc = vblk_submit(b, rq);
    while (!rc && !rq->done) {
        vblk_reap(b);
        if (!rq->done && monotonic_ns() >= deadline)
            return -XEN_ETIMEDOUT;
        if (!rq->done)
            sleep_ns(QUIET_STEP_NS);
    }
    return rc ? rc : rq->status;
}

/* Does port become pending within ms milliseconds?  It is left clear. */
static inline bool event_within(evtchn_port_t port, uint64_t ms)
{
    uint64_t deadline = monotonic_ns() + ms * NSEC_PER_MSEC;

    while (!evtchn_is_pending(port) && monotonic_ns() < deadline)
        evtchn_poll(&port, 1, deadline);
    return evtchn_test_and_clear(port);
}

/*
 * `count` one-sector reads from `first` through the driver (asleep on the
 * pirq, serviced on waking), each checked against the image's pattern:
 * the interrupts serviced meanwhile.  Each read raises one; a read the
 * device finished before the driver looked needs no wait, and its
 * interrupt is serviced by the next read, so the last one may still be on
 * its way: between count - 1 and 2 * count (two if a completion and its
 * acknowledgement cross).
 */
static inline unsigned long blk_reads_by_interrupt(struct virtio_blk *b, void *buf,
                                                   uint64_t first, unsigned int count)
{
    unsigned long before = b->dev.interrupts;

    for (unsigned int i = 0; i < count; i++)
        if (EXPECT_EQ(vblk_read(b, first + i, buf, DISK_SECTOR), 0))
            EXPECT_TRUE(disk_pattern_check(buf, first + i, 1));
    return b->dev.interrupts - before;
}

#endif /* CONFORMANCE_BLK_QUIET_H */
