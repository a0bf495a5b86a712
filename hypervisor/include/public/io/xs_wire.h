/*
 * The XenStore wire protocol: the messages a client and the store daemon
 * (xenstored, in dom0) exchange, and the shared page a domain's store
 * ring lives in.  Numbers and layouts are Xen's (io/xs_wire.h), so that
 * Xen's own clients (libxenstore, Linux's xenbus) talk to our daemon.
 *
 * A message is a struct xsd_sockmsg header followed by `len` payload
 * bytes, in native byte order.  The same stream runs over a domain's ring
 * page (below) and over the daemon's Unix socket on a host build.  A
 * request's payload is one or more NUL-terminated strings (WRITE's value
 * is raw bytes and takes the rest of the payload); the reply carries the
 * request's type, req_id and tx_id.  A request that succeeds with nothing
 * to return is answered with the three bytes "OK\0".  A request that
 * fails is answered with type XS_ERROR and the errno's *name* as a
 * NUL-terminated string ("ENOENT\0"); XSD_ERROR_LIST gives the names.
 *
 * Paths: an absolute path starts with '/'; any other path (not starting
 * with '@') is relative to the caller's home, /local/domain/<domid>.
 * A path uses only A-Z a-z 0-9 and "-/_@", has no "//", and does not end
 * in '/' (except "/" itself).  Paths starting with '@' name the special
 * watches @introduceDomain and @releaseDomain; only WATCH, UNWATCH,
 * GET_PERMS and SET_PERMS accept them.
 *
 * Permissions: each node has a list of entries "<p><domid>" with p one of
 * 'n' (none), 'r' (read), 'w' (write), 'b' (both).  The first entry names
 * the node's owner, and its letter is the access of every domain not
 * listed further on.  The owner and dom0 may do anything to a node.
 *
 * Which messages rvxen's xenstored (xenstore/) implements is noted at each
 * type; the rest are answered with ENOSYS.
 */
#ifndef PUBLIC_IO_XS_WIRE_H
#define PUBLIC_IO_XS_WIRE_H

#include "../xen.h"
#include "../errno.h"

/*
 * Message types.  "priv" means dom0 (any privileged connection) only:
 * others get EACCES.  Every request may carry a tx_id (the header's) except
 * where noted; a tx_id that names no open transaction of the connection
 * gets ENOENT.
 */
enum xsd_sockmsg_type {
    /*
     * Administrative commands, priv.  Payload: a command name and its
     * arguments.  rvxen: "print\0<text>\0" (log the text; OK) and
     * "quota\0" (the quota values as text); other commands EINVAL.
     * Xen called this XS_DEBUG.
     */
    XS_CONTROL              = 0,
#define XS_DEBUG XS_CONTROL
    /* "path\0" -> the children's names, each NUL-terminated (empty: none). */
    XS_DIRECTORY            = 1,
    /* "path\0" -> the node's value, raw bytes, no terminating NUL. */
    XS_READ                 = 2,
    /* "path\0" -> the permission entries, each NUL-terminated. */
    XS_GET_PERMS            = 3,
    /*
     * "path\0token\0" -> OK.  Ignores tx_id.  Then a WATCH_EVENT for the
     * path itself at once, and one for every later change of the path or
     * anything below it that the watcher may read.  The same path and
     * token twice: EEXIST.
     */
    XS_WATCH                = 4,
    /* "path\0token\0" -> OK; no such watch: ENOENT.  Ignores tx_id. */
    XS_UNWATCH              = 5,
    /*
     * "\0" -> the new transaction's id, in decimal, NUL-terminated.  Sent
     * with tx_id 0; inside a transaction: EBUSY (no nesting).
     */
    XS_TRANSACTION_START    = 6,
    /*
     * "T\0" commits the transaction named by tx_id, "F\0" abandons it;
     * OK.  A commit whose reads or writes were overtaken by another
     * change gets EAGAIN and is abandoned: the client retries it.
     */
    XS_TRANSACTION_END      = 7,
    /*
     * "domid\0mfn\0port\0" -> OK, priv: the toolstack tells the daemon
     * about a new domain: its store ring is at machine frame `mfn` (decimal)
     * and the domain's end of its store event channel is `port`.
     */
    XS_INTRODUCE            = 8,
    /* "domid\0" -> OK, priv: the domain is gone; drop its connection. */
    XS_RELEASE              = 9,
    /* "domid\0" -> "/local/domain/<domid>\0".  Any caller. */
    XS_GET_DOMAIN_PATH      = 10,
    /* "path\0value" -> OK: sets the value, creating missing parents. */
    XS_WRITE                = 11,
    /* "path\0" -> OK: creates the node (and parents) if absent. */
    XS_MKDIR                = 12,
    /*
     * "path\0" -> OK: removes the node and everything below it.  An absent
     * node is OK if its parent exists.  "/" itself: EINVAL.
     */
    XS_RM                   = 13,
    /*
     * "path\0perm\0perm\0..." -> OK: replaces the node's permission list.
     * Needs write access and ownership (or dom0); only dom0 may name a
     * new owner (others: EPERM).
     */
    XS_SET_PERMS            = 14,
    /*
     * Daemon to client only: "path\0token\0" with req_id and tx_id 0.
     * The path is relative when the watch was registered relative.
     */
    XS_WATCH_EVENT          = 15,
    /* Daemon to client only: "<ERRNO NAME>\0". */
    XS_ERROR                = 16,
    /* "domid\0" -> "T\0" or "F\0", priv. */
    XS_IS_DOMAIN_INTRODUCED = 17,
    /* "domid\0" -> OK, priv: the domain resumed after a suspend. */
    XS_RESUME               = 18,
    /* "domid\0target\0", priv: device-model stub domains.  rvxen: ENOSYS. */
    XS_SET_TARGET           = 19,
    /* 20 was XS_RESTRICT, removed from Xen: invalid. */
    /* "" -> OK: drops all the connection's watches.  Ignores tx_id. */
    XS_RESET_WATCHES        = 21,
    /*
     * "path\0offset\0" -> "<gen>\0" then the children's names from byte
     * `offset` of the list, as many whole names as fit in one payload; an
     * extra empty name ("\0") ends the list.  <gen> is the node's
     * generation: a client that sees it change between parts starts over.
     */
    XS_DIRECTORY_PART       = 22,
    XS_TYPE_COUNT           = 23,   /* number of defined types */
    XS_INVALID              = 0xffff  /* never a valid type */
};

