/*
 * The PV domain builder (boot time): dom0 from the first kernel module,
 * a domU from each further one.
 *
 * The start-of-day layout a guest finds is documented in
 * public/arch-riscv.h: its pseudo-physical pages are mapped at
 * virt_base + pfn * PAGE_SIZE, in this order: the kernel image, dom0's
 * device tree (dom0 only, core/dom0_fdt.c), dom0's ramdisk (dom0 only: the
 * boot module after its kernel, copied in and named by start_info's
 * mod_start and mod_len), start_info, the P2M list, for
 * a domU its store ring and console ring pages, the bootstrap page tables,
 * then free memory; shared_info follows the last page.
 *
 * Rings (a domU's; dom0 runs xenstored and keeps console_io, so it has
 * none): both pages are zeroed, each gets an unbound port whose remote
 * end is dom0, and the domU's grant entries GNTTAB_RESERVED_CONSOLE and
 * GNTTAB_RESERVED_XENSTORE grant the pages to dom0, as Xen's toolstack
 * pre-fills them.  start_info and HVMOP_get_param (core/hvm_op.c) tell
 * the frames and ports.  Everything is checked (ELF, sizes, the domain
 * description) before anything is allocated; a bad module or description
 * stops that domain only, with a named error.
 *
 * VCPUs: dom0 gets dom0_max_vcpus=, a domU its description's vcpus=.
 * VCPU 0 starts at the kernel's entry; the others are created down and
 * uninitialised, for the guest to start with VCPUOP_initialise and
 * VCPUOP_up.  VCPU n of a domain is placed on pCPU (base + n) modulo the
 * pCPUs online, base moving on by each domain's VCPU count, so domains
 * and their VCPUs spread over the machine.
 */
#include <libfdt.h>
#include <hv/boot.h>
#include <hv/domain.h>
#include <hv/dom0_fdt.h>
#include <hv/domcfg.h>
#include <hv/elf.h>
#include <hv/event.h>
#include <hv/grant_table.h>
#include <hv/errno.h>
#include <hv/irq.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <hv/pvh_build.h>
#include <hv/sched.h>
#include <hv/xmalloc.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <public/grant_table.h>
#include <public/xen.h>

/* Where each piece of the start-of-day layout lives, in pfns. */
struct layout {
    struct elf_image elf;
    uint64_t nr_pages;
    uint64_t kernel_pages;
    uint64_t fdt_pfn, fdt_pages;    /* dom0's device tree; 0 pages: none */
    uint64_t mod_pfn, mod_pages;    /* dom0's ramdisk; 0 pages: none */
    uint64_t si_pfn;
    uint64_t p2m_pfn, p2m_pages;
    uint64_t store_pfn, console_pfn;    /* domU only; 0 for dom0 */
    uint64_t pt_pfn, pt_pages;
    uint64_t first_free_pfn;
};

struct build {
    const char *name;
    domid_t id;
    bool privileged;
    uint64_t mem_bytes;
    uint64_t max_bytes;         /* maxmem: the reservation may grow to this */
    const char *cmdline;
    unsigned int cpu;          /* VCPU n goes on pCPU (cpu + n) % online */
    unsigned int nr_vcpus;
    const struct boot_info *bi;   /* dom0: the virtio-mmio ranges it may map */
    const void *fdt;              /* dom0: its device tree (core/dom0_fdt.c), or NULL */
    size_t fdt_size;
    const struct boot_module *ramdisk;  /* dom0: its ramdisk module, or NULL */
    const struct domain_config *cfg;   /* scheduling parameters; NULL: defaults */
};

static uint64_t pfn_to_va(const struct layout *l, uint64_t pfn)
{
    return l->elf.va_start + pfn * PAGE_SIZE;
}

