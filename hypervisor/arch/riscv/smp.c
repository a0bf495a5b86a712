/*
 * Other harts: started through SBI HSM, kicked through SBI IPIs.  An IPI
 * carries no message: the receiver runs its timers and, on the way out of
 * the hypervisor, whatever softirqs were flagged for it.
 */
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <hv/arch/time.h>
#include <hv/arch/machine.h>
#include <asm/layout.h>
#include <asm/percpu.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/traps.h>

extern void _start_secondary(void);
extern void return_to_guest(void) __attribute__((noreturn));

unsigned int nr_cpus_online = 1;

/*
 * The hart being started and the CPU index it is given, for head.S: a hart
 * that OpenSBI lets out early at _start finds here where it was sent.  In
 * .data (the boot hart clears .bss before anyone reads these).
 */
unsigned long hsm_start_hart __attribute__((section(".data"))) = -1UL;
unsigned long hsm_start_cpu __attribute__((section(".data")));

/*
 * A CPU index's bring-up: the boot hart marks it STARTING and starts the
 * hart; the hart claims it (CLAIMED), sets itself up and reports ONLINE,
 * unless the boot hart gave up first and moved it to ABANDONED: a hart
 * that comes up that late parks for ever, before it has touched anything
 * shared.  The boot hart starts no hart after one it abandoned, so no
 * index (per-CPU data, stack) is ever handed to two harts.
 */
enum { CPU_STARTING = 1, CPU_CLAIMED, CPU_ONLINE, CPU_ABANDONED };

#define START_TIMEOUT SECONDS(10)   /* a loaded host runs 64 vCPU threads slowly */
#define START_POLL    MICROSECS(20)

/*
 * Wait for a started hart to report in.  The wait sleeps on the timer in
 * short steps rather than spinning: under QEMU's -icount a spinning hart
 * would keep the others from running.
 */
static bool wait_online(struct pcpu *p)
{
    s_time_t deadline = NOW() + START_TIMEOUT;

    while (__atomic_load_n(&p->boot_state, __ATOMIC_ACQUIRE) != CPU_ONLINE) {
        unsigned int starting = CPU_STARTING;   /* a claimed hart is waited for */

        if (NOW() > deadline &&
            __atomic_compare_exchange_n(&p->boot_state, &starting, CPU_ABANDONED, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
            break;
        arch_set_timer(NOW() + START_POLL);
        arch_cpu_wait_for_interrupt();
    }
    arch_set_timer(-1);
    return __atomic_load_n(&p->boot_state, __ATOMIC_ACQUIRE) == CPU_ONLINE;
}

void smp_boot_secondaries(const struct boot_info *bi)
{
    unsigned int cpu = 1;

    pcpu_data[0].boot_state = CPU_ONLINE;
    for (unsigned int i = 0; i < bi->nr_harts && cpu < HV_NR_CPUS; i++) {
        struct pcpu *p = per_cpu(cpu);
        int rc;

        if (bi->hart_id[i] == this_cpu()->hart_id)
            continue;
        timers_init_cpu(cpu);
        p->boot_state = CPU_STARTING;
        hsm_start_cpu = cpu;
        __atomic_store_n(&hsm_start_hart, bi->hart_id[i], __ATOMIC_RELEASE);
        rc = sbi_hart_start(bi->hart_id[i], (unsigned long)_start_secondary, cpu);
        if (!rc && !wait_online(p))
            rc = 1;
        __atomic_store_n(&hsm_start_hart, -1UL, __ATOMIC_RELAXED);
        if (rc < 0) {
            printk(XENLOG_WARNING "hart %llu: SBI HSM start failed (%d)\n",
                   (unsigned long long)bi->hart_id[i], rc);
            continue;
        }
        if (rc) {
            printk(XENLOG_WARNING "hart %llu did not come up: it and the harts after it not used\n",
                   (unsigned long long)bi->hart_id[i]);
            break;
        }
        cpu++;
    }
    nr_cpus_online = cpu;
    printk("%u CPU(s) online\n", nr_cpus_online);
}

static void kick(unsigned int cpu)
{
    sbi_send_ipi(per_cpu(cpu)->hart_id);
}

void arch_smp_send_reschedule(unsigned int cpu)
{
    kick(cpu);
}

void timer_kick_cpu(unsigned int cpu)
{
    kick(cpu);
}

void cpu_enter_scheduler(void)
{
    struct pcpu *p = this_cpu();
    unsigned int starting = CPU_STARTING;

    if (p->cpu_id && !__atomic_compare_exchange_n(&p->boot_state, &starting, CPU_CLAIMED, false,
                                                  __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        for (;;)                       /* abandoned (wait_online): stay out */
            arch_cpu_wait_for_interrupt();
    timers_init_cpu(p->cpu_id);
    time_start_cpu(p->cpu_id);
    __atomic_store_n(&p->boot_state, CPU_ONLINE, __ATOMIC_RELEASE);
    raise_reschedule(p->cpu_id);
    leave_hypervisor();
    return_to_guest();
}
