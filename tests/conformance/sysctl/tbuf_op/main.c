/*
 * XEN_SYSCTL_tbuf_op as the control domain, with two peers (d1, d2) that
 * spin without blocking: dom0 enables the scheduling trace, sleeps while
 * the peers compute, disables it and reads every pCPU's ring.  The
 * records must be well formed: times never go back within a ring, switch
 * records name the ring's own CPU, every switch_out closes the VCPU the
 * last switch_in opened (only a ring's first switch record may close a
 * run begun before recording, only its last run may still be open), the
 * only domains are the three running ones, both peers ran, nothing was
 * lost, and nothing is recorded once disabled.  The read's bounds and
 * refusals follow public/sysctl.h.
 */
#include <string.h>
#include "../../lib/test.h"

#define MAX_CPUS 8
#define MAX_RECS (8 * 256)        /* tbuf_size default: 8 pages of 256 */
#define WINDOW_NS (200 * NSEC_PER_MSEC)

static struct xen_sysctl_tbuf_rec recs[MAX_CPUS][MAX_RECS];
static uint32_t nrecs[MAX_CPUS];
static uint32_t nr_cpus;

static long tbuf(struct xen_sysctl_tbuf_op *t)
{
    xen_sysctl_t op = {
        .cmd = XEN_SYSCTL_tbuf_op,
        .interface_version = XEN_SYSCTL_INTERFACE_VERSION,
    };
    long rc;

    op.u.tbuf_op = *t;
    rc = HYPERVISOR_sysctl(&op);
    *t = op.u.tbuf_op;
    return rc;
}

static long tbuf_cmd(uint32_t cmd)
{
    struct xen_sysctl_tbuf_op t = { .cmd = cmd };

    return tbuf(&t);
}

static long read_ring(uint32_t cpu, uint64_t first, uint32_t count, void *buf,
                      struct xen_sysctl_tbuf_op *t)
{
    memset(t, 0, sizeof(*t));
    t->cmd = XEN_SYSCTL_TBUFOP_read;
    t->cpu = cpu;
    t->first = first;
    t->count = count;
    set_xen_guest_handle(t->buffer, buf);
    return tbuf(t);
}

static void info_before(void)
{
    struct xen_sysctl_tbuf_op t = { .cmd = XEN_SYSCTL_TBUFOP_get_info };

    if (!EXPECT_EQ(tbuf(&t), 0))
        return;
    EXPECT_EQ(t.size, MAX_RECS);
    EXPECT_RANGE(t.nr_cpus, 1, MAX_CPUS);
    EXPECT_EQ_HEX(t.evt_mask, 0);          /* off until enabled */
    nr_cpus = t.nr_cpus;
}

static void record_window(void)
{
    struct xen_sysctl_tbuf_op t = { .cmd = XEN_SYSCTL_TBUFOP_get_info };

    if (!EXPECT_EQ(tbuf_cmd(XEN_SYSCTL_TBUFOP_enable), 0))
        return;
    EXPECT_EQ(tbuf(&t), 0);
    EXPECT_EQ_HEX(t.evt_mask, XEN_TBUF_EV_ALL);
    sleep_ns(WINDOW_NS);
    EXPECT_EQ(tbuf_cmd(XEN_SYSCTL_TBUFOP_disable), 0);
}

static void read_all(void)
{
    for (uint32_t cpu = 0; cpu < nr_cpus; cpu++) {
        struct xen_sysctl_tbuf_op t;
        uint64_t next = 0;

        /* In batches of 100, to exercise resuming at next. */
        for (;;) {
            uint32_t room = MAX_RECS - nrecs[cpu] < 100 ? MAX_RECS - nrecs[cpu] : 100;

            if (!EXPECT_EQ(read_ring(cpu, next, room, &recs[cpu][nrecs[cpu]], &t), 0))
                return;
            EXPECT_EQ(t.lost, 0);
            EXPECT_EQ(t.first, next);
            EXPECT_TRUE(t.count <= room);
            nrecs[cpu] += t.count;
            if (t.count == 0 || nrecs[cpu] == MAX_RECS)
                break;
            EXPECT_EQ(t.next, next + t.count);
            next = t.next;
        }
    }
}

