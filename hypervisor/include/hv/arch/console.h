/*
 * Arch contract: the physical console.
 *
 *   void arch_console_putc(char c);  polled output; any context; the caller
 *                                    serialises (core/console.c's lock)
 *   int arch_console_getc(void);     a received byte, or -1 if none waits
 */
#ifndef HV_ARCH_CONSOLE_H
#define HV_ARCH_CONSOLE_H

void arch_console_putc(char c);
int arch_console_getc(void);

#endif
