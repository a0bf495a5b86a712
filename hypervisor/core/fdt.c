/*
 * Boot information from the flattened device tree (hv/bootinfo.h).
 *
 * The tree comes from firmware and QEMU, but a boot module's node and its
 * properties are only as trustworthy as whoever built the command line, so
 * everything is parsed as hostile input: libfdt bounds-checks the structure
 * (fdt_check_header first, then every lookup against totalsize), and this
 * file checks every property's length before reading a cell, every string
 * for a terminator inside the property, and every address range for wrap.
 * Parsing never allocates; results are copied into fixed arrays.
 *
 * What is fatal and what is not:
 *   - fatal (an error in err): a bad header, no usable RAM, a reservation
 *     that cannot be read or does not fit (handing out firmware memory
 *     would be worse than not booting), no /cpus, no timebase-frequency,
 *     no enabled hart with the H extension;
 *   - a warning, and the item is skipped: anything that concerns one
 *     optional item (a bank that wraps, an extra hart, a UART, PLIC, virtio
 *     node or boot module that is malformed or does not fit).
 *
 * Addresses are taken as they are in the node's reg, translated through no
 * "ranges": on QEMU virt every bus maps 1:1.  Cells of 1 or 2 are
 * supported for addresses and 0..2 for sizes; more is refused.  Cell
 * counts are inherited from ancestors when a parent does not state them
 * (see cells_of()).
 */
#include <libfdt.h>
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/lib.h>

struct parse {
    const void *fdt;
    struct boot_info *bi;
    char *err;
    size_t errlen;
};

static int fail(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parse *p, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

static const char *node_name(const void *fdt, int node)
{
    const char *name = fdt_get_name(fdt, node, NULL);

    return name && *name ? name : "/";
}

/* A string property, or NULL if absent or not terminated inside itself. */
static const char *get_string(const void *fdt, int node, const char *prop, int *lenp)
{
    int len;
    const char *s = fdt_getprop(fdt, node, prop, &len);

    if (!s || len <= 0 || !memchr(s, '\0', (size_t)len))
        return NULL;
    if (lenp)
        *lenp = len;
    return s;
}

/* A u32 property of exactly one cell. */
static bool get_u32(const void *fdt, int node, const char *prop, uint32_t *v)
{
    int len;
    const fdt32_t *c = fdt_getprop(fdt, node, prop, &len);

    if (!c || len != 4)
        return false;
    *v = fdt32_ld(c);
    return true;
}

static bool node_enabled(const void *fdt, int node)
{
    int len;
    const char *s = fdt_getprop(fdt, node, "status", &len);

    if (!s)
        return true;
    return (len == 5 && !memcmp(s, "okay", 5)) || (len == 3 && !memcmp(s, "ok", 3));
}

static uint64_t read_cells(const fdt32_t *c, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++)
        v = (v << 32) | fdt32_ld(&c[i]);
    return v;
}

/*
 * #address-cells or #size-cells for the children of `node`.  A node that
 * does not state it inherits its parent's, up to the root defaults (2, 1).
 * That is what Xen does, and what QEMU's guest-loader relies on: it writes
 * /chosen/module@ reg with the root's cells and gives /chosen none.
 * Returns -1 for a malformed or unsupported value.
 */
static int cells_of(const void *fdt, int node, const char *prop, int dflt)
{
    uint32_t v;

    for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
        if (!fdt_getprop(fdt, node, prop, NULL))
            continue;
        return get_u32(fdt, node, prop, &v) && v <= 2 ? (int)v : -1;
    }
    return dflt;
}

/*
 * Entry `idx` of node's reg, with the cell sizes of `parent`.  0, -ENOENT
 * when there is no such entry (or no reg), -EINVAL when reg is malformed:
 * unsupported cell counts, a length that is not whole entries, or a range
 * that wraps.
 */
