/*
 * xenstored: the XenStore daemon core.
 *
 * The model.  One daemon (struct xs_daemon) holds the store: a tree of
 * nodes named by absolute paths, each with a value (bytes), a permission
 * list and a generation (the value of a daemon-wide counter at the node's
 * last change).  Clients reach it through connections (struct xs_conn),
 * one per domain ring or per socket client.  A connection has a domain id;
 * domid 0 is privileged (dom0: all-powerful, no quotas).  It owns its
 * watches, its open transactions and its queue of outgoing messages.
 *
 * The core is transport-neutral and single-threaded.  A transport (the
 * ring transport in dom0, the Unix socket in the host daemon) moves bytes:
 *   - xs_conn_input() takes received bytes, at most one message's worth per
 *     call, and answers the message when it is complete;
 *   - xs_conn_output() hands out queued reply and watch-event bytes;
 *   - ops->kick() says that a connection has new output.
 * The transport gives its connections turns (round robin, one message a
 * turn), so a flooding connection cannot starve the others.  A connection
 * whose peer does not read its replies stops being served once it has
 * XS_QUOTA_OUTSTANDING replies queued (xs_conn_wants_input() says false);
 * watch events past its output budget are dropped.  A framing violation
 * (a length over XENSTORE_PAYLOAD_MAX) breaks the connection: the core
 * answers nothing more on it, and the transport reports the error (ring
 * `error` field) or closes the socket.
 *
 * Invariants (xs_daemon_check() verifies them; the tests and the fuzzer
 * call it after every step):
 *   - every node but "/" has its parent, and its name is in the parent's
 *     child list exactly once; every listed child exists;
 *   - the per-domain node counts equal a recount of owners in the tree;
 *   - the per-connection watch and transaction counts equal their lists;
 *   - every permission entry, owners included, names dom0 or an
 *     introduced domain (none names a domain that is gone or never was).
 *
 * Who owns what.  The daemon owns the tree and every connection; a
 * connection is freed only by xs_conn_free() or xs_domain_release()
 * (after ops->conn_gone() has told the transport).  All memory comes from
 * ops->alloc/ops->free, so the core needs no C library allocator: dom0
 * passes its own.  Allocations are at most a little over
 * XENSTORE_PAYLOAD_MAX + XENSTORE_ABS_PATH_MAX bytes, except a node's
 * child list, which grows with the number of children.
 *
 * Errors are positive public/errno.h numbers (XEN_ENOENT ...).
 *
 * Locking: none.  The core is single-threaded: its caller (dom0's event
 * loop, the host daemon's poll loop) calls into one daemon from one thread
 * at a time, and the hooks in xs_host_ops are called from inside those
 * calls, never on their own.
 *
 * Memory for dom0: the guest library has only a page allocator, so the
 * dom0 side passes an allocator for objects of any size.  The largest are
 * a connection (a little over 4 KiB: it holds one whole message), a node
 * record (path + value + child list: up to ~7 KiB, more for a directory
 * with many children) and the node hash table's slot array (8 bytes a
 * slot, doubled as the tree grows: 8 KiB for 1000 nodes).  So it must
 * hand out contiguous blocks of several pages, not single pages.
 *
 * Where this differs from Xen's C xenstored, and why:
 *   - quotas are exact: a domain may have 128 watches and 10 transactions
 *     (Xen's checks run before counting the new one and let one more in);
 *   - no 2.5 MiB per-domain memory quota, no write-rate limiter and no
 *     20-second lifetime for unread events: the node, size, transaction
 *     and per-connection output budgets bound memory, and one message a
 *     turn bounds a flood's effect on others;
 *   - permission entries naming a released domain are dropped at release
 *     (Xen keeps them and ignores them by comparing generations); both
 *     keep a later domain with the same id from inheriting access;
 *   - SET_PERMS drops entries naming a domain that is not introduced
 *     (Xen marks them ignored; it also accepts a domain that exists in
 *     the hypervisor but is not introduced yet, which this daemon cannot
 *     see, so rvxen's toolstack introduces a domain before naming it);
 *   - xs_domain_make_home() lays out a new domain's home as libxl does
 *     (in Xen that is the toolstack's job, not the daemon's; it is here so
 *     that dom0, the host daemon and the tests lay homes out alike);
 *   - every path, dom0's included, is held to XENSTORE_ABS_PATH_MAX
 *     (Xen checks only unprivileged callers, against the relative limit);
 *   - SET_TARGET is ENOSYS (no device-model stub domains); CONTROL knows
 *     only "print" and "quota"; no live update, no GET/SET_FEATURE or
 *     GET/SET_QUOTA (not in Xen 4.17's protocol either).
 */
