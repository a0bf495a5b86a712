/*
 * dom0's console shell: the lines typed on the physical console (read
 * with console_io), a command each.
 *
 *   console <domid>   attach to that domU's PV console: every byte typed
 *                     from then on goes to its console ring (the domU reads
 *                     it with console_ring_read), until Ctrl-] (0x1d, xl
 *                     console's escape) or the domain ends
 *   xenstore-read, -write, -rm, -exists, -list, -ls, -chmod, -watch
 *                     as Xen's tools (xs_cmds.c)
 *   help              the commands
 * Any other line is echoed ("dom0: you typed: ...").
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <public/xen.h>

#include <stdbool.h>

/* Read and act on what was typed; false once input is unavailable. */
bool shell_poll(void);
/* A domain ended: leave its console if attached. */
void shell_domain_gone(unsigned int domid);
/* Attach the console to domid's PV console (xl console, xl create -c). */
void shell_attach(domid_t domid);

#endif /* DOM0_SHELL_H */
