/*
 * Debug keys on the hypervisor console (core/keyhandler.c).
 *
 * Console input normally goes to dom0.  Ctrl-A typed three times in a row
 * switches it to the hypervisor, as on Xen; keys then run debug actions
 * ('h' lists them) until Ctrl-A three times switches input back to dom0.
 * The UART is polled when dom0 reads its console (CONSOLEIO_read), so the
 * keys act at dom0's next read.  Dom0 can also press keys with
 * XEN_SYSCTL_debug_keys.
 */
#ifndef HV_KEYHANDLER_H
#define HV_KEYHANDLER_H

#include <hv/types.h>

/* Called for each input byte with console_lock held: true if the byte is
 * the hypervisor's (it must not reach dom0).  Prints nothing itself. */
bool keyhandler_filter(char c);

/* Run the actions keyhandler_filter() queued; console_lock not held. */
void keyhandler_run_pending(void);

/* Act on debug key c (also XEN_SYSCTL_debug_keys): 'h' the list, 'r' the
 * run queues and the scheduling trace, 'T' the trace alone (printed over
 * the next milliseconds by a timer).  False for a key that is not one. */
bool debug_key(char c);

#endif /* HV_KEYHANDLER_H */
