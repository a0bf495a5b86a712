/*
 * Pin, unpin, entry updates and physmap protection of the same frames from
 * every VCPU at once (-smp 4, real parallel harts): each call gets one of
 * the answers the ABI allows in some order of the others, the hypervisor
 * survives, and afterwards the counts balance: every frame can be unpinned
 * and made writable again (no type reference is left behind), and the
 * domain's reservation is what it was.
 *
 * Frames T[0..7] start read-only and unpinned; D is a data page.  For two
 * seconds, each VCPU, from its own random sequence: pins a T as a leaf table (0, or
 * -EINVAL if it is pinned already or still writable), unpins one (0 or
 * -EINVAL), sets an entry of one to map D read-only or clears it (0, or
 * -EINVAL when the frame is not a validated table now), or flips a T's
 * physmap mapping between read-only and writable (0, or -EINVAL while it
 * is a table).
 */
#include <string.h>
#include "../../lib/memory.h"
#include "../../lib/mmu.h"
#include "../../lib/race.h"
#include "../../lib/test.h"

#define NT 8
#define STORM_MS 2000       /* of host time */

static uint64_t *t[NT];
static uint64_t tm[NT];
static void *data;
static struct race race;
static unsigned long wrong, calls;
static long pages_at_start;

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void expect_ok_or_einval(long rc, const char *what, unsigned int id)
{
    __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
    if (rc == 0 || rc == -XEN_EINVAL)
        return;
    if (__atomic_add_fetch(&wrong, 1, __ATOMIC_RELAXED) <= 5)
        xtf_failure("vcpu %u: %s returned %ld", id, what, rc);
}

static void storm_step(unsigned int id)
{
    static uint64_t seed[GUEST_MAX_VCPUS];
    uint64_t r, *s = &seed[id];
    unsigned int i;

    if (!*s)
        *s = 0x9e3779b97f4a7c15ULL * (id + 1);
    r = next_rand(s);
    i = (unsigned int)(r >> 8) % NT;
    switch (r & 7) {
    case 0:
    case 1:
        expect_ok_or_einval(mmuext1(MMUEXT_PIN_L1_TABLE, tm[i]), "pin", id);
        break;
    case 2:
    case 3:
        expect_ok_or_einval(mmuext1(MMUEXT_UNPIN_TABLE, tm[i]), "unpin", id);
        break;
    case 4:
    case 5:
        expect_ok_or_einval(mmu1(pt_entry_ma(tm[i], (unsigned int)(r >> 16) % PT_ENTRIES) |
                                     MMU_NORMAL_PT_UPDATE,
                                 (r & 1) ? pte_make(virt_to_mfn(data), PTE_V | PTE_R | PTE_A) : 0,
                                 NULL), "mmu_update", id);
        break;
    default:
        expect_ok_or_einval(pt_physmap_protect(t[i], (int)((r >> 20) & 1)), "protect", id);
        break;
    }
}

static void setup(void)
{
    data = alloc_page();
    for (unsigned int i = 0; i < NT; i++) {
        t[i] = alloc_page();
        if (!EXPECT_TRUE(t[i] != NULL) || !EXPECT_EQ(pt_physmap_protect(t[i], 0), 0))
            return;
        tm[i] = virt_to_mfn(t[i]);
    }
    EXPECT_TRUE(data != NULL);
    pages_at_start = mem_current();
}

static void storm(void)
{
    uint64_t end = monotonic_ns() + STORM_MS * NSEC_PER_MSEC;

    if (!EXPECT_TRUE(data != NULL) || !race_start(&race, storm_step))
        return;
    while (monotonic_ns() < end)
        storm_step(0);
    race_stop(&race);
    printk("race/pin_storm: %lu calls, %lu unexpected answers\n", calls, wrong);
    EXPECT_EQ(wrong, 0);
    EXPECT_TRUE(calls > 100);
}

/* Every frame unpins (or was not pinned) and becomes writable again: no
 * type reference survived the storm. */
static void counts_balance(void)
{
    for (unsigned int i = 0; i < NT; i++) {
        long rc = mmuext1(MMUEXT_UNPIN_TABLE, tm[i]);

        EXPECT_TRUE(rc == 0 || rc == -XEN_EINVAL);
        EXPECT_EQ(pt_physmap_protect(t[i], 1), 0);
        memset(t[i], 0, PAGE_SIZE);           /* writable for real */
        EXPECT_EQ(pt_physmap_protect(t[i], 0), 0);
        EXPECT_EQ(mmuext1(MMUEXT_PIN_L1_TABLE, tm[i]), 0);
        EXPECT_EQ(mmuext1(MMUEXT_UNPIN_TABLE, tm[i]), 0);
        EXPECT_EQ(pt_physmap_protect(t[i], 1), 0);
    }
    EXPECT_EQ(mem_current(), pages_at_start);
}

static const struct test tests[] = {
    /* Eight read-only candidate tables and a data page. */
    TEST(setup),
    /* Four VCPUs at once: only 0 and -EINVAL come back. */
    TEST(storm),
    /* Afterwards every frame is free of type references. */
    TEST(counts_balance),
};

int main(void)
{
    return run_tests("race/pin_storm", tests, ARRAY_SIZE(tests));
}