static int plan_layout(const struct boot_module *mod, const struct build *b, struct layout *l,
                       char *err, size_t errlen)
{
    uint64_t mem_bytes = b->mem_bytes;
    int rc;

    l->nr_pages = mem_bytes >> PAGE_SHIFT;
    rc = elf_check(maddr_to_virt(mod->start), mod->size, mem_bytes, &l->elf, err, errlen);
    if (rc)
        return rc;
    l->kernel_pages = (l->elf.va_end - l->elf.va_start) >> PAGE_SHIFT;
    l->fdt_pfn = l->kernel_pages;
    l->fdt_pages = ROUNDUP(b->fdt_size, PAGE_SIZE) >> PAGE_SHIFT;
    l->mod_pfn = l->fdt_pfn + l->fdt_pages;
    l->mod_pages = b->ramdisk ? ROUNDUP(b->ramdisk->size, PAGE_SIZE) >> PAGE_SHIFT : 0;
    l->si_pfn = l->mod_pfn + l->mod_pages;
    l->p2m_pfn = l->si_pfn + 1;
    l->p2m_pages = ROUNDUP(l->nr_pages * sizeof(uint64_t), PAGE_SIZE) >> PAGE_SHIFT;
    l->pt_pfn = l->p2m_pfn + l->p2m_pages;
    if (!b->privileged) {             /* a domU's rings */
        l->store_pfn = l->pt_pfn;
        l->console_pfn = l->pt_pfn + 1;
        l->pt_pfn += 2;
    }
    l->pt_pages = arch_guest_pt_frames(l->elf.va_start, l->nr_pages);
    l->first_free_pfn = l->pt_pfn + l->pt_pages;
    if (l->first_free_pfn + 16 > l->nr_pages) {
        snprintf(err, errlen, "%llu KiB of memory is too small for a %llu KiB kernel",
                 (unsigned long long)(mem_bytes >> 10),
                 (unsigned long long)(l->kernel_pages << 2));
        return -ENOMEM;
    }
    return 0;
}

/* Every frame of the domain, recorded in p2m[pfn]. */
static int populate(struct domain *d, uint64_t *p2m, uint64_t nr_pages)
{
    uint64_t pfn = 0;

    while (pfn < nr_pages) {
        unsigned int order = 9;
        mfn_t m;

        while (order && (nr_pages - pfn) < (1UL << order))
            order--;
        m = alloc_domheap_pages(d, order);
        while (!mfn_valid_raw(m) && order) /* fragmented: smaller blocks */
            m = alloc_domheap_pages(d, --order);
        if (!mfn_valid_raw(m))
            return -ENOMEM;
        for (uint64_t i = 0; i < (1UL << order); i++) {
            m2p_set(_mfn(mfn_x(m) + i), pfn);
            p2m[pfn++] = mfn_x(m) + i;
        }
    }
    return 0;
}

struct load_ctx {
    const struct layout *l;
    const uint64_t *p2m;
};

static void *va_to_hv(const struct load_ctx *c, uint64_t va)
{
    uint64_t pfn = (va - c->l->elf.va_start) >> PAGE_SHIFT;

    return (char *)mfn_to_virt(_mfn(c->p2m[pfn])) + (va & (PAGE_SIZE - 1));
}

static void load_copy(void *ctx, uint64_t va, const void *src, size_t len)
{
    while (len) {
        size_t n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));

        memcpy(va_to_hv(ctx, va), src, n);
        va += n;
        src = (const char *)src + n;
        len -= n;
    }
}

static void load_zero(void *ctx, uint64_t va, size_t len)
{
    while (len) {
        size_t n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));

        memset(va_to_hv(ctx, va), 0, n);
        va += n;
        len -= n;
    }
}

