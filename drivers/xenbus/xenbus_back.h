/*
 * XenBus devices, the control domain's side: creating a split device for a
 * domain, and the registry of back-end drivers that serve them.
 *
 * == Creating a device (the toolstack's part) ==
 *
 * xenbus_dev_create(fe, "vbd", 51712, params) does what libxl does for a
 * disk= or vif= line: in one transaction it writes
 *
 *   /local/domain/<fe>/device/<type>/<devid>/       (the front end's dir)
 *       backend     the back end's dir
 *       backend-id  "0"
 *       state       "1" (Initialising)
 *     owned by the front end, readable by dom0 ("n<fe> r0"), as libxl sets it;
 *
 *   /local/domain/0/backend/<type>/<fe>/<devid>/    (the back end's dir)
 *       frontend     the front end's dir
 *       frontend-id  fe
 *       state        "1"
 *       online       "1"
 *       <params>     "key=value" words, one node each (type-specific:
 *                    "params=... mode=w" for a vbd)
 *     owned by dom0, readable by the front end ("n0 r<fe>").
 *
 * then hands the device to the back-end driver registered for <type>.
 *
 * == The back-end state machine (what Linux's xenbus_probe_backend and
 *    blkback/netback do) ==
 *
 *   create        ops->probe (publish features), back end -> InitWait, and
 *                 a watch on the front end's state node;
 *   front end Initialised or Connected while the back end waits:
 *                 ops->connect (read ring-ref, event-channel, map, bind);
 *                 back end -> Connected, or Closing with an `error` node if
 *                 connect refused what the front end published;
 *   front end Closing: ops->disconnect, back end -> Closing;
 *   front end Closed, or its state node gone: ops->disconnect, back end
 *                 -> Closed;
 *   front end Initialising again after Closed: back end -> InitWait
 *                 (Linux's reconnect);
 *   the front end's domain finished (xenbus_backend_reap), or
 *   xenbus_dev_destroy: ops->disconnect, ops->remove, both dirs removed.
 *
 * A back end that finds the front end lying calls xenbus_dev_fatal(): the
 * device is disconnected (its grants and mappings released), an `error`
 * node says why and the back end goes to Closing.  Only that device is
 * affected.  The front end's state is only ever read as a number
 * 0..8; nothing else it writes steers the state machine.
 *
 * == The registry ==
 *
 * A driver registers one xenbus_backend_ops per device type.  dom0's main
 * loop calls xenbus_backend_poll() after every wake-up (each driver's poll
 * serves its rings) and sleeps on the ports xenbus_backend_ports() lists
 * (each driver's ports, kept masked: they are polled, not upcalled).
 *
 * Context: thread context only (XenStore requests, grant maps).  Watch
 * callbacks run from xenstore_dispatch() in dom0's main loop.
 */
#ifndef DRIVERS_XENBUS_BACK_H
#define DRIVERS_XENBUS_BACK_H

#include <stdbool.h>
#include <stddef.h>
#include <public/event_channel.h>
#include <public/io/xenbus.h>
#include <public/xen.h>

#define XENBUS_PATH_MAX   96
#define XENBUS_MAX_DEVICES 64

struct xenbus_device;

struct xenbus_backend_ops {
    const char *type;                           /* "vbd", "vif" */
    /* A new device: check params, publish features.  0, or -XEN_E* to
     * refuse it (the device then stays Closed). */
    int (*probe)(struct xenbus_device *dev);
    /* The front end published its details: map the ring, bind the port,
     * publish what the front end needs.  0, or -XEN_E* (the device goes to
     * Closing with an error node). */
    int (*connect)(struct xenbus_device *dev);
    /* Release the ring, the port and every grant of the front end's the
     * back end holds.  Called whether or not connect succeeded. */
    void (*disconnect)(struct xenbus_device *dev);
    /* The device goes away: free what probe allocated. */
    void (*remove)(struct xenbus_device *dev);
    /* Serve the rings (dom0's main loop, after each wake-up). */
    void (*poll)(void);
    /* Up to max ports dom0's main loop must wake on; how many. */
    unsigned int (*ports)(evtchn_port_t *ports, unsigned int max);
};

struct xenbus_device {
    const struct xenbus_backend_ops *ops;
    domid_t fe_domid;
    unsigned int devid;
    char be_dir[XENBUS_PATH_MAX];
    char fe_dir[XENBUS_PATH_MAX];
    XenbusState state;                          /* the back end's, as written */
    bool connected;                             /* connect succeeded */
    void *priv;                                 /* the driver's */
};

/* Register a driver (at most 4 types).  0, -XEN_EEXIST, -XEN_ENOSPC. */
int xenbus_backend_register(const struct xenbus_backend_ops *ops);

/*
 * Create device <type>/<devid> for domain fe, as described above.  params:
 * NULL or blank-separated key=value words, each a node of the back end's
 * dir (a value may not contain blanks).  0; -XEN_ENOENT (no driver for
 * type), -XEN_EEXIST, -XEN_ENOSPC (XENBUS_MAX_DEVICES), -XEN_EINVAL (a
 * malformed word), or the XenStore or probe error.
 */
int xenbus_dev_create(domid_t fe, const char *type, unsigned int devid, const char *params);
/* Disconnect and remove the device, and its nodes: 0 or -XEN_ENOENT. */
int xenbus_dev_destroy(domid_t fe, const char *type, unsigned int devid);

/* The back end gives up on a lying front end (see above); reason is logged
 * and written to the back end's `error` node. */
void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *reason);
/* Read the front end's node into buf (terminated): its length or -XEN_E*. */
long xenbus_dev_read_fe(const struct xenbus_device *dev, const char *node, char *buf,
                        size_t cap);
/* The same, as an unsigned decimal number: 0 or -XEN_E*. */
int xenbus_dev_read_fe_ulong(const struct xenbus_device *dev, const char *node,
                             unsigned long *value);
/* Write a node of the back end's dir: 0 or -XEN_E*. */
int xenbus_dev_write_be(const struct xenbus_device *dev, const char *node, const char *value);
long xenbus_dev_read_be(const struct xenbus_device *dev, const char *node, char *buf,
                        size_t cap);

/* Every driver's poll (dom0's main loop). */
void xenbus_backend_poll(void);
/* Every driver's ports, up to max: how many. */
unsigned int xenbus_backend_ports(evtchn_port_t *ports, unsigned int max);
/* Remove the devices of every finished domain: how many. */
unsigned int xenbus_backend_reap(void);
/* Call fn for every device (dom0's summary). */
void xenbus_backend_for_each(void (*fn)(struct xenbus_device *dev, void *arg), void *arg);

#endif /* DRIVERS_XENBUS_BACK_H */
