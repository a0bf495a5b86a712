/*
 * XenBus devices, the control domain's side (xenbus_back.h).
 *
 * Devices live in a fixed table.  Each one has a watch on its front end's
 * state node, whose token is "be:" plus the back end's dir: the callback
 * finds the device by that token, never by a pointer, so an event queued
 * for a device that has since gone finds nothing and is ignored.  Should
 * the client's event queue overflow (xenstore_events_dropped() grows),
 * the next poll looks at every device's front-end state again, so no
 * transition is lost.
 */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <domains.h>
#include <xenbus.h>
#include "xenbus_back.h"

#define MAX_TYPES 4
#define TOKEN_PREFIX "be:"

static const struct xenbus_backend_ops *drivers[MAX_TYPES];
static struct xenbus_device devices[XENBUS_MAX_DEVICES];
static bool used[XENBUS_MAX_DEVICES];
static unsigned long events_dropped_seen;

int xenbus_backend_register(const struct xenbus_backend_ops *ops)
{
    for (unsigned int i = 0; i < MAX_TYPES; i++)
        if (drivers[i] && !strcmp(drivers[i]->type, ops->type))
            return -XEN_EEXIST;
    for (unsigned int i = 0; i < MAX_TYPES; i++)
        if (!drivers[i]) {
            drivers[i] = ops;
            return 0;
        }
    return -XEN_ENOSPC;
}

static const struct xenbus_backend_ops *driver_of(const char *type)
{
    for (unsigned int i = 0; i < MAX_TYPES; i++)
        if (drivers[i] && !strcmp(drivers[i]->type, type))
            return drivers[i];
    return NULL;
}

static struct xenbus_device *find(domid_t fe, const char *type, unsigned int devid)
{
    for (unsigned int i = 0; i < XENBUS_MAX_DEVICES; i++)
        if (used[i] && devices[i].fe_domid == fe && devices[i].devid == devid &&
            !strcmp(devices[i].ops->type, type))
            return &devices[i];
    return NULL;
}

static struct xenbus_device *find_by_token(const char *token)
{
    size_t n = strlen(TOKEN_PREFIX);

    if (strncmp(token, TOKEN_PREFIX, n))
        return NULL;
    for (unsigned int i = 0; i < XENBUS_MAX_DEVICES; i++)
        if (used[i] && !strcmp(devices[i].be_dir, token + n))
            return &devices[i];
    return NULL;
}

/* ---- nodes ---- */

static int node_path(char *buf, const char *dir, const char *node)
{
    int n = snprintf(buf, XENBUS_PATH_MAX * 2, "%s/%s", dir, node);

    return n < XENBUS_PATH_MAX * 2 ? 0 : -XEN_ENAMETOOLONG;
}

/* dir/node as a string into buf (terminated): its length or -XEN_E*. */
static long read_node(const char *dir, const char *node, char *buf, size_t cap)
{
    char path[XENBUS_PATH_MAX * 2];

    if (node_path(path, dir, node))
        return -XEN_ENAMETOOLONG;
    return xenstore_read_str(XENSTORE_TX_NONE, path, buf, cap);
}

long xenbus_dev_read_fe(const struct xenbus_device *dev, const char *node, char *buf,
                        size_t cap)
{
    return read_node(dev->fe_dir, node, buf, cap);
}

int xenbus_dev_read_fe_ulong(const struct xenbus_device *dev, const char *node,
                             unsigned long *value)
{
    char path[XENBUS_PATH_MAX * 2];

    if (node_path(path, dev->fe_dir, node))
        return -XEN_ENAMETOOLONG;
    return xenbus_read_ulong(XENSTORE_TX_NONE, path, value);
}

long xenbus_dev_read_be(const struct xenbus_device *dev, const char *node, char *buf,
                        size_t cap)
{
    return read_node(dev->be_dir, node, buf, cap);
}

int xenbus_dev_write_be(const struct xenbus_device *dev, const char *node, const char *value)
{
    char path[XENBUS_PATH_MAX * 2];

    if (node_path(path, dev->be_dir, node))
        return -XEN_ENAMETOOLONG;
    return xenstore_write(XENSTORE_TX_NONE, path, value);
}

static void switch_state(struct xenbus_device *dev, XenbusState state)
{
    if (dev->state == state)
        return;
    dev->state = state;
    xenbus_switch_state(XENSTORE_TX_NONE, dev->be_dir, state);
}

/* ---- creating ---- */

