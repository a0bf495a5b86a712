/*
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info): shared_info appears at
 * the guest frame the domain names.  Over RAM, the RAM frame is given back
 * (the reservation shrinks by one); moved, the old gfn becomes a hole; and
 * it is the live page: an event sent on a loopback channel shows up in it.
 */
#include <public/event_channel.h>
#include "pvh.h"

static unsigned long s_gfn, t_gfn;

/* Over a page of RAM: 0, the reservation one page smaller, and the page
 * now reads as shared_info (our pattern gone, the time info filled). */
static void over_ram(void)
{
    unsigned long s = free_page(8);
    long before = current_reservation();
    struct shared_info *si = (struct shared_info *)s;

    s_gfn = s >> 12;
    *(volatile unsigned long *)(s + 2048) = 0x1122334455667788UL;
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, s_gfn), 0);
    EXPECT_EQ(current_reservation(), before - 1);
    EXPECT_TRUE(*(volatile unsigned long *)(s + 2048) != 0x1122334455667788UL);
    EXPECT_TRUE(si->vcpu_info[0].time.tsc_to_system_mul != 0);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, s_gfn), 0);   /* again */
    EXPECT_EQ(current_reservation(), before - 1);
}

/* A loopback event channel: the send sets the port's pending bit in the
 * shared_info we see. */
static void live_page(void)
{
    struct shared_info *si = (struct shared_info *)(s_gfn << 12);
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
    struct evtchn_send send;

    EXPECT_EQ(hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                        (unsigned long)&au, 0, 0, 0), 0);
    bi.remote_port = au.port;
    EXPECT_EQ(hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
                        (unsigned long)&bi, 0, 0, 0), 0);
    send.port = bi.local_port;
    EXPECT_EQ(hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_send, (unsigned long)&send, 0,
                        0, 0), 0);
    EXPECT_TRUE(__atomic_load_n(&si->evtchn_pending[au.port / 64], __ATOMIC_SEQ_CST) &
                (1UL << (au.port % 64)));
    EXPECT_TRUE(si->vcpu_info[0].evtchn_upcall_pending);
}

/* Moved to a hole: there now, the old gfn a hole, the reservation as it
 * was (nothing displaced). */
static void move_to_hole(void)
{
    long before = current_reservation();

    t_gfn = 0x40000;                                   /* 0x40000000: a hole */
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, t_gfn), 0);
    EXPECT_EQ(current_reservation(), before);
    EXPECT_EQ(read_fault(s_gfn << 12), 5);
    EXPECT_TRUE(((struct shared_info *)(t_gfn << 12))->vcpu_info[0].time.tsc_to_system_mul);
}

/* Refused: idx not 0, a gfn past the guest-physical space, another
 * domain (existing or not), other spaces, an unreadable argument. */
static void refusals(void)
{
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 1, t_gfn), -XEN_EINVAL);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, 1UL << 29), -XEN_EINVAL);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, ~0UL), -XEN_EINVAL);
    EXPECT_EQ(add_to_physmap(0, XENMAPSPACE_shared_info, 0, t_gfn), -XEN_EPERM);
    EXPECT_EQ(add_to_physmap(999, XENMAPSPACE_shared_info, 0, t_gfn), -XEN_ESRCH);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn, s_gfn, t_gfn), -XEN_ENOSYS);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_gmfn_foreign, 0, t_gfn), -XEN_ENOSYS);
    EXPECT_EQ(add_to_physmap(DOMID_SELF, 77, 0, t_gfn), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap, 0x10000000UL, 0, 0, 0),
              -XEN_EFAULT);
    EXPECT_TRUE(((struct shared_info *)(t_gfn << 12))->vcpu_info[0].time.tsc_to_system_mul);
}

static const struct pvh_test tests[] = {
    PVH_TEST(over_ram),
    PVH_TEST(live_page),
    PVH_TEST(move_to_hole),
    PVH_TEST(refusals),
};

void pvh_main(void)
{
    pvh_run("pvh/shared_info", tests, ARRAY_SIZE(tests));
}