/*
 * The message header.  All fields native-endian.
 */
struct xsd_sockmsg {
    uint32_t type;      /* IN/OUT: XS_*; a reply echoes the request's */
    uint32_t req_id;    /* IN/OUT: chosen by the client, echoed */
    uint32_t tx_id;     /* IN/OUT: transaction id, 0 = none; echoed */
    uint32_t len;       /* IN/OUT: payload bytes after the header */
};

/* The most payload bytes one message may carry; more kills the connection. */
#define XENSTORE_PAYLOAD_MAX    4096

/* Longest path, in bytes without the NUL: absolute, and relative to home. */
#define XENSTORE_ABS_PATH_MAX   3072
#define XENSTORE_REL_PATH_MAX   2048

/* The strings of a WATCH_EVENT payload, by index. */
enum xs_watch_type {
    XS_WATCH_PATH  = 0,
    XS_WATCH_TOKEN = 1
};

/*
 * The errno names an XS_ERROR may carry, with their numbers in
 * public/errno.h.  Xen's list, in Xen's order; a daemon error outside it is
 * sent as EINVAL.  X(name, number).
 */
#define XSD_ERROR_LIST(X) \
    X(EINVAL,    XEN_EINVAL)    \
    X(EACCES,    XEN_EACCES)    \
    X(EEXIST,    XEN_EEXIST)    \
    X(EISDIR,    XEN_EISDIR)    \
    X(ENOENT,    XEN_ENOENT)    \
    X(ENOMEM,    XEN_ENOMEM)    \
    X(ENOSPC,    XEN_ENOSPC)    \
    X(EIO,       XEN_EIO)       \
    X(ENOTEMPTY, XEN_ENOTEMPTY) \
    X(ENOSYS,    XEN_ENOSYS)    \
    X(EROFS,     XEN_EROFS)     \
    X(EBUSY,     XEN_EBUSY)     \
    X(EAGAIN,    XEN_EAGAIN)    \
    X(EISCONN,   XEN_EISCONN)   \
    X(E2BIG,     XEN_E2BIG)     \
    X(EPERM,     XEN_EPERM)

/*
 * The store ring page, shared between a domain (the client) and the
 * daemon.  Two byte rings with free-running 32-bit indices: a producer
 * writes bytes at MASK_XENSTORE_IDX(prod) and then advances prod; the
 * consumer reads at MASK_XENSTORE_IDX(cons) and advances cons.  prod - cons
 * (unsigned) is the number of unread bytes and is never more than
 * XENSTORE_RING_SIZE; the daemon treats a larger value as a broken ring.
 * Messages may wrap around the end of a ring and may be split across
 * several notifications.  Each side notifies the other over the store
 * event channel after moving an index.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];   /* client -> daemon: requests */
    char rsp[XENSTORE_RING_SIZE];   /* daemon -> client: replies, events */
    XENSTORE_RING_IDX req_cons;     /* written by the daemon */
    XENSTORE_RING_IDX req_prod;     /* written by the client */
    XENSTORE_RING_IDX rsp_cons;     /* written by the client */
    XENSTORE_RING_IDX rsp_prod;     /* written by the daemon */
    uint32_t server_features;       /* daemon: XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;            /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;                 /* daemon: XENSTORE_ERROR_* */
};

/*
 * server_features bits.  RECONNECTION: the client may set `connection`
 * to XENSTORE_RECONNECT to ask the daemon to reset the ring (the daemon
 * sets it back to XENSTORE_CONNECTED when done).  ERROR: the daemon
 * reports why it stopped serving the ring in `error`.
 */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

/* `connection` */
#define XENSTORE_CONNECTED 0    /* steady state */
#define XENSTORE_RECONNECT 1    /* a reset was asked for and is under way */

/* `error`: set once by the daemon, which then ignores the ring. */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1    /* the daemon could not use the ring */
#define XENSTORE_ERROR_RINGIDX 2    /* indices further apart than the ring */
#define XENSTORE_ERROR_PROTO   3    /* protocol violation (len too large) */

PUBLIC_CHECK_SIZE(struct xsd_sockmsg, 16);
PUBLIC_CHECK_OFF(struct xenstore_domain_interface, req_cons, 2048);
PUBLIC_CHECK_OFF(struct xenstore_domain_interface, error, 2072);
PUBLIC_CHECK_SIZE(struct xenstore_domain_interface, 2076);

#endif /* PUBLIC_IO_XS_WIRE_H */
