/* The XenBus handshake helper (include/xenbus.h). */
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "xenbus.h"

#define PATH_LEN 256

int xenbus_read_ulong(xenstore_tx_t tx, const char *path, unsigned long *value)
{
    char buf[24];
    long n = xenstore_read_str(tx, path, buf, sizeof(buf));
    unsigned long v = 0;

    if (n < 0)
        return (int)n;
    if (n == 0)
        return -XEN_EINVAL;
    for (long i = 0; i < n; i++) {
        if (buf[i] < '0' || buf[i] > '9')
            return -XEN_EINVAL;
        v = v * 10 + (unsigned long)(buf[i] - '0');
    }
    *value = v;
    return 0;
}

int xenbus_switch_state(xenstore_tx_t tx, const char *dir, XenbusState state)
{
    char path[PATH_LEN], val[4];

    snprintf(path, sizeof(path), "%s/state", dir);
    snprintf(val, sizeof(val), "%d", (int)state);
    return xenstore_write(tx, path, val);
}

XenbusState xenbus_read_state(const char *dir)
{
    char path[PATH_LEN];
    unsigned long v;

    snprintf(path, sizeof(path), "%s/state", dir);
    if (xenbus_read_ulong(XENSTORE_TX_NONE, path, &v) || v > XenbusStateReconfigured)
        return XenbusStateUnknown;
    return (XenbusState)v;
}

static void state_changed(const char *path, const char *token, void *data)
{
    __atomic_fetch_add((unsigned int *)data, 1, __ATOMIC_SEQ_CST);
}

long xenbus_wait_state(const char *dir, uint32_t mask, uint64_t timeout_ns)
{
    static unsigned int token_seq;
    unsigned int changes = 0;
    char path[PATH_LEN], token[32];
    XenbusState s;
    long rc;

    snprintf(path, sizeof(path), "%s/state", dir);
    snprintf(token, sizeof(token), "xenbus-wait-%u",
             __atomic_fetch_add(&token_seq, 1, __ATOMIC_SEQ_CST));
    rc = xenstore_watch(path, token, state_changed, &changes);
    if (rc)
        return rc;
    for (;;) {
        s = xenbus_read_state(dir);
        if (mask & XENBUS_STATE_BIT(s)) {
            rc = s;
            break;
        }
        if (monotonic_ns() >= timeout_ns) {
            rc = -XEN_ETIMEDOUT;
            break;
        }
        xenstore_wait_event(timeout_ns);
    }
    xenstore_unwatch(path, token);
    return rc;
}

long xenbus_read_other(const char *dir, const char *link, const char *node, char *buf,
                       size_t cap)
{
    char path[PATH_LEN], other[PATH_LEN];
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, link);
    n = xenstore_read_str(XENSTORE_TX_NONE, path, other, sizeof(other));
    if (n < 0)
        return n;
    snprintf(path, sizeof(path), "%s/%s", other, node);
    return xenstore_read_str(XENSTORE_TX_NONE, path, buf, cap);
}

static void shutdown_requested(const char *path, const char *token, void *data)
{
    static const struct { const char *word; unsigned int reason; } reqs[] = {
        { "poweroff", SHUTDOWN_poweroff }, { "halt", SHUTDOWN_poweroff },
        { "reboot", SHUTDOWN_reboot },     { "suspend", SHUTDOWN_suspend },
    };
    char what[16];

    if (xenstore_read_str(XENSTORE_TX_NONE, "control/shutdown", what, sizeof(what)) <= 0)
        return;
    for (unsigned int i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
        if (strcmp(what, reqs[i].word) == 0) {
            xenstore_write(XENSTORE_TX_NONE, "control/shutdown", "");
            printk("control/shutdown: %s requested\n", what);
            shutdown(reqs[i].reason);
        }
}

int xenbus_watch_shutdown(void)
{
    static const char *const features[] = { "control/feature-poweroff",
                                            "control/feature-reboot",
                                            "control/feature-suspend" };

    for (unsigned int i = 0; i < 3; i++)
        xenstore_write(XENSTORE_TX_NONE, features[i], "1");
    return xenstore_watch("control/shutdown", "control-shutdown", shutdown_requested, NULL);
}
