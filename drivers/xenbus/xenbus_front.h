/*
 * XenBus devices, the guest's side: what a front end (blkfront, netfront)
 * does to find its device and shake hands with its back end, following
 * Linux's xenbus_probe_frontend and xenbus_client.
 *
 *   xenbus_front_find()     waits for device/<type>/ to list a device (the
 *                           toolstack may create it after the domain
 *                           started), takes the one asked for or the
 *                           first, and reads `backend` and `backend-id`;
 *   xenbus_front_wait_be()  waits for the back end's state (InitWait, then
 *                           Connected);
 *   xenbus_front_publish()  writes the front end's nodes (ring-ref,
 *                           event-channel, ...) and its new state in one
 *                           transaction, starting over when the commit
 *                           says EAGAIN;
 *   xenbus_front_read_be*() read the back end's nodes (sectors, features).
 *
 * Paths are absolute (the front end's dir is /local/domain/<self>/device/
 * <type>/<devid>); the back end's dir is what `backend` says, checked to be
 * dom0's backend area.  Thread context only.
 */
#ifndef DRIVERS_XENBUS_FRONT_H
#define DRIVERS_XENBUS_FRONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xenbus.h>
#include <public/xen.h>
#include "xenbus_back.h"

struct xenbus_front {
    char dir[XENBUS_PATH_MAX];        /* ours */
    char backend[XENBUS_PATH_MAX];    /* the back end's */
    domid_t backend_id;
    unsigned int devid;
};

/* A node of the front end's, for xenbus_front_publish. */
struct xenbus_node {
    const char *name;
    const char *value;
};

#define XENBUS_ANY_DEVID (~0u)

/*
 * Find device <type>/<devid> (XENBUS_ANY_DEVID: the first listed), waiting
 * until timeout_ns (absolute) for it to appear.  0; -XEN_ETIMEDOUT;
 * -XEN_EINVAL if its backend node is malformed or outside
 * /local/domain/<backend-id>/backend/; or the XenStore error.
 */
int xenbus_front_find(const char *type, unsigned int devid, uint64_t timeout_ns,
                      struct xenbus_front *fe);
/* Wait until the back end's state is in mask: the state, -XEN_ETIMEDOUT. */
long xenbus_front_wait_be(const struct xenbus_front *fe, uint32_t mask, uint64_t timeout_ns);
/* Write nodes[0..n) and then state, in one transaction: 0 or -XEN_E*. */
int xenbus_front_publish(const struct xenbus_front *fe, const struct xenbus_node *nodes,
                         unsigned int n, XenbusState state);
/* Our state only. */
int xenbus_front_switch(const struct xenbus_front *fe, XenbusState state);
/* A node of the back end's, as a string (its length) or a number (0). */
long xenbus_front_read_be(const struct xenbus_front *fe, const char *node, char *buf,
                          size_t cap);
int xenbus_front_read_be_ulong(const struct xenbus_front *fe, const char *node,
                               unsigned long *value);
/* A feature-* node: absent or unreadable counts as 0. */
bool xenbus_front_be_feature(const struct xenbus_front *fe, const char *node);

#endif /* DRIVERS_XENBUS_FRONT_H */
