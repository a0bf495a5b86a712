/*
 * Trap entry and exit.
 *
 * One vector for everything.  sscratch tells where a trap came from: while a
 * guest runs it holds this CPU's struct pcpu (and tp holds the guest's tp);
 * while the hypervisor runs it holds 0 (and tp holds the pcpu).
 *
 * A trap from a guest saves every general register into the frame that
 * pcpu->guest_regs points at (the running VCPU's), switches to this CPU's
 * stack and calls handle_guest_trap().  The way back, return_to_guest,
 * restores whichever frame pcpu->guest_regs points at by then: a world switch
 * is nothing more than changing that pointer (and the VS-level CSRs).  No
 * guest state lives on the hypervisor stack, so each CPU needs one stack.
 *
 * A trap from the hypervisor itself (an interrupt while idle, a fault in a
 * guest-memory copy) saves a frame on the current stack.
 */
#include <asm/csr.h>
#include <asm-offsets.h>

#define XREG(n) ((n) * 8)

/* Caller-saved registers (and ra, sp): what a C call may clobber. */
.macro SAVE_CALLER base
    sd      x1, XREG(1)(\base)
    sd      x2, XREG(2)(\base)
    sd      x6, XREG(6)(\base)
    sd      x7, XREG(7)(\base)
    sd      x10, XREG(10)(\base)
    sd      x11, XREG(11)(\base)
    sd      x12, XREG(12)(\base)
    sd      x13, XREG(13)(\base)
    sd      x14, XREG(14)(\base)
    sd      x15, XREG(15)(\base)
    sd      x16, XREG(16)(\base)
    sd      x17, XREG(17)(\base)
    sd      x28, XREG(28)(\base)
    sd      x29, XREG(29)(\base)
    sd      x30, XREG(30)(\base)
    sd      x31, XREG(31)(\base)
.endm

/*
 * Registers C code preserves: s0-s11, and gp, which the hypervisor never
 * uses (it is built without linker relaxation, so nothing is gp-relative).
 */
.macro SAVE_CALLEE base
    sd      x3, XREG(3)(\base)
    sd      x8, XREG(8)(\base)
    sd      x9, XREG(9)(\base)
    sd      x18, XREG(18)(\base)
    sd      x19, XREG(19)(\base)
    sd      x20, XREG(20)(\base)
    sd      x21, XREG(21)(\base)
    sd      x22, XREG(22)(\base)
    sd      x23, XREG(23)(\base)
    sd      x24, XREG(24)(\base)
    sd      x25, XREG(25)(\base)
    sd      x26, XREG(26)(\base)
    sd      x27, XREG(27)(\base)
.endm

.macro SAVE_GPRS base
    SAVE_CALLER \base
    SAVE_CALLEE \base
.endm

.macro RESTORE_CALLER base   /* all but x2 (sp), x4 (tp), x5 (t0) */
    ld      x1, XREG(1)(\base)
    ld      x6, XREG(6)(\base)
    ld      x7, XREG(7)(\base)
    ld      x10, XREG(10)(\base)
    ld      x11, XREG(11)(\base)
    ld      x12, XREG(12)(\base)
    ld      x13, XREG(13)(\base)
    ld      x14, XREG(14)(\base)
    ld      x15, XREG(15)(\base)
    ld      x16, XREG(16)(\base)
    ld      x17, XREG(17)(\base)
    ld      x28, XREG(28)(\base)
    ld      x29, XREG(29)(\base)
    ld      x30, XREG(30)(\base)
    ld      x31, XREG(31)(\base)
.endm

.macro RESTORE_CALLEE base
    ld      x3, XREG(3)(\base)
    ld      x8, XREG(8)(\base)
    ld      x9, XREG(9)(\base)
    ld      x18, XREG(18)(\base)
    ld      x19, XREG(19)(\base)
    ld      x20, XREG(20)(\base)
    ld      x21, XREG(21)(\base)
    ld      x22, XREG(22)(\base)
    ld      x23, XREG(23)(\base)
    ld      x24, XREG(24)(\base)
    ld      x25, XREG(25)(\base)
    ld      x26, XREG(26)(\base)
    ld      x27, XREG(27)(\base)
.endm

.macro RESTORE_GPRS base
    RESTORE_CALLER \base
    RESTORE_CALLEE \base
.endm

    .text
    .align  4
    .globl  trap_entry
