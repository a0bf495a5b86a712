/*
 * A leaf may map only what the domain may touch.  Mapping a frame of the
 * hypervisor image, OpenSBI's region, RAM that is not ours (other domains'
 * or free), a frame we gave back, or an out-of-range MFN is -EINVAL; device
 * MMIO the domain was not given is -EPERM.  Each refusal leaves the entry
 * empty, the domain's pages unchanged, and - with the same rules through
 * update_va_mapping - nothing mapped.  The M2P is readable by everyone,
 * never writable.  (Runs with maxmem=20 for the given-back frame.)
 */
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/test.h"

#define VA (SCRATCH_VA + 3 * PAGE_SIZE)

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

static xen_pfn_t m2p[512];

/* The hypervisor image, OpenSBI, RAM outside the domain (but the M2P). */
static void not_our_ram(void)
{
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    long nm2p = mem_m2p_frames(m2p, 512);
    unsigned int n = 0;

    if (!ready || !EXPECT_TRUE(nm2p > 0))
        return;
    expect_refused("hypervisor image", 0x80200, PTE_R, -XEN_EINVAL);
    expect_refused("hypervisor image RW", 0x80201, PTE_R | PTE_W, -XEN_EINVAL);
    expect_refused("OpenSBI", 0x80000, PTE_R, -XEN_EINVAL);
    expect_refused("OpenSBI RWX", 0x80010, PTE_R | PTE_W | PTE_X, -XEN_EINVAL);
    for (uint64_t mfn = max - 1; mfn > 0x80400 && n < 16; mfn -= 61) {
        if (mem_in_p2m(mfn) || mem_in_list(m2p, nm2p, mfn))
            continue;
        expect_refused("RAM not ours", mfn, PTE_R, -XEN_EINVAL);
        n++;
    }
    EXPECT_EQ(n, 16);
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

/* A frame we gave back is no longer ours. */
static void given_back_frame(void)
{
    xen_pfn_t m;

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

/* Device MMIO nobody granted us (UART, PLIC, CLINT): -EPERM. */
static void unowned_mmio(void)
{
    if (!ready)
        return;
    expect_refused("UART", 0x10000, PTE_R | PTE_W, -XEN_EPERM);
    expect_refused("PLIC", 0xc000, PTE_R | PTE_W, -XEN_EPERM);
    expect_refused("CLINT", 0x2000, PTE_R, -XEN_EPERM);
    expect_refused("virtio-mmio", 0x10001, PTE_R, -XEN_EPERM);
}

/* After all that: the domain's reservation is unchanged and it runs on. */
static void unharmed(void)
{
    EXPECT_EQ(mem_current(), baseline);
    EXPECT_TRUE(HYPERVISOR_xen_version(XENVER_version, NULL) > 0);
}

static const struct test tests[] = {
    /* the scratch tables exist. */
    TEST(setup),
    /* hypervisor, OpenSBI and foreign RAM frames: -EINVAL, nothing mapped. */
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
};

int main(void)
{
    return run_tests("mmu/foreign_map", tests, ARRAY_SIZE(tests));
}