struct create_args {
    struct xenbus_device *dev;
    const char *params;
};

static int write_in(xenstore_tx_t tx, const char *dir, const char *node, const char *value)
{
    char path[XENBUS_PATH_MAX * 2];

    if (node_path(path, dir, node))
        return -XEN_ENAMETOOLONG;
    return xenstore_write(tx, path, value);
}

/* The params words as nodes: "key=value key=value". */
static int write_params(xenstore_tx_t tx, const char *dir, const char *params)
{
    char word[XENBUS_PATH_MAX];

    while (params && *params) {
        size_t n = strcspn(params, " ");
        char *eq;
        int rc;

        if (n >= sizeof(word))
            return -XEN_EINVAL;
        memcpy(word, params, n);
        word[n] = '\0';
        params += n + strspn(params + n, " ");
        if (!n)
            continue;
        eq = strchr(word, '=');
        if (!eq || eq == word)
            return -XEN_EINVAL;
        *eq = '\0';
        rc = write_in(tx, dir, word, eq + 1);
        if (rc)
            return rc;
    }
    return 0;
}

/* Both dirs, with libxl's permissions, in one transaction. */
static int create_nodes(xenstore_tx_t tx, void *arg)
{
    const struct create_args *a = arg;
    const struct xenbus_device *dev = a->dev;
    char v[16], perms[16];
    int len, rc;

    xenstore_rm(tx, dev->fe_dir);
    xenstore_rm(tx, dev->be_dir);
    snprintf(v, sizeof(v), "%u", dev->fe_domid);
    if ((rc = xenstore_mkdir(tx, dev->fe_dir)) || (rc = xenstore_mkdir(tx, dev->be_dir)))
        return rc;
    len = snprintf(perms, sizeof(perms), "n%u%cr0", dev->fe_domid, 0);
    if ((rc = xenstore_set_perms(tx, dev->fe_dir, perms, (size_t)len + 1)))
        return rc;
    len = snprintf(perms, sizeof(perms), "n0%cr%u", 0, dev->fe_domid);
    if ((rc = xenstore_set_perms(tx, dev->be_dir, perms, (size_t)len + 1)))
        return rc;
    if ((rc = write_in(tx, dev->fe_dir, "backend", dev->be_dir)) ||
        (rc = write_in(tx, dev->fe_dir, "backend-id", "0")) ||
        (rc = write_in(tx, dev->fe_dir, "state", "1")) ||
        (rc = write_in(tx, dev->be_dir, "frontend", dev->fe_dir)) ||
        (rc = write_in(tx, dev->be_dir, "frontend-id", v)) ||
        (rc = write_in(tx, dev->be_dir, "state", "1")) ||
        (rc = write_in(tx, dev->be_dir, "online", "1")))
        return rc;
    return write_params(tx, dev->be_dir, a->params);
}

static void fe_state_changed(const char *path, const char *token, void *data);

static void token_of(const struct xenbus_device *dev, char *buf, size_t cap)
{
    snprintf(buf, cap, TOKEN_PREFIX "%s", dev->be_dir);
}

int xenbus_dev_create(domid_t fe, const char *type, unsigned int devid, const char *params)
{
    const struct xenbus_backend_ops *ops = driver_of(type);
    struct xenbus_device *dev = NULL;
    char path[XENBUS_PATH_MAX * 2], token[XENBUS_PATH_MAX + 8];
    struct create_args args;
    int rc, slot = -1;

    if (!ops)
        return -XEN_ENOENT;
    if (find(fe, type, devid))
        return -XEN_EEXIST;
    for (int i = 0; i < XENBUS_MAX_DEVICES && slot < 0; i++)
        if (!used[i])
            slot = i;
    if (slot < 0)
        return -XEN_ENOSPC;
    dev = &devices[slot];
    *dev = (struct xenbus_device){ .ops = ops, .fe_domid = fe, .devid = devid,
                                   .state = XenbusStateInitialising };
    snprintf(dev->fe_dir, sizeof(dev->fe_dir), "/local/domain/%u/device/%s/%u", fe, type, devid);
    snprintf(dev->be_dir, sizeof(dev->be_dir), "/local/domain/0/backend/%s/%u/%u", type, fe,
             devid);
    args = (struct create_args){ dev, params };
    rc = xenstore_transact(create_nodes, &args, 8);
    if (rc)
        return rc;
    used[slot] = true;
    rc = ops->probe(dev);
    if (rc) {
        printk("xenbus: %s refused by its back end (%d)\n", dev->be_dir, rc);
        switch_state(dev, XenbusStateClosed);
        used[slot] = false;
        return rc;
    }
    switch_state(dev, XenbusStateInitWait);
    node_path(path, dev->fe_dir, "state");
    token_of(dev, token, sizeof(token));
    rc = xenstore_watch(path, token, fe_state_changed, NULL);
    if (rc) {
        ops->remove(dev);
        used[slot] = false;
    }
    return rc;
}

