/*
 * The builder of auto-translated domains (type="pvh", hv/p2m.h) at boot:
 * a flat kernel image - a Linux `Image` (its 64-byte header says where it
 * goes and how much memory it spans) or a raw binary (loaded at the start
 * of RAM) - plus a generated device tree, in a guest-physical space of its
 * own.  The layout (public/arch-riscv.h, "Auto-translated domains"):
 *
 *   GUEST_GNTTAB_BASE  the grant-table window, empty: the guest maps its
 *                    grant frames there with XENMEM_add_to_physmap
 *   GUEST_MAGIC_BASE   the console ring page, then the xenstore ring page
 *   GUEST_RAM_BASE     RAM: the image at its offset, the device tree in the
 *                    last pages
 *
 * RAM is 2 MiB p2m leaves wherever the heap gives aligned 2 MiB blocks.
 * VCPU 0 starts at the image's first byte with a0 = 0 (its hart id), a1 =
 * the device tree's address, translation off; the others are down until
 * the guest starts them with SBI HSM.  The rings are set up as for a PV
 * domU (same ports, the same reserved grant entries, naming guest frames).
 *
 * Everything about the image is checked before anything is allocated; a
 * failure afterwards discards the half-built domain.
 */
#include <libfdt.h>
#include <hv/boot.h>
#include <hv/bootinfo.h>
#include <hv/domain.h>
#include <hv/domcfg.h>
#include <hv/errno.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/p2m.h>
#include <hv/pvh_build.h>
#include <hv/sched.h>
#include <hv/version.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <hv/arch/p2m.h>
#include <hv/arch/time.h>
#include <public/arch-riscv.h>
#include <public/grant_table.h>
#include <asm/vsbi_pvh.h>

#define IMAGE_HEADER_SIZE 64
#define IMAGE_MAGIC2_OFFSET 56
#define FDT_ROOM (16 * 1024)        /* the generated tree's buffer */

struct pvh_image {
    const uint8_t *data;
    uint64_t size;              /* bytes to copy */
    uint64_t offset;            /* from the start of RAM */
    uint64_t span;              /* memory the kernel claims from there */
    bool is_linux;
};

