/*
 * Host arch: guest memory for hypercall arguments (hv/guest_access.h).
 *
 * A "guest virtual address" is a host pointer, valid only inside the one
 * window a test declares with host_guest_window(); any byte outside it
 * faults, so the -EFAULT paths of the code under test run for real.
 */
#include <hv/guest_access.h>
#include <hv/lib.h>
#include <asm/host.h>

static uintptr_t window_base;
static size_t window_len;

void host_guest_window(void *base, size_t len)
{
    window_base = (uintptr_t)base;
    window_len = len;
}

static bool in_window(uint64_t gva, size_t len)
{
    return gva >= window_base && gva - window_base <= window_len &&
           len <= window_len - (gva - window_base);
}

size_t arch_copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

size_t arch_copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (!in_window(gva, len))
        return len;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}
