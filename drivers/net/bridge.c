/* dom0's software bridge (bridge.h). */
#include <string.h>
#include "bridge.h"

void bridge_init(struct bridge *br, uint64_t ageing_ns)
{
    memset(br, 0, sizeof(*br));
    br->ageing_ns = ageing_ns;
    for (unsigned int i = 0; i < BR_FDB_SIZE; i++)
        br->fdb[i].port = BR_NO_PORT;
}

int bridge_add_port(struct bridge *br, bridge_xmit_fn xmit, void *ctx)
{
    for (int p = 0; p < BR_MAX_PORTS; p++) {
        if (br->port[p].used)
            continue;
        br->port[p] = (struct bridge_port){ .used = true, .xmit = xmit, .ctx = ctx };
        return p;
    }
    return -1;
}

void bridge_del_port(struct bridge *br, int port)
{
    if (port < 0 || port >= BR_MAX_PORTS)
        return;
    br->port[port].used = false;
    for (unsigned int i = 0; i < BR_FDB_SIZE; i++)
        if (br->fdb[i].port == port)
            br->fdb[i].port = BR_NO_PORT;
}

static bool is_group(const uint8_t *mac)
{
    return mac[0] & 1;      /* broadcast is a group address too */
}

static bool aged(const struct bridge *br, const struct bridge_fdb *e, uint64_t now)
{
    return now - e->seen_ns > br->ageing_ns;
}

static struct bridge_fdb *find(struct bridge *br, const uint8_t *mac)
{
    for (unsigned int i = 0; i < BR_FDB_SIZE; i++)
        if (br->fdb[i].port != BR_NO_PORT && !memcmp(br->fdb[i].mac, mac, 6))
            return &br->fdb[i];
    return NULL;
}

int bridge_lookup(const struct bridge *br, const uint8_t mac[6], uint64_t now)
{
    const struct bridge_fdb *e = find((struct bridge *)br, mac);

    return e && !aged(br, e, now) ? e->port : BR_NO_PORT;
}

/* A free entry, else the one seen longest ago. */
static struct bridge_fdb *victim(struct bridge *br)
{
    struct bridge_fdb *old = &br->fdb[0];

    for (unsigned int i = 0; i < BR_FDB_SIZE; i++) {
        if (br->fdb[i].port == BR_NO_PORT)
            return &br->fdb[i];
        if (br->fdb[i].seen_ns < old->seen_ns)
            old = &br->fdb[i];
    }
    return old;
}

static void learn(struct bridge *br, int port, const uint8_t *mac, uint64_t now)
{
    struct bridge_fdb *e;

    if (is_group(mac))
        return;
    e = find(br, mac);
    if (!e) {
        e = victim(br);
        memcpy(e->mac, mac, 6);
    }
    e->port = port;
    e->seen_ns = now;
}

static void send(struct bridge *br, int port, const void *frame, size_t len)
{
    br->port[port].tx_frames++;
    br->port[port].xmit(br->port[port].ctx, frame, len);
}

void bridge_input(struct bridge *br, int port, const void *frame, size_t len, uint64_t now)
{
    const uint8_t *f = frame;
    int out;

    if (port < 0 || port >= BR_MAX_PORTS || !br->port[port].used)
        return;
    if (len < 14) {
        br->runts++;
        return;
    }
    br->port[port].rx_frames++;
    learn(br, port, f + 6, now);
    out = is_group(f) ? BR_NO_PORT : bridge_lookup(br, f, now);
    if (out == port) {
        br->filtered++;
        return;
    }
    if (out != BR_NO_PORT) {
        br->forwarded++;
        send(br, out, frame, len);
        return;
    }
    br->flooded++;
    for (int p = 0; p < BR_MAX_PORTS; p++)
        if (p != port && br->port[p].used)
            send(br, p, frame, len);
}

unsigned int bridge_age(struct bridge *br, uint64_t now)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < BR_FDB_SIZE; i++)
        if (br->fdb[i].port != BR_NO_PORT && aged(br, &br->fdb[i], now)) {
            br->fdb[i].port = BR_NO_PORT;
            n++;
        }
    return n;
}