static int get_reg(const void *fdt, int parent, int node, int idx, struct mem_region *r)
{
    int ac = cells_of(fdt, parent, "#address-cells", 2);
    int sc = cells_of(fdt, parent, "#size-cells", 1);
    const fdt32_t *c;
    int len, entry;

    if (ac < 1 || sc < 0)
        return -EINVAL;
    entry = (ac + sc) * 4;
    if (!(c = fdt_getprop(fdt, node, "reg", &len)))
        return -ENOENT;
    if (len <= 0 || len % entry)
        return -EINVAL;
    if (idx >= len / entry)
        return -ENOENT;
    c += idx * (ac + sc);
    r->start = read_cells(c, ac);
    r->size = read_cells(c + ac, sc);
    if (r->size && r->size - 1 > UINT64_MAX - r->start)
        return -EINVAL;
    return 0;
}

static int get_reg0(const void *fdt, int node, struct mem_region *r)
{
    int parent = fdt_parent_offset(fdt, node);

    return parent < 0 ? -EINVAL : get_reg(fdt, parent, node, 0, r);
}

static bool overlaps(const struct mem_region *a, paddr_t start, uint64_t size)
{
    return start <= a->start + (a->size - 1) && a->start <= start + (size - 1);
}

/* ---- memory and reservations ---- */

static void add_bank(struct parse *p, int node, const struct mem_region *r)
{
    struct boot_info *bi = p->bi;

    if (!r->size)
        return;
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        if (overlaps(&bi->mem[i], r->start, r->size)) {
            printk(XENLOG_WARNING "fdt: %s: bank %#llx+%#llx overlaps another: skipped\n",
                   node_name(p->fdt, node), (unsigned long long)r->start,
                   (unsigned long long)r->size);
            return;
        }
    }
    if (bi->nr_mem == BOOT_MAX_MEM_BANKS) {
        printk(XENLOG_WARNING "fdt: %s: more than %u memory banks: %#llx+%#llx ignored\n",
               node_name(p->fdt, node), BOOT_MAX_MEM_BANKS,
               (unsigned long long)r->start, (unsigned long long)r->size);
        return;
    }
    bi->mem[bi->nr_mem++] = *r;
}

static void parse_memory_node(struct parse *p, int node)
{
    struct mem_region r;
    int rc;

    for (int i = 0; (rc = get_reg(p->fdt, fdt_parent_offset(p->fdt, node), node, i, &r)) == 0; i++)
        add_bank(p, node, &r);
    if (rc != -ENOENT)
        printk(XENLOG_WARNING "fdt: %s: malformed reg: rest of node skipped\n",
               node_name(p->fdt, node));
}

static int parse_memory(struct parse *p)
{
    int node = -1;

    while ((node = fdt_node_offset_by_prop_value(p->fdt, node, "device_type", "memory",
                                                 sizeof("memory"))) >= 0)
        if (node_enabled(p->fdt, node))
            parse_memory_node(p, node);
    if (node != -FDT_ERR_NOTFOUND)
        return fail(p, "searching memory nodes: %s", fdt_strerror(node));
    if (!p->bi->nr_mem)
        return fail(p, "no usable memory node (device_type = \"memory\" with a reg)");
    return 0;
}

static int add_reserved(struct parse *p, paddr_t start, uint64_t size)
{
    struct boot_info *bi = p->bi;

    if (!size)
        return 0;
    /* A wrapping reservation is clipped at the top: reserving more is safe. */
    if (size - 1 > UINT64_MAX - start)
        size = UINT64_MAX - start + 1;
    if (size == 0)
        size = UINT64_MAX;   /* start 0 and the whole address space */
    if (bi->nr_reserved == BOOT_MAX_RESERVED)
        return fail(p, "more than %u reserved memory regions", BOOT_MAX_RESERVED);
    bi->reserved[bi->nr_reserved].start = start;
    bi->reserved[bi->nr_reserved].size = size;
    bi->nr_reserved++;
    return 0;
}

