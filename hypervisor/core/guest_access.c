/* copy_from_guest / copy_to_guest: the arch copy, failures as -EFAULT. */
#include <hv/errno.h>
#include <hv/guest_access.h>

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    return arch_copy_from_guest(dst, gva, len) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    return arch_copy_to_guest(gva, src, len) ? -EFAULT : 0;
}
