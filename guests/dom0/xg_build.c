/* dom0's PV domain builder (xg_build.h has the steps). */
#include <stdio.h>
#include <string.h>
#include <kernel.h>
#include <pagetable.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/hvm/hvm_op.h>
#include <public/hvm/params.h>
#include <public/memory.h>
#include "xg_build.h"
#include "xg_elf.h"
#include "xg_layout.h"

/*
 * The foreign-mapping window: one page of dom0's address space, in a 1 GiB
 * slot nothing else uses, whose leaf maps one frame of the domain being
 * built at a time.
 */
#define WINDOW_VA 0x3000000000UL

static uint64_t window_leaf;        /* machine address of its leaf PTE */
static domid_t window_dom;
static uint64_t window_mfn;         /* mapped now; 0: nothing */

static long window_init(void)
{
    void *page;
    uint64_t root, e;
    long rc;

    if (window_leaf)
        return 0;
    if (!(page = alloc_page()))
        return -XEN_ENOMEM;
    /* Mapping and unmapping an own page leaves the tables on the way. */
    rc = pt_map(WINDOW_VA, virt_to_mfn(page), PTE_R | PTE_W);
    if (!rc)
        rc = pt_unmap(WINDOW_VA);
    free_page(page);
    if (rc)
        return rc;
    root = pt_current_root();
    e = pt_table(root)[pt_index(WINDOW_VA, 2)];
    e = pt_table(pte_mfn(e))[pt_index(WINDOW_VA, 1)];
    window_leaf = pt_entry_ma(pte_mfn(e), pt_index(WINDOW_VA, 0));
    return 0;
}

static long window_set(domid_t dom, uint64_t val)
{
    mmu_update_t u = { .ptr = window_leaf, .val = val };
    unsigned int done = 0;
    long rc = HYPERVISOR_mmu_update(&u, 1, &done, dom);

    if (!rc)
        rc = tlb_flush_va(WINDOW_VA);
    return rc;
}

/* Frame mfn of domain dom at WINDOW_VA, read-write; NULL on a refusal. */
static void *window_map(domid_t dom, uint64_t mfn)
{
    if (window_mfn == mfn && window_dom == dom)
        return (void *)WINDOW_VA;
    if (window_mfn && window_set(DOMID_SELF, 0))
        return NULL;
    window_mfn = 0;
    if (window_set(dom, pte_make(mfn, PTE_R | PTE_W | PTE_V)))
        return NULL;
    window_dom = dom;
    window_mfn = mfn;
    return (void *)WINDOW_VA;
}

/* Nothing of the domain may stay mapped: its tables must validate (no
 * writable mapping of a table frame) and it must be destroyable. */
static long window_unmap(void)
{
    long rc = window_mfn ? window_set(DOMID_SELF, 0) : 0;

    window_mfn = 0;
    return rc;
}

/* ---- one build ---- */

struct build {
    const struct xg_spec *spec;
    struct xg_image ei;
    struct xg_layout l;
    domid_t domid;
    uint64_t *p2m;              /* nr_pages MFNs, contiguous in dom0 */
    uint64_t (*tables)[XG_PT_ENTRIES];
    uint64_t si_mfn;            /* shared_info */
    long copy_rc;
    char *err;
    size_t errlen;
};

static long fail(struct build *b, long rc, const char *fmt, const char *what)
{
    snprintf(b->err, b->errlen, fmt, what, rc);
    return rc;
}

static long domctl(xen_domctl_t *op, uint32_t cmd, domid_t dom)
{
    op->cmd = cmd;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
    return HYPERVISOR_domctl(op);
}

/* Bytes into the domain's pseudo-physical page pfn at offset off. */
static long put(struct build *b, uint64_t pfn, size_t off, const void *src, size_t len)
{
    char *page = window_map(b->domid, b->p2m[pfn]);

    if (!page)
        return -XEN_EINVAL;
    if (src)
        memcpy(page + off, src, len);
    else
        memset(page + off, 0, len);
    return 0;
}

