/*
 * Physical interrupts as dom0 sees them (public/physdev.h): pirq n is PLIC
 * source n and dom0 owns those of its virtio-mmio slots (1..8 on QEMU
 * virt).  Binding an owned pirq, twice (-EEXIST), and pirqs dom0 was not
 * given (-EPERM; out of range -EINVAL); PHYSDEVOP_irq_status_query and
 * PHYSDEVOP_eoi on owned and other pirqs; Xen's other physdev operations
 * -ENOSYS; and the disk's interrupts arriving as events, one or two per
 * request.
 */
#include <public/physdev.h>
#include "../../lib/blk_quiet.h"

static struct virtio_blk disk;
static bool up;
static _Alignas(4096) uint8_t buf[4096];

static long bind(uint32_t pirq, evtchn_port_t *port)
{
    struct evtchn_bind_pirq bp = { .pirq = pirq };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bp);

    if (!rc && port)
        *port = bp.port;
    return rc;
}

static long status_query(uint32_t pirq, uint32_t *flags)
{
    struct physdev_irq_status_query q = { .irq = pirq, .flags = 0xdead };
    long rc = HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q);

    *flags = q.flags;
    return rc;
}

static long eoi(uint32_t pirq)
{
    return pirq_eoi(pirq);
}

static void disk_up(void)
{
    up = EXPECT_EQ(virtio_blk_init(&disk, 0), 0) && EXPECT_RANGE(disk.dev.pirq, 1, 8) &&
         EXPECT_NE(disk.dev.port, 0);
}

static void bind_rules(void)
{
    struct evtchn_status st = { .dom = DOMID_SELF };
    evtchn_port_t port = 0;

    if (up)
        EXPECT_EQ(bind(disk.dev.pirq, NULL), -XEN_EEXIST);
    EXPECT_EQ(bind(0, NULL), -XEN_EPERM);
    EXPECT_EQ(bind(9, NULL), -XEN_EPERM);              /* no slot */
    EXPECT_EQ(bind(10, NULL), -XEN_EPERM);             /* the UART: the hypervisor's */
    EXPECT_EQ(bind(127, NULL), -XEN_EPERM);
    EXPECT_EQ(bind(128, NULL), -XEN_EINVAL);
    EXPECT_EQ(bind(~0u, NULL), -XEN_EINVAL);
    /* An empty slot's pirq is dom0's too. */
    if (!EXPECT_EQ(bind(1, &port), 0))
        return;
    st.port = port;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), 0);
    EXPECT_EQ(st.status, EVTCHNSTAT_pirq);
    EXPECT_EQ(st.u.pirq, 1);
    EXPECT_EQ(unbind_evtchn(port), 0);
    EXPECT_EQ(bind(1, &port), 0);                      /* free again */
    EXPECT_EQ(unbind_evtchn(port), 0);
}

static void status_rules(void)
{
    uint32_t flags;

    EXPECT_EQ(status_query(8, &flags), 0);
    EXPECT_EQ(flags, XENIRQSTAT_needs_eoi);
    EXPECT_EQ(status_query(1, &flags), 0);             /* owned, unbound */
    EXPECT_EQ(flags, XENIRQSTAT_needs_eoi);
    EXPECT_EQ(status_query(10, &flags), -XEN_EINVAL);
    EXPECT_EQ(status_query(0, &flags), -XEN_EINVAL);
    EXPECT_EQ(status_query(128, &flags), -XEN_EINVAL);
    EXPECT_EQ(flags, 0xdead);                          /* untouched */
    EXPECT_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, (void *)UNMAPPED_VA),
              -XEN_EFAULT);
}

static void eoi_rules(void)
{
    EXPECT_EQ(eoi(8), 0);                              /* nothing in flight */
    EXPECT_EQ(eoi(1), 0);                              /* unbound */
    EXPECT_EQ(eoi(10), -XEN_EINVAL);
    EXPECT_EQ(eoi(0), -XEN_EINVAL);
    EXPECT_EQ(eoi(128), -XEN_EINVAL);
    EXPECT_EQ(eoi(~0u), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_eoi, (void *)UNMAPPED_VA), -XEN_EFAULT);
}

static void other_ops(void)
{
    static const int ops[] = {
        PHYSDEVOP_set_iopl, PHYSDEVOP_set_iobitmap, PHYSDEVOP_apic_read,
        PHYSDEVOP_apic_write, PHYSDEVOP_alloc_irq_vector, PHYSDEVOP_free_irq_vector,
        PHYSDEVOP_map_pirq, PHYSDEVOP_unmap_pirq, PHYSDEVOP_manage_pci_add,
        PHYSDEVOP_pirq_eoi_gmfn_v1, PHYSDEVOP_setup_gsi, PHYSDEVOP_get_free_pirq,
        PHYSDEVOP_pci_device_add, PHYSDEVOP_pirq_eoi_gmfn_v2, 999,
    };
    uint64_t junk[8] = { 0 };

    for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++)
        EXPECT_EQ(HYPERVISOR_physdev_op(ops[i], junk), -XEN_ENOSYS);
}

static void interrupts_as_events(void)
{
    if (up)
        EXPECT_RANGE(blk_reads_by_interrupt(&disk, buf, 300, 20), 19, 40);
}

static const struct test tests[] = {
    /* The disk comes up with its pirq (1..8) bound. */
    TEST(disk_up),
    /* Bound twice -EEXIST; 0, 9, 10, 127 -EPERM; 128, ~0 -EINVAL; an empty
     * slot's pirq binds, shows as pirq in EVTCHNOP_status, and closes. */
    TEST(bind_rules),
    /* Owned pirqs need EOIs; others -EINVAL with the OUT field untouched;
     * a bad pointer -EFAULT. */
    TEST(status_rules),
    /* EOI of an owned pirq 0 even with nothing in flight; others -EINVAL;
     * a bad pointer -EFAULT. */
    TEST(eoi_rules),
    /* Xen's other physdev operations, and an unknown one: -ENOSYS. */
    TEST(other_ops),
    /* 20 reads of the image's pattern: 19 to 40 pirq events serviced. */
    TEST(interrupts_as_events),
};

int main(void)
{
    return run_tests("physdev/dom0_ops", tests, ARRAY_SIZE(tests));
}
