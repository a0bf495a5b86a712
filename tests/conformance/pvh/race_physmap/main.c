/*
 * add_to_physmap revokes on every hart before it returns: shared_info is
 * moved from gfn A to gfn B while three other VCPUs (real parallel harts,
 * no -icount) store through A as fast as they can.  As soon as the call
 * returns, their slots are read through B; once each writer has faulted
 * on A (a hole now), the slots are read again: a difference is a store
 * through the old translation after the revocation.  100 rounds a boot,
 * A and B swapping roles.
 */
#include "pvh.h"

#define ROUNDS 100
#define SLOT 3584                 /* past every vcpu_info in shared_info */

static void moves_revoke(void)
{
    unsigned long g[2] = { 0x40000, 0x40001 };
    unsigned long changed = 0;

    EXPECT_EQ(add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, g[0]), 0);
    race_start_writers();
    for (unsigned int r = 0; r < ROUNDS; r++) {
        unsigned long from = g[r & 1], to = g[!(r & 1)];
        volatile unsigned long *slots = (volatile unsigned long *)((to << 12) + SLOT);
        unsigned long v1[RACE_WRITERS + 1];

        if (!race_round((from << 12) + SLOT, 1000)) {
            pvh_error("round %u: writers made no progress", r);
            return;
        }
        if (add_to_physmap(DOMID_SELF, XENMAPSPACE_shared_info, 0, to)) {
            pvh_error("round %u: move refused", r);
            return;
        }
        for (unsigned int h = 1; h <= RACE_WRITERS; h++)
            v1[h] = slots[h];
        if (!race_wait_faulted()) {
            pvh_fail("round %u: a writer never faulted on the old gfn", r);
            return;
        }
        for (unsigned int h = 1; h <= RACE_WRITERS; h++)
            if (slots[h] != v1[h]) {
                pvh_printf("round %u hart %u: %lu then %lu", r, h, v1[h], slots[h]);
                changed++;
            }
    }
    race_stop();
    EXPECT_EQ(changed, 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(moves_revoke),
};

void pvh_main(void)
{
    pvh_run("pvh/race_physmap", tests, ARRAY_SIZE(tests));
}