/* elf_load's callbacks: through the window, page by page. */
static void load_bytes(struct build *b, uint64_t va, const void *src, size_t len)
{
    while (len && !b->copy_rc) {
        uint64_t pfn = (va - b->l.virt_base) / PAGE_SIZE, off = va % PAGE_SIZE;
        size_t n = len < PAGE_SIZE - off ? len : PAGE_SIZE - off;

        b->copy_rc = put(b, pfn, off, src, n);
        va += n;
        len -= n;
        if (src)
            src = (const char *)src + n;
    }
}

static void load_copy(void *ctx, uint64_t va, const void *src, size_t len)
{
    load_bytes(ctx, va, src, len);
}

static void load_zero(void *ctx, uint64_t va, size_t len)
{
    load_bytes(ctx, va, NULL, len);
}

/*
 * The P2M and the table images are contiguous in dom0's memory.  dom0's
 * allocator hands out contiguous runs only from pages never used, so the
 * buffers are kept from one build to the next and grown when a larger
 * domain needs more (the old run goes back page by page): building and
 * destroying for ever does not use dom0's memory up.
 */
struct scratch {
    void *va;
    unsigned int pages;
};
static struct scratch p2m_buf, tables_buf;

static void *scratch_get(struct scratch *s, unsigned int pages)
{
    if (s->pages >= pages)
        return s->va;
    for (unsigned int i = 0; i < s->pages; i++)
        free_page((char *)s->va + i * PAGE_SIZE);
    s->va = alloc_pages_contig(pages);
    s->pages = s->va ? pages : 0;
    return s->va;
}

static long alloc_arrays(struct build *b)
{
    b->p2m = scratch_get(&p2m_buf, (unsigned int)((b->l.nr_pages * 8 + PAGE_SIZE - 1) / PAGE_SIZE));
    b->tables = scratch_get(&tables_buf, (unsigned int)b->l.pt_pages);
    return b->p2m && b->tables ? 0 : -XEN_ENOMEM;
}

static long create(struct build *b)
{
    const struct xg_spec *s = b->spec;
    uint64_t maxmem = s->maxmem_mb > s->memory_mb ? s->maxmem_mb : s->memory_mb;
    xen_domctl_t op;
    long rc;

    memset(&op, 0, sizeof(op));
    op.u.createdomain.max_vcpus = s->vcpus ? s->vcpus : 1;
    op.u.createdomain.max_grant_frames = -1;
    op.u.createdomain.max_maptrack_frames = -1;
    op.u.createdomain.grant_opts = 1;
    op.u.createdomain.max_evtchn_port = 1023;
    if ((rc = domctl(&op, XEN_DOMCTL_createdomain, 0)))
        return fail(b, rc, "%s: createdomain failed (%ld)", s->name);
    b->domid = op.domain;
    memset(&op, 0, sizeof(op));
    op.u.max_mem.max_memkb = maxmem << 10;
    if ((rc = domctl(&op, XEN_DOMCTL_max_mem, b->domid)))
        return fail(b, rc, "%s: max_mem failed (%ld)", s->name);
    memset(&op, 0, sizeof(op));
    if ((rc = domctl(&op, XEN_DOMCTL_getdomaininfo, b->domid)))
        return fail(b, rc, "%s: getdomaininfo failed (%ld)", s->name);
    b->si_mfn = op.u.getdomaininfo.shared_info_frame;
    return 0;
}

static long populate(struct build *b)
{
    struct xen_memory_reservation r = {
        .extent_start = (uint64_t)(uintptr_t)b->p2m, .nr_extents = b->l.nr_pages,
        .domid = b->domid,
    };
    long done;

    for (uint64_t i = 0; i < b->l.nr_pages; i++)
        b->p2m[i] = i;
    done = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
    if (done != (long)b->l.nr_pages) {
        snprintf(b->err, b->errlen, "%s: out of memory: %ld of %llu MiB", b->spec->name,
                 done < 0 ? 0 : done / 256, (unsigned long long)b->spec->memory_mb);
        return -XEN_ENOMEM;
    }
    return 0;
}

