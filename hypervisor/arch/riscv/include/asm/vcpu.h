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
#include <hv/timer.h>
#include <asm/regs.h>
#include <hv/spinlock.h>

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
    /* Per-VCPU trap and counter set-up, loaded at every switch in: PV
     * domains take every exception first (hedeleg 0); an auto-translated
     * one handles its own (vcpu.c, PVH_HEDELEG).  scounteren has no VS
     * copy: the guest's value is swapped here. */
    unsigned long hedeleg, henvcfg, scounteren;
    /* The SBI of an auto-translated domain (vsbi_pvh.c). */
    unsigned long sbi_pending;     /* atomic: HVIP_VSSIP (an IPI to deliver),
                                      HVIP_VSTIP (the SBI timer fired) */
    struct timer sbi_timer;        /* SBI set_timer's deadline */
};

/* A G-stage table taken out of use, freed after a flush that started
 * later (gstage.c). */
#define GSTAGE_DEAD_MAX 8
struct gstage_dead {
    mfn_t table;
    unsigned long gen;             /* flush_gen when it was unlinked */
};

struct arch_domain {
    unsigned long hgatp;           /* mode | vmid | root ppn */
    mfn_t gstage_root;             /* 4 contiguous frames (Sv39x4) */
    unsigned int vmid;
    spinlock_t gstage_lock;        /* gstage.c: guards the tables' structure */
    unsigned long flush_gen;       /* atomic: flushes of the G-stage started */
    unsigned int nr_dead;          /* gstage_lock */
    struct gstage_dead dead[GSTAGE_DEAD_MAX]; /* gstage_lock */
};

#endif
