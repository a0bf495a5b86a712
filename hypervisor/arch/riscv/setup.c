/*
 * Boot order, on the boot hart (start_hv) and on the others
 * (start_secondary).  Each step is one call; the order is the design:
 *
 *   device tree -> console and clock -> command line -> frame table and allocator ->
 *   own page tables -> traps, time, PLIC -> scheduler -> other harts ->
 *   domains -> free the boot modules -> console input poll -> schedule.
 */
#include <libfdt.h>
#include <hv/boot.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/irq.h>
#include <hv/lib.h>
#include <hv/page_type.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/trace.h>
#include <hv/version.h>
#include <hv/arch/cpu.h>
#include <hv/arch/machine.h>
#include <asm/csr.h>
#include <asm/layout.h>
#include <asm/percpu.h>
#include <asm/sbi.h>
#include <asm/setup.h>
#include <asm/uart.h>

struct pcpu pcpu_data[HV_NR_CPUS];
/* The boot CPU's stack, its guard page first; the others' are allocated
 * for the harts the device tree lists (hvpt.c). */
char boot_stack[STACK_SLOT] __aligned(4096) __attribute__((section(".bss.stacks")));
struct hv_options hv_opts;
static struct boot_info boot_info;

extern char _start_image[], _end[];
extern void trap_entry(void);

void start_hv(unsigned long hartid, paddr_t dtb);
void start_secondary(unsigned long hartid, unsigned long cpu);

const char *hv_cmdline(void)
{
    return boot_info.cmdline;
}

static void cmdline_warning(const char *msg)
{
    printk(XENLOG_WARNING "%s\n", msg);
}

static void init_this_cpu(unsigned long hartid, unsigned int cpu)
{
    struct pcpu *p = this_cpu();

    p->cpu_id = cpu;
    p->hart_id = hartid;
    if (cpu == 0)
        p->stack_top = (unsigned long)boot_stack + STACK_SLOT;
    p->resched = &resched_pending[cpu];
    csr_write(CSR_STVEC, (unsigned long)trap_entry);
}

void start_hv(unsigned long hartid, paddr_t dtb)
{
    struct boot_info *bi = &boot_info;
    char err[128];

    init_this_cpu(hartid, 0);
    if (fdt_check_header((void *)dtb) ||
        fdt_parse_boot_info((void *)dtb, bi, err, sizeof(err))) {
        for (const char *s = "rvxen: unusable device tree\n"; *s; s++)
            sbi_console_putchar(*s);
        sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_FAILURE);
    }
    uart_init(bi->uart.start, bi->uart_reg_shift);
    time_init(bi->timebase_hz, bi->has_sstc);
    printk("rvxen %s: Xen-style PV hypervisor for RISC-V, boot hart %lu\n",
           RVXEN_VERSION_STRING, hartid);
    printk("Command line: %s\n", bi->cmdline);
    cmdline_parse(bi->cmdline, &hv_opts, cmdline_warning);
    console_set_loglvl(hv_opts.loglvl);
    console_set_timestamps(hv_opts.console_timestamps);

    boot_mm_init(bi, (paddr_t)_start_image, (paddr_t)_end, dtb, fdt_totalsize((void *)dtb));
    hv_pt_init(bi);
    hv_pt_enable();
    if (bi->rtc.size)
        rtc_init(bi->rtc.start);
    trap_init_cpu();
    time_init_cpu();
    plic_init(bi, hartid);
    irq_init();
    gstage_init();
    if (m2p_init())
        panic("no memory for the machine-to-physical table");
    printk("%u hart(s), timebase %llu Hz, %s timer\n", bi->nr_harts,
           (unsigned long long)bi->timebase_hz, bi->has_sstc ? "Sstc" : "SBI");

    if (sched_init(hv_opts.sched, bi->nr_harts))
        panic("no usable scheduler");
    if (trace_init(hv_opts.tbuf_size, hv_opts.tevt_mask, bi->nr_harts))
        printk(XENLOG_WARNING "tbuf_size=%u: no memory for the trace buffer\n", hv_opts.tbuf_size);
    smp_boot_secondaries(bi);

    if (!build_boot_domains(bi))
        panic("no domain could be built");
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (boot_mm_module_ok(bi->module[i].start, bi->module[i].size))
            boot_mm_release(bi->module[i].start, bi->module[i].size);
    printk("%llu MiB free after building domains\n",
           (unsigned long long)(page_alloc_free_pages() >> (20 - PAGE_SHIFT)));

    console_input_init(smp_processor_id());
    cpu_enter_scheduler();
}

void start_secondary(unsigned long hartid, unsigned long cpu)
{
    init_this_cpu(hartid, (unsigned int)cpu);
    hv_pt_enable();
    trap_init_cpu();
    time_init_cpu();
    cpu_enter_scheduler();
}

/*
 * Only one hart asks the firmware to switch the machine off.  OpenSBI's
 * SRST first halts every other hart with an IPI and waits for each; two
 * harts doing that at once, both in M-mode with interrupts masked, wait for
 * each other for ever (seen when two domains' last VCPUs stopped at once).
 * A later caller parks: the first one's halt IPI reaches it in M-mode.
 */
void arch_machine_off(enum machine_off how)
{
    static unsigned int going_off;

    arch_irq_disable();
    if (__atomic_exchange_n(&going_off, 1u, __ATOMIC_SEQ_CST))
        for (;;) {
            /* Parked, but still answering flushes another CPU may be
             * waiting for until the firmware stops this hart. */
            csr_clear(CSR_SIP, SIP_SSIP);
            flush_service();
            arch_cpu_wait_for_interrupt();
        }
    if (how == MACHINE_REBOOT)
        sbi_system_reset(SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_NONE);
    sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
                     how == MACHINE_HALT_FAILURE ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
}
