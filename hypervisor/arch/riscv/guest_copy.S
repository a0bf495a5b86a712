/*
 * Copies to and from the running guest's virtual memory with the hypervisor
 * virtual-machine load/store instructions (HLV/HSV), which translate through
 * the guest's vsatp and hgatp exactly as the guest would (hstatus.SPVP = 1:
 * as VS-mode).  A fault inside is fixed up through the exception table
 * (traps.c): the copy stops and returns the number of bytes not copied.
 *
 * A word at a time (HLV.D/HSV.D) when source, destination and length are
 * all 8-byte aligned - batches of mmu_update requests and multicall
 * entries are (pte_update_batch512: 366 -> 287 ns per PTE) - else a byte
 * at a time.
 */
#include <asm/csr.h>

#define HLV_BU(rd, rs1) .insn r 0x73, 0x4, 0x30, rd, rs1, x1
#define HSV_B(rs1, rs2) .insn r 0x73, 0x4, 0x31, x0, rs1, rs2
#define HLV_D(rd, rs1)  .insn r 0x73, 0x4, 0x36, rd, rs1, x0
#define HSV_D(rs1, rs2) .insn r 0x73, 0x4, 0x37, x0, rs1, rs2

    .section __ex_table, "a"
    .balign 8
    .dword  1f, guest_copy_fault
    .dword  2f, guest_copy_fault
    .dword  5f, guest_copy_fault
    .dword  6f, guest_copy_fault
    .previous

    .text
/* size_t arch_copy_from_guest(void *dst a0, uint64_t gva a1, size_t len a2) */
    .globl arch_copy_from_guest
arch_copy_from_guest:
    beqz    a2, 9f
    or      t1, a0, a1
    or      t1, t1, a2
    andi    t1, t1, 7
    bnez    t1, 1f
5:  HLV_D(t0, a1)
    sd      t0, 0(a0)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -8
    bnez    a2, 5b
    j       9f
1:  HLV_BU(t0, a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 1b
9:  mv      a0, a2
    ret

/* size_t arch_copy_to_guest(uint64_t gva a0, const void *src a1, size_t len a2) */
    .globl arch_copy_to_guest
arch_copy_to_guest:
    beqz    a2, 9b
    or      t1, a0, a1
    or      t1, t1, a2
    andi    t1, t1, 7
    bnez    t1, 3f
4:  ld      t0, 0(a1)
6:  HSV_D(a0, t0)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -8
    bnez    a2, 4b
    mv      a0, a2
    ret
3:  lbu     t0, 0(a1)
2:  HSV_B(a0, t0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 3b
    mv      a0, a2
    ret

/* Landing pad: a2 still holds the bytes not copied. */
guest_copy_fault:
    mv      a0, a2
    ret

#define HLVX_HU(rd, rs1) .insn r 0x73, 0x4, 0x32, rd, rs1, x3

    .section __ex_table, "a"
    .balign 8
    .dword  3f, insn_fault
    .dword  4f, insn_fault
    .previous

/*
 * int arch_copy_insn_from_guest(uint32_t *insn a0, unsigned long gva a1):
 * fetch an instruction as the guest would (execute permission, HLVX), in
 * 16-bit parcels since it may be compressed or only 2-byte aligned.
 */
    .text
    .globl arch_copy_insn_from_guest
arch_copy_insn_from_guest:
3:  HLVX_HU(t0, a1)
    andi    t1, t0, 3
    li      t2, 3
    bne     t1, t2, 5f
    addi    a1, a1, 2
4:  HLVX_HU(t1, a1)
    slli    t1, t1, 16
    or      t0, t0, t1
5:  sw      t0, 0(a0)
    li      a0, 0
    ret
insn_fault:
    li      a0, -1
    ret
