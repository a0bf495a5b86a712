/*
 * Entry from OpenSBI, in HS-mode with the MMU off: a0 = hart id, a1 = the
 * device tree.  Only the boot hart comes here; the others are started later
 * through SBI HSM at _start_secondary with a1 = their CPU index.
 */
#include <asm/layout.h>
#include <asm-offsets.h>

    .section .text.head, "ax"
    .globl _start
_start:
    csrw    sie, zero
    csrw    sscratch, zero
    /*
     * OpenSBI 1.1's HSM start marks the hart START_PENDING before it stores
     * the start address: a hart that wakes in between leaves the firmware
     * for its default address, this one, with a1 = the device tree.  Only
     * the first hart here boots; a later one is the hart that
     * smp_boot_secondaries() is starting, and goes where it was sent.
     */
    la      t0, boot_hart_claimed
    li      t1, 1
    amoswap.w.aqrl t1, t1, (t0)
    bnez    t1, early_secondary
    mv      s0, a0
    mv      s1, a1

    la      t0, _sbss
    la      t1, _ebss
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    li      a0, 0
    call    setup_cpu_registers_asm
    mv      a0, s0
    mv      a1, s1
    call    start_hv
3:  wfi
    j       3b

early_secondary:
    la      t0, hsm_start_hart
    ld      t1, 0(t0)
    fence   r, r
    bne     t1, a0, 5f
    la      t0, hsm_start_cpu
    ld      a1, 0(t0)
    j       _start_secondary
5:  wfi                         /* a hart nobody started: stays out */
    j       5b

    .globl _start_secondary
_start_secondary:
    csrw    sie, zero
    csrw    sscratch, zero
    mv      s0, a0
    mv      s1, a1
    mv      a0, a1
    call    setup_cpu_registers_asm
    mv      a0, s0
    mv      a1, s1
    call    start_secondary
4:  wfi
    j       4b

    .section .data
    .balign 4
boot_hart_claimed:
    .word   0
    .text

/*
 * a0 = CPU index.  Points tp at its struct pcpu and sp at the top of its
 * stack: the boot CPU's is in the image, another CPU's was allocated at
 * boot (hvpt.c) and its top left in its pcpu.  Uses only t0-t1 and the
 * return address.
 */
setup_cpu_registers_asm:
    li      t0, PCPU_SIZE
    mul     t1, t0, a0
    la      tp, pcpu_data
    add     tp, tp, t1
    bnez    a0, 1f
    la      sp, boot_stack
    li      t0, STACK_SLOT
    add     sp, sp, t0
    ret
1:  ld      sp, PCPU_STACK_TOP(tp)
    ret
