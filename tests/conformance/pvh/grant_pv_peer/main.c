/*
 * Grants between an auto-translated domain (us, d1) and a PV one (the
 * gnttab/granter peer, d2, which grants us ref 10 read-write and ref 11
 * read-only, each page filled with gnttab_pattern(ref, i) = ref * 7 + i).
 * We map its frames at holes of our guest-physical space, read and write
 * them, copy to and from them by reference, and unmap: the gfn is a hole
 * again.  The peer's pages are its machine frames; ours, in the copies,
 * are guest frames: both translations meet here.
 */
#include <public/sched.h>
#include "pvh.h"

#define PEER 2
#define H1 0x50000000UL
#define H2 0x50001000UL

static uint8_t pattern(unsigned int ref, unsigned int i)
{
    return (uint8_t)(ref * 7 + i);
}

static bool page_is(unsigned long va, unsigned int ref)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        if (((volatile uint8_t *)va)[i] != pattern(ref, i))
            return false;
    return true;
}

static grant_handle_t h10, h11;

/* Read-write at a hole: the peer's pattern; our writes land in its page. */
static void map_rw(void)
{
    grant_handle_t probe;
    uint64_t bus = 0;

    EXPECT_EQ(grant_map_retry(PEER, 11, H2, GNTMAP_host_map | GNTMAP_readonly, &probe), 0);
    EXPECT_EQ(grant_unmap(H2, probe), 0);
    EXPECT_EQ(read_fault(H1), 5);
    EXPECT_EQ(grant_map(PEER, 10, H1, GNTMAP_host_map, &h10, &bus), 0);
    EXPECT_TRUE(bus != 0 && !(bus & (PAGE_SIZE - 1)));
    EXPECT_TRUE(page_is(H1, 10));
    ((volatile uint8_t *)H1)[100] = 0xa5;
    EXPECT_EQ(((volatile uint8_t *)H1)[100], 0xa5);
    ((volatile uint8_t *)H1)[100] = pattern(10, 100);
}

/* Read-only: readable, a store is a store access fault; a writable map
 * of it is refused. */
static void map_ro(void)
{
    grant_handle_t h;

    EXPECT_EQ(grant_map(PEER, 11, H2, GNTMAP_host_map | GNTMAP_readonly, &h11, NULL), 0);
    EXPECT_TRUE(page_is(H2, 11));
    EXPECT_EQ(write_fault(H2 + 8, 1), 7);
    EXPECT_TRUE(page_is(H2, 11));
    EXPECT_TRUE(grant_map(PEER, 11, 0x50002000UL, GNTMAP_host_map, &h, NULL) != 0);
    EXPECT_EQ(read_fault(0x50002000UL), 5);
}

/* The same hole twice, or a RAM gfn: refused; nothing changes. */
static void map_refused(void)
{
    grant_handle_t h;

    EXPECT_EQ(grant_map(PEER, 10, H2, GNTMAP_host_map, &h, NULL), GNTST_general_error);
    EXPECT_EQ(grant_map(PEER, 10, free_page(0), GNTMAP_host_map, &h, NULL),
              GNTST_general_error);
    EXPECT_EQ(grant_map(PEER, 99, 0x50003000UL, GNTMAP_host_map, &h, NULL), GNTST_general_error);
    EXPECT_TRUE(page_is(H2, 11));
}

/* Copies by reference, both ways, with our side named by gfn. */
static void copy_both_ways(void)
{
    unsigned long mine = free_page(1);
    struct gnttab_copy_ptr peer10 = { .u.ref = 10, .domid = PEER };
    struct gnttab_copy_ptr peer11 = { .u.ref = 11, .domid = PEER };
    struct gnttab_copy_ptr local = { .u.gmfn = mine >> 12, .domid = DOMID_SELF };

    memset((void *)mine, 0, PAGE_SIZE);
    EXPECT_EQ(grant_copy(&peer11, &local, PAGE_SIZE, GNTCOPY_source_gref), 0);
    EXPECT_TRUE(page_is(mine, 11));
    ((volatile uint8_t *)mine)[7] = 0x3c;
    local.offset = 7;
    peer10.offset = 9;
    EXPECT_EQ(grant_copy(&local, &peer10, 1, GNTCOPY_dest_gref), 0);
    EXPECT_EQ(((volatile uint8_t *)H1)[9], 0x3c);     /* seen through our mapping */
    ((volatile uint8_t *)H1)[9] = pattern(10, 9);
    EXPECT_EQ(grant_copy(&local, &peer11, 1, GNTCOPY_dest_gref), GNTST_general_error);
}

/* Unmap: the gfns are holes again; the handle is gone. */
static void unmap(void)
{
    EXPECT_EQ(grant_unmap(H1, h10), 0);
    EXPECT_EQ(grant_unmap(H2 + PAGE_SIZE, h11), GNTST_general_error);   /* wrong address */
    EXPECT_EQ(grant_unmap(H2, h11), 0);
    EXPECT_EQ(read_fault(H1), 5);
    EXPECT_EQ(read_fault(H2), 5);
    EXPECT_EQ(grant_unmap(H1, h10), GNTST_bad_handle);
}

/* Mapped again after the unmap: the same page, our earlier writes undone. */
static void remap(void)
{
    grant_handle_t h;

    EXPECT_EQ(grant_map(PEER, 10, H2, GNTMAP_host_map, &h, NULL), 0);
    EXPECT_TRUE(page_is(H2, 10));
    EXPECT_EQ(grant_unmap(H2, h), 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(map_rw),
    PVH_TEST(map_ro),
    PVH_TEST(map_refused),
    PVH_TEST(copy_both_ways),
    PVH_TEST(unmap),
    PVH_TEST(remap),
};

void pvh_main(void)
{
    pvh_run("pvh/grant_pv_peer", tests, ARRAY_SIZE(tests));
}
