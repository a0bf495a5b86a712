/*
 * The clean-shutdown path end to end (this test is domU 1 under the
 * standard dom0): we watch control/shutdown, ask the runner to type
 * "xenstore-write /local/domain/1/control/shutdown reboot" at dom0's
 * console, and the request reaches us through dom0's shell, its
 * xenstored, and our watch.  We acknowledge as a PV guest does (write "")
 * instead of rebooting, so that the test can report.  The guest library's
 * own handler (xenbus_watch_shutdown, used by the demo domU) acts on the
 * same event by shutting down with the reason.
 */
#include <string.h>
#include <xenstore.h>
#include "../../lib/test.h"

static char request[16];

static void on_shutdown(const char *path, const char *token, void *data)
{
    xenstore_read_str(XENSTORE_TX_NONE, "control/shutdown", request, sizeof(request));
}

static void request_arrives(void)
{
    uint64_t end;

    if (!EXPECT_EQ(xenstore_watch("control/shutdown", "shutdown", on_shutdown, NULL), 0))
        return;
    xenstore_wait_event(monotonic_ns() + 100 * NSEC_PER_MSEC);   /* the first event */
    EXPECT_STREQ(request, "");
    printk("Console input: xenstore-write /local/domain/%u/control/shutdown reboot\n",
           test_domid());
    end = monotonic_ns() + 20 * NSEC_PER_SEC;
    while (strcmp(request, "reboot") && monotonic_ns() < end)
        xenstore_wait_event(end);
    EXPECT_STREQ(request, "reboot");
}

static void acknowledged(void)
{
    char v[16];

    EXPECT_EQ(xenstore_write(XENSTORE_TX_NONE, "control/shutdown", ""), 0);
    EXPECT_EQ(xenstore_read_str(XENSTORE_TX_NONE, "control/shutdown", v, sizeof(v)), 0);
    EXPECT_EQ(xenstore_unwatch("control/shutdown", "shutdown"), 0);
}

static const struct test tests[] = {
    /* dom0's xenstore-write of control/shutdown reaches our watch */
    TEST(request_arrives),
    /* we acknowledge with "", as a PV guest does */
    TEST(acknowledged),
};

int main(void)
{
    return run_tests("xenstore/control_shutdown", tests, ARRAY_SIZE(tests));
}
