/* The domU start-of-day layout and its bootstrap tables (xg_layout.h). */
#include <stdio.h>
#include <string.h>
#include "xg_layout.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10

/* Table frames to map nr_pages pages from va, plus one (shared_info). */
static uint64_t pt_frames(uint64_t va, uint64_t nr_pages)
{
    uint64_t end = va + (nr_pages + 1) * XG_PAGE_SIZE;
    uint64_t l0 = (end - 1) / (1ULL << 21) - va / (1ULL << 21) + 1;
    uint64_t l1 = (end - 1) / (1ULL << 30) - va / (1ULL << 30) + 1;

    return 1 + l1 + l0;
}

int xg_layout_plan(const struct xg_image *ei, uint64_t nr_pages, struct xg_layout *l,
                   char *err, size_t errlen)
{
    memset(l, 0, sizeof(*l));
    l->virt_base = ei->va_start;
    l->nr_pages = nr_pages;
    l->kernel_pages = (ei->va_end - ei->va_start) / XG_PAGE_SIZE;
    l->si_pfn = l->kernel_pages;
    l->p2m_pfn = l->si_pfn + 1;
    l->p2m_pages = (nr_pages * sizeof(uint64_t) + XG_PAGE_SIZE - 1) / XG_PAGE_SIZE;
    l->store_pfn = l->p2m_pfn + l->p2m_pages;
    l->console_pfn = l->store_pfn + 1;
    l->pt_pfn = l->console_pfn + 1;
    l->pt_pages = pt_frames(l->virt_base, nr_pages);
    l->first_free_pfn = l->pt_pfn + l->pt_pages;
    if (l->first_free_pfn + XG_MIN_FREE_PAGES > nr_pages) {
        snprintf(err, errlen, "%llu KiB of memory is too small for a %llu KiB kernel",
                 (unsigned long long)(nr_pages * 4), (unsigned long long)(l->kernel_pages * 4));
        return -1;
    }
    return 0;
}

uint64_t xg_page_prot(const struct xg_layout *l, const struct xg_image *ei, uint64_t pfn)
{
    uint64_t va = xg_pfn_to_va(l, pfn), prot = 0;

    if (pfn >= l->pt_pfn && pfn < l->first_free_pfn)
        return PTE_R;
    if (pfn >= l->kernel_pages)
        return PTE_R | PTE_W;
    for (unsigned int i = 0; i < ei->nr_segments; i++) {
        const struct xg_segment *s = &ei->seg[i];

        if (va + XG_PAGE_SIZE > s->vaddr && va < s->vaddr + s->memsz)
            prot |= (s->flags & XG_PF_R ? PTE_R : 0) | (s->flags & XG_PF_W ? PTE_W : 0) |
                    (s->flags & XG_PF_X ? PTE_X : 0);
    }
    return prot ? prot | PTE_R : PTE_R | PTE_W;
}

struct pt_state {
    const struct xg_layout *l;
    const uint64_t *p2m;
    uint64_t (*tables)[XG_PT_ENTRIES];
    uint64_t used;
    uint64_t *last_entry[3];        /* per level: the entry last followed */
    uint64_t *last_table[3];        /* and the table it leads to */
};

/* The table below entry (of a level-`level` table), taking the next table
 * frame if there is none.  The VAs are mapped in order, so the table is
 * almost always the one the same entry led to last time. */
static uint64_t *child(struct pt_state *s, uint64_t *entry, unsigned int level)
{
    if (!(*entry & PTE_V)) {
        if (s->used == s->l->pt_pages)
            return NULL;
        *entry = (s->p2m[s->l->pt_pfn + s->used] << PTE_PPN_SHIFT) | PTE_V;
        s->last_entry[level] = entry;
        s->last_table[level] = s->tables[s->used++];
        return s->last_table[level];
    }
    if (s->last_entry[level] == entry)
        return s->last_table[level];
    for (uint64_t i = 0; i < s->used; i++)
        if (s->p2m[s->l->pt_pfn + i] == *entry >> PTE_PPN_SHIFT)
            return s->tables[i];
    return NULL;
}

static int map_one(struct pt_state *s, uint64_t va, uint64_t mfn, uint64_t prot)
{
    uint64_t *t = s->tables[0];

    for (unsigned int level = 2; level > 0; level--) {
        t = child(s, &t[(va >> (12 + 9 * level)) & 511], level);
        if (!t)
            return -1;
    }
    t[(va >> 12) & 511] = (mfn << PTE_PPN_SHIFT) | prot | PTE_V | PTE_A | PTE_D;
    return 0;
}

int xg_pt_image(const struct xg_layout *l, const struct xg_image *ei, const uint64_t *p2m,
                uint64_t si_mfn, uint64_t (*tables)[XG_PT_ENTRIES])
{
    struct pt_state s = { .l = l, .p2m = p2m, .tables = tables, .used = 1 };

    memset(tables, 0, l->pt_pages * sizeof(*tables));
    for (uint64_t pfn = 0; pfn < l->nr_pages; pfn++)
        if (map_one(&s, xg_pfn_to_va(l, pfn), p2m[pfn], xg_page_prot(l, ei, pfn)))
            return -1;
    return map_one(&s, xg_pfn_to_va(l, l->nr_pages), si_mfn, PTE_R | PTE_W);
}
