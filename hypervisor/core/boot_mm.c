/*
 * Boot memory: which RAM frames the allocator gets.
 *
 * Every bank of RAM is handed over except the ranges the boot must keep: the
 * region from the start of RAM up to the end of the frame table (firmware,
 * hypervisor image, frame table), /reserved-memory and memreserve entries,
 * the device tree, and the boot modules until their domains are built.
 */
#include <hv/boot.h>
#include <hv/lib.h>
#include <hv/mm.h>

#define MAX_HOLES (BOOT_MAX_RESERVED + BOOT_MAX_MODULES + 2)

struct hole {
    paddr_t start, end;
};

/* The ranges no module may overlap: everything but the modules. */
static struct hole protected[BOOT_MAX_RESERVED + 2];
static unsigned int nr_protected;

static void sort_holes(struct hole *h, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        for (unsigned int j = i; j > 0 && h[j].start < h[j - 1].start; j--) {
            struct hole t = h[j];
            h[j] = h[j - 1];
            h[j - 1] = t;
        }
}

/* Add [start, end) minus the holes, page-rounded inwards. */
static void add_bank(paddr_t start, paddr_t end, const struct hole *h, unsigned int n)
{
    paddr_t cur = ROUNDUP(start, PAGE_SIZE);

    for (unsigned int i = 0; i <= n && cur < end; i++) {
        paddr_t stop = i < n ? MIN(ROUNDDOWN(h[i].start, PAGE_SIZE), end) : ROUNDDOWN(end, PAGE_SIZE);

        if (stop > cur)
            page_alloc_add_range(maddr_to_mfn(cur), (stop - cur) >> PAGE_SHIFT);
        if (i < n)
            cur = MAX(cur, ROUNDUP(h[i].end, PAGE_SIZE));
    }
}

void boot_mm_init(const struct boot_info *bi, paddr_t image_start, paddr_t image_end,
                  paddr_t dtb, uint64_t dtb_size)
{
    static struct hole holes[MAX_HOLES];   /* boot CPU only, once */
    unsigned int n = 0;
    paddr_t lo = ~0ULL, hi = 0, ft;
    uint64_t nr;

    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        lo = MIN(lo, bi->mem[i].start);
        hi = MAX(hi, bi->mem[i].start + bi->mem[i].size);
    }
    BUG_ON(lo >= hi || image_start < lo || image_end > hi);
    lo = ROUNDDOWN(lo, PAGE_SIZE);
    nr = (ROUNDUP(hi, PAGE_SIZE) - lo) >> PAGE_SHIFT;

    ft = ROUNDUP(image_end, PAGE_SIZE);
    frame_table_init((struct page_info *)maddr_to_virt(ft), lo >> PAGE_SHIFT, nr);
    ft = ROUNDUP(ft + frame_table_bytes(nr), PAGE_SIZE);

    holes[n++] = (struct hole){ lo, ft };
    holes[n++] = (struct hole){ dtb, dtb + dtb_size };
    for (unsigned int i = 0; i < bi->nr_reserved; i++)
        holes[n++] = (struct hole){ bi->reserved[i].start,
                                    bi->reserved[i].start + bi->reserved[i].size };
    memcpy(protected, holes, n * sizeof(holes[0]));
    nr_protected = n;
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        holes[n++] = (struct hole){ bi->module[i].start, bi->module[i].start + bi->module[i].size };
    sort_holes(holes, n);

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        add_bank(bi->mem[i].start, bi->mem[i].start + bi->mem[i].size, holes, n);

    printk("RAM: %#llx-%#llx, %llu MiB; frame table %llu KiB; %llu MiB free\n",
           (unsigned long long)lo, (unsigned long long)hi,
           (unsigned long long)((hi - lo) >> 20),
           (unsigned long long)(frame_table_bytes(nr) >> 10),
           (unsigned long long)(page_alloc_free_pages() >> (20 - PAGE_SHIFT)));
}

bool boot_mm_module_ok(paddr_t start, uint64_t size)
{
    if (!size || start + size < start)
        return false;
    for (unsigned int i = 0; i < nr_protected; i++)
        if (start < protected[i].end && protected[i].start < start + size)
            return false;
    return true;
}

void boot_mm_release(paddr_t start, uint64_t size)
{
    paddr_t s = ROUNDUP(start, PAGE_SIZE), e = ROUNDDOWN(start + size, PAGE_SIZE);

    if (e > s)
        page_alloc_add_range(maddr_to_mfn(s), (e - s) >> PAGE_SHIFT);
}
