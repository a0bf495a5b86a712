/*
 * A grant unmap from an auto-translated mapper revokes on every hart
 * before it returns: the PV peer's ref 10 is mapped at a hole H while
 * three other VCPUs (real parallel harts) store through H; as soon as
 * GNTTABOP_unmap_grant_ref returns, the peer's page is read by grant copy;
 * once every writer has faulted on H, it is read again: a difference is a
 * store through the mapping after the unmap.  100 rounds a boot.
 */
#include <public/sched.h>
#include "pvh.h"

#define PEER 2
#define H 0x50000000UL
#define ROUNDS 100

static int16_t copy_out(unsigned long page)
{
    struct gnttab_copy_ptr from = { .u.ref = 10, .domid = PEER };
    struct gnttab_copy_ptr to = { .u.gmfn = page >> 12, .domid = DOMID_SELF };

    return grant_copy(&from, &to, 64, GNTCOPY_source_gref);
}

static void unmaps_revoke(void)
{
    unsigned long a = free_page(0), b = free_page(1), changed = 0;
    grant_handle_t h = 0;
    int16_t st = grant_map_retry(PEER, 10, H, GNTMAP_host_map, &h);

    EXPECT_EQ(st, 0);
    if (st)
        return;
    race_start_writers();
    for (unsigned int r = 0; r < ROUNDS; r++) {
        if (r && grant_map(PEER, 10, H, GNTMAP_host_map, &h, NULL)) {
            pvh_error("round %u: map refused", r);
            return;
        }
        if (!race_round(H, 1000)) {
            pvh_error("round %u: writers made no progress", r);
            return;
        }
        if (grant_unmap(H, h) || copy_out(a)) {
            pvh_error("round %u: unmap or copy failed", r);
            return;
        }
        if (!race_wait_faulted()) {
            pvh_fail("round %u: a writer never faulted after the unmap", r);
            return;
        }
        if (copy_out(b) || memcmp((void *)a, (void *)b, 64)) {
            pvh_printf("round %u: the peer's page changed after the unmap", r);
            changed++;
        }
    }
    race_stop();
    EXPECT_EQ(changed, 0);
}

static const struct pvh_test tests[] = {
    PVH_TEST(unmaps_revoke),
};

void pvh_main(void)
{
    pvh_run("pvh/race_unmap", tests, ARRAY_SIZE(tests));
}