/* One ring's records; returns the domains (bit d) switched in. */
static unsigned int check_ring(uint32_t cpu)
{
    const struct xen_sysctl_tbuf_rec *r = recs[cpu];
    int cur = -1, switches = 0;        /* cur: domid running, -1 unknown/none */
    unsigned int seen = 0;

    for (uint32_t i = 0; i < nrecs[cpu]; i++) {
        bool sw = r[i].event != XEN_TBUF_EV_wake;

        if (i && !EXPECT_TRUE(r[i].time >= r[i - 1].time))
            printk("  (cpu%u record %u)\n", cpu, i);
        EXPECT_RANGE(r[i].event, 0, XEN_TBUF_EV_MAX);
        EXPECT_RANGE(r[i].domid, 0, 2);
        EXPECT_EQ(r[i].vcpuid, 0);
        if (sw && !EXPECT_EQ(r[i].cpu, cpu))
            printk("  (cpu%u record %u)\n", cpu, i);
        if (r[i].event == XEN_TBUF_EV_migrate)
            EXPECT_TRUE(r[i].arg < nr_cpus && r[i].arg != cpu);
        if (r[i].event == XEN_TBUF_EV_switch_in) {
            if (!EXPECT_EQ(cur, -1))
                printk("  (cpu%u record %u: d%u in while d%d runs)\n", cpu, i, r[i].domid, cur);
            cur = r[i].domid;
            seen |= 1u << r[i].domid;
        } else if (r[i].event == XEN_TBUF_EV_switch_out) {
            EXPECT_RANGE(r[i].arg, 0, XEN_TBUF_REASON_paused);
            if (cur >= 0 || switches)
                if (!EXPECT_EQ(r[i].domid, cur))
                    printk("  (cpu%u record %u: d%u out)\n", cpu, i, r[i].domid);
            cur = -1;
        }
        switches += r[i].event == XEN_TBUF_EV_switch_in || r[i].event == XEN_TBUF_EV_switch_out;
    }
    return seen;
}

static void records_well_formed(void)
{
    unsigned int seen = 0, total = 0;

    for (uint32_t cpu = 0; cpu < nr_cpus; cpu++) {
        seen |= check_ring(cpu);
        total += nrecs[cpu];
    }
    EXPECT_TRUE(total > 0);
    /* Both peers compute through the window; on one pCPU they must take
     * turns, and on two the resync records the one already running. */
    EXPECT_EQ_HEX(seen & 6u, 6u);
}

static void nothing_once_disabled(void)
{
    struct xen_sysctl_tbuf_rec extra[4];
    struct xen_sysctl_tbuf_op t;

    sleep_ns(50 * NSEC_PER_MSEC);
    for (uint32_t cpu = 0; cpu < nr_cpus; cpu++) {
        EXPECT_EQ(read_ring(cpu, nrecs[cpu], 4, extra, &t), 0);
        EXPECT_EQ(t.count, 0);
    }
}

static void read_bounds_and_refusals(void)
{
    struct xen_sysctl_tbuf_rec one[2];
    struct xen_sysctl_tbuf_op t;

    memset(one, 0xa5, sizeof(one));
    if (nrecs[0] && EXPECT_EQ(read_ring(0, 0, 1, one, &t), 0)) {
        EXPECT_EQ(t.count, 1);
        EXPECT_EQ(t.next, 1);
        EXPECT_EQ(one[0].time, recs[0][0].time);
        EXPECT_BYTES(&one[1], sizeof(one[1]), 0xa5);
    }
    EXPECT_EQ(read_ring(0, 0, 0, one, &t), 0);
    EXPECT_EQ(t.count, 0);
    EXPECT_EQ(read_ring(nr_cpus, 0, 1, one, &t), -XEN_EINVAL);
    EXPECT_EQ(read_ring(~0u, 0, 1, one, &t), -XEN_EINVAL);
    if (nrecs[0]) {
        EXPECT_EQ(read_ring(0, 0, 4, NULL, &t), -XEN_EFAULT);
        EXPECT_EQ(read_ring(0, 0, 4, (void *)UNMAPPED_VA, &t), -XEN_EFAULT);
    }
    memset(&t, 0, sizeof(t));
    t.cmd = XEN_SYSCTL_TBUFOP_set_evt_mask;
    t.evt_mask = ~0u;
    EXPECT_EQ(tbuf(&t), -XEN_EINVAL);
    EXPECT_EQ(tbuf_cmd(1000), -XEN_EINVAL);
}

static const struct test tests[] = {
    /* get_info: 2048 records per CPU by default, recording off at boot. */
    TEST(info_before),
    /* enable turns every event on; dom0 sleeps 200 ms; disable. */
    TEST(record_window),
    /* Each ring reads back in batches, from sequence 0, with nothing lost. */
    TEST(read_all),
    /* Times, CPUs, domains, in/out pairing per ring; both peers ran. */
    TEST(records_well_formed),
    /* Disabled: no record is added while the peers keep running. */
    TEST(nothing_once_disabled),
    /* count bounds the copy; bad cpu, sub-op or mask -EINVAL; bad buffer -EFAULT. */
    TEST(read_bounds_and_refusals),
};

int main(void)
{
    return run_tests("sysctl/tbuf_op", tests, ARRAY_SIZE(tests));
}