/* Guest permissions for a pfn of the initial mapping. */
static unsigned int page_perms(const struct layout *l, uint64_t pfn)
{
    uint64_t va = pfn_to_va(l, pfn);
    unsigned int perms = 0;

    if (pfn >= l->pt_pfn && pfn < l->first_free_pfn)
        return GUEST_MAP_R;
    if (pfn >= l->kernel_pages)
        return GUEST_MAP_R | GUEST_MAP_W;
    for (unsigned int i = 0; i < l->elf.nr_segments; i++) {
        const struct elf_segment *s = &l->elf.seg[i];

        if (va + PAGE_SIZE > s->vaddr && va < s->vaddr + s->memsz)
            perms |= (s->flags & PF_R ? GUEST_MAP_R : 0) | (s->flags & PF_W ? GUEST_MAP_W : 0) |
                     (s->flags & PF_X ? GUEST_MAP_X : 0);
    }
    return perms ? perms | GUEST_MAP_R : GUEST_MAP_R | GUEST_MAP_W;
}

static int map_domain(struct domain *d, const struct layout *l, const uint64_t *p2m,
                      struct guest_pt *pt)
{
    int rc = 0;

    for (uint64_t i = 0; i < l->pt_pages; i++)
        pt->frames[i] = _mfn(p2m[l->pt_pfn + i]);
    pt->nr_frames = (unsigned int)l->pt_pages;
    pt->used = 0;

    /* Every frame writable in G-stage: pinning the tables (below) makes
     * the table frames read-only, as their type says. */
    for (uint64_t pfn = 0; pfn < l->nr_pages && !rc; pfn++) {
        rc = arch_gstage_map(d, _mfn(p2m[pfn]), true);
        if (!rc)
            rc = arch_guest_pt_map(pt, pfn_to_va(l, pfn), _mfn(p2m[pfn]), page_perms(l, pfn));
    }
    if (!rc)        /* shared_info is in d's G-stage since domain_create */
        rc = arch_guest_pt_map(pt, pfn_to_va(l, l->nr_pages), d->shared_info_mfn,
                               GUEST_MAP_R | GUEST_MAP_W);
    arch_gstage_publish(d);
    return rc;
}

/*
 * dom0 may map the virtio-mmio devices (its drivers run there) and owns
 * their interrupts, pirq = PLIC source (hv/irq.h).  A source the PLIC
 * cannot deliver (no usable PLIC) leaves that device to polling: a
 * warning, not a failure.
 */
static int permit_devices(struct domain *d, const struct build *b)
{
    int rc = 0;

    for (unsigned int i = 0; b->bi && i < b->bi->nr_virtio && !rc; i++) {
        const struct mem_region *r = &b->bi->virtio[i];

        rc = iomem_permit(d, r->start >> PAGE_SHIFT,
                          (ROUNDUP(r->start + r->size, PAGE_SIZE) >> PAGE_SHIFT) -
                          (r->start >> PAGE_SHIFT));
        if (!rc && irq_permit(d, b->bi->virtio_irq[i]))
            printk(XENLOG_WARNING "d%u: virtio-mmio %#llx: interrupt %u not routable\n",
                   b->id, (unsigned long long)r->start, b->bi->virtio_irq[i]);
    }
    return rc;
}

static void fill_start_info(struct domain *d, const struct layout *l, const uint64_t *p2m,
                            const struct build *b)
{
    struct start_info *si = mfn_to_virt(_mfn(p2m[l->si_pfn]));

    memcpy(mfn_to_virt(_mfn(p2m[l->p2m_pfn])), p2m, l->nr_pages * sizeof(uint64_t));
    strlcpy(si->magic, XEN_START_INFO_MAGIC, sizeof(si->magic));
    si->nr_pages = l->nr_pages;
    si->shared_info = mfn_to_maddr(d->shared_info_mfn);
    si->flags = b->privileged ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
    si->pt_base = pfn_to_va(l, l->pt_pfn);
    si->nr_pt_frames = l->pt_pages;
    si->mfn_list = pfn_to_va(l, l->p2m_pfn);
    si->first_p2m_pfn = l->p2m_pfn;
    si->nr_p2m_frames = l->p2m_pages;
    si->store_mfn = d->store_mfn;
    si->store_evtchn = d->store_port;
    if (!b->privileged) {
        si->console.domU.mfn = d->console_mfn;
        si->console.domU.evtchn = d->console_port;
    }
    if (b->ramdisk) {
        si->mod_start = pfn_to_va(l, l->mod_pfn);
        si->mod_len = b->ramdisk->size;
    }
    strlcpy((char *)si->cmd_line, b->cmdline, sizeof(si->cmd_line));
}

