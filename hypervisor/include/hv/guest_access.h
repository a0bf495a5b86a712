/*
 * Copying to and from the memory of the VCPU running on this CPU, at guest
 * virtual addresses (PV guests pass pointers as virtual addresses).  The
 * translation is the guest's own (VS-stage) and then its G-stage, so a guest
 * can name only memory it may access; any fault gives -EFAULT, never a
 * hypervisor crash.
 *
 *   int copy_from_guest(void *dst, uint64_t gva, size_t len);  0 or -EFAULT
 *   int copy_to_guest(uint64_t gva, const void *src, size_t len);
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <hv/types.h>

/* Arch contract: bytes NOT copied (0 on success). */
size_t arch_copy_from_guest(void *dst, uint64_t gva, size_t len);
size_t arch_copy_to_guest(uint64_t gva, const void *src, size_t len);

int copy_from_guest(void *dst, uint64_t gva, size_t len);
int copy_to_guest(uint64_t gva, const void *src, size_t len);

/*
 * Xen's guest_handle_okay: an array of nr elements of `size` bytes at gva
 * lies wholly inside one canonical half of the guest's Sv39 address space,
 * so a length can neither wrap nor reach where no guest memory can be.  A
 * long operation checks this first and fails at once (-EFAULT) instead of
 * working through a hostile count element by element.
 */
bool guest_handle_okay(uint64_t gva, uint64_t nr, size_t size);

#endif
