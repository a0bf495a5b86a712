/*
 * The PLIC (RISC-V Platform-Level Interrupt Controller): hv/arch/irq.h.
 *
 * Registers (PLIC specification 1.0.0), from the base in the device tree:
 *   source s's priority          0x000000 + 4 * s
 *   context c's enable bits      0x002000 + 0x80 * c + 4 * (s / 32)
 *   context c's threshold        0x200000 + 0x1000 * c
 *   context c's claim/complete   0x200004 + 0x1000 * c
 *
 * Routing: every source is enabled in one context, the S-mode context of
 * the boot hart (CPU 0), and in no other S-mode context; that context's
 * threshold is 0.  Device interrupts are therefore always taken on CPU 0,
 * whichever domain runs there; the event they raise reaches dom0's VCPU
 * wherever it runs (an IPI if needed).  Other CPUs leave sie.SEIE clear.
 *
 * Masking is the source's priority: 0 never interrupts (the spec), 1
 * does.  The enable bit stays set, so a claim taken while the source is
 * masked can still be completed (the PLIC ignores a completion for a
 * source not enabled in the context), and the gateway keeps latching the
 * device's requests while it is masked.
 *
 * Interrupt path (CPU 0, interrupts off): claim, irq_handle() (which
 * masks the source), complete; again until the claim reads 0.  Each
 * source claimed is masked before the next claim, so the loop ends after
 * at most one round per source, whatever the devices do.
 */
#include <hv/irq.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/arch/irq.h>
#include <asm/csr.h>
#include <asm/percpu.h>
#include <asm/setup.h>

#define PLIC_PRIORITY(s)     (4u * (s))
#define PLIC_ENABLE(c, w)    (0x2000u + 0x80u * (c) + 4u * (w))
#define PLIC_THRESHOLD(c)    (0x200000u + 0x1000u * (c))
#define PLIC_CLAIM(c)        (0x200004u + 0x1000u * (c))

#define PRIO_MASKED 0
#define PRIO_ON     1

static volatile uint8_t *plic_base;
static unsigned int plic_sources;   /* riscv,ndev + 1; 0: no PLIC in use */
static uint32_t plic_context;       /* the boot hart's S-mode context */

static void plic_write(uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(plic_base + off) = v;
}

static uint32_t plic_read(uint32_t off)
{
    return *(volatile uint32_t *)(plic_base + off);
}

unsigned int arch_irq_nr_sources(void)
{
    return plic_sources;
}

void arch_irq_mask(unsigned int src)
{
    if (src && src < plic_sources)
        plic_write(PLIC_PRIORITY(src), PRIO_MASKED);
}

void arch_irq_unmask(unsigned int src)
{
    if (src && src < plic_sources)
        plic_write(PLIC_PRIORITY(src), PRIO_ON);
}

/* Boot hart, before any domain exists (hv_pt_init has mapped the PLIC). */
void plic_init(const struct boot_info *bi, uint64_t boot_hart)
{
    unsigned int words = (bi->plic_ndev + 1 + 31) / 32;
    int ctx = -1;

    for (unsigned int i = 0; i < bi->nr_plic_s; i++)
        if (bi->plic_s_hart[i] == boot_hart)
            ctx = (int)bi->plic_s_context[i];
    if (!bi->plic.size || ctx < 0) {
        printk(XENLOG_WARNING "no PLIC context for hart %llu: device interrupts off\n",
               (unsigned long long)boot_hart);
        return;
    }
    plic_base = maddr_to_virt(bi->plic.start);
    plic_context = (uint32_t)ctx;
    for (unsigned int s = 1; s <= bi->plic_ndev; s++)
        plic_write(PLIC_PRIORITY(s), PRIO_MASKED);
    for (unsigned int i = 0; i < bi->nr_plic_s; i++)
        for (unsigned int w = 0; w < words; w++)
            plic_write(PLIC_ENABLE(bi->plic_s_context[i], w),
                       bi->plic_s_context[i] == plic_context ? ~0u : 0);
    plic_write(PLIC_THRESHOLD(plic_context), 0);
    /* Anything claimed before a reset of ours is completed, so no source
     * stays stuck in its gateway. */
    for (unsigned int s = 1; s <= bi->plic_ndev; s++)
        plic_write(PLIC_CLAIM(plic_context), s);
    plic_sources = bi->plic_ndev + 1;
    csr_set(CSR_SIE, SIP_SEIP);
    printk("PLIC: %u sources, context %u (hart %llu) takes device interrupts\n",
           bi->plic_ndev, plic_context, (unsigned long long)boot_hart);
}

void plic_handle_interrupt(void)
{
    for (unsigned int n = 0; n < plic_sources; n++) {
        uint32_t src = plic_read(PLIC_CLAIM(plic_context));

        if (!src)
            return;
        irq_handle(src);
        plic_write(PLIC_CLAIM(plic_context), src);
    }
}
