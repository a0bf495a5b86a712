/*
 * The toolstack's domctls from dom0 (this test is dom0), on domains it
 * creates itself: createdomain (any id, a chosen id, one in use), the
 * domain's state through getdomaininfo, max_mem and populate_physmap on
 * it, setdomainhandle, getvcpuinfo and max_vcpus, nested pause/unpause,
 * getvcpucontext/setvcpucontext (a root the type system validates on the
 * new domain's behalf, written by dom0 through a foreign mapping), and
 * destroydomain: afterwards the id is free again and the machine's free
 * memory is exactly its baseline - nothing leaked, however many times.
 * A domain whose frame dom0 still maps stays dying (a zombie) until the
 * mapping goes and it is destroyed again.
 */
#include <public/xen.h>
#include "../../lib/domctl.h"
#include "../../lib/mmu.h"
#include "../../lib/test.h"

#define VA (SCRATCH_VA + 5 * PAGE_SIZE)
#define NR_FRAMES 64

static xen_pfn_t mfns[NR_FRAMES + 8];
static long baseline;

static long destroy(domid_t id)
{
    return dctl0(XEN_DOMCTL_destroydomain, id);
}

static long map_foreign(domid_t dom, uint64_t mfn, bool map);

/* A first round - two domains at once, a frame of one mapped by dom0 -
 * fills the hypervisor's allocator caches and dom0's G-stage tables for
 * the scratch address; the baseline is taken after it. */
static void warm_up(void)
{
    long id = dctl_create(0, 3), id2 = dctl_create(0, 3);

    EXPECT_EQ(mmu_scratch_setup(), 0);
    if (!EXPECT_TRUE(id > 0 && id2 > 0))
        return;
    EXPECT_EQ(dctl_max_mem((domid_t)id, NR_FRAMES * 4), 0);
    EXPECT_EQ(dctl_populate((domid_t)id, mfns, NR_FRAMES), NR_FRAMES);
    EXPECT_EQ(map_foreign((domid_t)id, mfns[1], true), 0);
    EXPECT_EQ(map_foreign((domid_t)id, 0, false), 0);
    EXPECT_EQ(destroy((domid_t)id), 0);
    EXPECT_EQ(destroy((domid_t)id2), 0);
    baseline = machine_free_frames();
    EXPECT_TRUE(baseline > 0);
}

/* A new domain: paused, no memory, its VCPUs all down, not dying. */
static void create_any_id(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };
    long id = dctl_create(0, 3);

    if (!EXPECT_TRUE(id > 0 && id < DOMID_FIRST_RESERVED))
        return;
    if (EXPECT_EQ(dctl_info((domid_t)id, &info), 0)) {
        EXPECT_EQ(info.domain, id);
        EXPECT_TRUE(info.flags & XEN_DOMINF_paused);
        EXPECT_EQ(info.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown), 0);
        EXPECT_EQ(info.tot_pages, 0);
        EXPECT_EQ(info.max_vcpu_id, 2);
        EXPECT_EQ(info.nr_online_vcpus, 0);
    }
    EXPECT_EQ(destroy((domid_t)id), 0);
    EXPECT_EQ(dctl_info((domid_t)id, &info), -XEN_ESRCH);
}

/* A chosen id is given; taken again it is -EEXIST; free once destroyed. */
static void create_chosen_id(void)
{
    long any;

    EXPECT_EQ(dctl_create(42, 1), 42);
    EXPECT_EQ(dctl_create(42, 1), -XEN_EEXIST);
    any = dctl_create(DOMID_FIRST_RESERVED, 1);     /* a reserved id: any */
    if (EXPECT_TRUE(any > 0 && any != 42))
        EXPECT_EQ(destroy((domid_t)any), 0);
    EXPECT_EQ(destroy(42), 0);
    EXPECT_EQ(dctl_create(42, 1), 42);
    EXPECT_EQ(destroy(42), 0);
}

/* max_mem caps populate_physmap on the domain; getdomaininfo agrees. */
static void max_mem_and_populate(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };
    long id = dctl_create(0, 1);

    if (!EXPECT_TRUE(id > 0))
        return;
    EXPECT_EQ(dctl_max_mem((domid_t)id, NR_FRAMES * 4), 0);
    EXPECT_EQ(dctl_populate((domid_t)id, mfns, NR_FRAMES + 8), NR_FRAMES);
    if (EXPECT_EQ(dctl_info((domid_t)id, &info), 0)) {
        EXPECT_EQ(info.tot_pages, NR_FRAMES);
        EXPECT_EQ(info.max_pages, NR_FRAMES);
    }
    /* Lowered below what it has: allowed, nothing more is given. */
    EXPECT_EQ(dctl_max_mem((domid_t)id, 16), 0);
    EXPECT_EQ(dctl_populate((domid_t)id, mfns, 1), 0);
    EXPECT_EQ(destroy((domid_t)id), 0);
    EXPECT_EQ(machine_free_frames(), baseline);
}