trap_entry:
    csrrw   tp, sscratch, tp
    beqz    tp, hv_trap

    /* From a guest: tp = pcpu, sscratch = guest tp. */
    sd      t0, PCPU_SCRATCH(tp)
    ld      t0, PCPU_GUEST_REGS(tp)
    SAVE_CALLER t0
    ld      t1, PCPU_SCRATCH(tp)
    sd      t1, XREG(5)(t0)
    csrrw   t1, sscratch, zero
    sd      t1, XREG(4)(t0)
    csrr    t1, sepc
    sd      t1, REGS_SEPC(t0)
    csrr    t1, sstatus
    sd      t1, REGS_SSTATUS(t0)
    csrr    t1, scause
    ld      sp, PCPU_STACK_TOP(tp)
    mv      a0, t0
    li      t2, EXC_ECALL_VS
    bne     t1, t2, 1f

    /*
     * Hypercall fast path: the guest's s0-s11 stay in the registers (C
     * preserves them) and the frame records that they are not saved.
     */
    sd      t0, PCPU_PARTIAL_REGS(tp)
    call    handle_guest_ecall
    beqz    a0, return_to_guest
    /*
     * The slow way out may switch VCPUs, and the one switched out may then
     * run on another CPU: complete its frame now (C preserved the guest's
     * s0-s11 in the registers).
     */
    ld      t0, PCPU_PARTIAL_REGS(tp)
    sd      zero, PCPU_PARTIAL_REGS(tp)
    SAVE_CALLEE t0
    call    leave_hypervisor
    j       return_to_guest

1:  sd      t1, REGS_SCAUSE(t0)
    SAVE_CALLEE t0
    csrr    t1, stval
    sd      t1, REGS_STVAL(t0)
    csrr    t1, htval
    sd      t1, REGS_HTVAL(t0)
    csrr    t1, htinst
    sd      t1, REGS_HTINST(t0)
    call    handle_guest_trap

/*
 * Return to the guest whose frame pcpu->guest_regs points at.  Interrupts
 * are off.  C code may also jump here (it never returns).
 *
 * If the trap came through the fast path, the frame it saved lacks s0-s11,
 * which are still live in the registers.  Returning to that same frame
 * needs only the caller-saved registers; returning to another one (a world
 * switch happened) first completes the old frame.
 */
    .globl  return_to_guest
return_to_guest:
    ld      t0, PCPU_GUEST_REGS(tp)
    ld      t1, PCPU_PARTIAL_REGS(tp)
    beqz    t1, 2f
    sd      zero, PCPU_PARTIAL_REGS(tp)
    beq     t0, t1, 3f
    SAVE_CALLEE t1
2:  RESTORE_CALLEE t0
    /*
     * sstatus and hstatus always come from the frame: any trap taken in
     * HS-mode meanwhile (an interrupt while idle, a guest-copy fault) left
     * sstatus.SPP and hstatus.SPV describing HS-mode.
     */
3:  ld      t1, REGS_SEPC(t0)
    csrw    sepc, t1
    ld      t1, REGS_SSTATUS(t0)
    csrw    sstatus, t1
    ld      t1, REGS_HSTATUS(t0)
    csrw    hstatus, t1
    csrw    sscratch, tp
    RESTORE_CALLER t0
    ld      x2, XREG(2)(t0)
    ld      x4, XREG(4)(t0)
    ld      x5, XREG(5)(t0)
    sret

/* From the hypervisor itself: sscratch held the pcpu; put it back in tp. */
hv_trap:
    csrrw   tp, sscratch, zero
    addi    sp, sp, -HVF_SIZE
    SAVE_GPRS sp
    sd      x4, XREG(4)(sp)
    sd      x5, XREG(5)(sp)
    addi    t0, sp, HVF_SIZE
    sd      t0, XREG(2)(sp)
    csrr    t0, sepc
    sd      t0, HVF_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, HVF_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, HVF_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, HVF_STVAL(sp)
    mv      a0, sp
    call    handle_hv_trap
    ld      t0, HVF_SEPC(sp)
    csrw    sepc, t0
    ld      t0, HVF_SSTATUS(sp)
    csrw    sstatus, t0
    ld      x5, XREG(5)(sp)
    RESTORE_GPRS sp
    addi    sp, sp, HVF_SIZE
    sret