struct pvh_layout {
    uint64_t nr_pages;          /* RAM */
    uint64_t fdt_gpa;
    uint64_t entry;
};

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (unsigned int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* A Linux Image (magic2 "RSC\x05" at offset 56) or a raw binary. */
static int image_check(const struct boot_module *mod, uint64_t mem_bytes, struct pvh_image *im,
                       char *err, size_t errlen)
{
    im->data = maddr_to_virt(mod->start);
    im->size = mod->size;
    im->offset = 0;
    im->span = mod->size;
    im->is_linux = mod->size >= IMAGE_HEADER_SIZE &&
                   !memcmp(im->data + IMAGE_MAGIC2_OFFSET, "RSC\x05", 4);
    if (im->is_linux) {
        im->offset = le64(im->data + 8);
        im->span = MAX(le64(im->data + 16), mod->size);
    }
    if (!mod->size) {
        snprintf(err, errlen, "empty image");
        return -EINVAL;
    }
    if (im->offset & (PAGE_SIZE - 1) || im->offset >= mem_bytes ||
        im->span > mem_bytes - im->offset ||
        mem_bytes - im->offset - im->span < FDT_ROOM) {
        snprintf(err, errlen, "a %llu KiB image at +%#llx does not fit in %llu KiB with its "
                 "device tree", (unsigned long long)(im->span >> 10),
                 (unsigned long long)im->offset, (unsigned long long)(mem_bytes >> 10));
        return -EINVAL;
    }
    return 0;
}

/* ---- the device tree ---- */

static int cells2(void *fdt, const char *name, uint64_t a, uint64_t b)
{
    fdt32_t c[4] = { cpu_to_fdt32((uint32_t)(a >> 32)), cpu_to_fdt32((uint32_t)a),
                     cpu_to_fdt32((uint32_t)(b >> 32)), cpu_to_fdt32((uint32_t)b) };

    return fdt_property(fdt, name, c, sizeof(c));
}

/* cpu@n with its local interrupt controller, phandle n + 1. */
static int cpu_node(void *fdt, unsigned int n)
{
    char name[16];
    int rc;

    snprintf(name, sizeof(name), "cpu@%u", n);
    if ((rc = fdt_begin_node(fdt, name)) ||
        (rc = fdt_property_string(fdt, "device_type", "cpu")) ||
        (rc = fdt_property_u32(fdt, "reg", n)) ||
        (rc = fdt_property_string(fdt, "compatible", "riscv")) ||
        (rc = fdt_property_string(fdt, "riscv,isa", "rv64imafdc")) ||
        (rc = fdt_property_string(fdt, "mmu-type", "riscv,sv39")) ||
        (rc = fdt_property_string(fdt, "status", "okay")) ||
        (rc = fdt_begin_node(fdt, "interrupt-controller")) ||
        (rc = fdt_property_u32(fdt, "#interrupt-cells", 1)) ||
        (rc = fdt_property(fdt, "interrupt-controller", NULL, 0)) ||
        (rc = fdt_property_string(fdt, "compatible", "riscv,cpu-intc")) ||
        (rc = fdt_property_u32(fdt, "phandle", n + 1)) ||
        (rc = fdt_end_node(fdt)))
        return rc;
    return fdt_end_node(fdt);
}

static int cpus_node(void *fdt, unsigned int nr_vcpus)
{
    int rc;

    if ((rc = fdt_begin_node(fdt, "cpus")) ||
        (rc = fdt_property_u32(fdt, "#address-cells", 1)) ||
        (rc = fdt_property_u32(fdt, "#size-cells", 0)) ||
        (rc = fdt_property_u32(fdt, "timebase-frequency", (uint32_t)arch_ticks_hz())))
        return rc;
    for (unsigned int i = 0; i < nr_vcpus; i++)
        if ((rc = cpu_node(fdt, i)))
            return rc;
    return fdt_end_node(fdt);
}

/* /hypervisor: Xen's binding, with the grant-table window and the upcall
 * (VCPU 0's local interrupt 1, the supervisor software interrupt). */
static int hypervisor_node(void *fdt)
{
    char compat[40];
    int len = snprintf(compat, sizeof(compat), "xen,xen-%u.%u", XEN_VERSION_MAJOR,
                       XEN_VERSION_MINOR);
    fdt32_t irq[2] = { cpu_to_fdt32(1), cpu_to_fdt32(1) };
    int rc;

    memcpy(compat + len + 1, "xen,xen", 8);
    if ((rc = fdt_begin_node(fdt, "hypervisor")) ||
        (rc = fdt_property(fdt, "compatible", compat, len + 1 + 8)) ||
        (rc = cells2(fdt, "reg", GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE)) ||
        (rc = fdt_property(fdt, "interrupts-extended", irq, sizeof(irq))))
        return rc;
    return fdt_end_node(fdt);
}

static int fdt_build(void *fdt, size_t size, const struct domain_config *cfg, uint64_t mem_bytes)
{
    char name[32];
    int rc;

    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)GUEST_RAM_BASE);
    if ((rc = fdt_create(fdt, (int)size)) || (rc = fdt_finish_reservemap(fdt)) ||
        (rc = fdt_begin_node(fdt, "")) ||
        (rc = fdt_property_u32(fdt, "#address-cells", 2)) ||
        (rc = fdt_property_u32(fdt, "#size-cells", 2)) ||
        (rc = fdt_property_string(fdt, "compatible", "rvxen,pvh")) ||
        (rc = fdt_property_string(fdt, "model", "rvxen auto-translated domain")) ||
        (rc = fdt_begin_node(fdt, "chosen")) ||
        (rc = fdt_property_string(fdt, "bootargs", cfg->cmdline)) ||
        (rc = fdt_end_node(fdt)) ||
        (rc = cpus_node(fdt, cfg->vcpus)) ||
        (rc = fdt_begin_node(fdt, name)) ||
        (rc = fdt_property_string(fdt, "device_type", "memory")) ||
        (rc = cells2(fdt, "reg", GUEST_RAM_BASE, mem_bytes)) ||
        (rc = fdt_end_node(fdt)) ||
        (rc = hypervisor_node(fdt)) ||
        (rc = fdt_end_node(fdt)))
        return rc;
    return fdt_finish(fdt);
}