/* setdomainhandle's UUID is getdomaininfo's. */
static void domain_handle(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };
    xen_domctl_t op;
    long id = dctl_create(0, 1);

    if (!EXPECT_TRUE(id > 0))
        return;
    memset(&op, 0, sizeof(op));
    for (unsigned int i = 0; i < 16; i++)
        op.u.setdomainhandle.handle[i] = (uint8_t)(0xa0 + i);
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_setdomainhandle, (domid_t)id), 0);
    if (EXPECT_EQ(dctl_info((domid_t)id, &info), 0))
        EXPECT_EQ(memcmp(info.handle, op.u.setdomainhandle.handle, 16), 0);
    EXPECT_EQ(destroy((domid_t)id), 0);
}

/* getvcpuinfo of each VCPU (down), past the last -EINVAL; max_vcpus
 * must match createdomain's. */
static void vcpus(void)
{
    xen_domctl_t op;
    long id = dctl_create(0, 2);

    if (!EXPECT_TRUE(id > 0))
        return;
    memset(&op, 0, sizeof(op));
    op.u.getvcpuinfo.vcpu = 1;
    if (EXPECT_EQ(dctl(&op, XEN_DOMCTL_getvcpuinfo, (domid_t)id), 0)) {
        EXPECT_EQ(op.u.getvcpuinfo.online, 0);
        EXPECT_EQ(op.u.getvcpuinfo.running, 0);
    }
    op.u.getvcpuinfo.vcpu = 2;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_getvcpuinfo, (domid_t)id), -XEN_EINVAL);
    memset(&op, 0, sizeof(op));
    op.u.max_vcpus.max = 2;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_max_vcpus, (domid_t)id), 0);
    op.u.max_vcpus.max = 3;
    EXPECT_EQ(dctl(&op, XEN_DOMCTL_max_vcpus, (domid_t)id), -XEN_EINVAL);
    EXPECT_EQ(destroy((domid_t)id), 0);
}

/* Pauses nest up to 255 (-EOVERFLOW beyond); unpausing below zero is
 * -EINVAL.  A new domain starts paused once. */
static void pause_nesting(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };
    long id = dctl_create(0, 1), rc = 0;
    unsigned int i;

    if (!EXPECT_TRUE(id > 0))
        return;
    for (i = 1; i < 255 && !rc; i++)
        rc = dctl0(XEN_DOMCTL_pausedomain, (domid_t)id);
    EXPECT_EQ(rc, 0);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, (domid_t)id), -XEN_EOVERFLOW);
    for (i = 0; i < 255 && !rc; i++)
        rc = dctl0(XEN_DOMCTL_unpausedomain, (domid_t)id);
    EXPECT_EQ(rc, 0);
    if (EXPECT_EQ(dctl_info((domid_t)id, &info), 0))
        EXPECT_EQ(info.flags & XEN_DOMINF_paused, 0);
    EXPECT_EQ(dctl0(XEN_DOMCTL_unpausedomain, (domid_t)id), -XEN_EINVAL);
    EXPECT_EQ(dctl0(XEN_DOMCTL_pausedomain, (domid_t)id), 0);
    EXPECT_EQ(destroy((domid_t)id), 0);
}

/* Map frame mfn of domain dom at VA in this domain (val 0: unmap). */
static long map_foreign(domid_t dom, uint64_t mfn, bool map)
{
    mmu_update_t u = { .ptr = leaf_ma(VA),
                       .val = map ? pte_make(mfn, PTE_R | PTE_W | PTE_V) : 0 };
    unsigned int done = 0;
    long rc = HYPERVISOR_mmu_update(&u, 1, &done, dom);

    if (!rc)
        rc = mmuext1(MMUEXT_TLB_FLUSH_LOCAL, 0);
    return rc;
}

static long vcpu_context(domid_t id, uint32_t cmd, uint32_t vcpu, vcpu_guest_context_t *ctx)
{
    xen_domctl_t op;

    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.vcpu = vcpu;
    op.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)ctx;
    return dctl(&op, cmd, id);
}

#define SATP_SV39 (8UL << 60)

/*
 * A root written by dom0 through a foreign mapping (zeroed: an empty
 * table) is validated for the new domain by setvcpucontext; a root that is
 * not the domain's, a wrong mode, bad flags and a second context are
 * refused; getvcpucontext gives back what was set.
 */