/* The header's memory reservation block. */
static int parse_memreserve(struct parse *p)
{
    int n = fdt_num_mem_rsv(p->fdt);
    uint64_t addr, size;

    if (n < 0)
        return fail(p, "memory reservation block: %s", fdt_strerror(n));
    for (int i = 0; i < n; i++) {
        int rc = fdt_get_mem_rsv(p->fdt, i, &addr, &size);

        if (rc < 0)
            return fail(p, "memory reservation %d: %s", i, fdt_strerror(rc));
        if ((rc = add_reserved(p, addr, size)))
            return rc;
    }
    return 0;
}

/*
 * /reserved-memory children with a fixed reg.  Children with only a "size"
 * ask the OS to choose a place; there is no OS below us to honour them, so
 * they are ignored.  A reg we cannot read is fatal: it guards memory.
 */
static int parse_reserved_memory(struct parse *p)
{
    int parent = fdt_path_offset(p->fdt, "/reserved-memory");
    int node, rc;

    if (parent < 0)
        return 0;
    fdt_for_each_subnode(node, p->fdt, parent) {
        struct mem_region r;

        for (int i = 0; (rc = get_reg(p->fdt, parent, node, i, &r)) == 0; i++)
            if ((rc = add_reserved(p, r.start, r.size)))
                return rc;
        if (rc != -ENOENT)
            return fail(p, "/reserved-memory/%s: malformed reg", node_name(p->fdt, node));
    }
    if (node != -FDT_ERR_NOTFOUND)
        return fail(p, "/reserved-memory: %s", fdt_strerror(node));
    return 0;
}

/* ---- harts ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * riscv,isa is "rv64" + single-letter extensions + "_"-separated
 * multi-letter ones.  The H extension is the letter 'h' in the first part,
 * which ends at the first '_' or at a 'z'/'x' multi-letter prefix.
 */
static bool isa_has_h(const char *isa)
{
    if (lower(isa[0]) != 'r' || lower(isa[1]) != 'v' || isa[2] != '6' || isa[3] != '4')
        return false;
    for (const char *s = isa + 4; *s && *s != '_' && lower(*s) != 'z' && lower(*s) != 'x'; s++)
        if (lower(*s) == 'h')
            return true;
    return false;
}

/* Is `ext` one of the '_'-separated multi-letter extensions in isa? */
static bool isa_has_ext(const char *isa, const char *ext)
{
    size_t n = strlen(ext);

    for (const char *s = strchr(isa, '_'); s; s = strchr(s + 1, '_')) {
        size_t i = 0;

        while (i < n && lower(s[1 + i]) == ext[i])
            i++;
        if (i == n && (s[1 + n] == '_' || s[1 + n] == '\0'))
            return true;
    }
    return false;
}

static bool have_hart(const struct boot_info *bi, uint64_t id)
{
    for (unsigned int i = 0; i < bi->nr_harts; i++)
        if (bi->hart_id[i] == id)
            return true;
    return false;
}

/* One cpu node: enabled, a hart id, an rv64 ISA with H.  Else skipped. */
static void parse_cpu(struct parse *p, int cpus, int node, bool *all_sstc)
{
    struct boot_info *bi = p->bi;
    const char *name = node_name(p->fdt, node), *isa;
    struct mem_region r;

    if (!node_enabled(p->fdt, node))
        return;
    if (get_reg(p->fdt, cpus, node, 0, &r)) {
        printk(XENLOG_WARNING "fdt: %s: no usable hart id (reg): skipped\n", name);
        return;
    }
    if (!(isa = get_string(p->fdt, node, "riscv,isa", NULL)) || !isa_has_h(isa)) {
        printk(XENLOG_WARNING "fdt: %s: riscv,isa is not rv64 with the H extension: skipped\n",
               name);
        return;
    }
    if (have_hart(bi, r.start)) {
        printk(XENLOG_WARNING "fdt: %s: hart %llu listed twice: skipped\n",
               name, (unsigned long long)r.start);
        return;
    }
    if (bi->nr_harts == BOOT_MAX_CPUS) {
        printk(XENLOG_WARNING "fdt: %s: more than %u harts: skipped\n", name, BOOT_MAX_CPUS);
        return;
    }
    bi->hart_id[bi->nr_harts++] = r.start;
    *all_sstc = *all_sstc && isa_has_ext(isa, "sstc");
}

