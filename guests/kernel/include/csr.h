/*
 * Access to the supervisor CSRs a PV guest kernel uses.  In VS-mode the
 * names sstatus, sie, sip, stvec, ... reach the hypervisor-provided
 * virtual copies (vsstatus, ...), so guest code reads like bare-metal
 * S-mode code.  Every access goes through these wrappers so that the
 * guest's CSR use can be found with one grep.
 */
#ifndef GUEST_CSR_H
#define GUEST_CSR_H

#include <stdint.h>

#define SSTATUS_SIE   (1UL << 1)   /* interrupts enabled */
#define SSTATUS_SPIE  (1UL << 5)   /* SIE before the trap */
#define SSTATUS_SPP   (1UL << 8)   /* trap came from S-mode */

#define SIE_SSIE      (1UL << 1)   /* software interrupt: the event upcall */
#define SIP_SSIP      (1UL << 1)

#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT    1            /* scause code of the event upcall */

#define csr_read(csr) ({                                        \
    unsigned long v__;                                          \
    __asm__ volatile ("csrr %0, " #csr : "=r"(v__) :: "memory"); \
    v__; })

#define csr_write(csr, val) ({                                  \
    unsigned long v__ = (unsigned long)(val);                   \
    __asm__ volatile ("csrw " #csr ", %0" :: "rK"(v__) : "memory"); })

/* Set bits, returning the old value. */
#define csr_read_set(csr, bits) ({                              \
    unsigned long v__ = (unsigned long)(bits);                  \
    __asm__ volatile ("csrrs %0, " #csr ", %1"                  \
                      : "=r"(v__) : "rK"(v__) : "memory");      \
    v__; })

/* Clear bits, returning the old value. */
#define csr_read_clear(csr, bits) ({                            \
    unsigned long v__ = (unsigned long)(bits);                  \
    __asm__ volatile ("csrrc %0, " #csr ", %1"                  \
                      : "=r"(v__) : "rK"(v__) : "memory");      \
    v__; })

#define csr_set(csr, bits)   ((void)csr_read_set(csr, bits))
#define csr_clear(csr, bits) ((void)csr_read_clear(csr, bits))

/* The time counter: the "tsc" of vcpu_time_info. */
static inline uint64_t rdtime(void)
{
    uint64_t t;

    __asm__ volatile ("rdtime %0" : "=r"(t));
    return t;
}

#endif /* GUEST_CSR_H */
