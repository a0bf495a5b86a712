/*
 * A frame pinned as a page table changes only through mmu_update, even
 * while other VCPUs' hypercalls are writing into it (on -smp 4, real
 * parallel harts).
 *
 * Page F holds a list of GNTTABOP_copy operations laid out so that every
 * 8-byte word has bit 0 clear: as a leaf page table it is all empty
 * entries, and it validates.  The workers (VCPUs 1..3) issue that list
 * over and over; for each operation the hypervisor writes a status into F
 * through the worker's translation of F.  VCPU 0, each round, with F
 * writable: fills every status with a sentinel, makes its own mapping of
 * F read-only (flushing only its own TLB, so the workers' harts may still
 * hold F writable), pins F as a leaf table, and takes a snapshot of F as
 * soon as the pin returns.  After every worker has been through its loop
 * twice more, F must equal the snapshot: a status written after the pin
 * returned went through a translation the pin should have revoked.  Then
 * F is unpinned and made writable again for the next round.
 */
#include <string.h>
#include <gnttab.h>
#include "../../lib/mmu.h"
#include "../../lib/race.h"
#include "../../lib/test.h"

#define OPS (PAGE_SIZE / sizeof(struct gnttab_copy))
#define SRC_REF 16          /* even refs: bit 0 of the words stays clear */
#define DST_REF 18
#define SENTINEL 0x5a5a

static struct gnttab_copy *ops;     /* F */
static uint8_t *src, *dst;
static struct race race;
static unsigned long changed_rounds, faulted_batches;

static void copy_batch(unsigned int id)
{
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, OPS);

    if (rc == -XEN_EFAULT)     /* F read-only (pinned): statuses not written */
        __atomic_add_fetch(&faulted_batches, 1, __ATOMIC_RELAXED);
    else if (rc != 0)
        xtf_failure("worker %u: GNTTABOP_copy returned %ld", id, rc);
}

static void fill_list(void)
{
    domid_t self = DOMID_SELF;

    for (unsigned int i = 0; i < OPS; i++) {
        ops[i] = (struct gnttab_copy){
            .source = { .u.ref = SRC_REF, .domid = self, .offset = (uint16_t)(8 * (i % 64)) },
            .dest = { .u.ref = DST_REF, .domid = self, .offset = (uint16_t)(8 * (i % 64)) },
            .len = 8,
            .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref,
            .status = SENTINEL,
        };
    }
}

/* Every word of F is an empty Sv39 entry (bit 0 clear). */
static bool list_is_empty_table(void)
{
    const uint64_t *w = (const uint64_t *)ops;

    for (unsigned int i = 0; i < PT_ENTRIES; i++)
        if (w[i] & PTE_V)
            return false;
    return true;
}

static void setup(void)
{
    uint16_t me;

    ops = alloc_page();
    src = alloc_page();
    dst = alloc_page();
    if (!EXPECT_TRUE(ops && src && dst) || !EXPECT_EQ(gnttab_init(1), 0))
        return;
    me = (uint16_t)test_domid();
    memset(src, 0xab, PAGE_SIZE);
    gnttab_grant_access_ref(SRC_REF, me, virt_to_mfn(src), true);
    gnttab_grant_access_ref(DST_REF, me, virt_to_mfn(dst), false);
    fill_list();
    EXPECT_TRUE(list_is_empty_table());
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, OPS), 0);
    EXPECT_EQ(ops[0].status, GNTST_okay);
    EXPECT_EQ(dst[0], 0xab);
}

static uint8_t snap[PAGE_SIZE];

static bool one_round(void)
{
    uint64_t m = virt_to_mfn(ops);

    for (unsigned int i = 0; i < OPS; i++)
        __atomic_store_n(&ops[i].status, SENTINEL, __ATOMIC_RELAXED);
    if (!EXPECT_EQ(pt_physmap_protect(ops, 0), 0))
        return false;
    if (!EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, m), 0)) {
        pt_physmap_protect(ops, 1);
        return false;
    }
    memcpy(snap, ops, PAGE_SIZE);
    race_wait(&race, 2);
    if (memcmp(snap, ops, PAGE_SIZE))
        changed_rounds++;
    EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, m), 0);
    return EXPECT_EQ(pt_physmap_protect(ops, 1), 0);
}

static void pinned_frame_stays_put(void)
{
    if (!EXPECT_TRUE(ops != NULL) || !race_start(&race, copy_batch))
        return;
    for (unsigned int r = 0; r < race_rounds() && one_round(); r++)
        ;
    race_stop(&race);
    printk("race/pin_vs_copy: %u rounds, %lu changed after the pin, %lu batches faulted\n",
           race_rounds(), changed_rounds, faulted_batches);
    EXPECT_EQ(changed_rounds, 0);
}

/* Afterwards the frame is a plain writable page again and the list works. */
static void frame_usable_again(void)
{
    fill_list();
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, OPS), 0);
    EXPECT_EQ(ops[OPS - 1].status, GNTST_okay);
    EXPECT_EQ(gnttab_end_access(SRC_REF), 0);
    EXPECT_EQ(gnttab_end_access(DST_REF), 0);
}

static const struct test tests[] = {
    /* The copy list validates as an empty leaf table and copies. */
    TEST(setup),
    /* Every round: no status lands in F after the pin returned. */
    TEST(pinned_frame_stays_put),
    /* F is writable and usable again; the grants end cleanly. */
    TEST(frame_usable_again),
};

int main(void)
{
    return run_tests("race/pin_vs_copy", tests, ARRAY_SIZE(tests));
}