/*
 * A domU's store and console rings: zeroed pages, a port each for dom0 to
 * bind, and the reserved grant entries granting the pages to dom0.
 */
static int setup_rings(struct domain *d, const struct layout *l, const uint64_t *p2m)
{
    domid_t backend = 0;    /* dom0 runs xenstored and the console back end */
    int store_port, console_port;

    d->store_mfn = p2m[l->store_pfn];
    d->console_mfn = p2m[l->console_pfn];
    memset(mfn_to_virt(_mfn(d->store_mfn)), 0, PAGE_SIZE);
    memset(mfn_to_virt(_mfn(d->console_mfn)), 0, PAGE_SIZE);
    store_port = evtchn_alloc_unbound_port(d, backend);
    console_port = evtchn_alloc_unbound_port(d, backend);
    if (store_port < 0 || console_port < 0)
        return -ENOMEM;
    d->store_port = (uint32_t)store_port;
    d->console_port = (uint32_t)console_port;
    gnttab_seed_entry(d, GNTTAB_RESERVED_CONSOLE, backend, _mfn(d->console_mfn));
    gnttab_seed_entry(d, GNTTAB_RESERVED_XENSTORE, backend, _mfn(d->store_mfn));
    return 0;
}

/* VCPU 0 up, the others down and uninitialised (VCPUOP_initialise, up),
 * spread over the pCPUs from b->cpu on. */
static int create_vcpus(struct domain *d, const struct build *b)
{
    for (unsigned int i = 0; i < b->nr_vcpus; i++)
        if (!vcpu_create(d, i, (b->cpu + i) % nr_cpus_online))
            return -ENOMEM;
    return 0;
}

