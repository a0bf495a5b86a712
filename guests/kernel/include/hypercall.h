/*
 * Calling the hypervisor (the convention is in public/arch-riscv.h):
 * ecall with a7 = XEN_HYPERCALL_EID, a6 = __HYPERVISOR_* number, arguments
 * in a0..a4, result in a0.  a1..a4 may come back changed; every other
 * register is preserved, and memory is clobbered (arguments point at
 * structures the hypervisor reads and writes).
 *
 * Every wrapper returns the raw result: >= 0 on success, -XEN_E* on error.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>
#include <public/sysctl.h>
#include <public/domctl.h>

/*
 * a0 is the result; a1..a4 are clobbered (public/arch-riscv.h: a continued
 * hypercall leaves its progress there), so every argument register is an
 * in/out operand, whether or not the call uses it.
 */
#define HYPERCALL(nr, x0, x1, x2, x3, x4)                                \
    ({                                                                   \
        register unsigned long a0 __asm__("a0") = (x0);                  \
        register unsigned long a1 __asm__("a1") = (x1);                  \
        register unsigned long a2 __asm__("a2") = (x2);                  \
        register unsigned long a3 __asm__("a3") = (x3);                  \
        register unsigned long a4 __asm__("a4") = (x4);                  \
        register unsigned long a6 __asm__("a6") = (nr);                  \
        register unsigned long a7 __asm__("a7") = XEN_HYPERCALL_EID;     \
        __asm__ volatile("ecall"                                         \
                         : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4) \
                         : "r"(a6), "r"(a7)                              \
                         : "memory");                                    \
        (long)a0;                                                        \
    })

static inline long _hypercall0(unsigned long nr)
{
    return HYPERCALL(nr, 0, 0, 0, 0, 0);
}

static inline long _hypercall1(unsigned long nr, unsigned long x0)
{
    return HYPERCALL(nr, x0, 0, 0, 0, 0);
}

static inline long _hypercall2(unsigned long nr, unsigned long x0, unsigned long x1)
{
    return HYPERCALL(nr, x0, x1, 0, 0, 0);
}

static inline long _hypercall3(unsigned long nr, unsigned long x0, unsigned long x1,
                               unsigned long x2)
{
    return HYPERCALL(nr, x0, x1, x2, 0, 0);
}

static inline long _hypercall4(unsigned long nr, unsigned long x0, unsigned long x1,
                               unsigned long x2, unsigned long x3)
{
    return HYPERCALL(nr, x0, x1, x2, x3, 0);
}

static inline long _hypercall5(unsigned long nr, unsigned long x0, unsigned long x1,
                               unsigned long x2, unsigned long x3, unsigned long x4)
{
    return HYPERCALL(nr, x0, x1, x2, x3, x4);
}

#undef HYPERCALL

/* Casts for the argument registers: ints are sign-extended, as in C. */
#define HC_ARG(x) ((unsigned long)(x))
#define HC_PTR(p) ((unsigned long)(uintptr_t)(p))

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_xen_version, HC_ARG((long)cmd), HC_PTR(arg));
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count, char *buf)
{
    return _hypercall3(__HYPERVISOR_console_io, HC_ARG((long)cmd),
                       HC_ARG(count), HC_PTR(buf));
}

/* CONSOLEIO_write_for (public/xen.h): dom0's back end prints domid's lines. */
static inline long HYPERVISOR_console_io_write_for(domid_t domid, unsigned int count,
                                                   const char *buf)
{
    return _hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, HC_ARG(count),
                       HC_PTR(buf), HC_ARG(domid));
}

static inline long HYPERVISOR_hvm_op(unsigned long op, void *arg)
{
    return _hypercall2(__HYPERVISOR_hvm_op, HC_ARG(op), HC_PTR(arg));
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_sched_op, HC_ARG((long)cmd), HC_PTR(arg));
}

/* timeout: absolute system time in ns; 0 cancels. */
static inline long HYPERVISOR_set_timer_op(uint64_t timeout)
{
    return _hypercall1(__HYPERVISOR_set_timer_op, HC_ARG(timeout));
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_event_channel_op, HC_ARG((long)cmd),
                       HC_PTR(arg));
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *extra)
{
    return _hypercall3(__HYPERVISOR_vcpu_op, HC_ARG((long)cmd),
                       HC_ARG(vcpuid), HC_PTR(extra));
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_memory_op, HC_ARG(cmd), HC_PTR(arg));
}

static inline long HYPERVISOR_multicall(multicall_entry_t *list,
                                        unsigned long nr)
{
    return _hypercall2(__HYPERVISOR_multicall, HC_PTR(list), HC_ARG(nr));
}

static inline long HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count,
                                         unsigned int *done,
                                         unsigned int foreigndom)
{
    return _hypercall4(__HYPERVISOR_mmu_update, HC_PTR(req), HC_ARG(count),
                       HC_PTR(done), HC_ARG(foreigndom));
}

static inline long HYPERVISOR_mmuext_op(mmuext_op_t *op, unsigned int count,
                                        unsigned int *done,
                                        unsigned int foreigndom)
{
    return _hypercall4(__HYPERVISOR_mmuext_op, HC_PTR(op), HC_ARG(count),
                       HC_PTR(done), HC_ARG(foreigndom));
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
                                                unsigned long flags)
{
    return _hypercall3(__HYPERVISOR_update_va_mapping, HC_ARG(va),
                       HC_ARG(pte), HC_ARG(flags));
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop,
                                             unsigned int count)
{
    return _hypercall3(__HYPERVISOR_grant_table_op, HC_ARG(cmd), HC_PTR(uop),
                       HC_ARG(count));
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
    return _hypercall2(__HYPERVISOR_vm_assist, HC_ARG(cmd), HC_ARG(type));
}

static inline long HYPERVISOR_sysctl(xen_sysctl_t *op)
{
    return _hypercall1(__HYPERVISOR_sysctl, HC_PTR(op));
}

static inline long HYPERVISOR_domctl(xen_domctl_t *op)
{
    return _hypercall1(__HYPERVISOR_domctl, HC_PTR(op));
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return _hypercall2(__HYPERVISOR_physdev_op, HC_ARG((long)cmd), HC_PTR(arg));
}

#endif /* GUEST_HYPERCALL_H */
