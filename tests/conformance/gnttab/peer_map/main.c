/*
 * Grants between two domains: dom0 (this test) maps, copies and device-maps
 * the grants of a peer (d1, the granter kernel: refs 10 RW and 11 RO for
 * d0, ref 12 for d5), checks what a grantee may not do, then keeps two of
 * them mapped while the peer powers off and is destroyed: dom0's mappings
 * stay valid, the two frames stay allocated to the dead domain (its
 * tot_pages) until dom0 unmaps them, and the dead domain's table goes with
 * the last unmap.
 */
#include <string.h>
#include "../../lib/domains.h"
#include "../../lib/gnttab_ops.h"

#define PEER 1
#define TIMEOUT_NS (3000 * NSEC_PER_MSEC)

static struct gnttab_mapping rw, ro;
static bool have_rw, have_ro;

static bool pattern_ok(const volatile uint8_t *p, grant_ref_t ref)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        if (p[i] != gnttab_pattern(ref, i))
            return EXPECT_EQ(p[i], gnttab_pattern(ref, i));
    return true;
}

/* The peer's grants appear once it has run: retry until then. */
static void wait_for_grants(void)
{
    uint64_t end = monotonic_ns() + TIMEOUT_NS;
    int st;

    if (!EXPECT_EQ(gnttab_init(1), 0))
        return;
    while ((st = gnttab_map(PEER, 11, true, &ro)) != GNTST_okay && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (EXPECT_EQ(st, GNTST_okay))
        have_ro = true;
}

static void map_and_use(void)
{
    if (!EXPECT_TRUE(have_ro))
        return;
    EXPECT_TRUE(pattern_ok(ro.va, 11));
    if (!EXPECT_EQ(gnttab_map(PEER, 10, false, &rw), GNTST_okay))
        return;
    have_rw = true;
    EXPECT_TRUE(pattern_ok(rw.va, 10));
    ((volatile uint8_t *)rw.va)[0] = 0xee;
    EXPECT_EQ(((volatile uint8_t *)rw.va)[0], 0xee);
    ((volatile uint8_t *)rw.va)[0] = gnttab_pattern(10, 0);
}

static void grantee_refusals(void)
{
    struct gnttab_mapping m;
    uint64_t slot = (uint64_t)(uintptr_t)gnttab_window_page(gnttab_window_pages() - 1);

    EXPECT_EQ(gnttab_map(PEER, 11, false, &m), GNTST_general_error);   /* RO grant, RW map */
    EXPECT_EQ(gnttab_map(PEER, 12, true, &m), GNTST_general_error);    /* for d5 */
    EXPECT_EQ(gnttab_map(PEER, 13, true, &m), GNTST_general_error);    /* never granted */
    EXPECT_EQ(gnttab_map(PEER, 512, true, &m), GNTST_bad_gntref);      /* past its table */
    EXPECT_EQ(gnt_map1(GNTMAP_host_map, 77, 10, slot, NULL), GNTST_bad_domain);
}

/* dom0 may map for DMA: the bus address is the frame's machine address. */
static void device_map(void)
{
    struct gnttab_map_grant_ref op = { 0 };

    if (!EXPECT_TRUE(have_rw))
        return;
    if (!EXPECT_EQ(gnt_map1(GNTMAP_device_map, PEER, 10, 0, &op), GNTST_okay))
        return;
    EXPECT_EQ_HEX(op.dev_bus_addr, rw.dev_bus_addr);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, op.dev_bus_addr + PAGE_SIZE), GNTST_general_error);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, op.dev_bus_addr), GNTST_okay);
    EXPECT_EQ(gnt_unmap1(op.handle, 0, op.dev_bus_addr), GNTST_bad_handle);
}

static void copies(void)
{
    static uint8_t buf[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
    struct gnttab_copy_ptr mine = { .u.gmfn = virt_to_mfn(buf), .domid = DOMID_SELF };

    EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref, (struct gnttab_copy_ptr){ .u.ref = 11, .domid = PEER },
                        mine, PAGE_SIZE), GNTST_okay);
    EXPECT_TRUE(pattern_ok(buf, 11));
    EXPECT_EQ(gnt_copy1(GNTCOPY_dest_gref, mine, (struct gnttab_copy_ptr){ .u.ref = 11, .domid = PEER },
                        8), GNTST_general_error);
    EXPECT_EQ(gnt_copy1(GNTCOPY_dest_gref, mine, (struct gnttab_copy_ptr){ .u.ref = 10, .domid = PEER,
                                                                          .offset = 64 }, 64),
              GNTST_okay);   /* buf holds ref 11's bytes: write them back into ref 10's */
    EXPECT_EQ(((volatile uint8_t *)rw.va)[64], gnttab_pattern(11, 0));
    EXPECT_EQ(gnt_copy1(GNTCOPY_source_gref, (struct gnttab_copy_ptr){ .u.ref = 12, .domid = PEER },
                        mine, 8), GNTST_general_error);
    EXPECT_EQ(gnt_copy1(0, (struct gnttab_copy_ptr){ .u.gmfn = rw.dev_bus_addr >> PAGE_SHIFT,
                                                     .domid = DOMID_SELF }, mine, 8),
              GNTST_bad_page);   /* its frame by number: not ours */
    for (unsigned int i = 64; i < 128; i++)
        ((volatile uint8_t *)rw.va)[i] = gnttab_pattern(10, i);
}

