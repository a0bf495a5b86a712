/*
 * The hypervisor console: printk for the hypervisor, console_io for guests.
 *
 * Every line on the physical console is whole and carries its source:
 * "(XEN) " for the hypervisor, "(dN) " for domain N.  Guest output is line
 * buffered per domain and filtered to printable characters; domUs are rate
 * limited (CONSOLE_DOMU_RATE bytes per CONSOLE_WINDOW_NS): a writer over its
 * rate waits for the next window; nothing is dropped.  Everything printed also goes into a log ring.
 *
 * Locking: console_lock (irqsave) serialises output and the log ring; a
 * domain's line buffer is only touched by its own VCPUs under it too.
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <hv/types.h>
#include <public/xen.h>

struct domain;

#define CONSOLE_WINDOW_NS 100000000LL   /* 100 ms */
#define CONSOLE_DOMU_RATE 4096          /* bytes per window */

void console_set_loglvl(unsigned int lvl);
void console_set_timestamps(bool on);
/* Guest bytes (already copied from the guest); returns how many were
 * taken: fewer than len when a domU is over its rate. */
size_t console_guest_write(struct domain *d, const char *buf, size_t len);
/* Flush a domain's partial line (on shutdown). */
void console_guest_flush(struct domain *d);
/*
 * CONSOLEIO_write_for: text the console back end (dom0) read from domain
 * id's console ring, printed as that domain's lines ("(dN) ") and
 * filtered as guest output is.  Each '\n' ends a line; text after the
 * last one is a line of its own.  No per-domain state: id may have died.
 */
#define CONSOLE_WRITE_FOR_MAX CONSOLEIO_WRITE_FOR_MAX
void console_write_for(domid_t id, const char *buf, size_t len);

/*
 * Console input (console_input.c): received bytes wait in a ring of
 * CONSOLE_INPUT_RING bytes for dom0.  console_read_input() copies up to len
 * of them and returns how many; console_input_poll() moves what the UART
 * holds into the ring and raises VIRQ_CONSOLE if any byte arrived (any
 * context; returns the number of bytes moved); console_input_init() starts
 * the poll timer on cpu, every CONSOLE_INPUT_POLL_NS.
 */
#define CONSOLE_INPUT_RING 1024
#define CONSOLE_INPUT_POLL_NS 10000000LL   /* 10 ms */
size_t console_read_input(char *buf, size_t len);
unsigned int console_input_poll(void);
void console_input_init(unsigned int cpu);

#endif
