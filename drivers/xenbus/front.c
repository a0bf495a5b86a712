/* XenBus devices, the guest's side (xenbus_front.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <kernel.h>
#include <xenbus.h>
#include "xenbus_front.h"

#define PATH2 (XENBUS_PATH_MAX * 2)
#define FIND_STEP_NS (5 * NSEC_PER_MSEC)

/* The first child of dir (or the one named want), as a number. */
static int pick_devid(const char *dir, unsigned int want, unsigned int *devid)
{
    static char list[512];
    long n = xenstore_directory(XENSTORE_TX_NONE, dir, list, sizeof(list));

    if (n < 0)
        return (int)n;
    for (long i = 0; i < n; i += (long)strlen(list + i) + 1) {
        char *end;
        unsigned long v = strtoul(list + i, &end, 10);

        if (*end || end == list + i)
            continue;
        if (want == XENBUS_ANY_DEVID || v == want) {
            *devid = (unsigned int)v;
            return 0;
        }
    }
    return -XEN_ENOENT;
}

/* The back end's dir must be dom0's (or backend-id's) backend area. */
static int check_backend(struct xenbus_front *fe)
{
    char prefix[48];
    unsigned long id;
    char path[PATH2];
    int rc;

    snprintf(path, sizeof(path), "%s/backend-id", fe->dir);
    rc = xenbus_read_ulong(XENSTORE_TX_NONE, path, &id);
    if (rc)
        return rc;
    if (id >= DOMID_FIRST_RESERVED)
        return -XEN_EINVAL;
    fe->backend_id = (domid_t)id;
    snprintf(prefix, sizeof(prefix), "/local/domain/%lu/backend/", id);
    return strncmp(fe->backend, prefix, strlen(prefix)) ? -XEN_EINVAL : 0;
}

int xenbus_front_find(const char *type, unsigned int devid, uint64_t timeout_ns,
                      struct xenbus_front *fe)
{
    char home[48], dir[64], path[PATH2];
    long n;
    int rc;

    n = xen_own_domid();
    if (n < 0)
        return (int)n;
    snprintf(home, sizeof(home), "/local/domain/%ld", n);
    snprintf(dir, sizeof(dir), "%s/device/%s", home, type);
    while ((rc = pick_devid(dir, devid, &fe->devid)) == -XEN_ENOENT) {
        if (monotonic_ns() >= timeout_ns)
            return -XEN_ETIMEDOUT;
        sleep_ns(FIND_STEP_NS);
    }
    if (rc)
        return rc;
    snprintf(fe->dir, sizeof(fe->dir), "%s/%u", dir, fe->devid);
    snprintf(path, sizeof(path), "%s/backend", fe->dir);
    n = xenstore_read_str(XENSTORE_TX_NONE, path, fe->backend, sizeof(fe->backend));
    if (n < 0)
        return (int)n;
    return check_backend(fe);
}

long xenbus_front_wait_be(const struct xenbus_front *fe, uint32_t mask, uint64_t timeout_ns)
{
    return xenbus_wait_state(fe->backend, mask, timeout_ns);
}

struct publish_args {
    const struct xenbus_front *fe;
    const struct xenbus_node *nodes;
    unsigned int n;
    XenbusState state;
};

static int publish_tx(xenstore_tx_t tx, void *arg)
{
    const struct publish_args *a = arg;
    char path[PATH2];

    for (unsigned int i = 0; i < a->n; i++) {
        int rc;

        snprintf(path, sizeof(path), "%s/%s", a->fe->dir, a->nodes[i].name);
        rc = xenstore_write(tx, path, a->nodes[i].value);
        if (rc)
            return rc;
    }
    return xenbus_switch_state(tx, a->fe->dir, a->state);
}

int xenbus_front_publish(const struct xenbus_front *fe, const struct xenbus_node *nodes,
                         unsigned int n, XenbusState state)
{
    struct publish_args a = { fe, nodes, n, state };

    return xenstore_transact(publish_tx, &a, 16);
}

int xenbus_front_switch(const struct xenbus_front *fe, XenbusState state)
{
    return xenbus_switch_state(XENSTORE_TX_NONE, fe->dir, state);
}

long xenbus_front_read_be(const struct xenbus_front *fe, const char *node, char *buf,
                          size_t cap)
{
    char path[PATH2];

    snprintf(path, sizeof(path), "%s/%s", fe->backend, node);
    return xenstore_read_str(XENSTORE_TX_NONE, path, buf, cap);
}

int xenbus_front_read_be_ulong(const struct xenbus_front *fe, const char *node,
                               unsigned long *value)
{
    char path[PATH2];

    snprintf(path, sizeof(path), "%s/%s", fe->backend, node);
    return xenbus_read_ulong(XENSTORE_TX_NONE, path, value);
}

bool xenbus_front_be_feature(const struct xenbus_front *fe, const char *node)
{
    unsigned long v;

    return xenbus_front_read_be_ulong(fe, node, &v) == 0 && v == 1;
}
