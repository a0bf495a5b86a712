/*
 * A guest that loads satp itself (QEMU 7.2 does not trap the write)
 * with page tables it built in its own writable memory stays inside its
 * own frames: the G-stage, not the validator, decides (DESIGN 3).  Through
 * such a table the guest reads its own memory (the control case), reads
 * but cannot write its own page-table frames (read-only in the G-stage),
 * and any access to a frame that is not its own - the hypervisor's,
 * OpenSBI's, another domain's, free memory, device MMIO, also through a
 * self-made superpage - is an access fault reflected to the guest, never
 * the frame's contents.  The one exception is the M2P, which every domain
 * may read (public/memory.h).  The domain then switches back and runs on.
 */
#include <string.h>
#include <pagetable.h>
#include "../../lib/catch.h"
#include "../../lib/memory.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

#ifndef TEST_TITLE
#define TEST_TITLE "mmu/satp_direct"
#endif
#define TEST_VA   0x2000000000UL          /* root slot 128: unused by the image */
#define SATP_SV39 (8UL << 60)

static uint64_t *root, *l1, *l0;
static unsigned long old_satp;
static uint64_t *own_page;

static void sfence(void)
{
    __asm__ volatile("sfence.vma" ::: "memory");
}

/* The self-made tables: a copy of the current root plus root[128] -> l1 -> l0,
 * all in ordinary writable pages the hypervisor never validated. */
static void build_tables(void)
{
    root = alloc_page();
    l1 = alloc_page();
    l0 = alloc_page();
    own_page = alloc_page();
    if (!EXPECT_TRUE(root && l1 && l0 && own_page)) {
        root = NULL;
        return;
    }
    memcpy(root, (void *)start_info->pt_base, PAGE_SIZE);
    root[pt_index(TEST_VA, 2)] = pte_make(virt_to_mfn(l1), PTE_V);
    l1[0] = pte_make(virt_to_mfn(l0), PTE_V);
    own_page[0] = 0x0123456789abcdefULL;
    old_satp = csr_read(satp);
}

static void set_leaf(unsigned int i, uint64_t mfn, uint64_t flags)
{
    l0[i] = pte_make(mfn, flags | PTE_V | PTE_A | PTE_D);
}

static void enter(void)
{
    csr_write(satp, SATP_SV39 | virt_to_mfn(root));
    sfence();
}

static void leave(void)
{
    csr_write(satp, old_satp);
    sfence();
}

#define SENTINEL 0xfeedfacefeedfaceULL

/* One load whose destination starts as SENTINEL: a faulting load is
 * skipped and leaves it so. */
static uint64_t probe_load(unsigned long va)
{
    uint64_t v = SENTINEL;

    __asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(va) : "memory");
    return v;
}

/* Read 8 bytes at va under the self-made tables; the fault (if any) in *c. */
static uint64_t read_through(unsigned long va, struct caught *c)
{
    uint64_t v;

    enter();
    catch_begin(c);
    v = probe_load(va);
    catch_end();
    leave();
    return v;
}

static void write_through(unsigned long va, uint64_t val, struct caught *c)
{
    enter();
    catch_begin(c);
    *(volatile uint64_t *)va = val;
    catch_end();
    leave();
}

static void expect_load_fault(unsigned int slot, uint64_t mfn)
{
    struct caught c;
    uint64_t v;

    set_leaf(slot, mfn, PTE_R | PTE_W);
    v = read_through(TEST_VA + slot * PAGE_SIZE, &c);
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 5);                      /* load access fault */
    EXPECT_EQ_HEX(v, SENTINEL);                  /* nothing was read */
}

/* Control: the self-made table works for the guest's own frame. */
static void own_frame_readable(void)
{
    struct caught c;

    if (!root)
        return;
    set_leaf(0, virt_to_mfn(own_page), PTE_R | PTE_W);
    EXPECT_EQ_HEX(read_through(TEST_VA, &c), 0x0123456789abcdefULL);
    EXPECT_EQ(c.count, 0);
    write_through(TEST_VA, 42, &c);
    EXPECT_EQ(c.count, 0);
    EXPECT_EQ(own_page[0], 42);
}

