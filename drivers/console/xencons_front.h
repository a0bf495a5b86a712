/*
 * The PV console's front end: a domU's side of its console ring
 * (public/io/console.h), used by the guest library's printk.
 *
 * Output goes into the ring and the back end (dom0) is notified.  A full
 * ring makes the writer wait (SCHEDOP_poll on the console port, which the
 * back end notifies after reading, with a short time-out as a backstop):
 * output is never dropped.  If the ring turns out broken (the back end
 * corrupted out_cons) or the port is gone (the domain closed or reset its
 * event channels), the front end gives up and reports it, and the caller
 * falls back to console_io: what is already in the ring stays there for
 * the back end to drain when the domain ends.
 */
#ifndef DRIVERS_XENCONS_FRONT_H
#define DRIVERS_XENCONS_FRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/event_channel.h>
#include <public/io/console.h>

/* Use this ring and port (from start_info.console.domU). */
void xencons_front_init(struct xencons_interface *ring, evtchn_port_t port);
/* Whether output goes through the ring. */
bool xencons_front_active(void);
/* Write all of buf; false if the ring could not take it (see above):
 * *done bytes were written before that. */
bool xencons_front_write(const char *buf, size_t len, size_t *done);
/* Up to n bytes of console input from the back end, without waiting:
 * the count, or -XEN_ENODEV without a ring, -XEN_EIO for a broken one. */
long xencons_front_read(char *buf, size_t n);
/* Sleep until the back end signals (input arrived or output was read), at
 * most until timeout_ns (absolute system time); -XEN_ENODEV without a ring. */
long xencons_front_wait(uint64_t timeout_ns);

#endif /* DRIVERS_XENCONS_FRONT_H */
