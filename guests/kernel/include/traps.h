/*
 * Traps: everything that enters the guest kernel through stvec.
 *
 * The entry code (entry.S) saves every register in a struct trap_frame on
 * the current stack and calls trap_dispatch().  The event upcall
 * (supervisor software interrupt) goes to the event code.  An exception is
 * offered to trap_hook first; if the hook does not claim it, the kernel
 * prints a register dump and shuts the domain down with SHUTDOWN_crash.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

/* Frame layout, shared with entry.S; traps.c checks it against the struct. */
#define TF_REG(n)     ((n) * 8)   /* x0 slot unused; x2 = sp at the trap */
#define TF_SEPC       (32 * 8)
#define TF_SSTATUS    (33 * 8)
#define TF_SCAUSE     (34 * 8)
#define TF_STVAL      (35 * 8)
#define TF_SIZE       (36 * 8)    /* a multiple of 16: keeps sp aligned */

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
    uint64_t regs[32];   /* regs[n] = xn; written back on return */
    uint64_t sepc;       /* written back: a hook may skip an instruction */
    uint64_t sstatus;    /* written back */
    uint64_t scause;
    uint64_t stval;
};

/*
 * Optional handler for exceptions, for tests that provoke faults on
 * purpose.  Return true to claim the trap (typically after advancing
 * tf->sepc past the faulting instruction); false to let the kernel treat
 * it as fatal.  Not consulted for interrupts.
 */
extern bool (*trap_hook)(struct trap_frame *tf);

/* Called by entry.S. */
void trap_dispatch(struct trap_frame *tf);

/* Print the frame on the console. */
void dump_trap_frame(const struct trap_frame *tf);

/* The stvec target, in entry.S. */
void trap_entry(void);

#endif /* __ASSEMBLER__ */
#endif /* GUEST_TRAPS_H */
