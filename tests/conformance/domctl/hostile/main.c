/*
 * The toolstack's domctls given bad arguments, from dom0 (this test)
 * beside a running peer (domain 1): Xen's errors for a wrong interface
 * version, an unknown command, ids that name no domain (DOMID_SELF
 * included: domctl takes real ids only), bad createdomain configurations,
 * an id in use, operations on dom0 itself (destroy, pause, unpause:
 * -EINVAL), contexts of a domain that is not paused (-EBUSY), a double
 * destroy (-ESRCH).  The running peer is then destroyed under its feet:
 * it disappears, and the machine's free memory is the baseline plus its
 * pages.
 */
#include <public/xen.h>
#include <console/xencons_back.h>
#include "../../lib/domctl.h"
#include "../../lib/test.h"

#define PEER 1

static long baseline, peer_pages;

static void baselines(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };

    baseline = machine_free_frames();
    EXPECT_TRUE(baseline > 0);
    if (EXPECT_EQ(dctl_info(PEER, &info), 0)) {
        peer_pages = (long)info.tot_pages;
        EXPECT_EQ(info.flags & (XEN_DOMINF_paused | XEN_DOMINF_dying), 0);
    }
}

static void version_and_cmd(void)
{
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    op.cmd = XEN_DOMCTL_getdomaininfo;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    EXPECT_EQ(HYPERVISOR_domctl(&op), -XEN_EACCES);
    EXPECT_EQ(dctl0(0x7777, 0), -XEN_ENOSYS);
    EXPECT_EQ(dctl0(XEN_DOMCTL_hypercall_init, 0), -XEN_ENOSYS);
    EXPECT_EQ(dctl0(XEN_DOMCTL_settimeoffset, PEER), -XEN_ENOSYS);
}

/* Every op on ids that are not a domain: -ESRCH. */
static void no_such_domain(void)
{
    static const uint32_t cmds[] = {
        XEN_DOMCTL_destroydomain, XEN_DOMCTL_pausedomain, XEN_DOMCTL_unpausedomain,
        XEN_DOMCTL_getdomaininfo, XEN_DOMCTL_max_mem, XEN_DOMCTL_setvcpucontext,
        XEN_DOMCTL_getvcpucontext, XEN_DOMCTL_getvcpuinfo, XEN_DOMCTL_max_vcpus,
        XEN_DOMCTL_setdomainhandle, XEN_DOMCTL_scheduler_op,
    };
    static const domid_t ids[] = { 77, DOMID_SELF, DOMID_FIRST_RESERVED + 5, 0x7FFF, 0xFFFF };

    for (unsigned int c = 0; c < ARRAY_SIZE(cmds); c++)
        for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++)
            EXPECT_EQ(dctl0(cmds[c], ids[i]), -XEN_ESRCH);
}

static long create_with(void (*tweak)(struct xen_domctl_createdomain *), domid_t id)
{
    xen_domctl_t op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = 1;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    if (tweak)
        tweak(&op.u.createdomain);
    rc = dctl(&op, XEN_DOMCTL_createdomain, id);
    if (!rc)        /* should not have happened: do not leave it behind */
        dctl0(XEN_DOMCTL_destroydomain, op.domain);
    return rc;
}

static void no_vcpus(struct xen_domctl_createdomain *c) { c->max_vcpus = 0; }
static void many_vcpus(struct xen_domctl_createdomain *c) { c->max_vcpus = 9; }
static void hvm(struct xen_domctl_createdomain *c) { c->flags = XEN_DOMCTL_CDF_hvm; }
static void iommu(struct xen_domctl_createdomain *c) { c->flags = XEN_DOMCTL_CDF_iommu; }
static void grant_v3(struct xen_domctl_createdomain *c) { c->grant_opts = 3; }
static void grant_frames(struct xen_domctl_createdomain *c) { c->max_grant_frames = 65; }
static void ports(struct xen_domctl_createdomain *c) { c->max_evtchn_port = 1u << 20; }
static void gaddr(struct xen_domctl_createdomain *c) { c->arch.gaddr_bits = 34; }
static void altp2m(struct xen_domctl_createdomain *c) { c->altp2m.nr = 1; }
static void vmtrace(struct xen_domctl_createdomain *c) { c->vmtrace_size = 4096; }

