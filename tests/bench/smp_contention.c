/*
 * Page-table and grant operations from several VCPUs at once, on real
 * parallel harts (-smp 4, host clock: booted without -icount), the figures
 * of issue 14:
 *
 *   pin_unpin_{1,2,4}vcpu_wall_per_s          MMUEXT_PIN_L1_TABLE + UNPIN of
 *                                           a page of its own, pairs per
 *                                           second, all VCPUs together
 *   grant_map_unmap_{1,2,4}vcpu_wall_per_s    map_grant_ref + unmap_grant_ref
 *                                           of a peer's grant (domain 2,
 *                                           the granter: refs 8..39), pairs
 *                                           per second, all VCPUs together
 *
 * Each VCPU works on its own page or grant for WINDOW_MS of host time
 * (every pin is a remote flush of the other VCPUs' harts: the cost is the
 * shootdown's).  Any answer but success makes the run a FAILURE and
 * prints no figure.
 */
#include <kernel.h>
#include <gnttab.h>
#include <pagetable.h>

#define PEER 2
#define FIRST_REF 8
#define WINDOW_MS 1000

static bool ok = true;
static int go;                                  /* atomic: 1 run, 2 stop */
static unsigned long count[GUEST_MAX_VCPUS];
static uint64_t page_mfn[GUEST_MAX_VCPUS];
static void *page_va[GUEST_MAX_VCPUS];

static long mmuext1(unsigned int cmd, uint64_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };
    unsigned int done;

    return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

static void pin_step(unsigned int id)
{
    if (mmuext1(MMUEXT_PIN_L1_TABLE, page_mfn[id]) || mmuext1(MMUEXT_UNPIN_TABLE, page_mfn[id]))
        ok = false;
}

static void map_step(unsigned int id)
{
    struct gnttab_map_grant_ref m = {
        .host_addr = (uint64_t)(uintptr_t)page_va[id], .flags = GNTMAP_host_map,
        .ref = FIRST_REF + id, .dom = PEER,
    };
    struct gnttab_unmap_grant_ref u = { .host_addr = m.host_addr };

    if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1) || m.status) {
        ok = false;
        return;
    }
    u.handle = m.handle;
    if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1) || u.status)
        ok = false;
}

static void (*step_fn)(unsigned int id);

static void worker(void *arg)
{
    unsigned int id = smp_processor_id();

    (void)arg;
    while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) == 1 && ok) {
        step_fn(id);
        count[id]++;
    }
}

/* Run fn on VCPUs 0..n-1 for WINDOW_MS; operations per second. */
static unsigned long measure(void (*fn)(unsigned int), unsigned int n)
{
    unsigned long total = 0;
    uint64_t t0;

    step_fn = fn;
    for (unsigned int i = 0; i < n; i++)
        count[i] = 0;
    __atomic_store_n(&go, 1, __ATOMIC_RELEASE);
    for (unsigned int i = 1; i < n; i++)
        ok &= vcpu_start(i, worker, NULL) == 0;
    t0 = monotonic_ns();
    while (monotonic_ns() - t0 < WINDOW_MS * NSEC_PER_MSEC && ok) {
        fn(0);
        count[0]++;
    }
    __atomic_store_n(&go, 2, __ATOMIC_RELEASE);
    t0 = monotonic_ns() - t0;
    for (unsigned int i = 1; i < n; i++)
        vcpu_wait(i);
    for (unsigned int i = 0; i < n; i++)
        total += count[i];
    return (unsigned long)(total * NSEC_PER_SEC / t0);
}

int main(void)
{
    unsigned int n = nr_vcpus();
    unsigned long pin1, pin2, pin4, map1, map2, map4;

    if (n < 4 || gnttab_init(1))
        panic("smp_contention: needs 4 VCPUs and a grant table");
    for (unsigned int i = 0; i < n; i++) {
        void *p = alloc_page();

        if (!p || pt_physmap_protect(p, 0))
            panic("smp_contention: no page");
        page_va[i] = p;
        page_mfn[i] = virt_to_mfn(p);
    }
    pin1 = measure(pin_step, 1);
    pin2 = measure(pin_step, 2);
    pin4 = measure(pin_step, 4);
    for (unsigned int i = 0; i < n; i++)         /* the library's frames are at the start */
        page_va[i] = gnttab_window_page(gnttab_window_pages() - 1 - i);
    map1 = measure(map_step, 1);
    map2 = measure(map_step, 2);
    map4 = measure(map_step, 4);
    if (!ok) {
        printk("Test result: FAILURE\n");
        shutdown(SHUTDOWN_poweroff);
    }
    printk("BENCH pin_unpin_1vcpu_wall_per_s %lu pairs/s\n", pin1);
    printk("BENCH pin_unpin_2vcpu_wall_per_s %lu pairs/s\n", pin2);
    printk("BENCH pin_unpin_4vcpu_wall_per_s %lu pairs/s\n", pin4);
    printk("BENCH grant_map_unmap_1vcpu_wall_per_s %lu pairs/s\n", map1);
    printk("BENCH grant_map_unmap_2vcpu_wall_per_s %lu pairs/s\n", map2);
    printk("BENCH grant_map_unmap_4vcpu_wall_per_s %lu pairs/s\n", map4);
    printk("BENCH done\n");
    return 0;
}