/* timebase-frequency in /cpus, or (allowed by the binding) in a cpu node. */
static bool get_timebase(const void *fdt, int cpus, uint64_t *hz)
{
    uint32_t v;
    int node;

    if (get_u32(fdt, cpus, "timebase-frequency", &v) && v) {
        *hz = v;
        return true;
    }
    fdt_for_each_subnode(node, fdt, cpus) {
        if (get_u32(fdt, node, "timebase-frequency", &v) && v) {
            *hz = v;
            return true;
        }
    }
    return false;
}

static int parse_cpus(struct parse *p)
{
    int cpus = fdt_path_offset(p->fdt, "/cpus");
    bool all_sstc = true;
    int node, len;

    if (cpus < 0)
        return fail(p, "no /cpus node");
    if (!get_timebase(p->fdt, cpus, &p->bi->timebase_hz))
        return fail(p, "/cpus: no timebase-frequency");
    fdt_for_each_subnode(node, p->fdt, cpus) {
        const char *type = fdt_getprop(p->fdt, node, "device_type", &len);

        if (type && len == sizeof("cpu") && !memcmp(type, "cpu", sizeof("cpu")))
            parse_cpu(p, cpus, node, &all_sstc);
    }
    if (!p->bi->nr_harts)
        return fail(p, "/cpus: no enabled hart with rv64 and the H extension");
    p->bi->has_sstc = all_sstc;
    return 0;
}

/* ---- devices ---- */

static bool is_uart(const void *fdt, int node)
{
    return !fdt_node_check_compatible(fdt, node, "ns16550a") ||
           !fdt_node_check_compatible(fdt, node, "ns16550");
}

/* The node /chosen/stdout-path names ("path" or "alias", then ":options"). */
static int stdout_node(const void *fdt)
{
    int chosen = fdt_path_offset(fdt, "/chosen"), len;
    const char *path, *colon;

    if (chosen < 0 || !(path = get_string(fdt, chosen, "stdout-path", &len)))
        return -1;
    colon = memchr(path, ':', (size_t)len);
    return fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
}

static void parse_uart(struct parse *p)
{
    int node = stdout_node(p->fdt);
    uint32_t shift = 0;
    struct mem_region r;

    if (node < 0 || !is_uart(p->fdt, node)) {
        printk(XENLOG_WARNING "fdt: /chosen/stdout-path missing or not an ns16550: "
               "using the first one found\n");
        node = fdt_node_offset_by_compatible(p->fdt, -1, "ns16550a");
    }
    if (node < 0) {
        printk(XENLOG_WARNING "fdt: no ns16550 UART\n");
        return;
    }
    if (fdt_getprop(p->fdt, node, "reg-shift", NULL) &&
        (!get_u32(p->fdt, node, "reg-shift", &shift) || shift > 3)) {
        printk(XENLOG_WARNING "fdt: %s: bad reg-shift: UART skipped\n", node_name(p->fdt, node));
        return;
    }
    if (get_reg0(p->fdt, node, &r) || !r.size) {
        printk(XENLOG_WARNING "fdt: %s: bad reg: UART skipped\n", node_name(p->fdt, node));
        return;
    }
    p->bi->uart = r;
    p->bi->uart_reg_shift = shift;
}

/* The first enabled node compatible with `compat`, or -1. */
static int find_enabled(const void *fdt, const char *compat)
{
    int node = -1;

    while ((node = fdt_node_offset_by_compatible(fdt, node, compat)) >= 0)
        if (node_enabled(fdt, node))
            return node;
    return -1;
}

/* In a hart's riscv,cpu-intc: the S-mode external interrupt. */
#define PLIC_IRQ_S_EXT 9

