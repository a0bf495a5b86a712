/* Calls from the hypervisor down to the SBI firmware (OpenSBI). */
#include <asm/sbi.h>
#include <asm/cpu.h>

struct sbiret sbi_ecall(unsigned long ext, unsigned long fid, unsigned long a0,
                        unsigned long a1, unsigned long a2)
{
    register unsigned long r_a0 __asm__("a0") = a0;
    register unsigned long r_a1 __asm__("a1") = a1;
    register unsigned long r_a2 __asm__("a2") = a2;
    register unsigned long r_a6 __asm__("a6") = fid;
    register unsigned long r_a7 __asm__("a7") = ext;

    __asm__ volatile("ecall"
                     : "+r"(r_a0), "+r"(r_a1)
                     : "r"(r_a2), "r"(r_a6), "r"(r_a7)
                     : "memory");
    return (struct sbiret){ (long)r_a0, (long)r_a1 };
}

int sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
    return (int)sbi_ecall(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start, opaque).error;
}

void sbi_set_timer(uint64_t ticks)
{
    sbi_ecall(SBI_EXT_TIME, 0, ticks, 0, 0);
}

void sbi_send_ipi(unsigned long hartid)
{
    /* hart_mask = 1, hart_mask_base = hartid */
    sbi_ecall(SBI_EXT_IPI, 0, 1, hartid, 0);
}

void sbi_system_reset(unsigned long type, unsigned long reason)
{
    sbi_ecall(SBI_EXT_SRST, SBI_SRST_RESET, type, reason, 0);
    /* Firmware without SRST: nothing left to do but stop. */
    for (;;)
        arch_cpu_wait_for_interrupt();
}

void sbi_console_putchar(int c)
{
    sbi_ecall(SBI_EXT_LEGACY_CONSOLE_PUTCHAR, 0, (unsigned long)c, 0, 0);
}
