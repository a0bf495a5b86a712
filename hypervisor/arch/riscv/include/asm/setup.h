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
void gstage_init(void);
struct domain;
/* Flush d's VMID here if a G-stage change marked this CPU stale. */
void gstage_flush_if_stale(struct domain *d);
void smp_boot_secondaries(const struct boot_info *bi);
void __attribute__((noreturn)) cpu_enter_scheduler(void);

#endif