/* The rings: a port each for dom0, grant entries 0/1, the parameters. */
static long rings(struct build *b, struct xg_result *out)
{
    struct evtchn_alloc_unbound a = { .dom = b->domid, .remote_dom = 0 };
    struct gnttab_setup_table st = { .dom = b->domid, .nr_frames = 1 };
    xen_pfn_t gframe = 0;
    grant_entry_v1_t *g;
    long rc;

    out->store_mfn = b->p2m[b->l.store_pfn];
    out->console_mfn = b->p2m[b->l.console_pfn];
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a)))
        return fail(b, rc, "%s: store port (%ld)", b->spec->name);
    out->store_port = a.port;
    if ((rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a)))
        return fail(b, rc, "%s: console port (%ld)", b->spec->name);
    out->console_port = a.port;
    set_xen_guest_handle(st.frame_list, &gframe);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);
    if (rc || st.status)
        return fail(b, rc ? rc : -XEN_EINVAL, "%s: grant table (%ld)", b->spec->name);
    if (!(g = window_map(b->domid, gframe)))
        return fail(b, -XEN_EINVAL, "%s: grant frame not mappable (%ld)", b->spec->name);
    g[GNTTAB_RESERVED_CONSOLE] = (grant_entry_v1_t){ 0, 0, (uint32_t)out->console_mfn };
    g[GNTTAB_RESERVED_XENSTORE] = (grant_entry_v1_t){ 0, 0, (uint32_t)out->store_mfn };
    __atomic_store_n(&g[GNTTAB_RESERVED_CONSOLE].flags, GTF_permit_access, __ATOMIC_RELEASE);
    __atomic_store_n(&g[GNTTAB_RESERVED_XENSTORE].flags, GTF_permit_access, __ATOMIC_RELEASE);
    return 0;
}

static long set_params(struct build *b, const struct xg_result *out)
{
    const struct { uint32_t index; uint64_t value; } p[] = {
        { HVM_PARAM_STORE_PFN, out->store_mfn },
        { HVM_PARAM_STORE_EVTCHN, out->store_port },
        { HVM_PARAM_CONSOLE_PFN, out->console_mfn },
        { HVM_PARAM_CONSOLE_EVTCHN, out->console_port },
    };

    for (unsigned int i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
        struct xen_hvm_param hp = { .domid = b->domid, .index = p[i].index,
                                    .value = p[i].value };
        long rc = HYPERVISOR_hvm_op(HVMOP_set_param, &hp);

        if (rc)
            return fail(b, rc, "%s: set_param (%ld)", b->spec->name);
    }
    return 0;
}

static long write_start_info(struct build *b, const struct xg_result *out)
{
    static start_info_t si;

    memset(&si, 0, sizeof(si));
    strncpy(si.magic, XEN_START_INFO_MAGIC, sizeof(si.magic) - 1);
    si.nr_pages = b->l.nr_pages;
    si.shared_info = b->si_mfn << PAGE_SHIFT;
    si.pt_base = xg_pfn_to_va(&b->l, b->l.pt_pfn);
    si.nr_pt_frames = b->l.pt_pages;
    si.mfn_list = xg_pfn_to_va(&b->l, b->l.p2m_pfn);
    si.first_p2m_pfn = b->l.p2m_pfn;
    si.nr_p2m_frames = b->l.p2m_pages;
    si.store_mfn = out->store_mfn;
    si.store_evtchn = out->store_port;
    si.console.domU.mfn = out->console_mfn;
    si.console.domU.evtchn = out->console_port;
    strncpy((char *)si.cmd_line, b->spec->cmdline ? b->spec->cmdline : "",
            sizeof(si.cmd_line) - 1);
    return put(b, b->l.si_pfn, 0, &si, sizeof(si));
}

/* The P2M list and the bootstrap tables, into their pages. */
static long write_tables(struct build *b)
{
    long rc = 0;

    for (uint64_t i = 0; i < b->l.p2m_pages && !rc; i++) {
        uint64_t left = b->l.nr_pages * 8 - i * PAGE_SIZE;

        rc = put(b, b->l.p2m_pfn + i, 0, (char *)b->p2m + i * PAGE_SIZE,
                 left < PAGE_SIZE ? left : PAGE_SIZE);
    }
    if (rc)
        return rc;
    if (xg_pt_image(&b->l, &b->ei, b->p2m, b->si_mfn, b->tables))
        return -XEN_EINVAL;
    for (uint64_t i = 0; i < b->l.pt_pages && !rc; i++)
        rc = put(b, b->l.pt_pfn + i, 0, b->tables[i], PAGE_SIZE);
    return rc;
}

