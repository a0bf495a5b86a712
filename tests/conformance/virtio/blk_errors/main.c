/*
 * What the device refuses, and many requests at once: a read or write
 * that starts at or runs past the end of the disk comes back -EIO (the
 * device's VIRTIO_BLK_S_IOERR) and the disk works on; malformed requests
 * are refused by the driver before the device sees them; 48 reads in
 * flight together all complete with the right data.
 */
#include <virtio/virtio_blk.h>
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

#define SECTORS (DISK_IMAGE_BYTES / DISK_SECTOR)
#define IN_FLIGHT 48

static struct virtio_blk disk;
static bool up;
static _Alignas(4096) uint8_t buf[2 * 4096];
static _Alignas(4096) uint8_t many[IN_FLIGHT][4096];
static struct vblk_request rq[IN_FLIGHT];

static void device_found(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0);
}

static void past_the_end(void)
{
    if (!up)
        return;
    EXPECT_EQ(vblk_read(&disk, SECTORS, buf, DISK_SECTOR), -XEN_EIO);
    EXPECT_EQ(vblk_read(&disk, SECTORS - 1, buf, 2 * DISK_SECTOR), -XEN_EIO);
    EXPECT_EQ(vblk_read(&disk, ~0ULL, buf, DISK_SECTOR), -XEN_EIO);
    EXPECT_EQ(vblk_write(&disk, SECTORS, buf, DISK_SECTOR), -XEN_EIO);
    EXPECT_EQ(vblk_write(&disk, SECTORS - 3, buf, 4096), -XEN_EIO);
    EXPECT_EQ(disk.failed, 5);
    /* And the disk works on. */
    if (EXPECT_EQ(vblk_read(&disk, SECTORS - 1, buf, DISK_SECTOR), 0))
        EXPECT_TRUE(disk_pattern_check(buf, SECTORS - 1, 1));
}

static void malformed(void)
{
    struct vblk_request r = { .type = VIRTIO_BLK_T_IN };

    if (!up)
        return;
    EXPECT_EQ(vblk_submit(&disk, &r), -XEN_EINVAL);            /* no data */
    r = (struct vblk_request){ .type = 99, .nr_segs = 1 };
    r.seg[0] = (struct vblk_seg){ virtio_bus_addr(buf), DISK_SECTOR };
    EXPECT_EQ(vblk_submit(&disk, &r), -XEN_EINVAL);            /* no such type */
    r.type = VIRTIO_BLK_T_IN;
    r.seg[0].len = 100;
    EXPECT_EQ(vblk_submit(&disk, &r), -XEN_EINVAL);            /* not whole sectors */
    r.nr_segs = VBLK_MAX_SEGS + 1;
    EXPECT_EQ(vblk_submit(&disk, &r), -XEN_EINVAL);
    EXPECT_EQ(vblk_read(&disk, 0, buf, 100), -XEN_EINVAL);
    EXPECT_EQ(virtq_in_flight(&disk.vq), 0);
}

static void many_in_flight(void)
{
    uint64_t deadline = monotonic_ns() + 10 * NSEC_PER_SEC;
    unsigned int good = 0;

    if (!up)
        return;
    for (unsigned int i = 0; i < IN_FLIGHT; i++) {
        memset(many[i], 0, sizeof(many[i]));
        EXPECT_EQ(vblk_prepare(&rq[i], VIRTIO_BLK_T_IN, 1000 * i, many[i], 4096), 0);
        if (!EXPECT_EQ(vblk_submit(&disk, &rq[i]), 0))
            return;
    }
    EXPECT_RANGE(virtq_in_flight(&disk.vq), 1, IN_FLIGHT);
    for (unsigned int i = 0; i < IN_FLIGHT; i++) {
        if (!EXPECT_EQ(vblk_wait(&disk, &rq[i], deadline), 0) || !EXPECT_EQ(rq[i].status, 0))
            continue;
        good += disk_pattern_check(many[i], 1000 * i, 8);
    }
    EXPECT_EQ(good, IN_FLIGHT);
    EXPECT_EQ(virtq_in_flight(&disk.vq), 0);
    EXPECT_TRUE(!disk.vq.broken);
}

static const struct test tests[] = {
    /* The disk is up. */
    TEST(device_found),
    /* Reads and writes at or across the end: -EIO from the device; a read
     * of the last sector still works. */
    TEST(past_the_end),
    /* No data, an unknown type, partial sectors, too many segments:
     * -EINVAL from the driver, nothing queued. */
    TEST(malformed),
    /* 48 reads submitted before any is waited for: all right. */
    TEST(many_in_flight),
};

int main(void)
{
    return run_tests("virtio/blk_errors", tests, ARRAY_SIZE(tests));
}
