/*
 * After GNTTABOP_unmap_grant_ref returns, the mapper cannot write the
 * granted frame any more, even from another VCPU that was in the middle of
 * a hypercall writing through the mapping (dom0 with 4 VCPUs on -smp 4,
 * real parallel harts; the granter is a peer domU).
 *
 * dom0 maps the peer's page (ref 10, read-write) at X and puts a list of
 * GNTTABOP_copy operations there; the workers (VCPUs 1..3) issue the list
 * at X over and over, and the hypervisor writes each operation's status
 * into the granted page through the worker's translation of X.  Each round
 * VCPU 0 refills the list, unmaps the grant and, as soon as the unmap
 * returns, rewrites the whole granted page by grant copy with a pattern
 * for the round.  Once every worker has been through its loop twice more
 * (their batches now fault), the page is read back by grant copy: it must
 * still be the pattern.  A difference is a status written through a
 * mapping the unmap had already taken away.
 */
#include <string.h>
#include <gnttab.h>
#include "../../lib/domains.h"
#include "../../lib/race.h"
#include "../../lib/test.h"

#define PEER 1
#define REF 10
#define OPS (PAGE_SIZE / sizeof(struct gnttab_copy))

static struct gnttab_copy *volatile list;   /* X while mapped, else NULL */
static uint8_t *a, *b, *pattern, *readback;
static struct race race;
static unsigned long changed_rounds, faulted;

static void copy_batch(unsigned int id)
{
    struct gnttab_copy *l = __atomic_load_n(&list, __ATOMIC_ACQUIRE);
    long rc;

    if (!l)
        return;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, l, OPS);
    if (rc == -XEN_EFAULT)
        __atomic_add_fetch(&faulted, 1, __ATOMIC_RELAXED);
    else if (rc != 0)
        xtf_failure("worker %u: GNTTABOP_copy returned %ld", id, rc);
}

static void fill_list(struct gnttab_copy *l)
{
    for (unsigned int i = 0; i < OPS; i++)
        l[i] = (struct gnttab_copy){
            .source = { .u.gmfn = virt_to_mfn(a), .domid = DOMID_SELF, .offset = 0 },
            .dest = { .u.gmfn = virt_to_mfn(b), .domid = DOMID_SELF, .offset = 0 },
            .len = 64,
            .status = 0x5a5a,
        };
}

/* The whole granted page, to or from one of our pages, by grant copy. */
static int page_copy(bool to_peer, uint8_t *mine)
{
    struct gnttab_copy_ptr peer = { .u.ref = REF, .domid = PEER };
    struct gnttab_copy_ptr own = { .u.gmfn = virt_to_mfn(mine), .domid = DOMID_SELF };

    return to_peer ? gnttab_copy(&own, false, &peer, true, PAGE_SIZE)
                   : gnttab_copy(&peer, true, &own, false, PAGE_SIZE);
}

static struct gnttab_mapping m;
static bool mapped;

static bool map_list(void)
{
    uint64_t end = monotonic_ns() + 3000 * NSEC_PER_MSEC;
    int st;

    while ((st = gnttab_map(PEER, REF, false, &m)) != GNTST_okay && monotonic_ns() < end)
        sleep_ns(NSEC_PER_MSEC);
    if (!EXPECT_EQ(st, GNTST_okay))
        return false;
    mapped = true;
    fill_list(m.va);
    __atomic_store_n(&list, (struct gnttab_copy *)m.va, __ATOMIC_RELEASE);
    return true;
}

static void setup(void)
{
    a = alloc_page();
    b = alloc_page();
    pattern = alloc_page();
    readback = alloc_page();
    if (!EXPECT_TRUE(a && b && pattern && readback) || !EXPECT_EQ(gnttab_init(1), 0))
        return;
    memset(a, 0x11, PAGE_SIZE);
    if (map_list())
        EXPECT_EQ(HYPERVISOR_grant_table_op(GNTTABOP_copy, m.va, OPS), 0);
    EXPECT_EQ(((struct gnttab_copy *)m.va)[OPS - 1].status, GNTST_okay);
    EXPECT_EQ(b[0], 0x11);
}

static bool one_round(unsigned int r)
{
    if (!mapped && !map_list())
        return false;
    race_wait(&race, 1);                    /* the workers are using X */
    if (!EXPECT_EQ(gnttab_unmap(&m), GNTST_okay))
        return false;
    mapped = false;
    memset(pattern, (int)(r & 0xff) ^ 0xc3, PAGE_SIZE);
    if (!EXPECT_EQ(page_copy(true, pattern), GNTST_okay))
        return false;
    __atomic_store_n(&list, NULL, __ATOMIC_RELEASE);
    race_wait(&race, 2);
    if (!EXPECT_EQ(page_copy(false, readback), GNTST_okay))
        return false;
    if (memcmp(pattern, readback, PAGE_SIZE))
        changed_rounds++;
    return true;
}

static void unmapped_grant_stays_put(void)
{
    if (!EXPECT_TRUE(mapped) || !race_start(&race, copy_batch))
        return;
    for (unsigned int r = 0; r < race_rounds() && one_round(r); r++)
        ;
    race_stop(&race);
    if (mapped)
        EXPECT_EQ(gnttab_unmap(&m), GNTST_okay);
    printk("race/unmap_vs_copy: %u rounds, %lu changed after the unmap, %lu batches faulted\n",
           race_rounds(), changed_rounds, faulted);
    EXPECT_EQ(changed_rounds, 0);
}

/* The peer is unharmed: it is still running (it sleeps until told). */
static void peer_alive(void)
{
    EXPECT_EQ(domain_shutdown_code(PEER), DOMAIN_RUNNING);
}

static const struct test tests[] = {
    /* The peer's page maps and the list in it copies. */
    TEST(setup),
    /* Every round: nothing lands in the page after the unmap returned. */
    TEST(unmapped_grant_stays_put),
    /* The granter is still running. */
    TEST(peer_alive),
};

int main(void)
{
    return run_tests("race/unmap_vs_copy", tests, ARRAY_SIZE(tests));
}