/* Whole-page check against either of two patterns. */
static bool is_pattern(const volatile uint8_t *p, grant_ref_t ref)
{
    for (unsigned int i = 0; i < PAGE_SIZE; i += 61)
        if (p[i] != gnttab_pattern(ref, i))
            return false;
    return true;
}

/*
 * H-GT-30 / H-GT-17 across domains: the peer rewrites entry 20 as fast as
 * it can on the other CPU while we map and unmap it in a loop.  Every map
 * answers okay or general_error (never hangs, never another code); a
 * mapping that succeeds shows one of the peer's two pages, whole; every
 * unmap succeeds.  Once the peer stops, the entry maps normally.
 */
static void entry_flipped_by_the_granter(void)
{
    uint64_t end = monotonic_ns() + 400 * NSEC_PER_MSEC;
    unsigned int okay = 0, refused = 0;
    struct gnttab_mapping m;
    int st;

    while (monotonic_ns() < end) {
        st = gnttab_map(PEER, 20, true, &m);
        if (st == GNTST_general_error) {
            refused++;
            continue;
        }
        if (!EXPECT_EQ(st, GNTST_okay))
            return;
        okay++;
        if (!EXPECT_TRUE(is_pattern(m.va, 20) || is_pattern(m.va, 21)))
            break;
        if (!EXPECT_EQ(gnttab_unmap(&m), GNTST_okay))
            return;
    }
    printk("flipped entry: %u maps, %u refused\n", okay, refused);
    EXPECT_NE(okay + refused, 0);
    /* The peer settles the entry after 500 ms. */
    end = monotonic_ns() + TIMEOUT_NS;
    while ((st = gnttab_map(PEER, 20, true, &m)) != GNTST_okay && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (!EXPECT_EQ(st, GNTST_okay))
        return;
    /* It may have been mapped just before the peer's last rewrite. */
    EXPECT_TRUE(is_pattern(m.va, 20) || is_pattern(m.va, 21));
    EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
}

static uint64_t peer_pages(void)
{
    struct xen_domctl_getdomaininfo info;

    return domain_info(PEER, &info) ? ~0ULL : info.tot_pages;
}

/* The peer dies with two of its frames mapped here. */
static void peer_destroyed_while_mapped(void)
{
    long code;
    struct gnttab_query_size q = { .dom = PEER };
    uint64_t end;
    struct gnttab_mapping m;

    if (!EXPECT_TRUE(have_rw && have_ro))
        return;
    if (!EXPECT_TRUE(wait_domains(PEER, 1, TIMEOUT_NS, &code)))
        return;
    EXPECT_EQ(code, SHUTDOWN_poweroff);   /* its own unmap of our handle was refused */
    end = monotonic_ns() + TIMEOUT_NS;
    while (peer_pages() != 2 && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    EXPECT_EQ(peer_pages(), 2);
    /* Our mappings still show its pages, and still take writes. */
    EXPECT_TRUE(pattern_ok(rw.va, 10));
    EXPECT_TRUE(pattern_ok(ro.va, 11));
    ((volatile uint8_t *)rw.va)[9] = 0x99;
    EXPECT_EQ(((volatile uint8_t *)rw.va)[9], 0x99);
    /* No new use of a dead domain's grants. */
    EXPECT_EQ(gnttab_map(PEER, 10, true, &m), GNTST_bad_domain);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_okay);
    /* Unmapping gives the frames back, and the table with the last one. */
    EXPECT_EQ(gnttab_unmap(&rw), GNTST_okay);
    EXPECT_EQ(peer_pages(), 1);
    EXPECT_EQ(gnttab_unmap(&ro), GNTST_okay);
    EXPECT_EQ(peer_pages(), 0);
    q.status = 0x7f;
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
    EXPECT_EQ(q.status, GNTST_bad_domain);
}

static const struct test tests[] = {
    /* the peer's RO grant maps once the peer has run */
    TEST(wait_for_grants),
    /* RO and RW mappings show the granted pages; RW takes writes */
    TEST(map_and_use),
    /* RW map of a RO grant, a grant for d5, an empty entry, a bad ref or domain */
    TEST(grantee_refusals),
    /* device_map by dom0: dev_bus_addr is the machine address; unmap checks it */
    TEST(device_map),
    /* copies from and to the peer's grants; into its RO grant refused */
    TEST(copies),
    /* the peer rewrites an entry nonstop while we map it: only okay/general_error */
    TEST(entry_flipped_by_the_granter),
    /* the peer is destroyed while mapped: frames kept until unmapped, then freed */
    TEST(peer_destroyed_while_mapped),
};

int main(void)
{
    return run_tests("gnttab/peer_map", tests, ARRAY_SIZE(tests));
}
