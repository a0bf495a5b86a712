/*
 * dom0's virtio-blk driver writes (the image is attached snapshot=on, so
 * the file is never changed): sectors written read back as written,
 * their neighbours keep the image's pattern, a write across pages from a
 * buffer that starts mid-page, the last sector, and flushes.
 */
#include <virtio/virtio_blk.h>
#include "../../lib/disk_pattern.h"
#include "../../lib/test.h"

static struct virtio_blk disk;
static bool up;
static _Alignas(4096) uint8_t out[5 * 4096], in[5 * 4096];

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(seed + i * 13 + (i >> 9));
}

/* Write len bytes at sector from out + offset, read them back. */
static void write_back(uint64_t sector, size_t len, unsigned int offset, uint8_t seed)
{
    fill(out + offset, len, seed);
    if (!up || !EXPECT_EQ(vblk_write(&disk, sector, out + offset, len), 0))
        return;
    memset(in, 0, sizeof(in));
    if (EXPECT_EQ(vblk_read(&disk, sector, in, len), 0))
        EXPECT_EQ(memcmp(in, out + offset, len), 0);
}

static void device_found(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0) && EXPECT_TRUE(!disk.read_only);
}

static void one_sector(void)
{
    write_back(100, DISK_SECTOR, 0, 1);
}

static void neighbours_untouched(void)
{
    if (!up)
        return;
    if (EXPECT_EQ(vblk_read(&disk, 99, in, DISK_SECTOR), 0))
        EXPECT_TRUE(disk_pattern_check(in, 99, 1));
    if (EXPECT_EQ(vblk_read(&disk, 101, in, DISK_SECTOR), 0))
        EXPECT_TRUE(disk_pattern_check(in, 101, 1));
}

static void across_pages(void)
{
    write_back(2000, 4 * 4096, 1536, 77);
}

static void last_sector(void)
{
    write_back(DISK_IMAGE_BYTES / DISK_SECTOR - 1, DISK_SECTOR, 0, 9);
}

static void rewrite(void)
{
    write_back(100, DISK_SECTOR, 0, 200);
}

static void flush(void)
{
    if (!up)
        return;
    EXPECT_EQ(vblk_flush(&disk), 0);
    EXPECT_EQ(vblk_flush(&disk), 0);                    /* nothing to flush */
    EXPECT_EQ(disk.failed, 0);
}

static const struct test tests[] = {
    /* The disk is up and writable. */
    TEST(device_found),
    /* Sector 100 reads back what was written. */
    TEST(one_sector),
    /* Sectors 99 and 101 still hold the image's pattern. */
    TEST(neighbours_untouched),
    /* 16 KiB at sector 2000 from 1.5 KiB into a page (five pages). */
    TEST(across_pages),
    /* The last sector of the disk. */
    TEST(last_sector),
    /* Sector 100 again, new contents. */
    TEST(rewrite),
    /* Flush completes with OK, twice. */
    TEST(flush),
};

int main(void)
{
    return run_tests("virtio/blk_write", tests, ARRAY_SIZE(tests));
}