static void vcpu_contexts(void)
{
    static vcpu_guest_context_t ctx, back;
    long id = dctl_create(0, 2);

    if (!EXPECT_TRUE(id > 0))
        return;
    EXPECT_EQ(dctl_max_mem((domid_t)id, 16 * 4), 0);
    if (!EXPECT_EQ(dctl_populate((domid_t)id, mfns, 16), 16))
        goto out;
    if (EXPECT_EQ(map_foreign((domid_t)id, mfns[3], true), 0)) {
        memset((void *)VA, 0, PAGE_SIZE);
        EXPECT_EQ(map_foreign((domid_t)id, 0, false), 0);
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.pc = 0x40000000;
    ctx.x[10] = 0x1234;
    ctx.satp = SATP_SV39 | mfns[3];
    ctx.flags = VGCF_online;
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_getvcpucontext, 2, &back), -XEN_EINVAL);
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 2, &ctx), -XEN_EINVAL);
    /* dom0's own root is not the new domain's frame. */
    ctx.satp = SATP_SV39 | pt_current_root();
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 0, &ctx), -XEN_EINVAL);
    ctx.satp = (9UL << 60) | mfns[3];
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 0, &ctx), -XEN_EINVAL);
    ctx.satp = SATP_SV39 | mfns[3];
    ctx.flags = 0x80;
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 0, &ctx), -XEN_EINVAL);
    ctx.flags = VGCF_online;
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 0, &ctx), 0);
    EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_setvcpucontext, 0, &ctx), -XEN_EEXIST);
    if (EXPECT_EQ(vcpu_context((domid_t)id, XEN_DOMCTL_getvcpucontext, 0, &back), 0)) {
        EXPECT_EQ_HEX(back.pc, 0x40000000);
        EXPECT_EQ_HEX(back.x[10], 0x1234);
        EXPECT_EQ_HEX(back.satp & ((1UL << 44) - 1), mfns[3]);
        EXPECT_EQ(back.flags, VGCF_online);
    }
 out:
    EXPECT_EQ(destroy((domid_t)id), 0);
    EXPECT_EQ(machine_free_frames(), baseline);
}

/* A frame of the domain still mapped by dom0 keeps it dying; once
 * unmapped, destroying it again finishes it and frees everything. */
static void zombie(void)
{
    struct xen_domctl_getdomaininfo info = { 0 };
    long id = dctl_create(0, 1);

    if (!EXPECT_TRUE(id > 0))
        return;
    EXPECT_EQ(dctl_max_mem((domid_t)id, 8 * 4), 0);
    EXPECT_EQ(dctl_populate((domid_t)id, mfns, 8), 8);
    if (!EXPECT_EQ(map_foreign((domid_t)id, mfns[5], true), 0))
        goto out;
    *(volatile uint64_t *)VA = 0x5a5a;
    EXPECT_EQ(destroy((domid_t)id), 0);
    if (EXPECT_EQ(dctl_info((domid_t)id, &info), 0)) {
        EXPECT_TRUE(info.flags & XEN_DOMINF_dying);
        EXPECT_EQ(info.tot_pages, 1);
    }
    EXPECT_EQ(*(volatile uint64_t *)VA, 0x5a5a);    /* still a real frame */
    EXPECT_EQ(dctl_create((domid_t)id, 1), -XEN_EEXIST);
    EXPECT_EQ(map_foreign((domid_t)id, 0, false), 0);
 out:
    EXPECT_EQ(destroy((domid_t)id), 0);
    EXPECT_EQ(dctl_info((domid_t)id, &info), -XEN_ESRCH);
    EXPECT_EQ(destroy((domid_t)id), -XEN_ESRCH);
    EXPECT_EQ(machine_free_frames(), baseline);
}

/* Many create/populate/destroy rounds: free memory at its baseline. */
static void cycles(void)
{
    long bad = 0;

    for (unsigned int i = 0; i < 50 && !bad; i++) {
        long id = dctl_create(0, 2);

        if (id <= 0 || dctl_max_mem((domid_t)id, NR_FRAMES * 4) ||
            dctl_populate((domid_t)id, mfns, NR_FRAMES) != NR_FRAMES || destroy((domid_t)id))
            bad = i + 1;
    }
    EXPECT_EQ(bad, 0);
    EXPECT_EQ(machine_free_frames(), baseline);
}

static const struct test tests[] = {
    /* A first round, then the machine's free memory as the baseline. */
    TEST(warm_up),
    /* createdomain with id 0 picks one; the domain is paused and empty. */
    TEST(create_any_id),
    /* A chosen id, the same id again (-EEXIST), reuse after destruction. */
    TEST(create_chosen_id),
    /* max_mem limits populate_physmap on the domain; no leak after. */
    TEST(max_mem_and_populate),
    /* setdomainhandle, read back through getdomaininfo. */
    TEST(domain_handle),
    /* getvcpuinfo and max_vcpus. */
    TEST(vcpus),
    /* Nested pauses, -EOVERFLOW, -EINVAL below zero. */
    TEST(pause_nesting),
    /* setvcpucontext validates the root for the domain; getvcpucontext. */
    TEST(vcpu_contexts),
    /* A mapped frame keeps a destroyed domain dying until unmapped. */
    TEST(zombie),
    /* 50 create/populate/destroy cycles leave free memory unchanged. */
    TEST(cycles),
};

int main(void)
{
    return run_tests("domctl/lifecycle", tests, ARRAY_SIZE(tests));
}
