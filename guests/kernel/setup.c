/*
 * Start of day: from head.S to main().
 *
 * Order matters: the trap vector first, so that any fault during setup is
 * reported instead of looping; then the pages the domain builder handed
 * over (start_info, shared_info); then the allocator, events and the
 * timer; interrupts go on only after every handler is in place.
 */
#include <string.h>
#include "kernel.h"
#include <console/xencons_back.h>

start_info_t *start_info;
shared_info_t *shared_info;
const void *device_tree;

void kernel_start(start_info_t *si, const void *fdt);

static void check_start_info(const start_info_t *si)
{
    if (strncmp(si->magic, XEN_START_INFO_MAGIC,
                sizeof(XEN_START_INFO_MAGIC) - 1) != 0)
        panic("bad start_info magic \"%.32s\"", si->magic);
    if ((unsigned long)si < (unsigned long)_end)
        panic("start_info %p overlaps the image (ends %p)", (void *)si,
              (void *)_end);
}

void kernel_start(start_info_t *si, const void *fdt)
{
    csr_write(stvec, (unsigned long)trap_entry);

    start_info = si;
    device_tree = fdt;
    check_start_info(si);
    /* shared_info sits in the page right after the physmap. */
    shared_info = (shared_info_t *)(VIRT_BASE + si->nr_pages * PAGE_SIZE);
    smp_init_boot_cpu();

    mm_init();
    events_init();
    console_ring_init();
    clock_init();
    local_irq_enable();
    /* The control domain serves the domUs' consoles (drivers/console). */
    if (si->flags & SIF_INITDOMAIN)
        xencons_back_init();

    main();
    shutdown(SHUTDOWN_poweroff);
}

void shutdown(unsigned int reason)
{
    struct sched_shutdown sd = { .reason = reason };

    console_flush();
    if (start_info->flags & SIF_INITDOMAIN)
        xencons_back_drain_all();   /* the machine goes off with dom0 */
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    /* Refused, or still in progress: never run guest code again. */
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    local_irq_disable();
    printk("PANIC: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    shutdown(SHUTDOWN_crash);
}
