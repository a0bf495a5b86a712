/* The guest console: the hypervisor's, through console_io. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>
#include <stdarg.h>

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

#endif /* GUEST_CONSOLE_H */
