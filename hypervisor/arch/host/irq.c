/*
 * Host arch: a model interrupt controller (hv/arch/irq.h), the way the
 * PLIC specification describes a level-triggered source: a device raises
 * or lowers its line (host_irq_set_line); a high line latches a request;
 * the CPU claims a latched request of an unmasked source, which clears
 * the latch, runs irq_handle(), then completes it, and a line still high
 * at completion latches a new request at once.  So a source the core
 * failed to mask would interrupt again and again: host_irq_run() counts
 * the interrupts it delivers and stops at its budget, which is how a test
 * sees a storm.
 */
#include <hv/irq.h>
#include <hv/arch/irq.h>
#include <asm/host.h>

unsigned int host_irq_sources = HOST_IRQ_SOURCES;
bool host_irq_masked[HOST_IRQ_SOURCES];
bool host_irq_line[HOST_IRQ_SOURCES];
bool host_irq_latched[HOST_IRQ_SOURCES];
unsigned long host_irq_taken[HOST_IRQ_SOURCES];

void host_irq_reset(void)
{
    for (unsigned int i = 0; i < HOST_IRQ_SOURCES; i++) {
        host_irq_masked[i] = true;
        host_irq_line[i] = host_irq_latched[i] = false;
        host_irq_taken[i] = 0;
    }
}

unsigned int arch_irq_nr_sources(void)
{
    return host_irq_sources;
}

void arch_irq_mask(unsigned int src)
{
    if (src < HOST_IRQ_SOURCES)
        host_irq_masked[src] = true;
}

void arch_irq_unmask(unsigned int src)
{
    if (src < HOST_IRQ_SOURCES)
        host_irq_masked[src] = false;
}

void host_irq_set_line(unsigned int src, bool high)
{
    host_irq_line[src] = high;
    host_irq_latched[src] = high;
}

unsigned int host_irq_run(unsigned int budget)
{
    unsigned int taken = 0;
    bool more = true;

    while (more && taken < budget) {
        more = false;
        for (unsigned int src = 1; src < host_irq_sources && taken < budget; src++) {
            if (!host_irq_latched[src] || host_irq_masked[src])
                continue;
            host_irq_latched[src] = false;          /* claim */
            irq_handle(src);
            host_irq_taken[src]++;
            taken++;
            if (host_irq_line[src])                 /* complete: still high */
                host_irq_latched[src] = true;
            more = true;
        }
    }
    return taken;
}
