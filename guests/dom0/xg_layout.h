/*
 * The start-of-day layout of a PV domU, as dom0's domain builder computes
 * it (xg_build.c): the same layout the hypervisor's boot-time builder
 * gives its domUs (public/arch-riscv.h, "Start of day"), so a kernel
 * cannot tell which built it.  Pure arithmetic and table images, no
 * hypercall: host-tested (tests/unit/test_xg_layout.c).
 *
 * In pfns, from virt_base = the kernel's lowest page: the kernel image,
 * start_info, the P2M list, the xenstore ring, the console ring, the
 * bootstrap page tables, then free memory; shared_info is mapped just
 * after the last pfn.
 */
#ifndef DOM0_XG_LAYOUT_H
#define DOM0_XG_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XG_PAGE_SIZE 4096ULL
#define XG_PT_ENTRIES 512
/* Pages a domU must have free after its bootstrap pages (as the boot-time
 * builder asks). */
#define XG_MIN_FREE_PAGES 16

/* A checked kernel image (xg_elf.h): what the layout needs of it. */
#define XG_MAX_SEGMENTS 16
#define XG_PF_X 1
#define XG_PF_W 2
#define XG_PF_R 4
struct xg_segment {
    uint64_t vaddr, memsz;
    uint32_t flags;             /* XG_PF_* (ELF's PF_*) */
};
struct xg_image {
    const void *elf;            /* the ELF file and its length */
    size_t len;
    uint64_t entry;
    uint64_t va_start, va_end;  /* page aligned */
    unsigned int nr_segments;
    struct xg_segment seg[XG_MAX_SEGMENTS];
};

struct xg_layout {
    uint64_t virt_base;
    uint64_t nr_pages;
    uint64_t kernel_pages;
    uint64_t si_pfn;
    uint64_t p2m_pfn, p2m_pages;
    uint64_t store_pfn, console_pfn;
    uint64_t pt_pfn, pt_pages;
    uint64_t first_free_pfn;
};

/* Plan the layout for a checked kernel image and nr_pages of memory:
 * 0, or -1 if the memory is too small (err says by how much). */
int xg_layout_plan(const struct xg_image *ei, uint64_t nr_pages, struct xg_layout *l,
                   char *err, size_t errlen);

static inline uint64_t xg_pfn_to_va(const struct xg_layout *l, uint64_t pfn)
{
    return l->virt_base + pfn * XG_PAGE_SIZE;
}

/* Sv39 leaf permission bits of a pfn's mapping: the kernel's pages with
 * their segments' ELF permissions, the page tables read-only, the rest
 * read-write (public/arch-riscv.h). */
uint64_t xg_page_prot(const struct xg_layout *l, const struct xg_image *ei, uint64_t pfn);

/*
 * The bootstrap page tables as they must be written: tables[i] is the
 * content of pfn pt_pfn + i (tables[0] the root), mapping every pfn at
 * its VA to p2m[pfn] and shared_info (si_mfn) just after, read-write;
 * every entry with A and D set, as the boot-time builder writes them.
 * tables has l->pt_pages * 512 entries.  0, or -1 if they do not fit
 * (a layout bug).
 */
int xg_pt_image(const struct xg_layout *l, const struct xg_image *ei, const uint64_t *p2m,
                uint64_t si_mfn, uint64_t (*tables)[XG_PT_ENTRIES]);

/* The satp value for the root (Sv39, ASID 0). */
static inline uint64_t xg_satp(const struct xg_layout *l, const uint64_t *p2m)
{
    return (8ULL << 60) | p2m[l->pt_pfn];
}

#endif /* DOM0_XG_LAYOUT_H */