#ifndef XENSTORE_XENSTORED_H
#define XENSTORE_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/errno.h>
#include <public/io/xs_wire.h>

/* Xen's default quotas (tools/xenstored/domain.c); dom0 is exempt. */
#define XS_QUOTA_NODES          1000  /* nodes a domain owns: ENOSPC */
#define XS_QUOTA_NODE_SIZE      2048  /* bytes of a node record: ENOSPC */
#define XS_QUOTA_WATCHES         128  /* watches per connection: E2BIG */
#define XS_QUOTA_TRANSACTIONS     10  /* open transactions: ENOSPC */
#define XS_QUOTA_TXN_NODES      1024  /* nodes one transaction touches: ENOSPC */
#define XS_QUOTA_PERMS             5  /* permission entries per node: ENOSPC */
#define XS_QUOTA_OUTSTANDING      20  /* replies queued before input stops */
/* Output a connection may have queued before watch events are dropped. */
#define XS_QUOTA_OUTPUT_BYTES   (64 * 1024)
#define XS_PRIV_OUTPUT_BYTES    (4 * 1024 * 1024)

struct xs_daemon;
struct xs_conn;

/*
 * What the daemon needs from its environment.  alloc and free are
 * required; the rest may be NULL.
 */
struct xs_host_ops {
    void *ctx;                                   /* passed to every hook */
    void *(*alloc)(void *ctx, size_t size);      /* NULL when out of memory */
    void (*free)(void *ctx, void *ptr);          /* ptr may be NULL */
    /* conn has new output (replies or watch events) to send. */
    void (*kick)(void *ctx, struct xs_conn *conn);
    /*
     * XS_INTRODUCE from a privileged connection: map domain `domid`'s ring
     * at `mfn`, bind its event channel `port`, then call
     * xs_domain_introduce() and attach the returned connection.  Returns 0
     * or an errno, which becomes the reply.  NULL: the daemon introduces
     * the domain itself, with a connection no transport serves (tests).
     */
    int (*introduce)(void *ctx, unsigned int domid, uint64_t mfn,
                     uint32_t port);
    /* conn is about to be freed by the core (release): detach from it. */
    void (*conn_gone)(void *ctx, struct xs_conn *conn);
    /* A line for the daemon's log (no newline). */
    void (*log)(void *ctx, const char *line);
};

/*
 * A new daemon with the initial tree: "/", "/local", "/local/domain",
 * "/tool", "@introduceDomain" and "@releaseDomain", all owned by dom0 with
 * no access for others.  NULL when out of memory.
 */
struct xs_daemon *xs_daemon_new(const struct xs_host_ops *ops);
/* Free the daemon, every connection and the tree (no hooks are called). */
void xs_daemon_free(struct xs_daemon *d);

/* A new connection acting for `domid` (0: privileged).  NULL: no memory. */
struct xs_conn *xs_conn_new(struct xs_daemon *d, unsigned int domid);
/*
 * Close a connection: its watches and transactions go, queued output is
 * dropped.  The domain, if introduced, stays introduced with no connection.
 */
void xs_conn_free(struct xs_conn *c);

