/*
 * dom0's software bridge: a learning Ethernet switch joining every vif,
 * the virtio-net NIC and dom0's own IP stack (arch-neutral: host-tested).
 *
 * == The model ==
 *
 * Ports are numbered 0..BR_MAX_PORTS-1; each has a transmit function the
 * bridge calls with a frame that the function must copy before returning
 * (it may drop it: a full queue).  bridge_input() takes a frame that came
 * in on a port:
 *   - it learns the source MAC (unicast sources only) at that port, with
 *     the time it was seen;
 *   - a frame to a group address (broadcast or multicast) or to a MAC not
 *     learned (or learned longer ago than the ageing time) is flooded to
 *     every other port;
 *   - a frame to a MAC learned at another port goes there only;
 *   - a frame to a MAC learned at its own port is filtered (dropped):
 *     nothing ever goes back to the port it came from.
 * A MAC seen at a new port moves there (a domU's MAC never moves, but
 * the NIC's side may).  The table is a fixed array with BR_FDB_SIZE
 * entries: when full, the oldest entry is replaced.  Removing a port
 * forgets every MAC learned at it.
 *
 * Context: one caller at a time (dom0's event loop); no locking.  Times
 * are the caller's nanoseconds (monotonic).
 */
#ifndef DRIVERS_NET_BRIDGE_H
#define DRIVERS_NET_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BR_MAX_PORTS  32
#define BR_FDB_SIZE   64
#define BR_AGEING_NS  (300ULL * 1000 * 1000 * 1000)   /* 300 s, as 802.1D */
#define BR_NO_PORT    (-1)

typedef void (*bridge_xmit_fn)(void *ctx, const void *frame, size_t len);

struct bridge_port {
    bool used;
    bridge_xmit_fn xmit;
    void *ctx;
    unsigned long rx_frames, tx_frames;   /* into the bridge, out of it */
};

struct bridge_fdb {
    uint8_t mac[6];
    int port;                 /* BR_NO_PORT: a free entry */
    uint64_t seen_ns;
};

struct bridge {
    struct bridge_port port[BR_MAX_PORTS];
    struct bridge_fdb fdb[BR_FDB_SIZE];
    uint64_t ageing_ns;
    unsigned long flooded, forwarded, filtered, runts;
};

void bridge_init(struct bridge *br, uint64_t ageing_ns);
/* A new port: its number, or -1 if every port is taken. */
int bridge_add_port(struct bridge *br, bridge_xmit_fn xmit, void *ctx);
/* Remove a port and forget the MACs learned at it. */
void bridge_del_port(struct bridge *br, int port);
/* A frame that came in on `port` (at least 14 bytes, else counted as a runt). */
void bridge_input(struct bridge *br, int port, const void *frame, size_t len, uint64_t now);
/* The port where mac was learned and has not aged, or BR_NO_PORT. */
int bridge_lookup(const struct bridge *br, const uint8_t mac[6], uint64_t now);
/* Forget entries older than the ageing time; returns how many. */
unsigned int bridge_age(struct bridge *br, uint64_t now);

#endif /* DRIVERS_NET_BRIDGE_H */