static long start_vcpu0(struct build *b)
{
    static vcpu_guest_context_t ctx;
    xen_domctl_t op;
    long rc;

    memset(&ctx, 0, sizeof(ctx));
    ctx.flags = VGCF_online;
    ctx.pc = b->ei.entry;
    ctx.x[10] = xg_pfn_to_va(&b->l, b->l.si_pfn);      /* a0: start_info */
    ctx.satp = xg_satp(&b->l, b->p2m);
    memset(&op, 0, sizeof(op));
    op.u.vcpucontext.vcpu = 0;
    op.u.vcpucontext.ctxt = (uint64_t)(uintptr_t)&ctx;
    rc = domctl(&op, XEN_DOMCTL_setvcpucontext, b->domid);
    return rc ? fail(b, rc, "%s: bootstrap page tables refused (%ld)", b->spec->name) : 0;
}

static long build_steps(struct build *b, struct xg_result *out)
{
    long rc;

    if ((rc = create(b)) || (rc = populate(b)))
        return rc;
    xg_elf_load(&b->ei, load_copy, load_zero, b);
    if ((rc = b->copy_rc))
        return fail(b, rc, "%s: loading the kernel (%ld)", b->spec->name);
    if ((rc = rings(b, out)) || (rc = set_params(b, out)))
        return rc;
    if ((rc = write_start_info(b, out)) || (rc = write_tables(b)))
        return fail(b, rc, "%s: writing the start-of-day pages (%ld)", b->spec->name);
    if ((rc = window_unmap()))
        return fail(b, rc, "%s: unmapping (%ld)", b->spec->name);
    return start_vcpu0(b);
}

long xg_build(const struct xg_spec *spec, struct xg_result *out, char *err, size_t errlen)
{
    struct build b = { .spec = spec, .err = err, .errlen = errlen };
    char why[96];
    long rc;

    memset(out, 0, sizeof(*out));
    if (spec->memory_mb == 0 || spec->memory_mb > (1ULL << 20)) {
        snprintf(err, errlen, "%s: memory=%llu MiB out of range", spec->name,
                 (unsigned long long)spec->memory_mb);
        return -XEN_EINVAL;
    }
    if (xg_elf_check(spec->kernel, spec->kernel_len, spec->memory_mb << 20, &b.ei, why,
                     sizeof(why))) {
        snprintf(err, errlen, "%s: bad kernel: %s", spec->name, why);
        return -XEN_ENOEXEC;
    }
    if (xg_layout_plan(&b.ei, spec->memory_mb << 8, &b.l, why, sizeof(why))) {
        snprintf(err, errlen, "%s: %s", spec->name, why);
        return -XEN_ENOMEM;
    }
    if ((rc = window_init()) || (rc = alloc_arrays(&b))) {
        snprintf(err, errlen, "%s: dom0 is out of memory (%ld)", spec->name, rc);
        return rc;
    }
    rc = build_steps(&b, out);
    window_unmap();
    if (rc && b.domid)
        xg_destroy(b.domid);
    else
        out->domid = b.domid;
    return rc;
}

long xg_destroy(domid_t domid)
{
    xen_domctl_t op;
    long rc = 0;

    for (unsigned int tries = 0; tries < 100; tries++) {
        memset(&op, 0, sizeof(op));
        rc = domctl(&op, XEN_DOMCTL_destroydomain, domid);
        if (rc == -XEN_ESRCH)
            return tries ? 0 : rc;
        if (rc)
            return rc;
        memset(&op, 0, sizeof(op));
        if (domctl(&op, XEN_DOMCTL_getdomaininfo, domid) == -XEN_ESRCH)
            return 0;
        sleep_ns(1000000);      /* dying: another domain still maps a page */
    }
    return -XEN_EBUSY;
}
