/* cpio "newc" reader (cpio.h has the format and the rules). */
#include <string.h>
#include "cpio.h"

#define HDR_LEN 110
#define FIELD_LEN 8
enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NR_FIELDS };

static const char trailer[] = "TRAILER!!!";

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

static int hex_field(const char *p, uint32_t *out)
{
    uint32_t v = 0;

    for (unsigned int i = 0; i < FIELD_LEN; i++) {
        char c = p[i];
        unsigned int d;

        if (c >= '0' && c <= '9')
            d = (unsigned int)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned int)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned int)(c - 'A' + 10);
        else
            return CPIO_MALFORMED;
        v = v << 4 | d;
    }
    *out = v;
    return CPIO_OK;
}

int cpio_next(const void *archive, size_t len, size_t *pos, struct cpio_file *out)
{
    const char *a = archive, *h;
    uint32_t f[NR_FIELDS];
    size_t name_at, data_at, end;

    if (*pos > len || len - *pos < HDR_LEN)
        return CPIO_MALFORMED;          /* no trailer before the end */
    h = a + *pos;
    if (memcmp(h, "07070", 5) || (h[5] != '1' && h[5] != '2'))
        return CPIO_MALFORMED;
    for (unsigned int i = 0; i < NR_FIELDS; i++)
        if (hex_field(h + 6 + i * FIELD_LEN, &f[i]))
            return CPIO_MALFORMED;
    name_at = *pos + HDR_LEN;
    if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > len - name_at ||
        a[name_at + f[F_NAMESIZE] - 1] != '\0' || memchr(a + name_at, '\0', f[F_NAMESIZE]) !=
                                                      a + name_at + f[F_NAMESIZE] - 1)
        return CPIO_MALFORMED;
    data_at = pad4(name_at + f[F_NAMESIZE]);      /* offsets padded from the start */
    if (data_at > len || f[F_FILESIZE] > len - data_at)
        return CPIO_MALFORMED;
    end = data_at + f[F_FILESIZE];
    out->name = a + name_at;
    out->data = a + data_at;
    out->size = f[F_FILESIZE];
    out->mode = f[F_MODE];
    if (!strcmp(out->name, trailer))
        return CPIO_END;
    *pos = pad4(end);
    if (*pos > len)
        *pos = len;                     /* padding cut off at the end: no trailer follows */
    return CPIO_OK;
}

/* path without its leading "/" or "./" prefixes. */
static const char *strip(const char *path)
{
    for (;;) {
        if (path[0] == '/')
            path++;
        else if (path[0] == '.' && path[1] == '/')
            path += 2;
        else
            return path;
    }
}

int cpio_find(const void *archive, size_t len, const char *path, struct cpio_file *out)
{
    const char *want = strip(path);
    size_t pos = 0;
    struct cpio_file f;
    int rc;

    while ((rc = cpio_next(archive, len, &pos, &f)) == CPIO_OK) {
        if ((f.mode & CPIO_MODE_TYPE) == CPIO_MODE_REG && !strcmp(strip(f.name), want)) {
            *out = f;
            return CPIO_OK;
        }
    }
    return rc == CPIO_END ? CPIO_NOT_FOUND : rc;
}

const char *cpio_strerror(int result)
{
    switch (result) {
    case CPIO_OK:
        return "ok";
    case CPIO_END:
        return "end of archive";
    case CPIO_NOT_FOUND:
        return "no such file in the ramdisk";
    default:
        return "malformed cpio archive";
    }
}
