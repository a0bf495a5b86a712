/*
 * guests/dom0/cpio.c: the ramdisk reader on arbitrary bytes, copied into
 * a buffer of exactly their length (ASan sees a read one byte too far).
 *
 * Every member cpio_next() returns lies inside the buffer, its name is a
 * C string there, and the walk moves forward until the trailer or an
 * error; cpio_find() of each name seen finds a member, or the walk's
 * error, never something outside the buffer.
 */
#include "../../guests/dom0/cpio.h"
#include "fuzz.h"

static bool inside(const uint8_t *buf, size_t len, const void *p, size_t n)
{
    const uint8_t *q = p;

    return q >= buf && q <= buf + len && n <= (size_t)(buf + len - q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    struct cpio_file f, g;
    size_t pos = 0, prev;
    int rc;

    memcpy(buf, data, size);
    for (unsigned int n = 0; n < 64; n++) {
        prev = pos;
        rc = cpio_next(buf, size, &pos, &f);
        if (rc != CPIO_OK && rc != CPIO_END) {
            CHECK(rc == CPIO_MALFORMED);
            break;
        }
        CHECK(inside(buf, size, f.data, f.size));
        CHECK(inside(buf, size, f.name, strlen(f.name) + 1));
        if (rc == CPIO_END)
            break;
        CHECK(pos > prev && pos <= size);
        rc = cpio_find(buf, size, f.name, &g);
        CHECK(rc == CPIO_OK || rc == CPIO_NOT_FOUND || rc == CPIO_MALFORMED);
        if (rc == CPIO_OK)
            CHECK(inside(buf, size, g.data, g.size));
    }
    CHECK(cpio_strerror(cpio_find(buf, size, "/boot/x.elf", &g))[0]);
    free(buf);
    return 0;
}
