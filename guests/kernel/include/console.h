/* The guest console: the PV console ring for a domU, console_io for dom0. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

/*
 * printf-style output (picolibc's integer-only formatter: no %f).  Output
 * is collected into lines and each complete line is handed to
 * CONSOLEIO_write in one hypercall, so lines from different domains never
 * interleave mid-line.  Safe to call from event handlers and traps.
 */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Write out a partial line now (used before shutting down). */
void console_flush(void);

/*
 * Read up to n bytes of console input (CONSOLEIO_read) without waiting.
 * Returns the number of bytes read (0 if none) or -XEN_E*: only the
 * control domain may read.
 */
long console_read(char *buf, size_t n);

/*
 * The PV console ring (a domU's; dom0 has none).  console_ring_init() (at
 * setup) switches printk to the ring.  console_ring_read() takes up to n
 * bytes of input the console back end sent, without waiting: the count,
 * or -XEN_ENODEV without a ring; console_ring_wait() sleeps until the
 * back end signals or timeout_ns (absolute system time) passes.
 */
void console_ring_init(void);
long console_ring_read(char *buf, size_t n);
long console_ring_wait(uint64_t timeout_ns);

#endif /* GUEST_CONSOLE_H */
