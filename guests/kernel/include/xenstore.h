/*
 * The XenStore client (Xen's wire protocol, public/io/xs_wire.h).
 *
 * A domU talks to xenstored in dom0 over its store ring (start_info:
 * store_mfn, store_evtchn); dom0's own code talks to its in-process
 * daemon through a transport the daemon glue installs
 * (xenstore_set_transport).  Nothing is set up until a program calls
 * xenstore_init() or another xenstore_* function: a domain that never
 * uses the store never waits for a daemon.
 *
 * Requests are matched to replies by req_id, so several contexts (VCPUs,
 * or a watch callback issuing requests while another request waits) may
 * use the client at once; up to XS_MAX_PENDING requests are in flight.
 * Thread context only (not from event handlers): a request waits for its
 * reply, polling the store port.
 *
 * Results: >= 0 on success (a length where one is returned), else
 * -XEN_E* -- the daemon's XS_ERROR names mapped back to their numbers,
 * -XEN_E2BIG when a reply does not fit the caller's buffer (the bytes
 * that fit are copied), -XEN_ENODEV without a store, -XEN_EIO when the
 * ring is broken or the daemon sent something impossible.
 *
 * Watches: xenstore_watch() registers (path, token) with a callback.  The
 * daemon fires each watch once at registration, then on every change at
 * or below path.  Events are queued as they arrive and callbacks run from
 * xenstore_dispatch() (which programs call from their main loop, and which
 * xenstore_wait_event() calls), never from inside another request.
 */
#ifndef GUEST_XENSTORE_H
#define GUEST_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>

typedef uint32_t xenstore_tx_t;
#define XENSTORE_TX_NONE 0

#define XS_MAX_PENDING 8
#define XS_MAX_WATCHES 64     /* dom0 watches each split device's front end */

/* A byte transport to the daemon. */
struct xenstore_transport {
    /* Queue request bytes: how many were taken (0: full), < 0 broken. */
    long (*send)(const void *buf, size_t len);
    /* Take reply bytes: how many (0: none yet), < 0 broken. */
    long (*recv)(void *buf, size_t len);
    /* Let the daemon work / wait for it, at most until timeout_ns. */
    void (*wait)(uint64_t timeout_ns);
};

/* The domU ring transport (start_info); 0 or -XEN_ENODEV. */
int xenstore_init(void);
/* dom0: use this transport instead (the in-process daemon). */
void xenstore_set_transport(const struct xenstore_transport *t);

/* One raw request: payload in, reply body out (up to cap bytes). */
long xenstore_request(uint32_t type, xenstore_tx_t tx, const void *payload, size_t len,
                      void *reply, size_t cap);

/* READ: the value (not terminated) into buf; its length. */
long xenstore_read(xenstore_tx_t tx, const char *path, char *buf, size_t cap);
/* READ into a NUL-terminated string (value truncated to cap - 1 -> E2BIG). */
long xenstore_read_str(xenstore_tx_t tx, const char *path, char *buf, size_t cap);
/* WRITE of a string, or of len bytes. */
int xenstore_write(xenstore_tx_t tx, const char *path, const char *value);
int xenstore_write_bytes(xenstore_tx_t tx, const char *path, const void *value, size_t len);
int xenstore_mkdir(xenstore_tx_t tx, const char *path);
int xenstore_rm(xenstore_tx_t tx, const char *path);
/* DIRECTORY: child names, each NUL-terminated, into buf; the byte count. */
long xenstore_directory(xenstore_tx_t tx, const char *path, char *buf, size_t cap);
/* GET_PERMS: "w0\0r5\0"... into buf; SET_PERMS with such a list of len bytes. */
long xenstore_get_perms(xenstore_tx_t tx, const char *path, char *buf, size_t cap);
int xenstore_set_perms(xenstore_tx_t tx, const char *path, const char *perms, size_t len);
/* Whether path exists (a READ that is not ENOENT). */
bool xenstore_exists(xenstore_tx_t tx, const char *path);
/* GET_DOMAIN_PATH of domid into buf. */
long xenstore_domain_path(unsigned int domid, char *buf, size_t cap);

int xenstore_transaction_start(xenstore_tx_t *tx);
/* Commit (abort false) or abort: 0, -XEN_EAGAIN if a commit conflicted. */
int xenstore_transaction_end(xenstore_tx_t tx, bool abort);
/*
 * Run fn in a transaction and commit, starting over on EAGAIN (at most
 * `tries` times); fn returning nonzero aborts with that result.
 */
int xenstore_transact(int (*fn)(xenstore_tx_t tx, void *arg), void *arg, unsigned int tries);

typedef void (*xenstore_watch_fn)(const char *path, const char *token, void *data);
int xenstore_watch(const char *path, const char *token, xenstore_watch_fn fn, void *data);
int xenstore_unwatch(const char *path, const char *token);
/* Run the callbacks of the events queued so far; returns how many ran. */
unsigned int xenstore_dispatch(void);
/* Wait until an event is queued or timeout_ns passes, then dispatch. */
unsigned int xenstore_wait_event(uint64_t timeout_ns);
/* Events dropped because the queue was full. */
unsigned long xenstore_events_dropped(void);

#endif /* GUEST_XENSTORE_H */
