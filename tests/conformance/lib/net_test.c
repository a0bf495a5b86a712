/* Helpers for the net family (net_test.h). */
#include <stdio.h>
#include <string.h>
#include <gnttab.h>
#include <xenbus.h>
#include <xenstore.h>
#include "net_test.h"
#include "test.h"

#define MAX_PEERS 4

static struct {
    volatile struct net_peer *p;
    struct gnttab_mapping map;
    uint32_t fail_seen;
} peers[MAX_PEERS];

bool net_test_up(struct netdev *nd)
{
    int rc = netdev_up(nd, monotonic_ns() + 10 * NSEC_PER_SEC);

    return EXPECT_EQ(rc, 0);
}

volatile struct net_peer *net_peer_attach(unsigned int domid)
{
    uint64_t until = monotonic_ns() + 10 * NSEC_PER_SEC;
    unsigned int i;

    for (i = 0; i < MAX_PEERS && peers[i].p; i++)
        ;
    if (i == MAX_PEERS || gnttab_init(1)) {
        xtf_error("net: no room for peer d%u", domid);
        return NULL;
    }
    while (gnttab_map((domid_t)domid, NET_PEER_REF, false, &peers[i].map)) {
        if (monotonic_ns() > until) {
            xtf_error("net: peer d%u granted no page", domid);
            return NULL;
        }
        sleep_ns(NSEC_PER_MSEC);
    }
    peers[i].p = peers[i].map.va;
    while (peers[i].p->magic != NET_PEER_MAGIC || !peers[i].p->up) {
        if (monotonic_ns() > until || peers[i].p->err) {
            xtf_error("net: peer d%u did not come up (%d)", domid, peers[i].p->err);
            return NULL;
        }
        sleep_ns(NSEC_PER_MSEC);
    }
    peers[i].fail_seen = peers[i].p->pings_fail;
    EXPECT_EQ(peers[i].p->err, 0);
    return peers[i].p;
}

void net_peers_stop(void)
{
    for (unsigned int i = 0; i < MAX_PEERS; i++)
        if (peers[i].p)
            peers[i].p->stop = 1;
}

bool net_witness_ok(volatile struct net_peer *w, struct netdev *nd)
{
    uint64_t until = monotonic_ns() + NSEC_PER_SEC;
    uint32_t ok0 = w->pings_ok;
    uint32_t *fail_seen = NULL;

    for (unsigned int i = 0; i < MAX_PEERS; i++)
        if (peers[i].p == w)
            fail_seen = &peers[i].fail_seen;
    while (w->pings_ok - ok0 < 5 && monotonic_ns() < until) {
        if (nd)
            netdev_poll(nd, monotonic_ns() + NSEC_PER_MSEC);
        else
            sleep_ns(NSEC_PER_MSEC);
    }
    if (!EXPECT_RANGE(w->pings_ok - ok0, 5, ~0u))
        return false;
    if (fail_seen && !EXPECT_EQ(w->pings_fail, *fail_seen)) {
        *fail_seen = w->pings_fail;
        return false;
    }
    return true;
}

int net_backend_state(const struct netdev *nd)
{
    return (int)xenbus_read_state(nd->nf.xb.backend);
}

bool net_backend_state_wait(const struct netdev *nd, int state)
{
    uint64_t until = monotonic_ns() + 2 * NSEC_PER_SEC;

    while (net_backend_state(nd) != state && monotonic_ns() < until)
        sleep_ns(NSEC_PER_MSEC);
    return EXPECT_EQ(net_backend_state(nd), state);
}

long net_backend_read(const struct netdev *nd, const char *node, char *buf, size_t cap)
{
    char path[XENBUS_PATH_MAX * 2];

    snprintf(path, sizeof(path), "%s/%s", nd->nf.xb.backend, node);
    return xenstore_read_str(XENSTORE_TX_NONE, path, buf, cap);
}

bool hostile_begin(struct netdev *nd, volatile struct net_peer **w)
{
    *w = NULL;
    if (!net_test_up(nd) || !(*w = net_peer_attach(2)))
        return false;
    return EXPECT_RANGE(netdev_ping(nd, NETDEV_DOM0, 1, 16, monotonic_ns() + 2 * NSEC_PER_SEC),
                        1, 2000000000u) && net_witness_ok(*w, nd);
}

uint16_t hostile_tx_id(struct netdev *nd)
{
    uint16_t id;

    if (!nd->nf.nr_tx_free)
        netfront_reap_tx(&nd->nf);
    id = nd->nf.tx_free[--nd->nf.nr_tx_free];
    nd->nf.tx_busy[id] = true;
    return id;
}

void hostile_push(struct netdev *nd, const netif_tx_request_t *req, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        *netif_tx_request_slot(&nd->nf.tx, nd->nf.tx.req_prod_pvt++) = req[i];
    netif_tx_push_requests(&nd->nf.tx);
    notify_remote_via_evtchn(nd->nf.port);
}

bool hostile_tx_errors(struct netdev *nd, unsigned long before, unsigned long n)
{
    uint64_t until = monotonic_ns() + NSEC_PER_SEC;

    while (nd->nf.tx_errors < before + n && monotonic_ns() < until) {
        sleep_ns(NSEC_PER_MSEC);
        netfront_reap_tx(&nd->nf);
    }
    return EXPECT_EQ(nd->nf.tx_errors, before + n) && EXPECT_TRUE(!nd->nf.broken);
}

bool hostile_disconnected(struct netdev *nd)
{
    char why[96];
    bool ok = net_backend_state_wait(nd, XenbusStateClosing);

    ok &= EXPECT_TRUE(net_backend_read(nd, "error", why, sizeof(why)) > 0);
    if (ok)
        printk("net: the back end says: %s\n", why);
    /* Its mappings are gone: both ring grants can be revoked now. */
    ok &= EXPECT_EQ(gnttab_end_access(nd->nf.tx_ring_ref), 0);
    ok &= EXPECT_EQ(gnttab_end_access(nd->nf.rx_ring_ref), 0);
    return ok;
}

bool hostile_still_served(struct netdev *nd)
{
    return EXPECT_EQ(net_backend_state(nd), XenbusStateConnected) &&
           EXPECT_RANGE(netdev_ping(nd, NETDEV_DOM0, 77, 64, monotonic_ns() + 2 * NSEC_PER_SEC),
                        1, 2000000000u);
}

void hostile_end(struct netdev *nd, volatile struct net_peer *w)
{
    if (!w)
        return;
    net_witness_ok(w, NULL);
    net_peers_stop();
}

static struct netdev hostile_nd;
static volatile struct net_peer *hostile_w;
static bool hostile_ready;
static hostile_attack_fn hostile_fn;

/* Up, with the witness (domain 2) pinging dom0. */
static void setup(void)
{
    hostile_ready = hostile_begin(&hostile_nd, &hostile_w);
}

/* The test's attack on its own interface. */
static void attack(void)
{
    if (hostile_ready)
        hostile_fn(&hostile_nd, hostile_w);
}

/* The witness's pings to dom0 went on being answered throughout. */
static void witness(void)
{
    hostile_end(&hostile_nd, hostile_w);
}

int hostile_main(const char *title, hostile_attack_fn fn)
{
    static const struct test tests[] = {
        TEST(setup),
        TEST(attack),
        TEST(witness),
    };

    hostile_fn = fn;
    run_tests(title, tests, ARRAY_SIZE(tests));
}
