/*
 * What an auto-translated domain is told and refused: its features, the
 * SBI extensions it may probe, the PV page-table hypercalls (-ENOSYS: it
 * owns its tables), FIFO event channels (-ENOSYS, so Linux uses 2-level),
 * VCPUOP_initialise/up/down (-EINVAL: HSM starts VCPUs) and the memory
 * reservation and M2P calls not offered to it yet.
 */
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include "pvh.h"

/* XENFEAT_auto_translated_physmap, _writable_page_tables and
 * _not_direct_mapped, and not dom0. */
static void get_features(void)
{
    struct xen_feature_info fi = { .submap_idx = 0 };

    EXPECT_EQ(hypercall(__HYPERVISOR_xen_version, XENVER_get_features, (unsigned long)&fi, 0, 0,
                        0), 0);
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_auto_translated_physmap));
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_writable_page_tables));
    EXPECT_TRUE(fi.submap & (1u << XENFEAT_not_direct_mapped));
    EXPECT_EQ(fi.submap & (1u << XENFEAT_dom0), 0);
    EXPECT_EQ(fi.submap & (1u << XENFEAT_direct_mapped), 0);
}

/* BASE probe: TIME, IPI, RFENCE, HSM, SRST present; PMU absent. */
static void sbi_probe(void)
{
    static const unsigned long present[] = { SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE,
                                             SBI_EXT_HSM, SBI_EXT_SRST, SBI_EXT_BASE };

    for (unsigned int i = 0; i < ARRAY_SIZE(present); i++)
        EXPECT_EQ(sbi_call(SBI_EXT_BASE, 3, present[i], 0, 0).value, 1);
    EXPECT_EQ(sbi_call(SBI_EXT_BASE, 3, 0x504D55, 0, 0).value, 0);
    EXPECT_EQ(sbi_call(SBI_EXT_BASE, 0, 0, 0, 0).value, 1L << 24);
}

/* mmu_update, mmuext_op, update_va_mapping(_otherdomain): -ENOSYS. */
static void pv_mmu_refused(void)
{
    EXPECT_EQ(hypercall(__HYPERVISOR_mmu_update, 0, 0, 0, DOMID_SELF, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_mmuext_op, 0, 0, 0, DOMID_SELF, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_update_va_mapping, 0x1000, 0, 0, 0, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_update_va_mapping_otherdomain, 0x1000, 0, 0, 0, 0),
              -XEN_ENOSYS);
}

/* EVTCHNOP_init_control: -ENOSYS, the 2-level ABI stays; 2-level works. */
static void fifo_refused(void)
{
    struct evtchn_init_control ic = { .control_gfn = free_page(0) >> 12 };
    struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };

    EXPECT_EQ(hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_init_control,
                        (unsigned long)&ic, 0, 0, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                        (unsigned long)&au, 0, 0, 0), 0);
    EXPECT_TRUE(au.port > 0);
}

/* VCPUOP_initialise / up / down are -EINVAL; is_up answers. */
static void vcpu_ops(void)
{
    EXPECT_EQ(hypercall(__HYPERVISOR_vcpu_op, VCPUOP_up, 0, 0, 0, 0), -XEN_EINVAL);
    EXPECT_EQ(hypercall(__HYPERVISOR_vcpu_op, VCPUOP_down, 0, 0, 0, 0), -XEN_EINVAL);
    EXPECT_EQ(hypercall(__HYPERVISOR_vcpu_op, VCPUOP_initialise, 0, free_page(0), 0, 0),
              -XEN_EINVAL);
    EXPECT_EQ(hypercall(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 0, 0, 0, 0), 1);
}

/* Reservation changes and the M2P: -ENOSYS; the reservation queries
 * answer (RAM plus the two ring pages). */
static void memory_ops(void)
{
    struct xen_memory_reservation r = { .nr_extents = 1, .domid = DOMID_SELF };
    domid_t self = DOMID_SELF;
    struct xen_machphys_mapping map;

    EXPECT_EQ(hypercall(__HYPERVISOR_memory_op, XENMEM_populate_physmap, (unsigned long)&r, 0,
                        0, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_memory_op, XENMEM_decrease_reservation, (unsigned long)&r,
                        0, 0, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_memory_op, XENMEM_machphys_mapping, (unsigned long)&map, 0,
                        0, 0), -XEN_ENOSYS);
    EXPECT_EQ(hypercall(__HYPERVISOR_memory_op, XENMEM_current_reservation,
                        (unsigned long)&self, 0, 0, 0), 4096 + 2);
}

static const struct pvh_test tests[] = {
    PVH_TEST(get_features),
    PVH_TEST(sbi_probe),
    PVH_TEST(pv_mmu_refused),
    PVH_TEST(fifo_refused),
    PVH_TEST(vcpu_ops),
    PVH_TEST(memory_ops),
};

void pvh_main(void)
{
    pvh_run("pvh/features", tests, ARRAY_SIZE(tests));
}
