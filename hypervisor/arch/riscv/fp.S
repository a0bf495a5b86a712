/* Save and load the FP registers of a VCPU (vcpu.c decides when). */
#include <asm/csr.h>

    .option push
    .option arch, +d

/* a0 = uint64_t fpr[32], a1 = unsigned long *fcsr */
    .globl fp_save
fp_save:
    li      t0, SSTATUS_FS
    csrs    sstatus, t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd     f\n, (\n * 8)(a0)
    .endr
    frcsr   t1
    sd      t1, 0(a1)
    csrc    sstatus, t0
    ret

/* a0 = const uint64_t fpr[32], a1 = fcsr */
    .globl fp_restore
fp_restore:
    li      t0, SSTATUS_FS
    csrs    sstatus, t0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld     f\n, (\n * 8)(a0)
    .endr
    fscsr   a1
    csrc    sstatus, t0
    ret

    .option pop
