/* Structure offsets for the assembly, generated at build time (hv/build.mk). */
#include <hv/types.h>
#include <asm/percpu.h>
#include <asm/regs.h>

#define OFFSET(name, type, member) \
    __asm__ volatile("\n.ascii \"@@OFFSET " #name " %0\"" :: "i"(offsetof(type, member)))
#define DEFINE(name, value) \
    __asm__ volatile("\n.ascii \"@@OFFSET " #name " %0\"" :: "i"(value))

void asm_offsets(void);
void asm_offsets(void)
{
    OFFSET(PCPU_SCRATCH, struct pcpu, scratch);
    OFFSET(PCPU_GUEST_REGS, struct pcpu, guest_regs);
    OFFSET(PCPU_STACK_TOP, struct pcpu, stack_top);
    OFFSET(PCPU_PARTIAL_REGS, struct pcpu, partial_regs);
    DEFINE(PCPU_SIZE, sizeof(struct pcpu));

    OFFSET(REGS_SEPC, struct cpu_user_regs, sepc);
    OFFSET(REGS_SSTATUS, struct cpu_user_regs, sstatus);
    OFFSET(REGS_HSTATUS, struct cpu_user_regs, hstatus);
    OFFSET(REGS_SCAUSE, struct cpu_user_regs, scause);
    OFFSET(REGS_STVAL, struct cpu_user_regs, stval);
    OFFSET(REGS_HTVAL, struct cpu_user_regs, htval);
    OFFSET(REGS_HTINST, struct cpu_user_regs, htinst);

    OFFSET(HVF_SEPC, struct hv_trap_frame, sepc);
    OFFSET(HVF_SSTATUS, struct hv_trap_frame, sstatus);
    OFFSET(HVF_SCAUSE, struct hv_trap_frame, scause);
    OFFSET(HVF_STVAL, struct hv_trap_frame, stval);
    DEFINE(HVF_SIZE, ROUNDUP(sizeof(struct hv_trap_frame), 16));
}
