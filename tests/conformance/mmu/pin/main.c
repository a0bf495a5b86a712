/*
 * Pins and base pointers (xen-abi.md 9.2, 9.3 rules 7 and 8).  Pinning
 * twice and unpinning what is not pinned are -EINVAL, as is PIN_L4 (no
 * Sv39 meaning), a frame that is not ours or out of range, a frame mapped
 * writable, and a table with one bad entry - after which the frame is
 * untyped again (writable once more).  NEW_BASEPTR refuses a writable
 * frame, a leaf table, a foreign frame and a root with a bad entry, and
 * accepts a good pinned root.  Unpinning the root in use is allowed as in
 * Xen: the base pointer keeps it a root, and the domain runs on.
 */
#include <string.h>
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static void *ro_page(void)
{
    void *p = alloc_page();

    if (p && pt_physmap_protect(p, 0)) {
        free_page(p);
        return NULL;
    }
    return p;
}

static void release(void *p)
{
    EXPECT_EQ(pt_physmap_protect(p, 1), 0);
    free_page(p);
}

/* pin, pin again, unpin, unpin again. */
static void double_pin_and_unpin(void)
{
    void *t = ro_page();
    uint64_t m;

    if (!EXPECT_TRUE(t != NULL))
        return;
    m = virt_to_mfn(t);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, m), 0);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, m), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L2_TABLE, m), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, m), 0);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, m), -XEN_EINVAL);
    release(t);
}

/* PIN_L4, frames not ours, out of range, a writable page: -EINVAL. */
static void bad_pin_targets(void)
{
    void *rw = alloc_page();
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

    EXPECT_EQ(mmuext1(MMUEXT_PIN_L4_TABLE, virt_to_mfn(rw)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(rw)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, 0x80200), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L3_TABLE, 0x80000), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, max), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, ~0UL), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, ~0UL), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, 0x80200), -XEN_EINVAL);
    free_page(rw);
}

/* A leaf table whose 511 first entries are good and entry 511 maps the
 * hypervisor: the pin fails, and the frame is not left typed. */
static void pin_with_bad_entry(void)
{
    uint64_t *t = alloc_page();
    void *data = alloc_page();

    if (!EXPECT_TRUE(t && data))
        return;
    for (unsigned int i = 0; i < 511; i++)
        t[i] = pte_make(virt_to_mfn(data), PTE_V | PTE_R | PTE_A);
    t[511] = pte_make(0x80200, PTE_V | PTE_R | PTE_A);
    EXPECT_EQ(pt_physmap_protect(t, 0), 0);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(t)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, virt_to_mfn(t)), -XEN_EINVAL);
    /* Not a table: its physmap entry may be writable again, and the data
     * page (511 references taken and dropped) can become a table itself. */
    EXPECT_EQ(pt_physmap_protect(t, 1), 0);
    memset(data, 0, PAGE_SIZE);
    EXPECT_EQ(pt_physmap_protect(data, 0), 0);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(data)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(data)), 0);
    release(data);
    free_page(t);
}

/* NEW_BASEPTR: writable page, leaf table, foreign frame: -EINVAL. */
static void bad_base_pointers(void)
{
    void *rw = alloc_page();
    void *l0 = ro_page();

    if (!EXPECT_TRUE(rw && l0))
        return;
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, virt_to_mfn(rw)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(l0)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, virt_to_mfn(l0)), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(l0)), 0);
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, 0x80200), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_NEW_BASEPTR, ~0UL), -XEN_EINVAL);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, 1);
    release(l0);
    free_page(rw);
}

/* A good clone of the root: pinned, switched to, switched back, destroyed. */
static void good_base_pointer(void)
{
    uint64_t orig = pt_current_root(), clone;

    if (!EXPECT_EQ(as_clone(orig, &clone), 0))
        return;
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L3_TABLE, clone), -XEN_EINVAL);   /* pinned already */
    EXPECT_EQ(as_switch(clone), 0);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, 1);
    EXPECT_EQ(as_destroy(clone), -XEN_EINVAL);                     /* in use: library refuses */
    EXPECT_EQ(as_switch(orig), 0);
    EXPECT_EQ(as_destroy(clone), 0);
}

/* Unpinning the root in use: allowed; the domain runs on; pin it again. */
static void unpin_root_in_use(void)
{
    uint64_t root = pt_current_root();

    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, root), 0);
    EXPECT_EQ(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, 1);
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, root), -XEN_EINVAL);
    EXPECT_EQ(mmuext1(MMUEXT_PIN_L3_TABLE, root), 0);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* pin twice / unpin twice: the second of each is -EINVAL. */
    TEST(double_pin_and_unpin),
    /* PIN_L4, writable, foreign, out-of-range frames: -EINVAL. */
    TEST(bad_pin_targets),
    /* a table with one bad entry does not pin and is left untyped. */
    TEST(pin_with_bad_entry),
    /* NEW_BASEPTR to a writable page, a leaf table, foreign frames: -EINVAL. */
    TEST(bad_base_pointers),
    /* a validated clone root is switched to and back, then destroyed. */
    TEST(good_base_pointer),
    /* unpinning the root in use succeeds (Xen) and harms nothing. */
    TEST(unpin_root_in_use),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("mmu/pin", tests, ARRAY_SIZE(tests));
}
