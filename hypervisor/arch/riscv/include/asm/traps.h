/* RISC-V trap-side helpers shared between arch files. */
#ifndef ASM_RISCV_TRAPS_H
#define ASM_RISCV_TRAPS_H

#include <hv/types.h>
#include <asm/regs.h>

struct vcpu;

void guest_inject_exception(struct vcpu *v, struct cpu_user_regs *regs,
                            unsigned long cause, unsigned long tval);
void vsbi_ecall(struct vcpu *v, struct cpu_user_regs *regs);
/* 0, or -1 if the guest's pc does not translate. */
int arch_copy_insn_from_guest(uint32_t *insn, unsigned long gva);
/* Run softirqs and the scheduler until a guest VCPU is current, then set up
 * its return (event upcall, pcpu->guest_regs).  Irqs off. */
void leave_hypervisor(void);

#endif
