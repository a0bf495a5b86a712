/*
 * Grant-table limits and combined mappings, from dom0 on its own grants
 * (device mappings need no virtual address, so they can go to the limit):
 * the 8-bit pin counters stop at 128 (general_error), the maptrack stops at
 * 4096 handles (no_device_space, Xen's answer) and everything unmapped
 * leaves nothing behind (the next round succeeds the same); one mapping
 * that is host and device at once is unmapped part by part (XSA-224 and
 * XSA-394 shapes); a read-only host mapping faults on a write.
 */
#include <string.h>
#include "../../lib/catch.h"
#include "../../lib/gnttab_ops.h"

#define NR_PAGES 40
#define MAPTRACK_MAX 4096

static uint8_t *pages[NR_PAGES];
static grant_ref_t refs[NR_PAGES];
static grant_handle_t handles[MAPTRACK_MAX];

#define DEV_RO (GNTMAP_device_map | GNTMAP_readonly)

static void setup(void)
{
    if (!EXPECT_EQ(gnttab_init(1), 0))
        return;
    for (unsigned int i = 0; i < NR_PAGES; i++) {
        long r;

        pages[i] = alloc_page();
        r = gnttab_grant_access(0, virt_to_mfn(pages[i]), false);
        if (!EXPECT_RANGE(r, GNTTAB_NR_RESERVED_ENTRIES, 511))
            return;
        refs[i] = (grant_ref_t)r;
    }
}

/* 128 pins of one entry are fine, the 129th is refused. */
static void pin_counter_limit(void)
{
    struct gnttab_map_grant_ref op;
    unsigned int n;

    for (n = 0; n < 128; n++) {
        if (!EXPECT_EQ(gnt_map1(DEV_RO, 0, refs[0], 0, &op), GNTST_okay))
            break;
        handles[n] = op.handle;
    }
    EXPECT_EQ(gnt_map1(DEV_RO, 0, refs[0], 0, NULL), GNTST_general_error);
    for (unsigned int i = 0; i < n; i++)
        EXPECT_EQ(gnt_unmap1(handles[i], 0, virt_to_mfn(pages[0]) << PAGE_SHIFT), GNTST_okay);
    EXPECT_EQ(gnttab_entry(refs[0])->flags, GTF_permit_access);
}

/* Map until the handles run out; twice, to see nothing leaked. */
static unsigned int fill_maptrack(void)
{
    struct gnttab_map_grant_ref op;
    unsigned int n = 0;
    int16_t st = GNTST_okay;

    while (n < MAPTRACK_MAX + 1) {
        st = gnt_map1(DEV_RO, 0, refs[n % NR_PAGES], 0, &op);
        if (st != GNTST_okay)
            break;
        handles[n++] = op.handle;
    }
    EXPECT_EQ(st, GNTST_no_device_space);
    EXPECT_EQ(n, MAPTRACK_MAX);
    for (unsigned int i = 0; i < n; i++)
        if (!EXPECT_EQ(gnt_unmap1(handles[i], 0,
                                  virt_to_mfn(pages[i % NR_PAGES]) << PAGE_SHIFT), GNTST_okay))
            break;
    return n;
}

static void maptrack_exhaustion(void)
{
    EXPECT_EQ(fill_maptrack(), MAPTRACK_MAX);
    EXPECT_EQ(fill_maptrack(), MAPTRACK_MAX);
    for (unsigned int i = 0; i < NR_PAGES; i++)
        EXPECT_EQ(gnttab_entry(refs[i])->flags, GTF_permit_access);
}

/* Host and device at once; unmap one part, then the other, then again. */
static void host_and_device_parts(void)
{
    struct gnttab_map_grant_ref op;
    uint64_t va = (uint64_t)(uintptr_t)gnttab_window_page(gnttab_window_pages() - 1);
    uint64_t bus = virt_to_mfn(pages[1]) << PAGE_SHIFT;

    if (!EXPECT_EQ(gnt_map1(GNTMAP_host_map | GNTMAP_device_map, 0, refs[1], va, &op),
                   GNTST_okay))
        return;
    EXPECT_EQ_HEX(op.dev_bus_addr, bus);
    EXPECT_EQ(gnttab_entry(refs[1])->flags, GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(gnt_unmap1(op.handle, va, 0), GNTST_okay);          /* the host part */
    EXPECT_EQ(gnttab_entry(refs[1])->flags, GTF_permit_access | GTF_reading | GTF_writing);
    EXPECT_EQ(gnt_unmap1(op.handle, va, 0), GNTST_okay);          /* nothing left to do */
    EXPECT_EQ(gnt_unmap1(op.handle, 0, bus), GNTST_okay);         /* the device part */
    EXPECT_EQ(gnttab_entry(refs[1])->flags, GTF_permit_access);
    EXPECT_EQ(gnt_unmap1(op.handle, va, bus), GNTST_bad_handle);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, bus), GNTST_bad_handle);
    /* The slot is free again: a new host mapping may use it. */
    if (EXPECT_EQ(gnt_map1(GNTMAP_host_map, 0, refs[1], va, &op), GNTST_okay))
        EXPECT_EQ(gnt_unmap1(op.handle, va, 0), GNTST_okay);
}

/* A read-only mapping really is read-only; a writable one really writes. */
static void readonly_mapping_faults(void)
{
    struct gnttab_mapping m;
    struct caught c;

    pages[2][0] = 0x42;
    if (!EXPECT_EQ(gnttab_map(0, refs[2], true, &m), GNTST_okay))
        return;
    EXPECT_EQ(*(volatile uint8_t *)m.va, 0x42);
    catch_begin(&c);
    *(volatile uint8_t *)m.va = 0x43;
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 15);          /* store/AMO page fault */
    EXPECT_EQ(pages[2][0], 0x42);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    if (!EXPECT_EQ(gnttab_map(0, refs[2], false, &m), GNTST_okay))
        return;
    *(volatile uint8_t *)m.va = 0x44;
    EXPECT_EQ(pages[2][0], 0x44);
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    /* After the unmap the address is gone. */
    catch_begin(&c);
    (void)*(volatile uint8_t *)m.va;
    catch_end();
    EXPECT_EQ(c.count, 1);
    EXPECT_EQ(c.scause, 13);          /* load page fault */
}

static const struct test tests[] = {
    /* grant 40 of our pages to ourselves */
    TEST(setup),
    /* 128 pins of an entry: fine; the 129th: general_error; unmapping clears the flags */
    TEST(pin_counter_limit),
    /* 4096 handles, then no_device_space; all unmapped, the same again */
    TEST(maptrack_exhaustion),
    /* host+device in one mapping, unmapped part by part, then bad_handle */
    TEST(host_and_device_parts),
    /* a RO mapping faults on a store; a RW one writes through; unmapped: gone */
    TEST(readonly_mapping_faults),
};

int main(void)
{
    return run_tests("gnttab/dom0_limits", tests, ARRAY_SIZE(tests));
}