/* The hart id of the cpu node above an interrupt controller, or false. */
static bool intc_hart(const void *fdt, int intc, uint64_t *hart)
{
    int cpu = fdt_parent_offset(fdt, intc), cpus = cpu < 0 ? -1 : fdt_parent_offset(fdt, cpu);
    struct mem_region r;

    if (cpus < 0 || get_reg(fdt, cpus, cpu, 0, &r))
        return false;
    *hart = r.start;
    return true;
}

/*
 * The PLIC's contexts, in the order of its interrupts-extended (context n
 * is entry n): <phandle of a hart's interrupt controller, its irq>, irq 9
 * being the S-mode external interrupt.  Only those are kept; a malformed
 * list leaves none, and device interrupts then stay off.
 */
static void parse_plic_contexts(struct parse *p, int plic)
{
    struct boot_info *bi = p->bi;
    const fdt32_t *c;
    int len, i = 0;

    c = fdt_getprop(p->fdt, plic, "interrupts-extended", &len);
    for (uint32_t ctx = 0; c && i + 2 <= len / 4; ctx++) {
        int intc = fdt_node_offset_by_phandle(p->fdt, fdt32_ld(&c[i]));
        int cells = intc < 0 ? -1 : cells_of(p->fdt, intc, "#interrupt-cells", 1);
        uint64_t hart;

        if (cells < 1 || i + 1 + cells > len / 4 || !intc_hart(p->fdt, intc, &hart)) {
            printk(XENLOG_WARNING "fdt: %s: bad interrupts-extended: device interrupts off\n",
                   node_name(p->fdt, plic));
            bi->nr_plic_s = 0;
            return;
        }
        if (fdt32_ld(&c[i + 1]) == PLIC_IRQ_S_EXT && bi->nr_plic_s < BOOT_MAX_CPUS) {
            bi->plic_s_hart[bi->nr_plic_s] = hart;
            bi->plic_s_context[bi->nr_plic_s++] = ctx;
        }
        i += 1 + cells;
    }
}

static void parse_plic(struct parse *p)
{
    int node = find_enabled(p->fdt, "sifive,plic-1.0.0");
    struct mem_region r;
    uint32_t ndev;

    if (node < 0)
        node = find_enabled(p->fdt, "riscv,plic0");
    if (node < 0) {
        printk(XENLOG_WARNING "fdt: no PLIC\n");
        return;
    }
    if (get_reg0(p->fdt, node, &r) || !r.size ||
        !get_u32(p->fdt, node, "riscv,ndev", &ndev) || ndev == 0 || ndev > 1023) {
        printk(XENLOG_WARNING "fdt: %s: bad reg or riscv,ndev: PLIC skipped\n",
               node_name(p->fdt, node));
        return;
    }
    p->bi->plic = r;
    p->bi->plic_ndev = ndev;
    parse_plic_contexts(p, node);
}

static void parse_rtc(struct parse *p)
{
    int node = find_enabled(p->fdt, "google,goldfish-rtc");
    struct mem_region r;

    if (node < 0)
        return;
    if (get_reg0(p->fdt, node, &r) || !r.size) {
        printk(XENLOG_WARNING "fdt: %s: bad reg: RTC skipped\n", node_name(p->fdt, node));
        return;
    }
    p->bi->rtc = r;
}

static void parse_virtio_node(struct parse *p, int node)
{
    struct boot_info *bi = p->bi;
    const fdt32_t *irq;
    struct mem_region r;
    int len;

    if (get_reg0(p->fdt, node, &r) || !r.size ||
        !(irq = fdt_getprop(p->fdt, node, "interrupts", &len)) || len < 4) {
        printk(XENLOG_WARNING "fdt: %s: bad reg or interrupts: skipped\n",
               node_name(p->fdt, node));
        return;
    }
    if (bi->nr_virtio == BOOT_MAX_VIRTIO) {
        printk(XENLOG_WARNING "fdt: %s: more than %u virtio-mmio nodes: skipped\n",
               node_name(p->fdt, node), BOOT_MAX_VIRTIO);
        return;
    }
    bi->virtio[bi->nr_virtio] = r;
    bi->virtio_irq[bi->nr_virtio] = fdt32_ld(irq);
    bi->nr_virtio++;
}