static int build_one(const struct boot_module *mod, const struct build *b)
{
    struct layout l;
    struct guest_pt pt;
    struct load_ctx lc;
    struct domain *d;
    struct vcpu *v;
    uint64_t *p2m;
    mfn_t *pt_frames;
    char err[128];
    int rc;

    if (!boot_mm_module_ok(mod->start, mod->size)) {
        printk(XENLOG_ERR "d%u (%s): module at %#llx overlaps hypervisor memory: not built\n",
               b->id, b->name, (unsigned long long)mod->start);
        return -EINVAL;
    }
    rc = plan_layout(mod, b, &l, err, sizeof(err));
    if (rc) {
        printk(XENLOG_ERR "d%u (%s): bad kernel: %s: not built\n", b->id, b->name, err);
        return rc;
    }
    d = domain_create(b->id, b->name, b->privileged,
                      MAX(l.nr_pages, b->max_bytes >> PAGE_SHIFT), b->nr_vcpus);
    p2m = xzalloc_array(uint64_t, l.nr_pages);
    pt_frames = xzalloc_array(mfn_t, l.pt_pages);
    if (!d || !p2m || !pt_frames || populate(d, p2m, l.nr_pages))
        goto nomem;
    lc = (struct load_ctx){ &l, p2m };
    elf_load(maddr_to_virt(mod->start), &l.elf, load_copy, load_zero, &lc);
    if (!b->privileged && setup_rings(d, &l, p2m))
        goto nomem;
    if (b->fdt)
        load_copy(&lc, pfn_to_va(&l, l.fdt_pfn), b->fdt, b->fdt_size);
    if (b->ramdisk)
        load_copy(&lc, pfn_to_va(&l, l.mod_pfn), maddr_to_virt(b->ramdisk->start),
                  b->ramdisk->size);
    fill_start_info(d, &l, p2m, b);
    pt.frames = pt_frames;
    if (create_vcpus(d, b) || map_domain(d, &l, p2m, &pt) || permit_devices(d, b))
        goto nomem;
    v = d->vcpu[0];
    arch_vcpu_init(v, l.elf.entry, pfn_to_va(&l, l.si_pfn),
                   b->fdt ? pfn_to_va(&l, l.fdt_pfn) : 0, &pt);
    /* Validates the bootstrap tables as the type system sees them. */
    rc = mm_builder_install_root(v, pt.frames[0]);
    if (rc) {
        printk(XENLOG_ERR "d%u (%s): bootstrap page tables refused (%d): not built\n",
               b->id, b->name, rc);
        goto discard;
    }
    v->is_initialised = true;
    if (b->cfg && sched_set_boot_params(d, b->cfg->weight, b->cfg->cap, b->cfg->period_ms,
                                        b->cfg->slice_ms))
        printk(XENLOG_WARNING "d%u (%s): scheduling parameters refused; defaults kept\n",
               b->id, b->name);
    printk("d%u (%s): kernel %#llx-%#llx entry %#llx, %u VCPU(s) from cpu %u\n", b->id,
           b->name, (unsigned long long)l.elf.va_start, (unsigned long long)l.elf.va_end,
           (unsigned long long)l.elf.entry, b->nr_vcpus, b->cpu);
    printk("d%u: %llu pages RAM, %lu KiB hypervisor overhead\n", b->id,
           (unsigned long long)l.nr_pages, d->hv_pages * (PAGE_SIZE >> 10));
    xfree(p2m);
    xfree(pt_frames);
    return 0;

 nomem:
    printk(XENLOG_ERR "d%u (%s): out of memory: not built\n", b->id, b->name);
 discard:
    if (d)
        domain_discard_unbuilt(d);
    xfree(p2m);
    xfree(pt_frames);
    return -ENOMEM;
}

static bool describe_domu(const struct boot_module *mod, domid_t id, struct domain_config *cfg)
{
    char err[128];

    domcfg_defaults(cfg);
    if (domcfg_parse(mod->cmdline, cfg, err, sizeof(err))) {
        printk(XENLOG_ERR "d%u: bad domain description: %s: not built\n", id, err);
        return false;
    }
    if (!cfg->name[0])
        snprintf(cfg->name, sizeof(cfg->name), "domU%u", id);
    return true;
}

/*
 * The kernel modules in address order.  That is the order they were given
 * to the boot loader (QEMU's guest-loader lists its nodes in reverse), so
 * the first kernel given is dom0 and kernel N is domain N.  A kernel the
 * device tree parser had to skip keeps its place as a NULL entry: its
 * domain is not built, and no other kernel moves into its role.
 */
struct kernel_slot {
    paddr_t start;
    const struct boot_module *mod;   /* NULL: skipped */
};

static unsigned int order_kernels(const struct boot_info *bi, struct kernel_slot *out)
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < bi->nr_modules + bi->nr_skipped_kernels; i++) {
        struct kernel_slot k;
        unsigned int j;

        if (i < bi->nr_modules) {
            if (bi->module[i].kind != BOOTMOD_KERNEL)
                continue;       /* a ramdisk: its kernel's (ramdisk_of) */
            k = (struct kernel_slot){ bi->module[i].start, &bi->module[i] };
        } else {
            k = (struct kernel_slot){ bi->skipped_kernel[i - bi->nr_modules], NULL };
        }
        for (j = n; j > 0 && out[j - 1].start > k.start; j--)
            out[j] = out[j - 1];
        out[j] = k;
        n++;
    }
    return n;
}

/*
 * The frame table after building: every count the type system's model
 * explains and nothing else, no page table writable in any G-stage.  A
 * failure is a hypervisor bug, found before any guest runs.
 */
