/*
 * The hypervisor's memory layout.
 *
 * The image is linked and run at its load address (identity), and the rest
 * of RAM is mapped 1:1 as well (the direct map): a machine address is its own
 * hypervisor virtual address.  Permissions: text RX, rodata R, data/bss RW,
 * everything else in RAM RW and never executable; MMIO RW, never executable.
 * Each CPU's stack has an unmapped guard page below it.
 */
#ifndef ASM_RISCV_LAYOUT_H
#define ASM_RISCV_LAYOUT_H

#define HV_LOAD_ADDR   0x80200000
#define STACK_ORDER    2                    /* 16 KiB per CPU */
#define STACK_SIZE     (4096 << STACK_ORDER)
#define STACK_SLOT     (STACK_SIZE + 4096)  /* stack + guard page below it */
#define HV_NR_CPUS     64                   /* QEMU virt's most; the CPU masks' width */

#endif