static void parse_virtio(struct parse *p)
{
    int node = -1;

    while ((node = fdt_node_offset_by_compatible(p->fdt, node, "virtio,mmio")) >= 0)
        if (node_enabled(p->fdt, node))
            parse_virtio_node(p, node);
}

/* ---- /chosen: command line and boot modules ---- */

static void parse_bootargs(struct parse *p, int chosen)
{
    int len;
    const char *args = get_string(p->fdt, chosen, "bootargs", &len);

    if (!args) {
        if (fdt_getprop(p->fdt, chosen, "bootargs", NULL))
            printk(XENLOG_WARNING "fdt: /chosen/bootargs is not a string: ignored\n");
        return;
    }
    /* Cut, the line could mean something else (dom0_mem=1024M -> =10): drop it. */
    if (strlen(args) >= sizeof(p->bi->cmdline)) {
        printk(XENLOG_WARNING "fdt: /chosen/bootargs longer than %zu bytes: ignored\n",
               sizeof(p->bi->cmdline) - 1);
        return;
    }
    strlcpy(p->bi->cmdline, args, sizeof(p->bi->cmdline));
}

/* Why module node `node` cannot be used, or NULL; fills *m when usable. */
static const char *check_module(struct parse *p, int chosen, int node, struct boot_module *m)
{
    const struct boot_info *bi = p->bi;
    struct mem_region r;
    const char *args;
    bool in_ram = false;
    int len;

    if (get_reg(p->fdt, chosen, node, 0, &r) || get_reg(p->fdt, chosen, node, 1, &r) != -ENOENT)
        return "reg is not one <address size> pair";
    if (!r.size)
        return "zero size";
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (r.start >= bi->mem[i].start && r.size <= bi->mem[i].size &&
            r.start - bi->mem[i].start <= bi->mem[i].size - r.size)
            in_ram = true;
    if (!in_ram)
        return "not inside one RAM bank";
    for (unsigned int i = 0; i < bi->nr_reserved; i++)
        if (overlaps(&bi->reserved[i], r.start, r.size))
            return "overlaps reserved memory";
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (overlaps(&(struct mem_region){ bi->module[i].start, bi->module[i].size },
                     r.start, r.size))
            return "overlaps another module";
    args = get_string(p->fdt, node, "bootargs", &len);
    if (!args && fdt_getprop(p->fdt, node, "bootargs", NULL))
        return "bootargs is not a string";
    if (args && strlen(args) >= BOOT_CMDLINE_MAX)
        return "bootargs too long";
    m->start = r.start;
    m->size = r.size;
    m->cmdline = args ? args : "";
    return NULL;
}

/*
 * Boot modules.  A ramdisk belongs to the kernel below it in address order:
 * QEMU's guest-loader lists /chosen/module@ nodes in the reverse of the
 * command line, and the domain builder (core/domain_build.c) takes kernels
 * in address order, so address order is the one order both sides share.
 * Modules are recorded in the order the nodes appear; ownership is settled
 * once all are known (drop_orphan_ramdisks).  A ramdisk whose kernel was
 * skipped is skipped too: attaching it to another kernel would hand one
 * domain another's data.  For the same reason, a skipped kernel whose
 * address cannot be read makes every ramdisk's owner uncertain, and all
 * ramdisks are skipped.
 */
struct module_scan {
    paddr_t dead[BOOT_MAX_MODULES];   /* skipped kernels, by address */
    unsigned int nr_dead;
    bool owner_unknown;               /* a skipped kernel with no address */
};

static void note_dead_kernel(struct parse *p, int chosen, int node, struct module_scan *ms)
{
    struct mem_region r;

    if (get_reg(p->fdt, chosen, node, 0, &r) == 0 && ms->nr_dead < BOOT_MAX_MODULES)
        ms->dead[ms->nr_dead++] = r.start;
    else
        ms->owner_unknown = true;
}

