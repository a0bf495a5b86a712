#ifndef ASM_RISCV_UART_H
#define ASM_RISCV_UART_H
#include <hv/types.h>
void uart_init(paddr_t base, unsigned int reg_shift);
#endif
