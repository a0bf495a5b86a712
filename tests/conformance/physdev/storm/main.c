/*
 * An interrupt storm dom0 causes and never acknowledges stalls nobody:
 * dom0 keeps the disk busy while never acknowledging its interrupt at the
 * device (the line stays high) and, first, never issuing PHYSDEVOP_eoi:
 * exactly one event arrives, whatever the device does afterwards.  Then
 * it EOIs without acknowledging: each EOI lets exactly one more interrupt
 * in, and an EOI with no new completion lets none.  Meanwhile a peer domU
 * (d1) spins on the same single CPU for 100 ms and powers off, in time.
 * Finally the disk is serviced and works interrupt-driven again.
 */
#include "../../lib/blk_quiet.h"
#include "../../lib/domains.h"

#define PEER 1
#define QUIET_READS 300
#define EOI_ROUNDS 20

static struct virtio_blk disk;
static struct vblk_request rq;
static bool up;
static _Alignas(4096) uint8_t buf[4096];

static void disk_up(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0) && EXPECT_NE(disk.dev.port, 0);
    if (up)
        virtio_mmio_service(&disk.dev);
}

static void no_eoi_one_event(void)
{
    unsigned int events = 0, good = 0;

    if (!up)
        return;
    for (unsigned int i = 0; i < QUIET_READS; i++) {
        if (!EXPECT_EQ(blk_read_quietly(&disk, &rq, buf, (i * 64) % 60000), 0))
            return;
        good += disk_pattern_check(buf, (i * 64) % 60000, 8);
        events += evtchn_test_and_clear(disk.dev.port);
    }
    events += event_within(disk.dev.port, 10);
    EXPECT_EQ(good, QUIET_READS);
    EXPECT_EQ(events, 1);
}

static void one_interrupt_per_eoi(void)
{
    unsigned int events = 0, idle = 0;

    if (!up)
        return;
    for (unsigned int r = 0; r < EOI_ROUNDS; r++) {
        if (!EXPECT_EQ(blk_read_quietly(&disk, &rq, buf, r * 8), 0))
            return;
        EXPECT_EQ(pirq_eoi(disk.dev.pirq), 0);
        events += event_within(disk.dev.port, 10);
        EXPECT_EQ(pirq_eoi(disk.dev.pirq), 0);         /* no new completion */
        idle += event_within(disk.dev.port, 2);
    }
    EXPECT_EQ(events, EOI_ROUNDS);
    EXPECT_EQ(idle, 0);
}

static void peer_ran(void)
{
    long code;

    EXPECT_TRUE(wait_domains(PEER, 1, 5 * NSEC_PER_SEC, &code));
    EXPECT_EQ(code, SHUTDOWN_poweroff);
}

static void serviced_again(void)
{
    if (!up)
        return;
    virtio_mmio_service(&disk.dev);                    /* acknowledge, EOI */
    EXPECT_RANGE(blk_reads_by_interrupt(&disk, buf, 9000, 5), 4, 10);
}

static const struct test tests[] = {
    /* The disk is up, its pirq bound, nothing pending. */
    TEST(disk_up),
    /* 300 reads, never acknowledged, no EOI: the data is right and one
     * event arrives in all. */
    TEST(no_eoi_one_event),
    /* 20 rounds of a read then an EOI: one event each; a second EOI with
     * nothing new: none. */
    TEST(one_interrupt_per_eoi),
    /* The spinning peer on the same CPU finished and powered off. */
    TEST(peer_ran),
    /* Serviced, the disk completes five reads by interrupt (4 to 10
     * events serviced). */
    TEST(serviced_again),
};

int main(void)
{
    return run_tests("physdev/storm", tests, ARRAY_SIZE(tests));
}
