/*
 * Helpers for the net family: bringing the test's own interface up, and
 * the peers (tests/conformance/net/peer).
 *
 * A peer is a further domU on the bridge that brings its vif up, answers
 * ARP and pings (its IPv4 stack does), echoes UDP port NET_PEER_ECHO and,
 * as a witness (command line "witness"), pings dom0 every few
 * milliseconds and counts the answers.  Datagrams to NET_PEER_SINK are
 * counted and their data checked (byte i of a datagram whose first byte
 * is s is s + i), for the UDP bench.  It shares its counters with the
 * test in a page it grants (the first grant it makes, ref NET_PEER_REF,
 * writable, to domain 1): the test maps it, waits for `up`, reads what the
 * peer saw, and sets `stop` at the end, when the peer powers off.  A
 * hostile test checks with net_witness_ok() that the witness's pings go
 * on answered, whatever the test did to its own interface.
 */
#ifndef CONFORMANCE_NET_TEST_H
#define CONFORMANCE_NET_TEST_H

#include <stdbool.h>
#include <stdint.h>
#include <net/netdev.h>
#include <net/netback.h>

#define NET_PEER_REF   8
#define NET_PEER_MAGIC 0x4e455450u     /* "NETP" */
#define NET_PEER_ECHO  7
#define NET_PEER_SINK  9           /* counted, checked, dropped (the UDP bench) */

struct net_peer {
    uint32_t magic;
    uint32_t up;              /* 1: the interface is up; err says why not */
    int32_t err;
    uint32_t stop;            /* set by the test */
    uint32_t pings_ok, pings_fail;   /* the witness's pings to dom0 */
    uint32_t echoed;          /* UDP datagrams echoed */
    uint32_t not_for_us;      /* frames that reached it for another MAC */
    uint32_t rx_frames;
    uint32_t last_rtt_ns;
    uint32_t sink_bytes, sink_dgrams, sink_bad;   /* UDP port NET_PEER_SINK */
};

/* Bring this domain's vif up (10 s at most); ERROR if it does not come. */
bool net_test_up(struct netdev *nd);
/* Map peer domid's page and wait until it is up (10 s); NULL and ERROR if not. */
volatile struct net_peer *net_peer_attach(unsigned int domid);
/* Tell every attached peer to power off. */
void net_peers_stop(void);
/*
 * The witness answered at least 5 more pings within 1 s and none of its
 * pings failed since the last call.  FAILURE if not.  Keeps nd (if not
 * NULL) polled meanwhile, so the test itself still answers.
 */
bool net_witness_ok(volatile struct net_peer *w, struct netdev *nd);
/* The state of this domain's vif 0 as its back end wrote it. */
int net_backend_state(const struct netdev *nd);
/* Wait up to 2 s for the back end's state to be `state`: true if it was. */
bool net_backend_state_wait(const struct netdev *nd, int state);
/* Read the back end's node `node` into buf: its length or -XEN_E*. */
long net_backend_read(const struct netdev *nd, const char *node, char *buf, size_t cap);

#endif /* CONFORMANCE_NET_TEST_H */

/*
 * The hostile cases (net/hostile_*): the test is its own front end's worst
 * enemy, writing its rings by hand, beside a witness (domain 2).
 */
#ifndef CONFORMANCE_NET_HOSTILE
#define CONFORMANCE_NET_HOSTILE
/* Up, the witness attached, dom0 answering us and the witness. */
bool hostile_begin(struct netdev *nd, volatile struct net_peer **w);
/* A transmit id netfront will accept the response of (its page unused). */
uint16_t hostile_tx_id(struct netdev *nd);
/* Put n requests on the transmit ring as they are, publish, notify. */
void hostile_push(struct netdev *nd, const netif_tx_request_t *req, unsigned int n);
/* Wait up to 1 s for netfront to count `n` more ERROR transmit responses. */
bool hostile_tx_errors(struct netdev *nd, unsigned long before, unsigned long n);
/* The back end gave up on us: Closing, an `error` node, the ring pages
 * unmapped (we can revoke their grants again). */
bool hostile_disconnected(struct netdev *nd);
/* We are still served: Connected, and dom0 answers a ping. */
bool hostile_still_served(struct netdev *nd);
/* A hostile test's last check: the witness is still served; stop it. */
void hostile_end(struct netdev *nd, volatile struct net_peer *w);
/*
 * A hostile test's whole run: setup (hostile_begin), then attack(nd, w),
 * then the witness's check (hostile_end), as three checks; never returns.
 */
typedef void (*hostile_attack_fn)(struct netdev *nd, volatile struct net_peer *w);
int __attribute__((noreturn)) hostile_main(const char *title, hostile_attack_fn attack);
#endif
