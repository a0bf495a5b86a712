/*
 * The guest register frame saved by trap entry (entry.S) and restored on the
 * way back.  x[0] is unused; the order is the register numbering so that the
 * assembly can use one offset formula.
 */
#ifndef ASM_RISCV_REGS_H
#define ASM_RISCV_REGS_H

#include <hv/types.h>

struct cpu_user_regs {
    unsigned long x[32];
    unsigned long sepc;
    unsigned long sstatus;
    unsigned long hstatus;
    unsigned long scause;
    unsigned long stval;
    unsigned long htval;
    unsigned long htinst;
};

/* Register numbers of the ABI names the hypervisor uses. */
#define REG_RA 1
#define REG_SP 2
#define REG_GP 3
#define REG_TP 4
#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A3 13
#define REG_A4 14
#define REG_A5 15
#define REG_A6 16
#define REG_A7 17

/* A frame for traps taken in HS-mode itself. */
struct hv_trap_frame {
    unsigned long x[32];
    unsigned long sepc;
    unsigned long sstatus;
    unsigned long scause;
    unsigned long stval;
};

#endif
