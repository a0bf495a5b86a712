/*
 * copy_from_guest / copy_to_guest: the arch copy, failures as -EFAULT.
 *
 * A copy that faults is tried once more after a local TLB flush: this CPU
 * may have held a translation older than a change that granted the access
 * (rights are added without a remote flush, hv/flush.h).  A fault that
 * survives the flush is the guest's.
 */
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/arch/cpu.h>

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
    if (!arch_copy_from_guest(dst, gva, len))
        return 0;
    arch_flush_guest_tlb_local();
    return arch_copy_from_guest(dst, gva, len) ? -EFAULT : 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
    if (!arch_copy_to_guest(gva, src, len))
        return 0;
    arch_flush_guest_tlb_local();
    return arch_copy_to_guest(gva, src, len) ? -EFAULT : 0;
}

/* Sv39: the lower half is [0, 2^38), the upper [2^64 - 2^38, 2^64). */
#define GUEST_VA_HALF (1ULL << 38)

bool guest_handle_okay(uint64_t gva, uint64_t nr, size_t size)
{
    uint64_t base = gva >= -GUEST_VA_HALF ? -GUEST_VA_HALF : 0;
    uint64_t room = base + GUEST_VA_HALF - gva;

    if (!base && gva >= GUEST_VA_HALF)
        return false;
    return size == 0 || nr <= room / size;
}
