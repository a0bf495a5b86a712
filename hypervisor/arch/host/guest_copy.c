/*
 * Host arch: guest memory for hypercall handlers under test.  A test names
 * one window of host memory as the running guest's memory; it appears at
 * guest virtual address HOST_GUEST_VA (host_guest_va() translates a host
 * pointer inside it).  Anything outside the window faults (the copy
 * reports every byte as not copied), so handlers' -EFAULT paths run
 * exactly as on the target.
 */
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <asm/host.h>

static uint8_t *window;
static size_t window_len;

void host_guest_window(void *base, size_t len)
{
    window = base;
    window_len = len;
}

uint64_t host_guest_va(const void *p)
{
    return HOST_GUEST_VA + (uint64_t)((const uint8_t *)p - window);
}

static bool inside(uint64_t gva, size_t len)
{
    return window && gva >= HOST_GUEST_VA && len <= window_len &&
           gva - HOST_GUEST_VA <= window_len - len;
}

static uint8_t *host_of(uint64_t gva)
{
    return window + (gva - HOST_GUEST_VA);
}

size_t arch_copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (!inside(gva, len))
        return len;
    memcpy(dst, host_of(gva), len);
    return 0;
}

size_t arch_copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (!inside(gva, len))
        return len;
    memcpy(host_of(gva), src, len);
    return 0;
}
