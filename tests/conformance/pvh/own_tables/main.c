/*
 * The guest owns vsatp and its VS-stage tables: it builds Sv39 tables in
 * its own RAM with no hypercall, turns translation on, and its own page
 * faults reach its handler directly (delegated: scause 13/15/12, stval
 * the virtual address).  A VS-stage mapping of a p2m hole still faults as
 * an access fault with the virtual address.
 */
#include "pvh.h"

#define PTE_V 1UL
#define PTE_R 2UL
#define PTE_W 4UL
#define PTE_X 8UL
#define PTE_A 0x40UL
#define PTE_D 0x80UL
#define VA 0x40000000UL

static uint64_t *root, *l1, *l0;
static unsigned long data_page, ro_page;

static uint64_t pte(unsigned long pa, uint64_t flags)
{
    return ((pa >> 12) << 10) | flags | PTE_V;
}

static void tables_on(void)
{
    unsigned long satp = (8UL << 60) | ((unsigned long)root >> 12);

    __asm__ volatile("csrw satp, %0\n\tsfence.vma" :: "r"(satp) : "memory");
}

static void tables_off(void)
{
    __asm__ volatile("csrw satp, zero\n\tsfence.vma" ::: "memory");
}

/* Identity gigapage for RAM (code, stack, tables), VA -> a data page, a
 * read-only page, a hole, nothing. */
static void build(void)
{
    root = (uint64_t *)free_page(0);
    l1 = (uint64_t *)free_page(1);
    l0 = (uint64_t *)free_page(2);
    data_page = free_page(3);
    ro_page = free_page(4);
    memset(root, 0, 3 * PAGE_SIZE);
    root[2] = pte(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    root[1] = pte((unsigned long)l1, 0);
    l1[0] = pte((unsigned long)l0, 0);
    l0[0] = pte(data_page, PTE_R | PTE_W | PTE_A | PTE_D);
    l0[1] = pte(ro_page, PTE_R | PTE_A);
    l0[2] = pte(0x10000000UL, PTE_R | PTE_W | PTE_A | PTE_D);
    *(volatile unsigned long *)data_page = 0xabcdef;
    *(volatile unsigned long *)ro_page = 0x5555;
}

/* Translation through the guest's own tables, set with no hypercall. */
static void own_translation(void)
{
    build();
    tables_on();
    EXPECT_EQ(csr_read(satp) >> 60, 8);
    EXPECT_EQ(*(volatile unsigned long *)VA, 0xabcdef);
    EXPECT_EQ(*(volatile unsigned long *)(VA + PAGE_SIZE), 0x5555);
    *(volatile unsigned long *)VA = 7;
    tables_off();
    EXPECT_EQ(*(volatile unsigned long *)data_page, 7);
}

/* Its own page faults: load (13) and store (15) with stval = the VA. */
static void own_page_faults(void)
{
    struct pvh_caught c;

    tables_on();
    catch_begin(&c);
    probe_read(VA + 3 * PAGE_SIZE + 16);
    catch_end();
    EXPECT_EQ(c.scause, 13);
    EXPECT_EQ(c.stval, VA + 3 * PAGE_SIZE + 16);
    catch_begin(&c);
    probe_write(VA + PAGE_SIZE + 8, 1);
    catch_end();
    EXPECT_EQ(c.scause, 15);
    EXPECT_EQ(c.stval, VA + PAGE_SIZE + 8);
    tables_off();
    EXPECT_EQ(*(volatile unsigned long *)ro_page, 0x5555);
}

/* A fetch from an unmapped VA: instruction page fault (12). */
static void own_fetch_fault(void)
{
    struct pvh_caught c;
    void (*jump)(void) = (void (*)(void))(VA + 4 * PAGE_SIZE);

    tables_on();
    catch_begin(&c);
    jump();
    catch_end();
    tables_off();
    EXPECT_EQ(c.scause, 12);
    EXPECT_EQ(c.stval, VA + 4 * PAGE_SIZE);
}

/* The guest maps a p2m hole: the G-stage refuses it, the guest gets a
 * load access fault with its virtual address. */
static void mapped_hole_faults(void)
{
    struct pvh_caught c;

    tables_on();
    catch_begin(&c);
    probe_read(VA + 2 * PAGE_SIZE);
    catch_end();
    tables_off();
    EXPECT_EQ(c.scause, 5);
    EXPECT_EQ(c.stval, VA + 2 * PAGE_SIZE);
}

/* Changing its own entry and sfence.vma is enough. */
static void remap_with_sfence(void)
{
    tables_on();
    l0[0] = pte(ro_page, PTE_R | PTE_A);
    __asm__ volatile("sfence.vma" ::: "memory");
    EXPECT_EQ(*(volatile unsigned long *)VA, 0x5555);
    tables_off();
}

static const struct pvh_test tests[] = {
    PVH_TEST(own_translation),
    PVH_TEST(own_page_faults),
    PVH_TEST(own_fetch_fault),
    PVH_TEST(mapped_hole_faults),
    PVH_TEST(remap_with_sfence),
};

void pvh_main(void)
{
    pvh_run("pvh/own_tables", tests, ARRAY_SIZE(tests));
}
