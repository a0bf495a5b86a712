/* The SBI extensions of auto-translated domains (arch/riscv/vsbi_pvh.c). */
#ifndef ASM_RISCV_VSBI_PVH_H
#define ASM_RISCV_VSBI_PVH_H

#include <hv/types.h>
#include <asm/regs.h>
#include <asm/sbi.h>

struct vcpu;

/* Once per VCPU of a translated domain, by its builder. */
void vsbi_pvh_vcpu_init(struct vcpu *v);
/* Whether TIME, IPI, RFENCE or HSM is ext (BASE probe_extension). */
bool vsbi_pvh_has_ext(unsigned long ext);
/* One of those calls: true with *ret set; false if ext is not one. */
bool vsbi_pvh_ecall(struct vcpu *v, struct cpu_user_regs *r, struct sbiret *ret);
/* On v's CPU, irqs off, on the way into the guest: raise what was sent. */
void vsbi_pvh_deliver(struct vcpu *v);
/* An interrupt v has enabled is pending or was sent (no WFI sleep). */
bool vsbi_pvh_irq_pending(const struct vcpu *v);

#endif
