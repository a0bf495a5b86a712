/*
 * Trap entry.  The guest kernel runs only in (V)S-mode, so a trap arrives
 * on the stack that was in use; save every register in a struct
 * trap_frame there, let C handle it, restore and sret.  sepc and sstatus
 * are reloaded from the frame, so a handler may move sepc (a test's trap
 * hook skipping a faulting instruction).
 */
#include "traps.h"

#define SAVE(n)     sd x##n, TF_REG(n)(sp)
#define LOAD(n)     ld x##n, TF_REG(n)(sp)

    .text
    .balign 4                       /* stvec direct mode needs it */
    .globl trap_entry
trap_entry:
    addi    sp, sp, -TF_SIZE
    SAVE(1);  SAVE(3);  SAVE(4);  SAVE(5);  SAVE(6);  SAVE(7)
    SAVE(8);  SAVE(9);  SAVE(10); SAVE(11); SAVE(12); SAVE(13)
    SAVE(14); SAVE(15); SAVE(16); SAVE(17); SAVE(18); SAVE(19)
    SAVE(20); SAVE(21); SAVE(22); SAVE(23); SAVE(24); SAVE(25)
    SAVE(26); SAVE(27); SAVE(28); SAVE(29); SAVE(30); SAVE(31)
    addi    t0, sp, TF_SIZE         /* sp as it was at the trap */
    sd      t0, TF_REG(2)(sp)
    csrr    t0, sepc
    sd      t0, TF_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, TF_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, TF_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, TF_STVAL(sp)

    mv      a0, sp
    call    trap_dispatch

    ld      t0, TF_SEPC(sp)
    csrw    sepc, t0
    ld      t0, TF_SSTATUS(sp)
    csrw    sstatus, t0
    LOAD(1);  LOAD(3);  LOAD(4);  LOAD(5);  LOAD(6);  LOAD(7)
    LOAD(8);  LOAD(9);  LOAD(10); LOAD(11); LOAD(12); LOAD(13)
    LOAD(14); LOAD(15); LOAD(16); LOAD(17); LOAD(18); LOAD(19)
    LOAD(20); LOAD(21); LOAD(22); LOAD(23); LOAD(24); LOAD(25)
    LOAD(26); LOAD(27); LOAD(28); LOAD(29); LOAD(30); LOAD(31)
    addi    sp, sp, TF_SIZE
    sret
