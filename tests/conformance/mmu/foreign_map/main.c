/*
 * A leaf may map only what the domain may touch.  Mapping a frame of the
 * hypervisor image, OpenSBI's region, RAM that is not ours (other domains'
 * or free), a frame we gave back, or an out-of-range MFN is -EINVAL; device
 * MMIO the domain was not given is -EPERM.  Each refusal leaves the entry
 * empty, the domain's pages unchanged, and - with the same rules through
 * update_va_mapping - nothing mapped.  The M2P is readable by everyone,
 * never writable.  (Runs with maxmem=20 for the given-back frame.)
 * The domain's own grant-table frames, shared with it by the hypervisor
 * from its creation on (GNTTABOP_setup_table lists them), are its to map
 * and are left out of the sweep, as the M2P is.
 */
#include <public/grant_table.h>
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

#ifndef TEST_TITLE
#define TEST_TITLE "mmu/foreign_map"
#endif
#define VA (SCRATCH_VA + 3 * PAGE_SIZE)

static xen_pfn_t m2p[512];
static xen_pfn_t grant_frames[4];

/* The MFNs of this domain's grant-table frames, as many as it has now; their
 * number, or -errno. */
static long own_grant_frames(void)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct gnttab_setup_table st = { .dom = DOMID_SELF,
                                     .frame_list = (uint64_t)(uintptr_t)grant_frames };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);

    if (rc || q.status)
        return rc ? rc : q.status;
    st.nr_frames = q.nr_frames < ARRAY_SIZE(grant_frames) ? q.nr_frames
                                                          : ARRAY_SIZE(grant_frames);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    return rc ? rc : st.status ? st.status : (long)st.nr_frames;
}

static bool ready;
static long baseline;

static void setup(void)
{
    ready = mmu_scratch_setup() == 0;
    baseline = mem_current();
    EXPECT_TRUE(ready);
}

static void expect_refused(const char *what, uint64_t mfn, uint64_t prot, long want)
{
    long rc = mmu1(leaf_ma(VA), pte_make(mfn, prot | PTE_V), NULL);
    long rc2 = HYPERVISOR_update_va_mapping(VA, pte_make(mfn, prot | PTE_V), UVMF_INVLPG);

    if (rc != want || rc2 != want || leaf_val(VA) != 0)
        xtf_failure("%s (mfn %#lx): mmu_update %ld, update_va_mapping %ld, entry %#lx; "
                    "expected %ld", what, (unsigned long)mfn, rc, rc2,
                    (unsigned long)leaf_val(VA), want);
    else
        EXPECT_TRUE(true);
}

/* The hypervisor image, OpenSBI, and every RAM frame outside the domain
 * (other domains', free memory), the M2P and our grant frames excepted. */
static void not_our_ram(void)
{
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    long nm2p = mem_m2p_frames(m2p, 512);
    long ngrant = own_grant_frames();
    unsigned long tried = 0, wrong = 0;

    if (!ready || !EXPECT_TRUE(nm2p > 0) || !EXPECT_TRUE(ngrant >= 0))
        return;
    expect_refused("hypervisor image", 0x80200, PTE_R, -XEN_EINVAL);
    expect_refused("hypervisor image RW", 0x80201, PTE_R | PTE_W, -XEN_EINVAL);
    expect_refused("OpenSBI", 0x80000, PTE_R, -XEN_EINVAL);
    expect_refused("OpenSBI RWX", 0x80010, PTE_R | PTE_W | PTE_X, -XEN_EINVAL);
    for (uint64_t mfn = 0x80000; mfn < (uint64_t)max; mfn++) {
        long rc;

        if (mem_in_p2m(mfn) || mem_in_list(m2p, nm2p, mfn) ||
            mem_in_list(grant_frames, ngrant, mfn))
            continue;
        tried++;
        rc = mmu1(leaf_ma(VA), pte_make(mfn, PTE_V | PTE_R), NULL);
        if (rc != -XEN_EINVAL && wrong++ == 0)
            xtf_failure("RAM frame %#lx not ours: mmu_update %ld, expected -EINVAL",
                        (unsigned long)mfn, rc);
        if (rc == 0)
            mmu1(leaf_ma(VA), 0, NULL);
    }
    EXPECT_EQ(wrong, 0);
    EXPECT_TRUE(tried > 10000);
    EXPECT_EQ(leaf_val(VA), 0);
}