/* ---- the state machine ---- */

static void do_disconnect(struct xenbus_device *dev)
{
    dev->ops->disconnect(dev);
    dev->connected = false;
}

static void try_connect(struct xenbus_device *dev)
{
    int rc = dev->ops->connect(dev);

    if (rc) {
        char why[48];

        snprintf(why, sizeof(why), "connect failed (%d)", rc);
        xenbus_dev_fatal(dev, rc, why);
        return;
    }
    dev->connected = true;
    switch_state(dev, XenbusStateConnected);
}

static void front_end_moved(struct xenbus_device *dev)
{
    XenbusState fe = xenbus_read_state(dev->fe_dir);

    switch (fe) {
    case XenbusStateInitialising:
        if (dev->state == XenbusStateClosed)
            switch_state(dev, XenbusStateInitWait);
        break;
    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (dev->state == XenbusStateInitWait)
            try_connect(dev);
        break;
    case XenbusStateClosing:
        do_disconnect(dev);
        switch_state(dev, XenbusStateClosing);
        break;
    case XenbusStateClosed:
    case XenbusStateUnknown:
        do_disconnect(dev);
        switch_state(dev, XenbusStateClosed);
        break;
    default:
        break;
    }
}

static void fe_state_changed(const char *path, const char *token, void *data)
{
    struct xenbus_device *dev = find_by_token(token);

    if (dev)
        front_end_moved(dev);
}

void xenbus_dev_fatal(struct xenbus_device *dev, int err, const char *reason)
{
    char msg[96];

    printk("xenbus: %s: %s: closing\n", dev->be_dir, reason);
    snprintf(msg, sizeof(msg), "%d %s", -err, reason);
    xenbus_dev_write_be(dev, "error", msg);
    do_disconnect(dev);
    switch_state(dev, XenbusStateClosing);
}

/* ---- removing ---- */

static void remove_device(struct xenbus_device *dev)
{
    char path[XENBUS_PATH_MAX * 2], token[XENBUS_PATH_MAX + 8];

    node_path(path, dev->fe_dir, "state");
    token_of(dev, token, sizeof(token));
    xenstore_unwatch(path, token);
    do_disconnect(dev);
    dev->ops->remove(dev);
    xenstore_rm(XENSTORE_TX_NONE, dev->be_dir);
    if (!domain_finished(dev->fe_domid))
        xenstore_rm(XENSTORE_TX_NONE, dev->fe_dir);
    used[dev - devices] = false;
}

int xenbus_dev_destroy(domid_t fe, const char *type, unsigned int devid)
{
    struct xenbus_device *dev = find(fe, type, devid);

    if (!dev)
        return -XEN_ENOENT;
    remove_device(dev);
    return 0;
}

unsigned int xenbus_backend_reap(void)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < XENBUS_MAX_DEVICES; i++)
        if (used[i] && domain_finished(devices[i].fe_domid)) {
            remove_device(&devices[i]);
            n++;
        }
    return n;
}

/* ---- serving ---- */

void xenbus_backend_poll(void)
{
    unsigned long dropped = xenstore_events_dropped();

    if (dropped != events_dropped_seen) {
        events_dropped_seen = dropped;
        for (unsigned int i = 0; i < XENBUS_MAX_DEVICES; i++)
            if (used[i])
                front_end_moved(&devices[i]);
    }
    for (unsigned int i = 0; i < MAX_TYPES; i++)
        if (drivers[i] && drivers[i]->poll)
            drivers[i]->poll();
}

unsigned int xenbus_backend_ports(evtchn_port_t *ports, unsigned int max)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MAX_TYPES; i++)
        if (drivers[i] && drivers[i]->ports)
            n += drivers[i]->ports(ports + n, max - n);
    return n;
}

void xenbus_backend_for_each(void (*fn)(struct xenbus_device *dev, void *arg), void *arg)
{
    for (unsigned int i = 0; i < XENBUS_MAX_DEVICES; i++)
        if (used[i])
            fn(&devices[i], arg);
}
