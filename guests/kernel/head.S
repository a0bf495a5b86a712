/*
 * Entry point of a guest kernel.  The hypervisor starts us in VS-mode
 * with a0 = start_info VA, a1 = device tree VA (dom0) or 0, interrupts
 * off, paging on (the bootstrap tables) and no stack
 * (public/arch-riscv.h).  Make the C environment: zero .bss, take a stack
 * from it, point tp at the TLS block, then call
 * kernel_start(start_info, device_tree), which never returns.
 */
#define BOOT_STACK_SIZE (16 * 1024)

    .section .text.head, "ax"
    .globl _start
_start:
    mv      s0, a0                  /* keep start_info across the loop */
    mv      s1, a1                  /* and the device tree */

    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b

2:  la      sp, boot_stack_top
    la      tp, __tls_base
    mv      a0, s0
    mv      a1, s1
    call    kernel_start
3:  j       3b                      /* not reached */

    .section .bss.stack, "aw", @nobits
    .balign 16
boot_stack:
    .space  BOOT_STACK_SIZE
boot_stack_top:
