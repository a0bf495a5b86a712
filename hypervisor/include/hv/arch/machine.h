/*
 * Arch contract: the machine as a whole.
 *
 *   void arch_machine_off(enum machine_off how);  power off or reset the
 *        machine; never returns.  Any context.
 *   void arch_smp_send_reschedule(unsigned int cpu);  make cpu run its
 *        softirqs (and so reschedule) soon; any context.
 */
#ifndef HV_ARCH_MACHINE_H
#define HV_ARCH_MACHINE_H

enum machine_off {
    MACHINE_POWEROFF,
    MACHINE_REBOOT,
    MACHINE_HALT_FAILURE,   /* after a panic */
};

void __attribute__((noreturn)) arch_machine_off(enum machine_off how);
void arch_smp_send_reschedule(unsigned int cpu);

/* Physical CPUs running the hypervisor, 0..nr_cpus_online-1. */
extern unsigned int nr_cpus_online;

#endif