/* ---- memory ---- */

/* RAM at GUEST_RAM_BASE: 2 MiB blocks (2 MiB leaves) while they come. */
static int populate_ram(struct domain *d, uint64_t nr_pages)
{
    uint64_t base = GUEST_RAM_BASE >> PAGE_SHIFT, pfn = 0;

    while (pfn < nr_pages) {
        unsigned int order = P2M_ORDER_2M;
        mfn_t m;

        while (order && (nr_pages - pfn) < (1UL << order))
            order--;
        m = alloc_domheap_pages(d, order);
        while (!mfn_valid_raw(m) && order)
            m = alloc_domheap_pages(d, --order);
        if (!mfn_valid_raw(m))
            return -ENOMEM;
        if (order == P2M_ORDER_2M) {
            if (arch_p2m_set(d, _gfn(base + pfn), m, order, P2M_RAM, true))
                return -ENOMEM;
        } else {
            for (uint64_t i = 0; i < (1UL << order); i++)
                if (arch_p2m_set(d, _gfn(base + pfn + i), _mfn(mfn_x(m) + i), 0, P2M_RAM,
                                 true))
                    return -ENOMEM;
        }
        pfn += 1UL << order;
    }
    return 0;
}

/* Copy len bytes to guest-physical gpa (RAM the builder mapped). */
static void copy_to_gpa(struct domain *d, uint64_t gpa, const void *src, uint64_t len)
{
    while (len) {
        uint64_t n = MIN(len, PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
        enum p2m_kind kind;
        bool w;
        mfn_t m = arch_p2m_get(d, _gfn(gpa >> PAGE_SHIFT), &kind, &w);

        memcpy((char *)mfn_to_virt(m) + (gpa & (PAGE_SIZE - 1)), src, n);
        gpa += n;
        src = (const char *)src + n;
        len -= n;
    }
}

/* The console and store ring pages, their ports and grant entries; the
 * frame numbers kept (HVMOP_get_param) are guest frames. */
static int setup_rings(struct domain *d)
{
    uint64_t console_gfn = GUEST_MAGIC_BASE >> PAGE_SHIFT, store_gfn = console_gfn + 1;
    int store_port, console_port;

    for (uint64_t g = console_gfn; g <= store_gfn; g++) {
        mfn_t m = alloc_domheap_pages(d, 0);      /* zeroed */

        if (!mfn_valid_raw(m) || arch_p2m_set(d, _gfn(g), m, 0, P2M_RAM, true))
            return -ENOMEM;
    }
    store_port = evtchn_alloc_unbound_port(d, 0);
    console_port = evtchn_alloc_unbound_port(d, 0);
    if (store_port < 0 || console_port < 0)
        return -ENOMEM;
    d->store_mfn = store_gfn;
    d->console_mfn = console_gfn;
    d->store_port = (uint32_t)store_port;
    d->console_port = (uint32_t)console_port;
    gnttab_seed_entry_gfn(d, GNTTAB_RESERVED_CONSOLE, 0, _gfn(console_gfn));
    gnttab_seed_entry_gfn(d, GNTTAB_RESERVED_XENSTORE, 0, _gfn(store_gfn));
    return 0;
}

static int create_vcpus(struct domain *d, const struct domain_config *cfg, unsigned int cpu)
{
    for (unsigned int i = 0; i < cfg->vcpus; i++) {
        struct vcpu *v = vcpu_create(d, i, (cpu + i) % nr_cpus_online);

        if (!v)
            return -ENOMEM;
        vsbi_pvh_vcpu_init(v);
    }
    return 0;
}

/* Everything after the checks; the domain is discarded by the caller on
 * failure. */
static int build(struct domain *d, const struct pvh_image *im, const struct domain_config *cfg,
                 unsigned int cpu, struct pvh_layout *l)
{
    static char fdt[FDT_ROOM] __aligned(8);
    uint64_t mem_bytes = l->nr_pages << PAGE_SHIFT;
    struct vcpu *v;

    if (p2m_make_translated(d) || populate_ram(d, l->nr_pages) || setup_rings(d) ||
        create_vcpus(d, cfg, cpu))
        return -ENOMEM;
    if (fdt_build(fdt, sizeof(fdt), cfg, mem_bytes))
        return -ENOSPC;
    l->fdt_gpa = GUEST_RAM_BASE + mem_bytes - ROUNDUP((uint64_t)fdt_totalsize(fdt), PAGE_SIZE);
    l->entry = GUEST_RAM_BASE + im->offset;
    copy_to_gpa(d, l->entry, im->data, im->size);
    copy_to_gpa(d, l->fdt_gpa, fdt, fdt_totalsize(fdt));
    arch_gstage_publish(d);
    v = d->vcpu[0];
    arch_vcpu_init_translated(v, l->entry, 0, l->fdt_gpa);
    v->is_initialised = true;
    if (sched_set_boot_params(d, cfg->weight, cfg->cap, cfg->period_ms, cfg->slice_ms))
        printk(XENLOG_WARNING "d%u (%s): scheduling parameters refused; defaults kept\n",
               d->domain_id, d->name);
    return 0;
}

int pvh_build_domain(const struct boot_module *mod, domid_t id,
                     const struct domain_config *cfg, unsigned int cpu)
{
    uint64_t mem_bytes = cfg->memory_mb << 20;
    struct pvh_layout l = { .nr_pages = mem_bytes >> PAGE_SHIFT };
    struct pvh_image im;
    struct domain *d;
    char err[128];
    int rc;

    if (!boot_mm_module_ok(mod->start, mod->size)) {
        printk(XENLOG_ERR "d%u (%s): module at %#llx overlaps hypervisor memory: not built\n",
               id, cfg->name, (unsigned long long)mod->start);
        return -EINVAL;
    }
    rc = image_check(mod, mem_bytes, &im, err, sizeof(err));
    if (rc) {
        printk(XENLOG_ERR "d%u (%s): bad kernel: %s: not built\n", id, cfg->name, err);
        return rc;
    }
    /* RAM, plus the two ring pages beside it. */
    d = domain_create(id, cfg->name, false, MAX(l.nr_pages, (cfg->maxmem_mb << 20) >> PAGE_SHIFT) + 2,
                      cfg->vcpus);
    rc = d ? build(d, &im, cfg, cpu, &l) : -ENOMEM;
    if (rc) {
        printk(XENLOG_ERR "d%u (%s): %s: not built\n", id, cfg->name,
               rc == -ENOSPC ? "device tree too large" : "out of memory");
        if (d)
            domain_discard_unbuilt(d);
        return rc;
    }
    printk("d%u (%s): auto-translated, %s image at %#llx, device tree at %#llx, "
           "%u VCPU(s) from cpu %u\n", id, cfg->name, im.is_linux ? "Linux" : "flat",
           (unsigned long long)l.entry, (unsigned long long)l.fdt_gpa, cfg->vcpus, cpu);
    printk("d%u: %llu pages RAM, %lu KiB hypervisor overhead\n", id,
           (unsigned long long)l.nr_pages, d->hv_pages * (PAGE_SIZE >> 10));
    return 0;
}
