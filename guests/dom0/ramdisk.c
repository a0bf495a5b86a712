/* dom0's ramdisk, read by path (ramdisk.h). */
#include <kernel.h>
#include "cpio.h"
#include "ramdisk.h"

long ramdisk_file(const char *path, const void **data, size_t *len)
{
    struct cpio_file f;
    int rc;

    if (!start_info->mod_start || !start_info->mod_len)
        return -XEN_ENOENT;
    rc = cpio_find((const void *)start_info->mod_start, start_info->mod_len, path, &f);
    if (rc == CPIO_NOT_FOUND)
        return -XEN_ENOENT;
    if (rc != CPIO_OK)
        return -XEN_EINVAL;
    *data = f.data;
    *len = f.size;
    return 0;
}