/* The kept module at the highest address (the table is full). */
static unsigned int highest_module(const struct boot_info *bi)
{
    unsigned int hi = 0;

    for (unsigned int i = 1; i < bi->nr_modules; i++)
        if (bi->module[i].start > bi->module[hi].start)
            hi = i;
    return hi;
}

/*
 * With the table full, the modules at the lowest addresses are the ones
 * kept: the nodes come in reverse command-line order, so refusing the
 * newcomer would refuse dom0, the first module given and the last node.
 * A module pushed out is refused like any other, a kernel keeping its
 * place (its domid) in the order.
 */
static void parse_module(struct parse *p, int chosen, int node, struct module_scan *ms)
{
    struct boot_info *bi = p->bi;
    bool kernel = !fdt_node_check_compatible(p->fdt, node, "multiboot,kernel");
    struct boot_module m = { .kind = kernel ? BOOTMOD_KERNEL : BOOTMOD_RAMDISK };
    const char *why;
    unsigned int hi;

    if (!kernel && fdt_node_check_compatible(p->fdt, node, "multiboot,module") &&
        fdt_node_check_compatible(p->fdt, node, "multiboot,ramdisk"))
        return;    /* not a boot module at all */
    why = check_module(p, chosen, node, &m);
    if (!why && bi->nr_modules == BOOT_MAX_MODULES) {
        hi = highest_module(bi);
        if (m.start > bi->module[hi].start) {
            why = "too many boot modules";
        } else {
            printk(XENLOG_WARNING "fdt: module at 0x%llx: too many boot modules: skipped\n",
                   (unsigned long long)bi->module[hi].start);
            if (bi->module[hi].kind == BOOTMOD_KERNEL && ms->nr_dead < BOOT_MAX_MODULES)
                ms->dead[ms->nr_dead++] = bi->module[hi].start;
            bi->module[hi] = bi->module[--bi->nr_modules];
        }
    }
    if (why) {
        printk(XENLOG_WARNING "fdt: /chosen/%s: %s: skipped\n", node_name(p->fdt, node), why);
        if (kernel)
            note_dead_kernel(p, chosen, node, ms);
        return;
    }
    bi->module[bi->nr_modules++] = m;
}

/* Why ramdisk rd cannot be given to a kernel, or NULL. */
static const char *orphan_reason(const struct boot_info *bi, const struct boot_module *rd,
                                 const struct module_scan *ms)
{
    bool found = false, dead = false;
    paddr_t owner = 0;

    if (ms->owner_unknown)
        return "a skipped kernel makes its owner uncertain";
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (bi->module[i].kind == BOOTMOD_KERNEL && bi->module[i].start < rd->start &&
            (!found || bi->module[i].start > owner)) {
            found = true;
            owner = bi->module[i].start;
        }
    for (unsigned int i = 0; i < ms->nr_dead; i++)
        if (ms->dead[i] < rd->start && (!found || ms->dead[i] > owner)) {
            found = dead = true;
            owner = ms->dead[i];
        }
    if (!found)
        return "no kernel below it";
    return dead ? "its kernel was skipped" : NULL;
}

static void drop_orphan_ramdisks(struct parse *p, const struct module_scan *ms)
{
    struct boot_info *bi = p->bi;
    unsigned int kept = 0;
    static const char *why[BOOT_MAX_MODULES];   /* boot CPU only */

    /* Decide for every ramdisk first: dropping one changes no other's owner. */
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        why[i] = bi->module[i].kind == BOOTMOD_RAMDISK ? orphan_reason(bi, &bi->module[i], ms)
                                                      : NULL;
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        if (why[i]) {
            printk(XENLOG_WARNING "fdt: ramdisk at 0x%llx: %s: skipped\n",
                   (unsigned long long)bi->module[i].start, why[i]);
            continue;
        }
        if (kept != i)
            bi->module[kept] = bi->module[i];
        kept++;
    }
    bi->nr_modules = kept;
}

