/*
 * A frame given back with decrease_reservation is out of reach of every
 * VCPU once the call returns, even one that was in the middle of a
 * hypercall writing into it (-smp 4, real parallel harts).
 *
 * Page F holds a list of GNTTABOP_copy operations that each fail with
 * GNTST_bad_copy_arg, so the hypervisor writes a non-zero status into
 * every one of them through the worker's translation of F; the workers
 * (VCPUs 1..3) issue it over and over.  Each round VCPU 0 unmaps F from
 * its own address space (flushing only its own TLB), gives F back
 * (decrease_reservation), and at once asks for a page again
 * (populate_physmap): the allocator usually hands F straight back, zeroed.
 * Once every worker has been through its loop twice more, that page must
 * still be all zeros: a status in it was written through a translation of
 * the frame after it had been freed.  The page is read through a probe
 * address the workers never use (F's own address is mapped again only
 * after the check).  Rounds that got another frame back check that frame
 * the same way.
 */
#include <string.h>
#include <gnttab.h>
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/race.h"
#include "../../lib/test.h"

#define OPS (PAGE_SIZE / sizeof(struct gnttab_copy))

static struct gnttab_copy *list;      /* F's mapping */
static uint64_t list_mfn;             /* F's frame: a new one every round */
static uint8_t *a, *b, *probe;
static uint64_t probe_mfn;
static struct race race;
static unsigned long dirty_rounds, same_frame_rounds, faulted;
static long pages_at_start;

static void copy_batch(unsigned int id)
{
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, list, OPS);

    if (rc == -XEN_EFAULT)
        __atomic_add_fetch(&faulted, 1, __ATOMIC_RELAXED);
    else if (rc != 0)
        xtf_failure("worker %u: GNTTABOP_copy returned %ld", id, rc);
}

static long map_at(void *va, uint64_t mfn)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va,
                                        pte_make(mfn, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D),
                                        UVMF_INVLPG);
}

static void fill_ops(struct gnttab_copy *l)
{
    for (unsigned int i = 0; i < OPS; i++)
        l[i] = (struct gnttab_copy){
            .source = { .u.gmfn = virt_to_mfn(a), .domid = DOMID_SELF, .offset = 4000 },
            .dest = { .u.gmfn = virt_to_mfn(b), .domid = DOMID_SELF },
            .len = 200,                         /* 4000 + 200 > 4096 */
        };
}

/* The list, written into frame mfn through the probe address before the
 * workers can see it again. */
static void fill_list_at(uint64_t mfn)
{
    if (!EXPECT_EQ(map_at(probe, mfn), 0))
        return;
    fill_ops((struct gnttab_copy *)probe);
    EXPECT_EQ(map_at(probe, probe_mfn), 0);
}

static void setup(void)
{
    list = alloc_page();
    a = alloc_page();
    b = alloc_page();
    probe = alloc_page();
    if (!EXPECT_TRUE(list && a && b && probe))
        return;
    probe_mfn = virt_to_mfn(probe);
    list_mfn = virt_to_mfn(list);
    pages_at_start = mem_current();
    fill_ops(list);
    EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, list, OPS), 0);
    EXPECT_EQ(list[0].status, GNTST_bad_copy_arg);
    EXPECT_EQ(list[OPS - 1].status, GNTST_bad_copy_arg);
}

/* Frame mfn holds only zeros (read through the probe address). */
static bool frame_is_zero(uint64_t mfn)
{
    bool zero = true;

    if (!EXPECT_EQ(map_at(probe, mfn), 0))
        return true;
    for (unsigned int i = 0; i < PAGE_SIZE; i++)
        zero &= probe[i] == 0;
    EXPECT_EQ(map_at(probe, probe_mfn), 0);
    return zero;
}

static bool one_round(void)
{
    xen_pfn_t old = list_mfn, fresh = virt_to_pfn(list);

    race_wait(&race, 1);                    /* the workers are using F */
    if (!EXPECT_EQ(HYPERVISOR_update_va_mapping((unsigned long)list, 0, UVMF_INVLPG), 0))
        return false;
    if (!EXPECT_EQ(mem_reservation(XENMEM_decrease_reservation, &old, 1, 0, 0, DOMID_SELF), 1))
        return false;
    if (!EXPECT_EQ(mem_reservation(XENMEM_populate_physmap, &fresh, 1, 0, 0, DOMID_SELF), 1))
        return false;
    same_frame_rounds += fresh == old;
    race_wait(&race, 2);
    if (!frame_is_zero(fresh))
        dirty_rounds++;
    list_mfn = fresh;
    fill_list_at(fresh);
    return EXPECT_EQ(map_at(list, fresh), 0);
}

static void freed_frame_stays_clean(void)
{
    if (!EXPECT_TRUE(list != NULL) || !race_start(&race, copy_batch))
        return;
    for (unsigned int r = 0; r < race_rounds() && one_round(); r++)
        ;
    race_stop(&race);
    printk("race/free_vs_copy: %u rounds (%lu got the same frame back), %lu dirty, "
           "%lu batches faulted\n", race_rounds(), same_frame_rounds, dirty_rounds, faulted);
    EXPECT_EQ(dirty_rounds, 0);
    if (!same_frame_rounds)
        xtf_skip("the allocator never handed the freed frame back: nothing was observed");
}

/* The reservation is where it was: every frame given back was replaced. */
static void reservation_balanced(void)
{
    EXPECT_EQ(mem_current(), pages_at_start);
}

static const struct test tests[] = {
    /* The failing copy list writes its statuses. */
    TEST(setup),
    /* Every round: no status lands in a frame after it was given back. */
    TEST(freed_frame_stays_clean),
    /* tot_pages is unchanged. */
    TEST(reservation_balanced),
};

int main(void)
{
    return run_tests("race/free_vs_copy", tests, ARRAY_SIZE(tests));
}
