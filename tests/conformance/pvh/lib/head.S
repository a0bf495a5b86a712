/*
 * Start of the auto-translated test guest.  Every hart (VCPU) enters at
 * _start with a0 = its hart id and a1 = the device tree (VCPU 0) or the
 * opaque value of SBI hart_start (the others), translation off.  Each
 * gets its own 16 KiB stack; VCPU 0 clears .bss first, the others were
 * started by code that already ran with it cleared.
 */
    .section .text.head, "ax"
    .globl _start
_start:
    mv      tp, a0
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, pvh_stacks
    addi    t0, a0, 1
    slli    t0, t0, 14
    add     sp, sp, t0
    la      t0, pvh_trap_entry
    csrw    stvec, t0
    bnez    a0, 2f
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    pvh_start
3:  wfi
    j       3b

/*
 * Traps (direct mode): the whole register file on the stack, then
 * pvh_trap(frame); the handler may change the saved sepc and registers.
 */
    .balign 4
    .globl pvh_trap_entry
pvh_trap_entry:
    addi    sp, sp, -272
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd      x\n, (\n * 8)(sp)
    .endr
    addi    t0, sp, 272
    sd      t0, 16(sp)
    csrr    t0, sepc
    sd      t0, 256(sp)
    csrr    t0, scause
    sd      t0, 264(sp)
    mv      a0, sp
    call    pvh_trap
    ld      t0, 256(sp)
    csrw    sepc, t0
    .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld      x\n, (\n * 8)(sp)
    .endr
    addi    sp, sp, 272
    sret

    .bss
    .balign 16
    .globl pvh_stacks
pvh_stacks:
    .space 16384 * 8
