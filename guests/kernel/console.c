/*
 * printk: through the PV console ring for a domU, CONSOLEIO_write for dom0.
 *
 * A domU's output goes into its console ring (drivers/console/front.c)
 * once console_ring_init() has found it; before that (the earliest boot
 * messages), and if the ring or its port ever fails, it goes to
 * console_io as dom0's does.  dom0 also serves its domUs' rings
 * (drivers/console/back.c), started from setup.
 *
 * Formatting is picolibc's vsnprintf, linked in its integer-only variant
 * (guests/build.mk): a guest kernel prints no floating point, and that
 * keeps soft-float code out of every image.  Characters collect in a line
 * buffer that is written with one hypercall per line (or when full), so
 * the hypervisor never sees a line in pieces.  Interrupts are off and
 * console_lock held while the buffer is touched: an event handler, or
 * another VCPU, may printk too.
 */
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include <console/xencons_front.h>

#define LINE_MAX_LEN 256

static char line[LINE_MAX_LEN];
static size_t line_len;
static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;

static void write_out(const char *s, size_t n)
{
    size_t done = 0;

    if (xencons_front_active() && xencons_front_write(s, n, &done))
        return;
    /* The hypervisor copies from our buffer; a cast drops const. */
    HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)(n - done), (char *)s + done);
}

/* The ring page is in the physmap: the pfn whose frame start_info names. */
void console_ring_init(void)
{
    uint64_t mfn = start_info->console.domU.mfn;
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    if (start_info->flags & SIF_INITDOMAIN || !mfn)
        return;
    for (unsigned long pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn) {
            xencons_front_init(pfn_to_virt(pfn), start_info->console.domU.evtchn);
            return;
        }
}

long console_ring_read(char *buf, size_t n)
{
    return xencons_front_read(buf, n);
}

long console_ring_wait(uint64_t timeout_ns)
{
    return xencons_front_wait(timeout_ns);
}

static void flush_line(void)
{
    if (line_len) {
        write_out(line, line_len);
        line_len = 0;
    }
}

static void put_char(char c)
{
    line[line_len++] = c;
    if (c == '\n' || line_len == sizeof(line))
        flush_line();
}

void vprintk(const char *fmt, va_list ap)
{
    static char buf[512];   /* console_lock */
    unsigned long flags = local_irq_save();
    int n;

    spin_lock(&console_lock);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n > (int)sizeof(buf) - 1)
        n = sizeof(buf) - 1;
    for (int i = 0; i < n; i++)
        put_char(buf[i]);
    spin_unlock(&console_lock);
    local_irq_restore(flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void console_flush(void)
{
    unsigned long flags = local_irq_save();

    spin_lock(&console_lock);
    flush_line();
    spin_unlock(&console_lock);
    local_irq_restore(flags);
}

long console_read(char *buf, size_t n)
{
    if (n > 0x7fffffff)
        n = 0x7fffffff;
    return HYPERVISOR_console_io(CONSOLEIO_read, (unsigned int)n, buf);
}
