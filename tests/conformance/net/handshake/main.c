/*
 * The vif's XenBus handshake as the front end sees it: the nodes dom0's
 * toolstack and netback wrote (Xen's names: mac, handle, bridge,
 * feature-rx-copy, ...), the nodes netfront published (tx-ring-ref,
 * rx-ring-ref, event-channel, request-rx-copy, feature-rx-notify), both
 * states Connected, the directories' owners, an event channel bound to
 * dom0, and an orderly close that the back end follows to Closed.
 */
#include <stdio.h>
#include <string.h>
#include <xenbus.h>
#include <xenstore.h>
#include "../../lib/net_test.h"
#include "../../lib/test.h"

static struct netdev nd;
static bool is_up;
static char buf[128], path[160];

static long fe_read(const char *node)
{
    snprintf(path, sizeof(path), "%s/%s", nd.nf.xb.dir, node);
    return xenstore_read_str(XENSTORE_TX_NONE, path, buf, sizeof(buf));
}

static void expect_fe(const char *node, const char *want)
{
    if (EXPECT_TRUE(fe_read(node) >= 0))
        EXPECT_STREQ(buf, want);
}

static void expect_be(const char *node, const char *want)
{
    if (EXPECT_TRUE(net_backend_read(&nd, node, buf, sizeof(buf)) >= 0))
        EXPECT_STREQ(buf, want);
}

static void up(void)
{
    is_up = net_test_up(&nd);      /* asserts it came up */
}

/* Where the two directories are, and what each says of the other. */
static void directories(void)
{
    if (!is_up)
        return;
    EXPECT_STREQ(nd.nf.xb.dir, "/local/domain/1/device/vif/0");
    EXPECT_STREQ(nd.nf.xb.backend, "/local/domain/0/backend/vif/1/0");
    EXPECT_EQ(nd.nf.xb.backend_id, 0);
    expect_fe("backend", "/local/domain/0/backend/vif/1/0");
    expect_fe("backend-id", "0");
    expect_be("frontend", "/local/domain/1/device/vif/0");
    expect_be("frontend-id", "1");
    expect_be("online", "1");
}

/* The toolstack's and the back end's nodes. */
static void backend_nodes(void)
{
    if (!is_up)
        return;
    expect_be("mac", "00:16:3e:00:00:01");
    expect_be("handle", "0");
    expect_be("bridge", "xenbr0");
    expect_be("feature-rx-copy", "1");
    expect_be("feature-rx-flip", "0");
    expect_be("feature-sg", "0");
    expect_fe("mac", "00:16:3e:00:00:01");
    expect_fe("handle", "0");
}

/* What netfront published, matching what it set up. */
static void frontend_nodes(void)
{
    char want[16];

    if (!is_up)
        return;
    snprintf(want, sizeof(want), "%u", nd.nf.tx_ring_ref);
    expect_fe("tx-ring-ref", want);
    snprintf(want, sizeof(want), "%u", nd.nf.rx_ring_ref);
    expect_fe("rx-ring-ref", want);
    snprintf(want, sizeof(want), "%u", nd.nf.port);
    expect_fe("event-channel", want);
    expect_fe("request-rx-copy", "1");
    expect_fe("feature-rx-notify", "1");
    EXPECT_NE(nd.nf.tx_ring_ref, nd.nf.rx_ring_ref);
}

/* Both Connected; our port is bound by dom0. */
static void connected(void)
{
    domid_t dom = 99;
    evtchn_port_t remote = 0;

    if (!is_up)
        return;
    EXPECT_EQ(xenbus_read_state(nd.nf.xb.dir), XenbusStateConnected);
    EXPECT_EQ(net_backend_state(&nd), XenbusStateConnected);
    EXPECT_EQ(evtchn_remote_end(nd.nf.port, &dom, &remote), 0);
    EXPECT_EQ(dom, 0);
    EXPECT_NE(remote, 0);
}

/* Ours is ours ("n1" first), the back end's is dom0's and we may not write it. */
static void permissions(void)
{
    long n;

    if (!is_up)
        return;
    n = xenstore_get_perms(XENSTORE_TX_NONE, nd.nf.xb.dir, buf, sizeof(buf));
    if (EXPECT_TRUE(n > 0))
        EXPECT_STREQ(buf, "n1");
    n = xenstore_get_perms(XENSTORE_TX_NONE, nd.nf.xb.backend, buf, sizeof(buf));
    if (EXPECT_TRUE(n > 0))
        EXPECT_STREQ(buf, "n0");
    snprintf(path, sizeof(path), "%s/mac", nd.nf.xb.backend);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, path, "00:16:3e:00:00:02"), -XEN_EACCES);
    expect_be("mac", "00:16:3e:00:00:01");
}

/* Close: Closing, then Closed, and the back end follows each step. */
static void close(void)
{
    if (!is_up)
        return;
    EXPECT_EQ(netfront_close(&nd.nf, monotonic_ns() + 2 * NSEC_PER_SEC), 0);
    net_backend_state_wait(&nd, XenbusStateClosed);
    EXPECT_EQ(xenbus_read_state(nd.nf.xb.dir), XenbusStateClosed);
}

static const struct test tests[] = {
    TEST(up),
    TEST(directories),
    TEST(backend_nodes),
    TEST(frontend_nodes),
    TEST(connected),
    TEST(permissions),
    TEST(close),
};

int main(void)
{
    return run_tests("net/handshake", tests, ARRAY_SIZE(tests));
}
