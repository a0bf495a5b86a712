/*
 * A PV domain beside the auto-translated type is what it was: it is not
 * told auto_translated_physmap, add_to_physmap is -EACCES (it maps frames
 * with mmu_update), HVMOP_set_param on itself is -EPERM (the toolstack's,
 * for a domain it builds), and
 * the SBI extensions only translated domains get are not offered to it.
 * (A PV kernel of the standard guest library, in the pvh family.)
 */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include <public/version.h>
#include <sbi.h>
#include "../../lib/test.h"

#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D

static void features(void)
{
    struct xen_feature_info fi = { .submap_idx = 0 };

    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    EXPECT_EQ(fi.submap & (1u << XENFEAT_auto_translated_physmap), 0);
    EXPECT_EQ(fi.submap & (1u << XENFEAT_not_direct_mapped), 0);
}

static void add_to_physmap_refused(void)
{
    struct xen_add_to_physmap a = { .domid = DOMID_SELF, .space = XENMAPSPACE_shared_info,
                                    .gpfn = 0x100 };

    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &a), -XEN_EACCES);
    a.domid = 0;
    EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_add_to_physmap, &a), -XEN_EPERM);
}

static void set_param_refused(void)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = HVM_PARAM_STORE_PFN };

    EXPECT_EQ(HYPERVISOR_hvm_op(HVMOP_set_param, &p), -XEN_EPERM);
}

static void sbi_not_offered(void)
{
    static const unsigned long exts[] = { SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE,
                                          SBI_EXT_HSM };

    for (unsigned int i = 0; i < ARRAY_SIZE(exts); i++) {
        EXPECT_EQ(sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, exts[i], 0, 0, 0, 0, 0).value, 0);
        EXPECT_EQ(sbi_ecall(exts[i], 0, 0, 0, 0, 0, 0, 0).error, SBI_ERR_NOT_SUPPORTED);
    }
}

static const struct test tests[] = {
    TEST(features),
    TEST(add_to_physmap_refused),
    TEST(set_param_refused),
    TEST(sbi_not_offered),
};

int main(void)
{
    return run_tests("pvh/pv_unchanged", tests, ARRAY_SIZE(tests));
}
