/*
 * The page-table hypercalls' costs, from a domU, in virtual time
 * (-icount shift=0,sleep=off: one instruction is one ns; the time CSR
 * ticks at 10 MHz):
 *
 *   pte_update_batch1 / _batch16 / _batch512   ns per PTE update when
 *       mmu_update carries 1, 16 or 512 requests.  Each round rewrites all
 *       512 entries of one leaf table, alternately mapping an own page
 *       read-only and clearing the entry, so every request is validated.
 *   pte_update_noop_batch512  the same with every request rewriting an
 *       empty entry as empty: the request path (copy, lookup, PTE check)
 *       without reference counting, to show where the per-PTE time goes.
 *   pin_validate_64MiB   us to pin (and so validate) a full Sv39 address
 *       space mapping 64 MiB with 4 KiB leaves: a root, one middle table,
 *       32 leaf tables, 16384 leaves (own frames, read-only, reused).
 *   teardown_64MiB       us to unpin it again (every reference released).
 *
 * A wrong result from any call makes the run a FAILURE: a fast wrong
 * answer measures nothing.
 */
#include <string.h>
#include <kernel.h>
#include <pagetable.h>

#define SCRATCH_VA  0x2000000000UL
#define ROUNDS      8
#define NS_PER_TICK 100
#define AS_L0       32

static bool ok = true;
static mmu_update_t req[512];
static uint64_t l0_mfn;
static uint64_t target_mfn;

static void check(long rc, const char *what)
{
    if (rc) {
        printk("bench: %s failed: %ld\n", what, rc);
        ok = false;
    }
}

static void setup_table(void)
{
    void *p = alloc_page();
    uint64_t l1;

    target_mfn = virt_to_mfn(p);
    check(pt_map(SCRATCH_VA, target_mfn, PTE_R), "pt_map");
    check(pt_unmap(SCRATCH_VA), "pt_unmap");
    l1 = pte_mfn(pt_table(pt_current_root())[pt_index(SCRATCH_VA, 2)]);
    l0_mfn = pte_mfn(pt_table(l1)[pt_index(SCRATCH_VA, 1)]);
}

static uint64_t time_batches(unsigned int batch, bool noop)
{
    uint64_t t0 = rdtime();

    for (unsigned int r = 0; r < ROUNDS; r++) {
        uint64_t val = (r & 1) || noop ? 0 : pte_make(target_mfn, PTE_V | PTE_R);

        for (unsigned int i = 0; i < 512; i++) {
            req[i].ptr = pt_entry_ma(l0_mfn, i) | MMU_NORMAL_PT_UPDATE;
            req[i].val = val;
        }
        for (unsigned int i = 0; i < 512; i += batch) {
            unsigned int done = 0;

            check(HYPERVISOR_mmu_update(&req[i], batch, &done, DOMID_SELF), "mmu_update");
            if (done != batch)
                ok = false;
        }
    }
    return rdtime() - t0;
}

static void report_pte(unsigned int batch, bool noop)
{
    uint64_t ticks = time_batches(batch, noop);
    uint64_t tenths = ticks * NS_PER_TICK * 10 / (ROUNDS * 512);

    printk("BENCH pte_update_%sbatch%u %lu.%lu ns\n", noop ? "noop_" : "", batch,
           (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

/* The 64 MiB address space, built in plain pages, then made read-only. */
static uint64_t *as_root, *as_l1, *as_l0[AS_L0];

static void build_space(void)
{
    unsigned long nr = start_info->nr_pages;

    as_root = alloc_page();
    as_l1 = alloc_page();
    memcpy(as_root, pt_table(pt_current_root()), PAGE_SIZE);   /* keep the kernel mapped */
    as_root[pt_index(SCRATCH_VA, 2) + 1] = pte_make(virt_to_mfn(as_l1), PTE_V);
    for (unsigned int t = 0; t < AS_L0; t++) {
        as_l0[t] = alloc_page();
        for (unsigned int i = 0; i < 512; i++)
            as_l0[t][i] = pte_make(pfn_to_mfn((t * 512 + i) % nr), PTE_V | PTE_R | PTE_A);
        as_l1[t] = pte_make(virt_to_mfn(as_l0[t]), PTE_V);
    }
    for (unsigned int t = 0; t < AS_L0; t++)
        check(pt_physmap_protect(as_l0[t], 0), "protect l0");
    check(pt_physmap_protect(as_l1, 0), "protect l1");
    check(pt_physmap_protect(as_root, 0), "protect root");
}

static uint64_t mmuext_ticks(unsigned int cmd, uint64_t mfn)
{
    struct mmuext_op op = { .cmd = cmd };
    unsigned int done = 0;
    uint64_t t0 = rdtime();

    op.arg1.mfn = mfn;
    check(HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF), "mmuext_op");
    return rdtime() - t0;
}

static void report_us(const char *name, uint64_t ticks)
{
    uint64_t ns = ticks * NS_PER_TICK;

    printk("BENCH %s %lu.%lu us\n", name, (unsigned long)(ns / 1000),
           (unsigned long)(ns % 1000 / 100));
}

int main(void)
{
    setup_table();
    time_batches(512, false);   /* warm-up; ROUNDS is even: entries end empty */
    report_pte(1, false);
    report_pte(16, false);
    report_pte(512, false);
    report_pte(512, true);
    build_space();
    report_us("pin_validate_64MiB", mmuext_ticks(MMUEXT_PIN_L3_TABLE, virt_to_mfn(as_root)));
    report_us("teardown_64MiB", mmuext_ticks(MMUEXT_UNPIN_TABLE, virt_to_mfn(as_root)));
    printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
    return 0;
}
