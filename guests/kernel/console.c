/*
 * printk over CONSOLEIO_write.
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

#define LINE_MAX_LEN 256

static char line[LINE_MAX_LEN];
static size_t line_len;
static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;

static void write_out(const char *s, size_t n)
{
    /* The hypervisor copies from our buffer; a cast drops const. */
    HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)n, (char *)s);
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
