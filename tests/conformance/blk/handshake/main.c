/*
 * The XenBus handshake of the test's disk: the nodes each side publishes,
 * with Xen's names and values, the states, and libxl's permissions.
 */
#include <stdio.h>
#include <string.h>
#include <xenbus.h>
#include "../../lib/blk_test.h"
#include "../../lib/test.h"

static char buf[128], path[160];

static void connects(void)
{
    if (blk_connect())
        EXPECT_EQ(xenbus_read_state(blk.xb.dir), XenbusStateConnected);
}

static void backend_nodes(void)
{
    static const struct { const char *node, *value; } want[] = {
        { "sectors", "8192" }, { "sector-size", "512" }, { "info", "0" },
        { "feature-barrier", "1" }, { "feature-flush-cache", "1" }, { "mode", "w" },
        { "online", "1" }, { "frontend-id", "1" }, { "state", "4" },
    };

    for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        EXPECT_TRUE(xenbus_front_read_be(&blk.xb, want[i].node, buf, sizeof(buf)) >= 0);
        EXPECT_STREQ(buf, want[i].value);
    }
    EXPECT_TRUE(xenbus_front_read_be(&blk.xb, "frontend", buf, sizeof(buf)) >= 0);
    EXPECT_STREQ(buf, blk.xb.dir);
    EXPECT_STREQ(blk.xb.backend, "/local/domain/0/backend/vbd/1/51712");
    EXPECT_EQ(blk.xb.backend_id, 0);
    EXPECT_EQ(blk.sectors, 8192);
}

static void frontend_nodes(void)
{
    unsigned long ref, port;

    snprintf(path, sizeof(path), "%s/ring-ref", blk.xb.dir);
    EXPECT_EQ(xenbus_read_ulong(XENSTORE_TX_NONE, path, &ref), 0);
    EXPECT_EQ(ref, blk.ring_ref);
    snprintf(path, sizeof(path), "%s/event-channel", blk.xb.dir);
    EXPECT_EQ(xenbus_read_ulong(XENSTORE_TX_NONE, path, &port), 0);
    EXPECT_EQ(port, blk.port);
    snprintf(path, sizeof(path), "%s/protocol", blk.xb.dir);
    EXPECT_TRUE(xenstore_read_str(XENSTORE_TX_NONE, path, buf, sizeof(buf)) > 0);
    EXPECT_STREQ(buf, "riscv64-abi");
    EXPECT_STREQ(blk.xb.dir, "/local/domain/1/device/vbd/51712");
}

/* libxl: the front end's dir is the guest's (dom0 reads), the back end's dom0's. */
static void permissions(void)
{
    long n = xenstore_get_perms(XENSTORE_TX_NONE, blk.xb.dir, buf, sizeof(buf));

    EXPECT_EQ(n, 6);
    EXPECT_EQ(memcmp(buf, "n1\0r0\0", 6), 0);
    n = xenstore_get_perms(XENSTORE_TX_NONE, blk.xb.backend, buf, sizeof(buf));
    EXPECT_EQ(n, 6);
    EXPECT_EQ(memcmp(buf, "n0\0r1\0", 6), 0);
    /* So the guest cannot rewrite the back end's nodes. */
    snprintf(path, sizeof(path), "%s/sectors", blk.xb.backend);
    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, path, "999999"), -XEN_EACCES);
}

/* The orderly close: Closing, Closed on both sides; the ring page is free. */
static void closes(void)
{
    EXPECT_EQ(blkfront_close(&blk), 0);
    EXPECT_EQ(xenbus_read_state(blk.xb.backend), XenbusStateClosed);
}

static const struct test tests[] = {
    /* blkfront connects and says Connected */
    TEST(connects),
    /* the back end's nodes: sectors, sector-size, info, features, mode, state */
    TEST(backend_nodes),
    /* the front end's nodes: ring-ref, event-channel, protocol */
    TEST(frontend_nodes),
    /* the dirs' permissions are libxl's */
    TEST(permissions),
    /* Closing/Closed, the ring's grant revocable */
    TEST(closes),
};

int main(void)
{
    return run_tests("blk/handshake", tests, ARRAY_SIZE(tests));
}
