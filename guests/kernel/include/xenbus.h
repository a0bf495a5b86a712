/*
 * The XenBus handshake helper (public/io/xenbus.h states) on top of the
 * XenStore client: what a split driver's front and back end use to find
 * each other and agree on the device's state.
 *
 * A device has a directory on each side (the front end's under
 * /local/domain/<fe>/device/<type>/<id>, the back end's under
 * /local/domain/<be>/backend/<type>/<fe>/<id>); each holds a `state`
 * node (a XenbusState as a decimal string) and a node naming the other
 * side's directory (`backend` in the front end's, `frontend` in the back
 * end's).  Each side writes its own state and waits for the other's.
 */
#ifndef GUEST_XENBUS_H
#define GUEST_XENBUS_H

#include <stdint.h>
#include <public/io/xenbus.h>
#include "xenstore.h"

/* Write dir/state. */
int xenbus_switch_state(xenstore_tx_t tx, const char *dir, XenbusState state);
/* dir/state, or XenbusStateUnknown if absent or not a number. */
XenbusState xenbus_read_state(const char *dir);
/*
 * Wait (watching dir/state) until the state is one of those in `mask`
 * (bit n for state n) or timeout_ns (absolute system time) passes.
 * Returns the state seen, or -XEN_ETIMEDOUT / another -XEN_E*.
 */
long xenbus_wait_state(const char *dir, uint32_t mask, uint64_t timeout_ns);
#define XENBUS_STATE_BIT(s) (1u << (s))
/*
 * The other end's node: read dir/<link> (e.g. "backend") for the other
 * side's directory, then that directory's `node` into buf (terminated).
 */
long xenbus_read_other(const char *dir, const char *link, const char *node, char *buf,
                       size_t cap);
/* A node holding a decimal number: 0 and *value, or -XEN_E*. */
int xenbus_read_ulong(xenstore_tx_t tx, const char *path, unsigned long *value);

/*
 * The clean-shutdown path a PV domU honours: watch control/shutdown (dom0's
 * toolstack writes "poweroff", "reboot" or "suspend" there, as `xl
 * shutdown` does); on a request the domain acknowledges by writing "" and
 * shuts down with that reason.  Also advertises control/feature-poweroff,
 * -reboot and -suspend.  Requests are acted on from xenstore_dispatch().
 */
int xenbus_watch_shutdown(void);

#endif /* GUEST_XENBUS_H */
