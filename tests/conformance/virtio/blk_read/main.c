/*
 * dom0's virtio-blk driver reads the disk image scripts/mkdisk.py wrote
 * (lib/disk_pattern.h): what the device reports of itself, then sectors
 * at the start, the middle and the end, in one piece or across pages,
 * from a buffer that starts mid-page, and 256 KiB in one request.  The
 * reads are interrupt-driven: the slot's pirq is bound and its events
 * arrive.
 */
#include <public/physdev.h>
#include <virtio/virtio_blk.h>
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

static struct virtio_blk disk;
static bool up;
static _Alignas(4096) uint8_t buf[(VBLK_MAX_SEGS + 1) * 4096];

static void device_found(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0);
    if (!up)
        return;
    EXPECT_EQ(disk.capacity, DISK_IMAGE_BYTES / DISK_SECTOR);
    EXPECT_EQ(disk.blk_size, 512);
    EXPECT_TRUE(disk.has_flush);
    EXPECT_TRUE(!disk.read_only);
    EXPECT_EQ(disk.vq.size, VBLK_QUEUE);
    EXPECT_TRUE(disk.dev.features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
    EXPECT_NE(disk.dev.port, 0);
    EXPECT_EQ(virtio_mmio_status(&disk.dev) & VIRTIO_STATUS_DRIVER_OK, VIRTIO_STATUS_DRIVER_OK);
}

/* Read `count` sectors from `first` into buf + offset and check them. */
static void read_check(uint64_t first, unsigned int count, unsigned int offset)
{
    memset(buf, 0xcc, sizeof(buf));
    if (!up || !EXPECT_EQ(vblk_read(&disk, first, buf + offset, count * DISK_SECTOR), 0))
        return;
    EXPECT_TRUE(disk_pattern_check(buf + offset, first, count));
    EXPECT_EQ(buf[offset + count * DISK_SECTOR], 0xcc);     /* nothing past the end */
}

static void first_sector(void) { read_check(0, 1, 0); }
static void middle_range(void) { read_check(12345, 16, 0); }
static void last_sectors(void) { read_check(DISK_IMAGE_BYTES / DISK_SECTOR - 8, 8, 0); }
static void unaligned_buffer(void) { read_check(777, 9, 512 + 3 * 1024); }
static void large_request(void) { read_check(4096, VBLK_MAX_SEGS * 8, 0); }

static void interrupt_driven(void)
{
    struct physdev_irq_status_query q = { .irq = disk.dev.pirq };
    unsigned long before = disk.dev.interrupts;

    if (!up)
        return;
    for (unsigned int i = 0; i < 10; i++)
        read_check(2 + i, 1, 0);
    EXPECT_RANGE(disk.dev.interrupts - before, 9, 20);   /* lib/blk_quiet.h */
    EXPECT_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q), 0);
    EXPECT_EQ(q.flags, XENIRQSTAT_needs_eoi);
    EXPECT_EQ(disk.failed, 0);
}

static const struct test tests[] = {
    /* The device: capacity 32 MiB, 512-byte blocks, flush, a 256-entry
     * queue, modern, DRIVER_OK, its pirq bound. */
    TEST(device_found),
    /* Sector 0 holds its pattern. */
    TEST(first_sector),
    /* 16 sectors from 12345 (two pages). */
    TEST(middle_range),
    /* The last 8 sectors. */
    TEST(last_sectors),
    /* 9 sectors into a buffer 3.5 KiB into a page (across two pages). */
    TEST(unaligned_buffer),
    /* 256 KiB in one request (64 segments). */
    TEST(large_request),
    /* Ten reads take 9 to 20 interrupts, each EOIed; the pirq needs EOIs. */
    TEST(interrupt_driven),
};

int main(void)
{
    return run_tests("virtio/blk_read", tests, ARRAY_SIZE(tests));
}