/* Own page-table frame mapped writable: readable, the write faults. */
static void own_page_table_read_only(void)
{
    uint64_t pt = virt_to_mfn((void *)start_info->pt_base);
    uint64_t before = ((uint64_t *)start_info->pt_base)[0];
    struct caught c;

    if (!root)
        return;
    set_leaf(1, pt, PTE_R | PTE_W);
    EXPECT_EQ_HEX(read_through(TEST_VA + PAGE_SIZE, &c), before);
    EXPECT_EQ(c.count, 0);
    write_through(TEST_VA + PAGE_SIZE, ~0ULL, &c);
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 7);                      /* store access fault */
    EXPECT_EQ_HEX(((uint64_t *)start_info->pt_base)[0], before);
}

/* The hypervisor image and OpenSBI: load access faults. */
static void hypervisor_and_firmware(void)
{
    if (!root)
        return;
    expect_load_fault(2, 0x80200);
    expect_load_fault(3, 0x80000);
    expect_load_fault(4, 0x8001f);
}

static xen_pfn_t m2p_frames[512];
static unsigned int nr_m2p;

/* The M2P's frames: readable by every domain, by design (memory.h). */
static bool is_m2p(uint64_t mfn)
{
    for (unsigned int i = 0; i < nr_m2p; i++)
        if (m2p_frames[i] == mfn)
            return true;
    return false;
}

/* Frames of RAM that are not ours (other domains', free): load faults;
 * the M2P, readable by everyone, reads. */
static void foreign_ram(void)
{
    struct xen_machphys_mfn_list l = { .max_extents = 512,
                                       .extent_start = (uint64_t)(uintptr_t)m2p_frames };
    long max = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    unsigned int n = 0;
    struct caught c;

    if (!root || !EXPECT_EQ(HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0))
        return;
    nr_m2p = l.nr_extents;
    EXPECT_TRUE(nr_m2p > 0);
    set_leaf(30, m2p_frames[0], PTE_R);
    EXPECT_NE(read_through(TEST_VA + 30 * PAGE_SIZE, &c), SENTINEL);
    EXPECT_EQ(c.count, 0);
    for (uint64_t mfn = max - 1; mfn > 0x80400 && n < 8; mfn -= 97) {
        if (mem_in_p2m(mfn) || is_m2p(mfn))
            continue;
        expect_load_fault(5 + n, mfn);
        n++;
    }
    EXPECT_EQ(n, 8);
}

/* Device MMIO the domain has no access to (the UART, the PLIC). */
static void unowned_mmio(void)
{
    if (!root)
        return;
    expect_load_fault(20, 0x10000);
    expect_load_fault(21, 0xc000);
}

/* A self-made 2 MiB superpage over the hypervisor: faults all the same. */
static void superpage_over_hypervisor(void)
{
    struct caught c;
    uint64_t v;

    if (!root)
        return;
    l1[1] = pte_make(0x80200, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    v = read_through(TEST_VA + (1UL << 21) + 0x1000, &c);
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 5);
    EXPECT_EQ_HEX(v, SENTINEL);
}

/* Back on its own tables the domain runs on normally. */
static void runs_on(void)
{
    EXPECT_EQ_HEX(csr_read(satp), old_satp);
    EXPECT_TRUE(HYPERVISOR_xen_version(XENVER_version, NULL) > 0);
    EXPECT_EQ(mem_current(), start_info->nr_pages);
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* the self-made tables are built in four ordinary pages. */
    TEST(build_tables),
    /* control: own frames read and write through the self-made table. */
    TEST(own_frame_readable),
    /* own page-table frame: reads work, the write is a store access fault. */
    TEST(own_page_table_read_only),
    /* hypervisor image and OpenSBI frames: load access faults, nothing read. */
    TEST(hypervisor_and_firmware),
    /* RAM outside the domain (other domains, free): load access faults. */
    TEST(foreign_ram),
    /* unowned MMIO (UART, PLIC): load access faults. */
    TEST(unowned_mmio),
    /* a self-made superpage over the hypervisor: load access fault. */
    TEST(superpage_over_hypervisor),
    /* the domain is back on its own satp and unharmed. */
    TEST(runs_on),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests(TEST_TITLE, tests, ARRAY_SIZE(tests));
}
