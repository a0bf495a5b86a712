/*
 * The hypervisor console (see hv/console.h for the model).
 *
 * Locking: console_lock, taken with interrupts off, guards the output line
 * state, the log ring and the per-domain line buffers.  Console input is
 * console_input.c's.
 */
#include <hv/boot.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/arch/console.h>
#include <hv/arch/machine.h>

#define LOG_RING_SIZE 16384

static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;
static unsigned int console_loglvl = 3;   /* print ERR, WARNING, INFO */
static bool console_timestamps;

static char log_ring[LOG_RING_SIZE];      /* console_lock */
static uint64_t log_prod;                 /* console_lock */

void console_set_loglvl(unsigned int lvl) { console_loglvl = lvl; }
void console_set_timestamps(bool on) { console_timestamps = on; }

static void emit_char(char c)
{
    if (c == '\n')
        arch_console_putc('\r');
    arch_console_putc(c);
    log_ring[log_prod++ % LOG_RING_SIZE] = c;
}

static void emit_str(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        emit_char(s[i]);
}

/* One whole line with its source prefix; console_lock held. */
static void emit_line(const char *prefix, const char *s, size_t len)
{
    char ts[32];

    emit_str(prefix, strlen(prefix));
    if (console_timestamps) {
        s_time_t now = NOW();
        int n = snprintf(ts, sizeof(ts), "[%lld.%06lld] ", (long long)(now / 1000000000),
                         (long long)(now % 1000000000) / 1000);
        emit_str(ts, (size_t)n);
    }
    emit_str(s, len);
    emit_char('\n');
}

/* Strip a XENLOG_* prefix; return its level (default INFO). */
static unsigned int log_level(const char **fmt)
{
    const char *f = *fmt;

    if (f[0] == '<' && f[1] >= '0' && f[1] <= '3' && f[2] == '>') {
        *fmt = f + 3;
        return (unsigned int)(f[1] - '0');
    }
    return 2;
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    unsigned long flags;
    unsigned int lvl = log_level(&fmt);
    int n;

    if (lvl >= console_loglvl)
        return;
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;

    flags = spin_lock_irqsave(&console_lock);
    for (const char *s = buf, *end = buf + n; s < end;) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);

        emit_line("(XEN) ", s, len);
        s += len + (nl ? 1 : 0);
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

/* console_lock held */
static void flush_guest_line(struct domain *d)
{
    char prefix[16];

    snprintf(prefix, sizeof(prefix), "(d%u) ", d->domain_id);
    emit_line(prefix, d->conbuf, d->conbuf_len);
    d->conbuf_len = 0;
}

/*
 * Rate limit for unprivileged domains: a window of CONSOLE_WINDOW_NS admits
 * CONSOLE_DOMU_RATE bytes.  What does not fit is not taken: the caller
 * (console_io) makes the writer wait for the next window, so a flooding
 * domain slows only itself and no output is lost.  console_lock held.
 */
static size_t rate_limit(struct domain *d, size_t len)
{
    s_time_t now = NOW();
    size_t room;

    if (d->is_privileged)
        return len;
    if (now - d->con_window_start >= CONSOLE_WINDOW_NS) {
        d->con_window_start = now;
        d->con_window_bytes = 0;
    }
    room = CONSOLE_DOMU_RATE - MIN(d->con_window_bytes, (unsigned int)CONSOLE_DOMU_RATE);
    len = MIN(len, room);
    d->con_window_bytes += (unsigned int)len;
    return len;
}

/* What a guest's byte prints as: 0 for none (CR), '?' for other controls. */
static char guest_char(char c)
{
    if (c == '\r')
        return 0;
    if ((c < 32 || c > 126) && c != '\t')
        return '?';
    return c;
}

size_t console_guest_write(struct domain *d, const char *buf, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    len = rate_limit(d, len);
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];

        if (c == '\n') {
            flush_guest_line(d);
            continue;
        }
        c = guest_char(c);
        if (!c)
            continue;
        d->conbuf[d->conbuf_len++] = c;
        if (d->conbuf_len == sizeof(d->conbuf))
            flush_guest_line(d);
    }
    spin_unlock_irqrestore(&console_lock, flags);
    return len;
}

void console_write_for(domid_t id, const char *buf, size_t len)
{
    char prefix[16], line[CONSOLE_WRITE_FOR_MAX];
    size_t n = 0;
    unsigned long flags;

    snprintf(prefix, sizeof(prefix), "(d%u) ", id);
    len = MIN(len, sizeof(line));
    flags = spin_lock_irqsave(&console_lock);
    for (size_t i = 0; i < len; i++) {
        char c = buf[i] == '\n' ? '\n' : guest_char(buf[i]);

        if (c == '\n') {
            emit_line(prefix, line, n);
            n = 0;
        } else if (c) {
            line[n++] = c;
        }
    }
    if (n)
        emit_line(prefix, line, n);
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_guest_flush(struct domain *d)
{
    unsigned long flags = spin_lock_irqsave(&console_lock);

    if (d->conbuf_len)
        flush_guest_line(d);
    spin_unlock_irqrestore(&console_lock, flags);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    arch_irq_disable();
    printk(XENLOG_ERR "****************************************\n");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk(XENLOG_ERR "\n****************************************\n");
    if (hv_opts.noreboot) {
        printk(XENLOG_ERR "Panic on CPU %u: hypervisor halted ('noreboot': manual reset required)\n",
               smp_processor_id());
        arch_machine_off(MACHINE_HALT_FAILURE);
    }
    printk(XENLOG_ERR "Panic on CPU %u: rebooting in 5 seconds\n", smp_processor_id());
    machine_restart_after(SECONDS(5));
}

/*
 * Xen's answer to a panic or a crashed hardware domain: wait, so that the
 * message can be read, then reset the machine, unless `noreboot` was given
 * (then the caller halts it).  Interrupts are off; the wait spins.
 */
void machine_restart_after(int64_t delay)
{
    s_time_t until = NOW() + delay;

    arch_irq_disable();
    while (NOW() < until)
        arch_cpu_relax();
    arch_machine_off(MACHINE_REBOOT);
}
