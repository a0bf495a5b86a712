/*
 * The contents of the disk image `make run` and the tests attach
 * (scripts/mkdisk.py writes it, 32 MiB): every 512-byte sector holds a
 * pattern its number determines,
 *     bytes 0..7    the sector number, little-endian
 *     bytes 8..15   the tag "rvxendsk"
 *     byte i >= 16  (sector * 7 + i) mod 251
 * so a reader can tell it got the sector it asked for.
 */
#ifndef CONFORMANCE_DISK_PATTERN_H
#define CONFORMANCE_DISK_PATTERN_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define DISK_SECTOR      512
#define DISK_IMAGE_BYTES (32ULL << 20)

static inline uint8_t disk_pattern_byte(uint64_t sector, unsigned int i)
{
    if (i < 8)
        return (uint8_t)(sector >> (8 * i));
    if (i < 16)
        return (uint8_t)"rvxendsk"[i - 8];
    return (uint8_t)((sector * 7 + i) % 251);
}

/* Does buf hold `count` sectors of the pattern from `first` on? */
static inline bool disk_pattern_check(const void *buf, uint64_t first, unsigned int count)
{
    const uint8_t *b = buf;

    for (unsigned int s = 0; s < count; s++)
        for (unsigned int i = 0; i < DISK_SECTOR; i++)
            if (b[s * DISK_SECTOR + i] != disk_pattern_byte(first + s, i))
                return false;
    return true;
}

#endif /* CONFORMANCE_DISK_PATTERN_H */
