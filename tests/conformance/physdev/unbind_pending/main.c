/*
 * Closing a pirq's port while its interrupt is in flight (delivered, the
 * source masked until EOI, the device not yet serviced): the close works,
 * the EOI that follows is harmless, and binding the pirq again to a new
 * port takes the device's next interrupt there; the disk goes on working
 * interrupt-driven.
 */
#include "../../lib/blk_quiet.h"

static struct virtio_blk disk;
static struct vblk_request rq;
static bool up;
static _Alignas(4096) uint8_t buf[4096];

static void disk_up(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0) && EXPECT_NE(disk.dev.port, 0);
}

static void close_in_flight(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF };
    evtchn_port_t old;

    if (!up)
        return;
    old = disk.dev.port;
    virtio_mmio_service(&disk.dev);                    /* nothing pending before */
    if (!EXPECT_EQ(blk_read_quietly(&disk, &rq, buf, 40), 0))
        return;
    EXPECT_TRUE(disk_pattern_check(buf, 40, 8));
    if (!EXPECT_TRUE(event_within(old, 100)))          /* delivered: in flight */
        return;
    EXPECT_EQ(unbind_evtchn(old), 0);
    st.port = old;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_closed);
    EXPECT_EQ(unbind_evtchn(old), -XEN_EINVAL);        /* closed already */
    EXPECT_EQ(pirq_eoi(disk.dev.pirq), 0);             /* harmless */
    disk.dev.port = 0;
}

static void rebind(void)
{
    long port;

    if (!up)
        return;
    port = bind_pirq(disk.dev.pirq, NULL, NULL);
    if (!EXPECT_RANGE(port, 1, 4095))
        return;
    disk.dev.port = (evtchn_port_t)port;               /* masked: polled */
    /* The old interrupt was never acknowledged at the device: do it now. */
    virtio_mmio_service(&disk.dev);
    EXPECT_RANGE(blk_reads_by_interrupt(&disk, buf, 50, 5), 4, 10);
}

static const struct test tests[] = {
    /* The disk is up, its pirq bound. */
    TEST(disk_up),
    /* A read's interrupt is delivered and left unserviced; its port closes
     * (status closed, a second close -EINVAL) and an EOI then returns 0. */
    TEST(close_in_flight),
    /* The pirq binds to a new port; five reads complete through it (4 to
     * 10 events serviced). */
    TEST(rebind),
};

int main(void)
{
    return run_tests("physdev/unbind_pending", tests, ARRAY_SIZE(tests));
}
