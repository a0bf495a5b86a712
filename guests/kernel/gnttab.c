/*
 * Grant tables, the guest side (include/gnttab.h).
 *
 * The grant window: the domain builder maps pfns 0..nr_pages-1 and then
 * shared_info, and provides the leaf page table for shared_info's 2 MiB
 * region, so the pages after shared_info up to the end of that region
 * have a leaf table with empty slots.  The library puts this domain's own
 * grant-table frames there (update_va_mapping) and maps other domains'
 * grants there (map_grant_ref with host_addr = the slot's address).
 * slot_used[] says which slots are taken.
 *
 * Entries are published as the protocol wants: domid and frame first, a
 * write barrier, then flags.  Revoking swaps the (flags, domid) word to
 * zero only if neither GTF_reading nor GTF_writing is set, with a 32-bit
 * compare-and-swap (RV64 has no 16-bit atomics).
 */
#include <string.h>
#include "kernel.h"
#include "gnttab.h"

#define WINDOW_MAX 512
#define ENTRIES_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))

/* Sv39 leaf bits, for the PTEs of the table frames. */
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_PPN_SHIFT 10

static grant_entry_v1_t *table;          /* the first table frame's page */
static unsigned int nr_frames;
static unsigned long window_base;        /* VA of the first window page */
static unsigned int window_pages;
static bool slot_used[WINDOW_MAX];
static grant_ref_t next_free_ref = GNTTAB_NR_RESERVED_ENTRIES;

static void window_init(void)
{
    unsigned long first = start_info->nr_pages + 1;   /* after shared_info */
    unsigned long end = (first + WINDOW_MAX - 1) & ~(unsigned long)(WINDOW_MAX - 1);

    window_base = VIRT_BASE + first * PAGE_SIZE;
    window_pages = (unsigned int)(end - first);
}

static long take_slot(void)
{
    if (!window_pages)
        window_init();
    for (unsigned int i = 0; i < window_pages; i++)
        if (!slot_used[i]) {
            slot_used[i] = true;
            return (long)i;
        }
    return -XEN_ENOMEM;
}

static void give_slot(void *va)
{
    unsigned long i = ((unsigned long)va - window_base) / PAGE_SIZE;

    if (i < window_pages)
        slot_used[i] = false;
}

/* The first of n free contiguous slots (the table's frames), or -XEN_ENOMEM. */
static long first_free_run(unsigned int n)
{
    unsigned int run = 0;

    if (!window_pages)
        window_init();
    for (unsigned int i = 0; i < window_pages; i++) {
        run = slot_used[i] ? 0 : run + 1;
        if (run == n)
            return (long)(i + 1 - n);
    }
    return -XEN_ENOMEM;
}

unsigned int gnttab_window_pages(void)
{
    return window_pages;
}

void *gnttab_window_page(unsigned int i)
{
    return (void *)(window_base + (unsigned long)i * PAGE_SIZE);
}

int gnttab_init(unsigned int n)
{
    xen_pfn_t frames[GNTTAB_LIB_MAX_FRAMES];
    struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = n };
    long rc;

    if (table)
        return 0;
    if (n == 0 || n > GNTTAB_LIB_MAX_FRAMES)
        return -XEN_EINVAL;
    long first = first_free_run(n);

    if (first < 0)
        return (int)first;
    op.frame_list = (uint64_t)(uintptr_t)frames;
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 1);
    if (rc)
        return (int)rc;
    if (op.status)
        return op.status;
    /* The frames go in contiguous window slots, from `first`. */
    for (unsigned int i = 0; i < n; i++) {
        uint64_t pte = (frames[i] << PTE_PPN_SHIFT) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;

        slot_used[first + i] = true;
        rc = HYPERVISOR_update_va_mapping(window_base + (first + i) * PAGE_SIZE, pte,
                                          UVMF_INVLPG);
        if (rc)
            return (int)rc;
    }
    table = (grant_entry_v1_t *)(window_base + first * PAGE_SIZE);
    nr_frames = n;
    return 0;
}

unsigned int gnttab_nr_entries(void)
{
    return nr_frames * ENTRIES_PER_FRAME;
}

grant_entry_v1_t *gnttab_entry(grant_ref_t ref)
{
    return ref < gnttab_nr_entries() ? &table[ref] : NULL;
}

