/*
 * RISC-V per-VCPU and per-domain state.
 *
 * regs is saved on every trap from the guest.  The VS-level CSRs and the FP
 * registers are saved only on a world switch; FP lazily: a VCPU's FP state
 * stays in the registers until another VCPU needs them (pcpu.fp_owner).
 */
#ifndef ASM_RISCV_VCPU_H
#define ASM_RISCV_VCPU_H

#include <hv/types.h>
#include <asm/regs.h>

struct arch_vcpu {
    struct cpu_user_regs regs;
    unsigned long vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
    unsigned long hvip;
    uint64_t fpr[32];
    unsigned long fcsr;
    unsigned int last_cpu;         /* the CPU it last ran on (migration) */
    unsigned long retried_pc;      /* the guest-page fault last retried as */
    unsigned long retried_htval;   /* spurious (traps.c): not again until */
    unsigned long retried_widened; /* the domain's G-stage widens again */
};

struct arch_domain {
    unsigned long hgatp;           /* mode | vmid | root ppn */
    mfn_t gstage_root;             /* 4 contiguous frames (Sv39x4) */
    unsigned int vmid;
};

#endif
