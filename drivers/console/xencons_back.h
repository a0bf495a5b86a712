/*
 * The PV console's back end (xenconsoled's job), run by the control
 * domain: the guest library starts it in every dom0 before main(), so a
 * test kernel that is dom0 serves its peers' consoles too.
 *
 * For each domU it maps the domU's console ring through the domU's grant
 * entry GNTTAB_RESERVED_CONSOLE (0) and binds its console port (both
 * found with HVMOP_get_param); on each event it drains the ring and
 * prints the domU's complete lines with CONSOLEIO_write_for, so the log
 * reads "(dN) ..." exactly as when the domU printed with console_io.  A
 * ring whose indices are impossible is marked broken and never read
 * again (reported once).
 *
 * A domU that has finished is released by xencons_back_reap(): its ring is
 * drained once more (nothing it printed before dying is lost: the frame
 * lives on while mapped), its last partial line printed, then it is
 * unmapped and its port closed, so its memory goes back to the machine.
 * dom0 programs call the reap when they learn a domain finished (the
 * standard dom0 on VIRQ_DOM_EXC; the conformance library's wait for
 * peers); the library drains every ring before dom0 itself shuts down.
 *
 * Context: xencons_back_init, _connect, _reap and _send from thread
 * context (they map and unmap grants); the drain runs in the event
 * handler, on VCPU 0.
 */
#ifndef DRIVERS_XENCONS_BACK_H
#define DRIVERS_XENCONS_BACK_H

#include <stdbool.h>
#include <stddef.h>
#include <public/xen.h>

#define XENCONS_BACK_MAX 64           /* domUs served at once */

/* Serve every domU that exists now; returns how many were connected. */
unsigned int xencons_back_init(void);
/* Serve domain domid: 0, -XEN_EEXIST if served, -XEN_ENOSPC, or the error
 * of HVMOP_get_param / the grant map / the bind. */
long xencons_back_connect(domid_t domid);
/* Release every served domain that has finished; returns how many. */
unsigned int xencons_back_reap(void);
/* Print what every ring holds now (dom0 is about to shut down). */
void xencons_back_drain_all(void);
/* Console input for domid: bytes queued (as many as fit), or -XEN_ESRCH
 * if domid is not served, -XEN_EIO if its ring is broken. */
long xencons_back_send(domid_t domid, const char *buf, size_t len);
/* Whether domid's console is served. */
bool xencons_back_serves(domid_t domid);
/*
 * A tap sees each line just before it is printed (its '\n' included if it
 * had one), in the event handler with interrupts off: for tests that check
 * what reached the log.  NULL removes it.
 */
typedef void (*xencons_tap_fn)(domid_t domid, const char *line, size_t len);
void xencons_back_set_tap(xencons_tap_fn fn);

#endif /* DRIVERS_XENCONS_BACK_H */