static void parse_chosen(struct parse *p)
{
    int chosen = fdt_path_offset(p->fdt, "/chosen"), node;
    static struct module_scan ms;     /* boot CPU only; too big for its stack */

    ms = (struct module_scan){ .nr_dead = 0 };
    if (chosen < 0)
        return;
    parse_bootargs(p, chosen);
    fdt_for_each_subnode(node, p->fdt, chosen)
        parse_module(p, chosen, node, &ms);
    drop_orphan_ramdisks(p, &ms);
    for (unsigned int i = 0; i < ms.nr_dead; i++)
        p->bi->skipped_kernel[p->bi->nr_skipped_kernels++] = ms.dead[i];
    if (ms.owner_unknown && p->bi->nr_skipped_kernels < BOOT_MAX_MODULES)
        p->bi->skipped_kernel[p->bi->nr_skipped_kernels++] = 0;
}

static uint32_t be32_at(const char *p)
{
    fdt32_t v;

    memcpy(&v, p, sizeof(v));
    return fdt32_to_cpu(v);
}

/*
 * Walk the structure block once, checking every tag's length against the
 * block, before libfdt walks it.  libfdt as built here (Linux 6.1's copy)
 * predates upstream's fix for a property length that wraps the next-tag
 * offset back onto itself, which makes every later lookup loop for ever;
 * fdt_check_header() does not look inside the block.  Returns NULL or what
 * is wrong.
 */
static const char *check_structure(const void *fdt)
{
    const char *base = (const char *)fdt + fdt_off_dt_struct(fdt);
    uint64_t size = fdt_size_dt_struct(fdt), off = 0;
    long depth = 0;

    if (fdt_version(fdt) < 16)
        return "device tree version older than 16";
    while (off + FDT_TAGSIZE <= size) {
        uint32_t tag = be32_at(base + off), len;
        const char *nul;

        off += FDT_TAGSIZE;
        switch (tag) {
        case FDT_BEGIN_NODE:
            nul = memchr(base + off, '\0', size - off);
            if (!nul)
                return "unterminated node name";
            off = ROUNDUP((uint64_t)(nul - base) + 1, FDT_TAGSIZE);
            depth++;
            break;
        case FDT_END_NODE:
            if (--depth < 0)
                return "unbalanced end of node";
            break;
        case FDT_PROP:
            if (depth == 0 || size - off < 2 * FDT_TAGSIZE)
                return "property outside a node or truncated";
            len = be32_at(base + off);
            if (be32_at(base + off + FDT_TAGSIZE) >= fdt_size_dt_strings(fdt))
                return "property name outside the strings block";
            off += 2 * FDT_TAGSIZE;
            if (len > size - off)
                return "property longer than the structure block";
            off = ROUNDUP(off + len, FDT_TAGSIZE);
            break;
        case FDT_NOP:
            break;
        case FDT_END:
            return depth == 0 ? NULL : "end of tree inside a node";
        default:
            return "unknown structure tag";
        }
    }
    return "no end tag";
}

int fdt_parse_boot_info(const void *fdt, struct boot_info *bi, char *err, size_t errlen)
{
    const char *why;
    struct parse p = { .fdt = fdt, .bi = bi, .err = err, .errlen = errlen };
    int rc;

    memset(bi, 0, sizeof(*bi));
    if (errlen)
        err[0] = '\0';
    if ((rc = fdt_check_header(fdt)))
        return fail(&p, "bad device tree header: %s", fdt_strerror(rc));
    if ((why = check_structure(fdt)))
        return fail(&p, "bad device tree structure: %s", why);
    if ((rc = parse_memory(&p)) || (rc = parse_memreserve(&p)) ||
        (rc = parse_reserved_memory(&p)) || (rc = parse_cpus(&p)))
        return rc;
    parse_uart(&p);
    parse_plic(&p);
    parse_rtc(&p);
    parse_virtio(&p);
    parse_chosen(&p);
    return 0;
}
