/*
 * The p2m's mapping rules, seen from inside: RAM and the two ring pages
 * are there, read-write; everything else is a hole, and touching a hole
 * gives the guest the access fault of the access (load 5, store 7, fetch
 * 1) with stval = the address, not a crash.
 */
#include "pvh.h"

#define HOLE_LOW    0x10000000UL           /* the host's UART: not ours */
#define RAM_END     (RAM_BASE + (16UL << 20))

/* Reads of holes: a load access fault each, stval the address. */
static void holes_fault_on_read(void)
{
    static const unsigned long holes[] = { HOLE_LOW, GUEST_GNTTAB_BASE, GUEST_MAGIC_BASE + 0x2000,
                                           RAM_END, RAM_BASE - PAGE_SIZE, 1UL << 40 };
    struct pvh_caught c;

    for (unsigned int i = 0; i < ARRAY_SIZE(holes); i++)
        EXPECT_EQ(read_fault(holes[i]), 5);
    catch_begin(&c);
    probe_read(HOLE_LOW + 0x18);
    catch_end();
    EXPECT_EQ(c.stval, HOLE_LOW + 0x18);
}

/* A store to a hole: a store access fault; a fetch: an instruction one. */
static void holes_fault_on_write_and_fetch(void)
{
    struct pvh_caught c;
    void (*jump)(void) = (void (*)(void))GUEST_GNTTAB_BASE;

    catch_begin(&c);
    probe_write(GUEST_GNTTAB_BASE + 8, 1);
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 7);
    EXPECT_EQ(c.stval, GUEST_GNTTAB_BASE + 8);
    catch_begin(&c);
    jump();
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 1);
}

/* RAM, first page to last, and the ring pages read and write. */
static void ram_and_rings_mapped(void)
{
    const unsigned long pages[] = { free_page(0), RAM_BASE + (8UL << 20),
                                           RAM_END - (64UL << 10), GUEST_MAGIC_BASE,
                                           GUEST_MAGIC_BASE + PAGE_SIZE };
    struct pvh_caught c;

    catch_begin(&c);
    for (unsigned int i = 0; i < ARRAY_SIZE(pages); i++) {
        probe_write(pages[i] + 64, 0xfeed0000UL + i);
        EXPECT_EQ(probe_read(pages[i] + 64), 0xfeed0000UL + i);
        probe_write(pages[i] + 64, 0);
    }
    catch_end();
    EXPECT_EQ(c.count, 0);
}

/* 2 MiB leaves: every 4 KiB page of one translates to its own frame (a
 * write to each is read back, none aliases its neighbour). */
static void superpage_frames_distinct(void)
{
    unsigned long base = RAM_BASE + (4UL << 20);

    for (unsigned long i = 0; i < 512; i++)
        *(volatile unsigned long *)(base + i * PAGE_SIZE) = i * 3 + 1;
    for (unsigned long i = 0; i < 512; i++)
        if (*(volatile unsigned long *)(base + i * PAGE_SIZE) != i * 3 + 1) {
            pvh_fail("page %lu of the 2 MiB block reads back wrong", i);
            return;
        }
    pvh_pass();
}

static const struct pvh_test tests[] = {
    PVH_TEST(holes_fault_on_read),
    PVH_TEST(holes_fault_on_write_and_fetch),
    PVH_TEST(ram_and_rings_mapped),
    PVH_TEST(superpage_frames_distinct),
};

void pvh_main(void)
{
    pvh_run("pvh/p2m_rules", tests, ARRAY_SIZE(tests));
}
