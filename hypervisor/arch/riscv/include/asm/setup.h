/* RISC-V boot internals shared between the arch files. */
#ifndef ASM_RISCV_SETUP_H
#define ASM_RISCV_SETUP_H

#include <hv/bootinfo.h>

extern unsigned int nr_cpus_online;

void hv_pt_init(const struct boot_info *bi);
void hv_pt_enable(void);
void trap_init_cpu(void);
void time_init(uint64_t timebase_hz, bool has_sstc);
void time_init_cpu(void);
/* The goldfish RTC at base (mapped by hv_pt_init) gives the wall clock. */
void rtc_init(paddr_t base);
void gstage_init(void);
struct domain;
/* A guest-page fault for an access d's G-stage allows now: flushed here,
 * to be retried (gstage.c). */
bool gstage_fault_is_spurious(struct domain *d, uint64_t gpa, unsigned long cause);
void smp_boot_secondaries(const struct boot_info *bi);
/* The PLIC (plic.c): route every source to boot_hart's S-mode context,
 * masked, and take device interrupts there; the S-mode external
 * interrupt is handled by plic_handle_interrupt(). */
void plic_init(const struct boot_info *bi, uint64_t boot_hart);
void plic_handle_interrupt(void);
void __attribute__((noreturn)) cpu_enter_scheduler(void);

#endif
