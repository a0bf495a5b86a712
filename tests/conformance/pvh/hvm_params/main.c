/*
 * HVMOP_get_param / set_param for an auto-translated domain: the ring
 * parameters are guest frames (the magic pages) and ports; another
 * domain's are not ours to read; nobody but the control domain sets
 * them, and never on itself.
 */
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include "pvh.h"

/* STORE_PFN / CONSOLE_PFN are the magic gfns; the ports are bound to
 * nothing yet on our side but allocated (nonzero, distinct). */
static void own_params(void)
{
    uint64_t store, console, sport, cport;

    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_STORE_PFN, &store), 0);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_CONSOLE_PFN, &console), 0);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_STORE_EVTCHN, &sport), 0);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_CONSOLE_EVTCHN, &cport), 0);
    EXPECT_EQ(store, (GUEST_MAGIC_BASE >> 12) + 1);
    EXPECT_EQ(console, GUEST_MAGIC_BASE >> 12);
    EXPECT_TRUE(sport && cport && sport != cport);
    EXPECT_EQ(hvm_get(SELF_ID, HVM_PARAM_STORE_PFN, &store), 0);
    EXPECT_EQ(store, (GUEST_MAGIC_BASE >> 12) + 1);
    /* The store page is RAM at that gfn. */
    EXPECT_EQ(read_fault(store << 12), ~0UL);
}

/* Other domains: dom0's are not ours (-EPERM), a missing one -ESRCH, an
 * index out of range -EINVAL. */
static void other_domains(void)
{
    uint64_t v;

    EXPECT_EQ(hvm_get(0, HVM_PARAM_STORE_PFN, &v), -XEN_EPERM);
    EXPECT_EQ(hvm_get(999, HVM_PARAM_STORE_PFN, &v), -XEN_ESRCH);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_NR_PARAMS, &v), -XEN_EINVAL);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, &v), -XEN_EINVAL);
}

/* set_param: not on ourselves (-EPERM), not on dom0 (-EPERM), only the
 * four ring parameters (-EINVAL); the values stay. */
static void set_refused(void)
{
    uint64_t store;

    EXPECT_EQ(hvm_set(DOMID_SELF, HVM_PARAM_STORE_PFN, 0x80000), -XEN_EPERM);
    EXPECT_EQ(hvm_set(DOMID_SELF, HVM_PARAM_STORE_EVTCHN, 1), -XEN_EPERM);
    EXPECT_EQ(hvm_set(0, HVM_PARAM_CONSOLE_PFN, 0x80000), -XEN_EPERM);
    EXPECT_EQ(hvm_set(999, HVM_PARAM_CONSOLE_PFN, 0x80000), -XEN_ESRCH);
    EXPECT_EQ(hvm_set(DOMID_SELF, HVM_PARAM_CALLBACK_IRQ, 1), -XEN_EINVAL);
    EXPECT_EQ(hvm_set(DOMID_SELF, HVM_NR_PARAMS, 1), -XEN_EINVAL);
    EXPECT_EQ(hvm_get(DOMID_SELF, HVM_PARAM_STORE_PFN, &store), 0);
    EXPECT_EQ(store, (GUEST_MAGIC_BASE >> 12) + 1);
    EXPECT_EQ(hypercall(__HYPERVISOR_hvm_op, 1000, 0, 0, 0, 0), -XEN_ENOSYS);
}

static const struct pvh_test tests[] = {
    PVH_TEST(own_params),
    PVH_TEST(other_domains),
    PVH_TEST(set_refused),
};

void pvh_main(void)
{
    pvh_run("pvh/hvm_params", tests, ARRAY_SIZE(tests));
}
