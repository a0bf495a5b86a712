/*
 * Grant-table costs, from domU 1 on the grants of a peer (domain 2, the
 * conformance granter kernel: refs 8..39 granted read-write to d1):
 *
 *   grant_map_unmap_batch1   one map_grant_ref + one unmap_grant_ref
 *                            hypercall for one page, per page
 *   grant_map_unmap_batch32  one map hypercall for 32 pages + one unmap
 *                            hypercall for them, per page
 *   grant_copy_4k            one GNTTABOP_copy of 4096 bytes from the
 *                            peer's grant into our own frame, per copy
 *
 * Every map is a host mapping by virtual address into the grant window
 * (guests/kernel/gnttab.h), so each one also installs and removes the
 * frame in our G-stage and a PTE in our tables.  Virtual ns under
 * -icount shift=0,sleep=off (one instruction = 1 ns), means after a
 * warm-up.  A status that is not GNTST_okay makes the run a FAILURE.
 */
#include <kernel.h>
#include <gnttab.h>

#define PEER 2
#define FIRST_REF 8
#define NS_PER_TICK 100
#define N1 400
#define N32 40
#define NCOPY 400

static bool ok = true;

static void report(const char *name, uint64_t ticks, unsigned long n)
{
    uint64_t tenths = ticks * NS_PER_TICK * 10 / n;

    printk("BENCH %s %lu.%lu ns\n", name, (unsigned long)(tenths / 10),
           (unsigned long)(tenths % 10));
}

static uint64_t map_unmap(unsigned int batch, unsigned int rounds)
{
    domid_t dom[32];
    grant_ref_t ref[32];
    struct gnttab_mapping m[32];
    int16_t st[32];
    uint64_t t0;

    for (unsigned int i = 0; i < batch; i++) {
        dom[i] = PEER;
        ref[i] = FIRST_REF + i;
    }
    t0 = rdtime();
    for (unsigned int r = 0; r < rounds; r++) {
        if (gnttab_map_batch(dom, ref, false, m, st, batch))
            ok = false;
        for (unsigned int i = 0; i < batch; i++)
            ok &= st[i] == GNTST_okay;
        if (gnttab_unmap_batch(m, st, batch))
            ok = false;
        for (unsigned int i = 0; i < batch; i++)
            ok &= st[i] == GNTST_okay;
    }
    return rdtime() - t0;
}

static uint64_t copies(unsigned int n, void *dst)
{
    struct gnttab_copy_ptr src = { .u.ref = FIRST_REF, .domid = PEER };
    struct gnttab_copy_ptr to = { .u.gmfn = virt_to_mfn(dst), .domid = DOMID_SELF };
    uint64_t t0 = rdtime();

    for (unsigned int i = 0; i < n; i++)
        ok &= gnttab_copy(&src, true, &to, false, PAGE_SIZE) == GNTST_okay;
    return rdtime() - t0;
}

/* The peer's grants appear once it has run. */
static bool wait_for_peer(void)
{
    struct gnttab_mapping m;
    uint64_t end = monotonic_ns() + 3000 * NSEC_PER_MSEC;

    while (monotonic_ns() < end) {
        if (gnttab_map(PEER, FIRST_REF + 31, true, &m) == GNTST_okay)
            return gnttab_unmap(&m) == GNTST_okay;
        sleep_ns(NSEC_PER_MSEC);
    }
    return false;
}

int main(void)
{
    void *dst = alloc_page();

    if (gnttab_init(1) || !dst || !wait_for_peer()) {
        printk("grant_map: no grants from d%u\n", PEER);
        printk("Test result: ERROR\n");
        return 0;
    }
    map_unmap(1, 20);
    report("grant_map_unmap_batch1", map_unmap(1, N1), N1);
    map_unmap(32, 2);
    report("grant_map_unmap_batch32", map_unmap(32, N32), 32UL * N32);
    copies(20, dst);
    report("grant_copy_4k", copies(NCOPY, dst), NCOPY);
    if (!ok)
        printk("a grant op failed\n");
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
