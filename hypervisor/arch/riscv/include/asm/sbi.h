/* The hypervisor's calls down to OpenSBI (M-mode), and SBI constants shared
 * with the SBI implementation the hypervisor offers its guests (vsbi.c). */
#ifndef ASM_RISCV_SBI_H
#define ASM_RISCV_SBI_H

#include <hv/types.h>

#define SBI_EXT_LEGACY_SET_TIMER      0x00
#define SBI_EXT_LEGACY_CONSOLE_PUTCHAR 0x01
#define SBI_EXT_LEGACY_CONSOLE_GETCHAR 0x02
#define SBI_EXT_BASE  0x10
#define SBI_EXT_TIME  0x54494D45
#define SBI_EXT_IPI   0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM   0x48534D
#define SBI_EXT_SRST  0x53525354

#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT        3
#define SBI_BASE_GET_MVENDORID    4
#define SBI_BASE_GET_MARCHID      5
#define SBI_BASE_GET_MIMPID       6

#define SBI_HSM_HART_START 0
#define SBI_SRST_RESET     0
#define SBI_SRST_TYPE_SHUTDOWN   0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE     0
#define SBI_SRST_REASON_FAILURE  1

#define SBI_SUCCESS             0
#define SBI_ERR_FAILED         -1
#define SBI_ERR_NOT_SUPPORTED  -2
#define SBI_ERR_INVALID_PARAM  -3
#define SBI_ERR_DENIED         -4
#define SBI_ERR_INVALID_ADDRESS -5

struct sbiret {
    long error;
    long value;
};

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
                        unsigned long a1, unsigned long a2);
int sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);
void sbi_set_timer(uint64_t ticks);
void sbi_send_ipi(unsigned long hartid);
void __noreturn sbi_system_reset(unsigned long type, unsigned long reason);
void sbi_console_putchar(int c);

#endif