void gnttab_grant_access_ref(grant_ref_t ref, domid_t domid, uint64_t mfn, bool readonly)
{
    grant_entry_v1_t *e = &table[ref];

    e->domid = domid;
    e->frame = (uint32_t)mfn;
    __atomic_thread_fence(__ATOMIC_RELEASE);   /* domid and frame before flags */
    __atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
                     __ATOMIC_RELEASE);
}

long gnttab_grant_access(domid_t domid, uint64_t mfn, bool readonly)
{
    unsigned int n = gnttab_nr_entries();

    for (unsigned int tries = 0; tries < n; tries++) {
        grant_ref_t ref = next_free_ref;

        next_free_ref = ref + 1 < n ? ref + 1 : GNTTAB_NR_RESERVED_ENTRIES;
        if (ref >= GNTTAB_NR_RESERVED_ENTRIES &&
            __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE) == GTF_invalid) {
            gnttab_grant_access_ref(ref, domid, mfn, readonly);
            return ref;
        }
    }
    return -XEN_ENOSPC;
}

int gnttab_end_access(grant_ref_t ref)
{
    uint32_t *word = (uint32_t *)&table[ref];   /* flags in the low half */
    uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);

    do {
        if (old & (GTF_reading | GTF_writing))
            return -XEN_EBUSY;
    } while (!__atomic_compare_exchange_n(word, &old, 0, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_ACQUIRE));
    return 0;
}

int gnttab_map_batch(const domid_t *domid, const grant_ref_t *ref, bool readonly,
                     struct gnttab_mapping *m, int16_t *st, unsigned int n)
{
    struct gnttab_map_grant_ref op[64];
    long rc;

    if (n > 64)
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < n; i++) {
        long slot = take_slot();

        if (slot < 0) {
            while (i--)
                give_slot((void *)(uintptr_t)op[i].host_addr);
            return (int)slot;
        }
        op[i] = (struct gnttab_map_grant_ref){
            .host_addr = window_base + (unsigned long)slot * PAGE_SIZE,
            .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
            .ref = ref[i], .dom = domid[i] };
    }
    rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, op, n);
    for (unsigned int i = 0; i < n; i++) {
        st[i] = rc ? GNTST_general_error : op[i].status;
        if (st[i]) {
            give_slot((void *)(uintptr_t)op[i].host_addr);
            continue;
        }
        m[i].va = (void *)(uintptr_t)op[i].host_addr;
        m[i].handle = op[i].handle;
        m[i].dev_bus_addr = op[i].dev_bus_addr;
    }
    return (int)rc;
}

int gnttab_map(domid_t domid, grant_ref_t ref, bool readonly, struct gnttab_mapping *m)
{
    int16_t st;
    int rc = gnttab_map_batch(&domid, &ref, readonly, m, &st, 1);

    return rc ? rc : st;
}

int gnttab_unmap_batch(struct gnttab_mapping *m, int16_t *st, unsigned int n)
{
    struct gnttab_unmap_grant_ref op[64];
    long rc;

    if (n > 64)
        return -XEN_EINVAL;
    for (unsigned int i = 0; i < n; i++)
        op[i] = (struct gnttab_unmap_grant_ref){
            .host_addr = (uint64_t)(uintptr_t)m[i].va, .handle = m[i].handle };
    rc = HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, op, n);
    for (unsigned int i = 0; i < n; i++) {
        st[i] = rc ? GNTST_general_error : op[i].status;
        if (!st[i])
            give_slot(m[i].va);
    }
    return (int)rc;
}

int gnttab_unmap(struct gnttab_mapping *m)
{
    int16_t st;
    int rc = gnttab_unmap_batch(m, &st, 1);

    return rc ? rc : st;
}

int gnttab_copy(const struct gnttab_copy_ptr *src, bool src_gref,
                const struct gnttab_copy_ptr *dst, bool dst_gref, uint16_t len)
{
    struct gnttab_copy op = {
        .source = *src, .dest = *dst, .len = len,
        .flags = (uint16_t)((src_gref ? GNTCOPY_source_gref : 0) |
                            (dst_gref ? GNTCOPY_dest_gref : 0)),
    };
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);

    return rc ? (int)rc : op.status;
}