/* The M2P: read-only mappings only. */
static void m2p_read_only(void)
{
    long nm2p = mem_m2p_frames(m2p, 512);

    if (!ready || !EXPECT_TRUE(nm2p > 0))
        return;
    expect_refused("M2P frame RW", m2p[0], PTE_R | PTE_W, -XEN_EINVAL);
    expect_refused("M2P frame RWX", m2p[nm2p - 1], PTE_R | PTE_W | PTE_X, -XEN_EINVAL);
    EXPECT_EQ(mmu1(leaf_ma(VA), pte_make(m2p[0], PTE_V | PTE_R), NULL), 0);
    EXPECT_EQ(mmu1(leaf_ma(VA), 0, NULL), 0);
}

/* A frame we gave back is no longer ours.  (As dom0, which has no
 * headroom over its reservation, the frame comes from giving one back
 * first would not free it: the check is the domU variant's.) */
static void given_back_frame(void)
{
    xen_pfn_t m;

    if (test_is_privileged()) {
        EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 0, 0, DOMID_SELF), 0);
        return;
    }
    if (!ready || !EXPECT_EQ(mem_reservation(XENMEM_increase_reservation, &m, 1, 0, 0,
                                             DOMID_SELF), 1))
        return;
    EXPECT_EQ(mmu1(leaf_ma(VA), pte_make(m, PTE_V | PTE_R), NULL), 0);     /* ours: fine */
    EXPECT_EQ(mmu1(leaf_ma(VA), 0, NULL), 0);
    EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, &m, 1, 0, 0, DOMID_SELF), 1);
    expect_refused("frame given back", m, PTE_R, -XEN_EINVAL);
    EXPECT_EQ(mem_current(), baseline);
}

/* MFNs beyond RAM and beyond the PPN: refused. */
static void out_of_range(void)
{
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    if (!ready)
        return;
    expect_refused("maximum_ram_page", max, PTE_R, -XEN_EPERM);
    expect_refused("largest PPN", (1UL << 44) - 1, PTE_R, -XEN_EPERM);
}

/* Device MMIO nobody granted us (UART, PLIC, CLINT; virtio-mmio unless
 * dom0, which has it): -EPERM. */
static void unowned_mmio(void)
{
    if (!ready)
        return;
    expect_refused("UART", 0x10000, PTE_R | PTE_W, -XEN_EPERM);
    expect_refused("PLIC", 0xc000, PTE_R | PTE_W, -XEN_EPERM);
    expect_refused("CLINT", 0x2000, PTE_R, -XEN_EPERM);
    if (!test_is_privileged()) {
        expect_refused("virtio-mmio", 0x10001, PTE_R, -XEN_EPERM);
        return;
    }
    /* dom0 drives the virtio-mmio devices: that MMIO it may map. */
    EXPECT_EQ(mmu1(leaf_ma(VA), pte_make(0x10001, PTE_V | PTE_R | PTE_W), NULL), 0);
    EXPECT_EQ(mmu1(leaf_ma(VA), 0, NULL), 0);
}

/* After all that: the domain's reservation is unchanged and it runs on. */
static void unharmed(void)
{
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_TRUE(HYPERVISOR_xen_version(XENVER_version, NULL) > 0);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the scratch tables exist. */
    TEST(setup),
    /* hypervisor, OpenSBI and every foreign RAM frame: -EINVAL, nothing mapped. */
    TEST(not_our_ram),
    /* the M2P maps read-only, never writable. */
    TEST(m2p_read_only),
    /* a frame given back by decrease_reservation: -EINVAL. */
    TEST(given_back_frame),
    /* MFNs past RAM and the largest PPN: -EPERM (not RAM, no MMIO permission). */
    TEST(out_of_range),
    /* unowned MMIO: -EPERM. */
    TEST(unowned_mmio),
    /* tot_pages unchanged, the domain runs on. */
    TEST(unharmed),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests(TEST_TITLE, tests, ARRAY_SIZE(tests));
}
