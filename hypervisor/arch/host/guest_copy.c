/*
 * Host arch: guest memory for hypercall handlers under test.  A test names
 * one window of host memory as the running guest's memory; a guest
 * virtual address is a host address inside it.  Anything outside the
 * window faults (the copy reports every byte as not copied), so handlers'
 * -EFAULT paths run exactly as on the target.
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

static bool inside(uint64_t gva, size_t len)
{
    uint64_t base = (uint64_t)(uintptr_t)window;

    return window && gva >= base && len <= window_len && gva - base <= window_len - len;
}

size_t arch_copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (!inside(gva, len))
        return len;
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

size_t arch_copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (!inside(gva, len))
        return len;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}