static void check_built_domains(domid_t nr)
{
    static struct domain *doms[2 * BOOT_MAX_MODULES];   /* boot CPU only */
    unsigned int n = 0;
    char why[160];
    int rc;

    for (domid_t id = 0; id < nr && n < ARRAY_SIZE(doms); id++)
        if (domain_by_id(id))
            doms[n++] = domain_by_id(id);
    spin_lock(&mm_lock);
    rc = check_invariants(doms, n, true, why, sizeof(why));
    spin_unlock(&mm_lock);
    if (rc)
        panic("frame table inconsistent after building domains: %s", why);
    printk("Frame table consistent after building %u domain(s)\n", n);
}

/*
 * The ramdisk of the kernel module `k`: the module just above it, if that
 * is a ramdisk (core/fdt.c gives each ramdisk to the kernel below it).  Only dom0's is used; another domain's is reported and ignored.
 */
static const struct boot_module *ramdisk_of(const struct boot_info *bi,
                                            const struct boot_module *k)
{
    const struct boot_module *next = NULL;

    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->module[i];

        if (m->start > k->start && (!next || m->start < next->start))
            next = m;
    }
    return next && next->kind == BOOTMOD_RAMDISK ? next : NULL;
}

/* dom0's device tree, built once (boot CPU only). */
static void dom0_device_tree(const struct boot_info *bi, struct build *b)
{
    static char buf[PAGE_SIZE] __aligned(8);

    if (dom0_fdt_build(bi, buf, sizeof(buf))) {
        printk(XENLOG_WARNING "d0: its device tree does not fit in %zu bytes: none given\n",
               sizeof(buf));
        return;
    }
    b->fdt = buf;
    b->fdt_size = fdt_totalsize(buf);
}

unsigned int build_boot_domains(const struct boot_info *bi)
{
    static struct domain_config cfg;
    static struct kernel_slot kernels[2 * BOOT_MAX_MODULES];   /* boot CPU only */
    unsigned int built = 0, cpu = 0, nr = order_kernels(bi, kernels);
    domid_t id = 0;

    for (unsigned int i = 0; i < nr; i++, id++) {
        const struct boot_module *mod = kernels[i].mod;
        struct build b = { .id = id, .cpu = cpu % nr_cpus_online };

        if (!mod) {
            printk(XENLOG_ERR "d%u: its kernel module was unusable: not built%s\n", id,
                   id == 0 ? " (no control domain)" : "");
            continue;
        }
        if (id == 0) {
            b.name = "Domain-0";
            b.privileged = true;
            b.bi = bi;
            dom0_device_tree(bi, &b);
            b.mem_bytes = hv_opts.dom0_mem;
            b.cmdline = mod->cmdline;
            b.ramdisk = ramdisk_of(bi, mod);
            b.nr_vcpus = hv_opts.dom0_max_vcpus;
        } else {
            if (!describe_domu(mod, id, &cfg))
                continue;
            if (cfg.type == DOMAIN_TYPE_PVH) {      /* core/domain_build_pvh.c */
                if (pvh_build_domain(mod, id, &cfg, b.cpu) == 0) {
                    built++;
                    cpu += cfg.vcpus;
                }
                continue;
            }
            b.name = cfg.name;
            b.mem_bytes = cfg.memory_mb << 20;
            b.max_bytes = cfg.maxmem_mb << 20;
            b.cmdline = cfg.cmdline;
            b.nr_vcpus = cfg.vcpus;
            b.cfg = &cfg;
            if (ramdisk_of(bi, mod))
                printk(XENLOG_WARNING "d%u: ramdisk ignored (only dom0's is loaded)\n", id);
        }
        b.nr_vcpus = MAX(b.nr_vcpus, 1u);
        if (build_one(mod, &b) == 0) {
            built++;
            cpu += b.nr_vcpus;
        }
    }
    if (hv_opts.mm_boot_check)
        check_built_domains(id);
    for (domid_t d = 0; d < id; d++)
        if (domain_by_id(d))
            domain_unpause(domain_by_id(d));
    return built;
}