/*
 * Feed received bytes.  Consumes at most up to the end of the message in
 * progress and answers it when complete.  Returns the bytes consumed
 * (0 when the connection wants no input now), or -XENSTORE_ERROR_PROTO
 * once the connection is broken.
 */
long xs_conn_input(struct xs_conn *c, const void *buf, size_t len);
/* Whether xs_conn_input() would take bytes now. */
bool xs_conn_wants_input(const struct xs_conn *c);
/* Copy up to len bytes of queued output to buf; returns the count. */
size_t xs_conn_output(struct xs_conn *c, void *buf, size_t len);
/* Bytes of queued output. */
size_t xs_conn_output_pending(const struct xs_conn *c);
/* XENSTORE_ERROR_NONE, or why the connection is broken. */
unsigned int xs_conn_error(const struct xs_conn *c);
/* The transport's own pointer (the ring, the socket). */
void xs_conn_set_priv(struct xs_conn *c, void *priv);
void *xs_conn_priv(const struct xs_conn *c);
unsigned int xs_conn_domid(const struct xs_conn *c);
/* Watch events dropped for this connection (output budget exceeded). */
unsigned long xs_conn_events_dropped(const struct xs_conn *c);

/*
 * Domain introduction, for the dom0 side (boot-time domains) and for
 * XS_INTRODUCE.  Creates the domain's connection and fires
 * @introduceDomain; as in Xen, nothing is written in the store.
 * Introducing an introduced domain returns its connection again (Xen's
 * re-introduce).  *connp gets the connection.
 */
int xs_domain_introduce(struct xs_daemon *d, unsigned int domid,
                        struct xs_conn **connp);
/*
 * The toolstack's part: lay out introduced domain domid's home as libxl
 * does.  /local/domain/<domid> and its cpu, memory, device and control
 * are dom0's, readable by the domain ("n0 r<domid>"); control/shutdown,
 * control/feature-{poweroff,reboot,suspend}, control/sysrq, data,
 * drivers, feature, attr and error are the domain's ("n<domid>").  Nodes
 * that exist keep their values.  XEN_ENOENT if domid is not introduced.
 */
int xs_domain_make_home(struct xs_daemon *d, unsigned int domid);
/*
 * The domain is gone: ops->conn_gone(), then its connection, watches and
 * transactions are freed, the nodes it owns are removed, permission
 * entries naming it are dropped, and @releaseDomain fires.  XEN_ENOENT if
 * it was not introduced.  dom0 cannot be released (XEN_EINVAL).
 */
int xs_domain_release(struct xs_daemon *d, unsigned int domid);
bool xs_domain_is_introduced(const struct xs_daemon *d, unsigned int domid);
struct xs_conn *xs_domain_conn(const struct xs_daemon *d, unsigned int domid);

/*
 * Direct access for dom0's own code, as a privileged client outside any
 * transaction (watches fire).  xs_write creates missing parents.
 * xs_read copies at most *len bytes and sets *len to the value's length.
 */
int xs_write(struct xs_daemon *d, const char *path, const void *val,
             size_t len);
int xs_read(struct xs_daemon *d, const char *path, void *buf, size_t *len);
int xs_rm(struct xs_daemon *d, const char *path);
/* The toolstack's clean-up: remove /local/domain/<domid>. */
int xs_rm_domain_home(struct xs_daemon *d, unsigned int domid);

/* Nodes in the tree; nodes domain `domid` owns; watches of every connection. */
unsigned long xs_node_count(const struct xs_daemon *d);
unsigned long xs_watch_count(const struct xs_daemon *d);
unsigned long xs_domain_node_count(const struct xs_daemon *d,
                                   unsigned int domid);

/*
 * Check the invariants above.  Returns 0, or a positive number naming the
 * first that failed (and logs it).
 */
int xs_daemon_check(const struct xs_daemon *d);

#endif /* XENSTORE_XENSTORED_H */