/* Configurations rvxen cannot give: -EINVAL; an id in use: -EEXIST.
 * Nothing is left allocated. */
static void bad_configs(void)
{
    void (*const bad[])(struct xen_domctl_createdomain *) = {
        no_vcpus, many_vcpus, hvm, iommu, grant_v3, grant_frames, ports, gaddr, altp2m,
        vmtrace,
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
        if (create_with(bad[i], 0) != -XEN_EINVAL)
            xtf_failure("bad createdomain config %u: not -EINVAL", i);
        else
            EXPECT_TRUE(true);
    EXPECT_EQ(create_with(NULL, PEER), -XEN_EEXIST);
    EXPECT_EQ(machine_free_frames(), baseline);
}

/* dom0 cannot destroy, pause or unpause itself, nor set its own VCPU
 * context. */
static void self(void)
{
    static vcpu_guest_context_t ctx;
    xen_domctl_t op;

    EXPECT_EQ(dctl0(XEN_DOMCTL_destroydomain, 0), -XEN_EINVAL);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, 0), -XEN_EINVAL);
    EXPECT_EQ(dctl0(XEN_DOMCTL_unpausedomain, 0), -XEN_EINVAL);
    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)&ctx;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_setvcpucontext, 0), -XEN_EINVAL);
}

/* The running peer: its contexts need a pause (-EBUSY), its unpause one
 * too (-EINVAL); a context from an unreadable buffer is -EFAULT. */
static void running_peer(void)
{
    static vcpu_guest_context_t ctx;
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)&ctx;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_getvcpucontext, PEER), -XEN_EBUSY);
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_setvcpucontext, PEER), -XEN_EBUSY);
    EXPECT_EQ(dctl0(XEN_DOMCTL_unpausedomain, PEER), -XEN_EINVAL);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, PEER), 0);
    if (EXPECT_EQ(dctl(&op, XEN_DOMCTL_getvcpucontext, PEER), 0))
        EXPECT_TRUE(ctx.pc != 0);
    /* Already initialised by the boot-time builder. */
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_setvcpucontext, PEER), -XEN_EEXIST);
    op.u.vcpucontext.ctxt = 0x10;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_getvcpucontext, PEER), -XEN_EFAULT);
    EXPECT_EQ(dctl0(XEN_DOMCTL_unpausedomain, PEER), 0);
}

/*
 * The peer, running, is destroyed.  dom0's console back end still maps its
 * console ring, so it stays dying (a zombie) until the back end, seeing it
 * dying, lets go; destroyed again it is gone, its memory back.
 */
static void destroy_running(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };

    EXPECT_EQ(dctl0(XEN_DOMCTL_destroydomain, PEER), 0);
    if (EXPECT_EQ(dctl_info(PEER, &info), 0))
        EXPECT_TRUE(info.flags & XEN_DOMINF_dying);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, PEER), -XEN_EINVAL);
    EXPECT_EQ(xencons_back_reap(), 1);
    EXPECT_EQ(dctl0(XEN_DOMCTL_destroydomain, PEER), 0);
    EXPECT_EQ(dctl_info(PEER, &info), -XEN_ESRCH);
    EXPECT_EQ(dctl0(XEN_DOMCTL_destroydomain, PEER), -XEN_ESRCH);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, PEER), -XEN_ESRCH);
    EXPECT_TRUE(machine_free_frames() >= baseline + peer_pages);
}

static const struct test tests[] = {
    /* Free memory and the peer's pages, before. */
    TEST(baselines),
    /* Wrong interface version -EACCES; unknown or absent commands -ENOSYS. */
    TEST(version_and_cmd),
    /* Ids naming no domain, DOMID_SELF and reserved ones: -ESRCH. */
    TEST(no_such_domain),
    /* Bad createdomain configurations -EINVAL, an id in use -EEXIST. */
    TEST(bad_configs),
    /* dom0 destroying, pausing or setting a context of itself: -EINVAL. */
    TEST(self),
    /* Contexts of an unpaused domain -EBUSY; a bad buffer -EFAULT. */
    TEST(running_peer),
    /* A running domain destroyed: gone, double destroy -ESRCH, memory back. */
    TEST(destroy_running),
};

int main(void)
{
    return run_tests("domctl/hostile", tests, ARRAY_SIZE(tests));
}
