/*
 * core/fdt.c: device trees compiled by dtc from tests/unit/dts/ (a
 * QEMU-virt-like machine and malformed variants), trees edited here with
 * libfdt's read-write API for the cases a .dts cannot express (unterminated
 * strings, odd lengths, too many of something), and a corruption sweep.
 * Warnings are read back from the host console capture.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <asm/host.h>

#ifndef UT_DTB_DIR
#error "build.mk passes UT_DTB_DIR"
#endif

static struct boot_info bi;
static char err[160];

/* The whole file in a heap block of exactly its size (ASan sees overruns). */
static void *load_dtb(const char *name, size_t *sizep)
{
    char path[512];
    FILE *f;
    long size;
    void *buf;

    snprintf(path, sizeof(path), "%s/%s.dtb", UT_DTB_DIR, name);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    buf = malloc((size_t)size);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    if (sizep)
        *sizep = (size_t)size;
    return buf;
}

/* The tree parsed last stays loaded: the modules' command lines point
 * into it, as they point into the hypervisor's device tree. */
static int parse_file(const char *name)
{
    static void *fdt;

    free(fdt);
    fdt = load_dtb(name, NULL);
    host_log_reset();
    return fdt_parse_boot_info(fdt, &bi, err, sizeof(err));
}

static unsigned int warnings(void) { return host_log_count_level(1); }

static void assert_warned(const char *what)
{
    if (!host_log_contains(what))
        fail_msg("no warning containing \"%s\"; log:\n%s", what, host_log_text());
}

static void assert_region(const struct mem_region *r, paddr_t start, uint64_t size)
{
    assert_int_equal(r->start, start);
    assert_int_equal(r->size, size);
}

static void assert_module(unsigned int i, enum boot_module_kind kind, paddr_t start,
                          uint64_t size, const char *cmdline)
{
    assert_true(i < bi.nr_modules);
    assert_int_equal(bi.module[i].kind, kind);
    assert_region(&(struct mem_region){ bi.module[i].start, bi.module[i].size }, start, size);
    assert_string_equal(bi.module[i].cmdline, cmdline);
}

static void test_virt(void **state)
{
    assert_int_equal(parse_file("virt"), 0);
    assert_string_equal(err, "");
    assert_int_equal(warnings(), 0);

    assert_int_equal(bi.nr_mem, 1);
    assert_region(&bi.mem[0], 0x80000000, 0x10000000);
    assert_int_equal(bi.nr_reserved, 2);            /* memreserve, then the node */
    assert_region(&bi.reserved[0], 0x8ff00000, 0x1000);
    assert_region(&bi.reserved[1], 0x80000000, 0x40000);

    assert_int_equal(bi.nr_harts, 2);
    assert_int_equal(bi.hart_id[0], 0);
    assert_int_equal(bi.hart_id[1], 1);
    assert_true(bi.has_sstc);
    assert_int_equal(bi.timebase_hz, 10000000);

    assert_region(&bi.uart, 0x10000000, 0x100);
    assert_int_equal(bi.uart_reg_shift, 0);
    assert_region(&bi.plic, 0xc000000, 0x600000);
    assert_int_equal(bi.plic_ndev, 0x35);
    /* Contexts 1 and 3 are the two harts' S-mode ones. */
    assert_int_equal(bi.nr_plic_s, 2);
    assert_int_equal(bi.plic_s_hart[0], 0);
    assert_int_equal(bi.plic_s_context[0], 1);
    assert_int_equal(bi.plic_s_hart[1], 1);
    assert_int_equal(bi.plic_s_context[1], 3);
    assert_region(&bi.rtc, 0x101000, 0x1000);
    assert_int_equal(bi.nr_virtio, 2);              /* the disabled one is not */
    assert_region(&bi.virtio[0], 0x10008000, 0x1000);
    assert_int_equal(bi.virtio_irq[0], 8);
    assert_region(&bi.virtio[1], 0x10007000, 0x1000);
    assert_int_equal(bi.virtio_irq[1], 7);

    assert_string_equal(bi.cmdline, "dom0_mem=64M loglvl=all");
    assert_int_equal(bi.nr_modules, 3);
    assert_module(0, BOOTMOD_KERNEL, 0x80400000, 0x100000, "console=hvc0");
    assert_module(1, BOOTMOD_RAMDISK, 0x80600000, 0x80000, "");
    assert_module(2, BOOTMOD_KERNEL, 0x80800000, 0x40000, "name=\"domu1\" memory=32");
}

static void test_alternatives(void **state)
{
    assert_int_equal(parse_file("alt"), 0);
    assert_int_equal(warnings(), 0);
    assert_int_equal(bi.nr_mem, 3);
    assert_region(&bi.mem[0], 0x80000000, 0x8000000);
    assert_region(&bi.mem[1], 0x100000000ULL, 0x4000000);
    assert_region(&bi.mem[2], 0x110000000ULL, 0x1000000);
    assert_int_equal(bi.nr_harts, 2);               /* "RV64...H": case does not matter */
    assert_false(bi.has_sstc);                      /* "sstcx", "xsstc" are not sstc */
    assert_region(&bi.uart, 0x10000000, 0x100);     /* through the alias */
    assert_int_equal(bi.uart_reg_shift, 2);
    assert_region(&bi.plic, 0xc000000, 0x600000);   /* riscv,plic0 */
    assert_int_equal(bi.rtc.size, 0);               /* no goldfish RTC */
    assert_string_equal(bi.cmdline, "");
    /* /chosen's own 1+1 cells; recorded in node order, which is the
     * reverse of address order here, and the ramdisk still kept. */
    assert_int_equal(bi.nr_modules, 3);
    assert_module(0, BOOTMOD_KERNEL, 0x80800000, 0x40000, "name=\"domu1\" memory=32");
    assert_module(1, BOOTMOD_RAMDISK, 0x80600000, 0x80000, "");
    assert_module(2, BOOTMOD_KERNEL, 0x80400000, 0x100000, "console=hvc0");
}

static void test_no_memory(void **state)
{
    assert_int_equal(parse_file("no-memory"), -EINVAL);
    assert_non_null(strstr(err, "no usable memory node"));
}

static void test_no_harts(void **state)
{
    assert_int_equal(parse_file("no-harts"), -EINVAL);
    assert_non_null(strstr(err, "no enabled hart with rv64 and the H extension"));
    assert_warned("cpu@0: riscv,isa is not rv64 with the H extension");
    assert_warned("cpu@2: riscv,isa is not rv64 with the H extension");
    assert_int_equal(warnings(), 2);                /* the disabled hart is silent */
}

static void test_bad_modules(void **state)
{
    assert_int_equal(parse_file("bad-modules"), 0);
    assert_int_equal(bi.nr_modules, 4);
    assert_module(0, BOOTMOD_KERNEL, 0x80800000, 0x40000, "name=\"good\"");
    assert_module(1, BOOTMOD_RAMDISK, 0x80900000, 0x1000, "");
    assert_module(2, BOOTMOD_KERNEL, 0x80e00000, 0x1000, "");
    assert_module(3, BOOTMOD_RAMDISK, 0x80f00000, 0x1000, "");
    assert_warned("ramdisk at 0x80100000: no kernel below it: skipped");
    assert_warned("zero-size-kernel: zero size: skipped");
    assert_warned("ramdisk at 0x80a80000: its kernel was skipped: skipped");
    assert_warned("outside-ram-kernel: not inside one RAM bank: skipped");
    assert_warned("overlap-kernel: overlaps another module: skipped");
    assert_warned("firmware-kernel: overlaps reserved memory: skipped");
    assert_warned("two-regs-kernel: reg is not one <address size> pair: skipped");
    assert_false(host_log_contains("not-a-module"));
    assert_int_equal(warnings(), 7);
}

static void test_bad_header(void **state)
{
    static uint32_t junk[64];

    memset(junk, 0xa5, sizeof(junk));
    assert_int_equal(fdt_parse_boot_info(junk, &bi, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "bad device tree header"));
    memset(junk, 0, sizeof(junk));
    assert_int_equal(fdt_parse_boot_info(junk, &bi, err, sizeof(err)), -EINVAL);
}

/*
 * A property whose length wraps the next-tag offset back onto itself made
 * libfdt 1.6 (as in Linux 6.1) loop for ever; found by fuzz_fdt.  Every
 * structure-block tag length is now checked first.
 */
static void test_structure_lengths(void **state)
{
    size_t size;
    char *fdt = load_dtb("virt", &size);
    char *sb = fdt + fdt_off_dt_struct(fdt);
    uint32_t off = 0, tag;

    /* The first property's length, set to 0xfffffff4. */
    while ((tag = fdt32_to_cpu(*(fdt32_t *)(sb + off))) != FDT_PROP)
        off += tag == FDT_BEGIN_NODE ? 4 + ((strlen(sb + off + 4) + 4) & ~3u) : 4;
    *(fdt32_t *)(sb + off + 4) = cpu_to_fdt32(0xfffffff4);
    assert_int_equal(fdt_parse_boot_info(fdt, &bi, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "property longer than the structure block"));

    /* An unknown tag where that property was. */
    *(fdt32_t *)(sb + off) = cpu_to_fdt32(0x77);
    assert_int_equal(fdt_parse_boot_info(fdt, &bi, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "unknown structure tag"));
    free(fdt);
}

/* ---- edited trees ---- */

static void *tree;    /* virt.dtb opened into a larger buffer */

static int open_tree(void **state)
{
    size_t size;
    void *fdt = load_dtb("virt", &size);

    tree = malloc(size + 262144);
    assert_int_equal(fdt_open_into(fdt, tree, (int)size + 262144), 0);
    free(fdt);
    host_log_reset();
    return 0;
}

static int close_tree(void **state)
{
    free(tree);
    tree = NULL;
    return 0;
}

static int node(const char *path)
{
    int off = fdt_path_offset(tree, path);

    if (off < 0)
        fail_msg("no node %s", path);
    return off;
}

static int reparse(void)
{
    host_log_reset();
    return fdt_parse_boot_info(tree, &bi, err, sizeof(err));
}

static void setprop_u32(const char *path, const char *prop, uint32_t v)
{
    assert_int_equal(fdt_setprop_u32(tree, node(path), prop, v), 0);
}

static void test_too_many_reservations(void **state)
{
    /* 1 in the tree + 1 memreserve already; 15 more make 17. */
    for (int i = 0; i < 15; i++)
        assert_int_equal(fdt_add_mem_rsv(tree, 0x88000000ULL + 0x10000ULL * i, 0x1000), 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_non_null(strstr(err, "more than 16 reserved memory regions"));
    assert_int_equal(fdt_del_mem_rsv(tree, 0), 0);   /* exactly 16 is fine */
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_reserved, 16);
}

static void test_wrapping_reservation_is_clipped(void **state)
{
    assert_int_equal(fdt_add_mem_rsv(tree, 0xfffffffffffff000ULL, 0x10000), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_reserved, 3);
    assert_region(&bi.reserved[1], 0xfffffffffffff000ULL, 0x1000);
}

static void test_malformed_memory_reg(void **state)
{
    assert_int_equal(fdt_setprop(tree, node("/memory@80000000"), "reg", "\1\2\3\4\5", 5), 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_warned("memory@80000000: malformed reg");
    assert_non_null(strstr(err, "no usable memory"));
}

static void test_overlapping_and_wrapping_banks(void **state)
{
    const fdt32_t regs[] = {
        cpu_to_fdt32(0), cpu_to_fdt32(0x80000000), cpu_to_fdt32(0), cpu_to_fdt32(0x10000000),
        cpu_to_fdt32(0), cpu_to_fdt32(0x88000000), cpu_to_fdt32(0), cpu_to_fdt32(0x10000000),
        cpu_to_fdt32(0xffffffff), cpu_to_fdt32(0xfffff000), cpu_to_fdt32(0), cpu_to_fdt32(0x2000),
    };

    assert_int_equal(fdt_setprop(tree, node("/memory@80000000"), "reg", regs, sizeof(regs)), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_mem, 1);
    assert_warned("overlaps another: skipped");
    assert_warned("malformed reg: rest of node skipped");
}

static void test_unsupported_cells(void **state)
{
    setprop_u32("/", "#address-cells", 3);
    assert_int_equal(reparse(), -EINVAL);
    assert_non_null(strstr(err, "memory"));
}

static void test_malformed_reservation_is_fatal(void **state)
{
    assert_int_equal(fdt_setprop(tree, node("/reserved-memory/mmode_resv0@80000000"), "reg",
                                 "\0\0\0\0\x80\0\0\0\0\0", 10), 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_non_null(strstr(err, "/reserved-memory/mmode_resv0@80000000: malformed reg"));
}

static void test_unterminated_isa(void **state)
{
    assert_int_equal(fdt_setprop(tree, node("/cpus/cpu@1"), "riscv,isa", "rv64imafdch", 11), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_harts, 1);
    assert_warned("cpu@1: riscv,isa is not rv64 with the H extension");
}

static void test_duplicate_hart(void **state)
{
    setprop_u32("/cpus/cpu@1", "reg", 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_harts, 1);
    assert_warned("cpu@1: hart 0 listed twice: skipped");
}

static void test_too_many_harts(void **state)
{
    int cpus = node("/cpus");
    static const char isa[] = "rv64imafdch_sstc";

    for (int i = 2; i < BOOT_MAX_CPUS + 4; i++) {
        char name[16];
        int n;

        snprintf(name, sizeof(name), "cpu@%d", i);
        n = fdt_add_subnode(tree, cpus, name);
        assert_true(n >= 0);
        assert_int_equal(fdt_setprop_string(tree, n, "device_type", "cpu"), 0);
        assert_int_equal(fdt_setprop_u32(tree, n, "reg", (uint32_t)i), 0);
        assert_int_equal(fdt_setprop(tree, n, "riscv,isa", isa, sizeof(isa)), 0);
    }
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_harts, BOOT_MAX_CPUS);
    assert_true(bi.has_sstc);
    assert_int_equal(warnings(), 4);
    assert_warned("more than 64 harts: skipped");
}

static void test_timebase(void **state)
{
    assert_int_equal(fdt_delprop(tree, node("/cpus"), "timebase-frequency"), 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_non_null(strstr(err, "timebase-frequency"));
    setprop_u32("/cpus/cpu@1", "timebase-frequency", 12345);   /* the binding allows it */
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.timebase_hz, 12345);
    setprop_u32("/cpus", "timebase-frequency", 0);               /* zero is no value */
    setprop_u32("/cpus/cpu@1", "timebase-frequency", 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_int_equal(fdt_del_node(tree, node("/cpus")), 0);
    assert_int_equal(reparse(), -EINVAL);
    assert_non_null(strstr(err, "no /cpus"));
}

static void test_bootargs(void **state)
{
    char longargs[2000];

    memset(longargs, 'a', sizeof(longargs) - 1);
    longargs[sizeof(longargs) - 1] = '\0';
    assert_int_equal(fdt_setprop_string(tree, node("/chosen"), "bootargs", longargs), 0);
    assert_int_equal(reparse(), 0);
    assert_string_equal(bi.cmdline, "");
    assert_warned("bootargs longer than 1023 bytes: ignored");
    longargs[1023] = '\0';                                      /* 1023: fits */
    assert_int_equal(fdt_setprop_string(tree, node("/chosen"), "bootargs", longargs), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(strlen(bi.cmdline), 1023);
    assert_int_equal(fdt_setprop(tree, node("/chosen"), "bootargs", "abc", 3), 0);
    assert_int_equal(reparse(), 0);
    assert_string_equal(bi.cmdline, "");
    assert_warned("bootargs is not a string");
}

static void test_module_bootargs(void **state)
{
    char longargs[1100];

    memset(longargs, 'b', sizeof(longargs) - 1);
    longargs[sizeof(longargs) - 1] = '\0';
    assert_int_equal(fdt_setprop_string(tree, node("/chosen/module@80400000"), "bootargs",
                                        longargs), 0);
    assert_int_equal(reparse(), 0);
    /* The kernel goes, and its ramdisk with it; the second kernel stays. */
    assert_int_equal(bi.nr_modules, 1);
    assert_module(0, BOOTMOD_KERNEL, 0x80800000, 0x40000, "name=\"domu1\" memory=32");
    assert_warned("module@80400000: bootargs too long");
    assert_warned("ramdisk at 0x80600000: its kernel was skipped");
    assert_int_equal(fdt_setprop(tree, node("/chosen/module@80400000"), "bootargs", "xy", 2), 0);
    assert_int_equal(reparse(), 0);
    assert_warned("module@80400000: bootargs is not a string");
}

static void test_unplaceable_kernel_drops_ramdisks(void **state)
{
    const fdt32_t bad_reg[3] = { 0, cpu_to_fdt32(0x81000000), cpu_to_fdt32(0x1000) };
    int n = fdt_add_subnode(tree, node("/chosen"), "module@81000000");

    assert_true(n >= 0);
    assert_int_equal(fdt_setprop_string(tree, n, "compatible", "multiboot,kernel"), 0);
    assert_int_equal(fdt_setprop(tree, n, "reg", bad_reg, sizeof(bad_reg)), 0);
    assert_int_equal(reparse(), 0);
    /* Its place is unknown, so no ramdisk can safely be given to anyone. */
    assert_int_equal(bi.nr_modules, 2);
    assert_module(0, BOOTMOD_KERNEL, 0x80400000, 0x100000, "console=hvc0");
    assert_module(1, BOOTMOD_KERNEL, 0x80800000, 0x40000, "name=\"domu1\" memory=32");
    assert_warned("module@81000000: reg is not one <address size> pair: skipped");
    assert_warned("ramdisk at 0x80600000: a skipped kernel makes its owner uncertain");
}

/*
 * BOOT_MAX_MODULES + 3 kernels, one page each from 0x81000000; added in
 * `ascending` address order (libfdt puts a new subnode first, so the parser
 * then meets them from the highest address down, as QEMU's guest-loader
 * lists them) or the other way.
 */
static void add_many_kernels(bool ascending)
{
    int chosen = node("/chosen");

    for (unsigned int k = 0; k < BOOT_MAX_MODULES + 3; k++) {
        unsigned int i = ascending ? k : BOOT_MAX_MODULES + 2 - k;
        char name[32];
        fdt64_t reg[2] = { cpu_to_fdt64(0x81000000ULL + 0x1000ULL * i), cpu_to_fdt64(0x1000) };
        int n;

        snprintf(name, sizeof(name), "module@%x", 0x81000000 + 0x1000 * i);
        n = fdt_add_subnode(tree, chosen, name);
        assert_true(n >= 0);
        assert_int_equal(fdt_setprop_string(tree, n, "compatible", "multiboot,kernel"), 0);
        assert_int_equal(fdt_setprop(tree, n, "reg", reg, sizeof(reg)), 0);
    }
}

/* The lowest-addressed modules are kept whatever the order of the nodes:
 * the tree's first module (dom0's, at 0x80400000) keeps its place, and the
 * kernels refused are the highest and keep theirs as skipped kernels. */
static void check_many_kernels(void)
{
    paddr_t lowest = ~0ULL, highest = 0;

    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_modules, BOOT_MAX_MODULES);
    assert_warned("too many boot modules");
    for (unsigned int i = 0; i < bi.nr_modules; i++) {
        lowest = bi.module[i].start < lowest ? bi.module[i].start : lowest;
        highest = bi.module[i].start > highest ? bi.module[i].start : highest;
    }
    assert_int_equal(lowest, 0x80400000);
    assert_true(bi.nr_skipped_kernels >= 3);
    for (unsigned int i = 0; i < bi.nr_skipped_kernels; i++)
        assert_true(bi.skipped_kernel[i] > highest);
}

static void test_too_many_modules(void **state)
{
    add_many_kernels(true);
    check_many_kernels();
}

static void test_too_many_modules_other_order(void **state)
{
    add_many_kernels(false);
    check_many_kernels();
}

static void test_uart_fallback_and_bad(void **state)
{
    assert_int_equal(fdt_setprop_string(tree, node("/chosen"), "stdout-path", "/nowhere"), 0);
    assert_int_equal(reparse(), 0);
    assert_warned("stdout-path missing or not an ns16550");
    assert_region(&bi.uart, 0x10000000, 0x100);               /* found anyway */
    setprop_u32("/soc/serial@10000000", "reg-shift", 7);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.uart.size, 0);
    assert_warned("serial@10000000: bad reg-shift");
    assert_int_equal(fdt_del_node(tree, node("/soc/serial@10000000")), 0);
    assert_int_equal(reparse(), 0);
    assert_warned("no ns16550 UART");
}

static void test_plic_and_virtio_problems(void **state)
{
    int soc = node("/soc");

    setprop_u32("/soc/plic@c000000", "riscv,ndev", 0);
    assert_int_equal(fdt_delprop(tree, node("/soc/virtio_mmio@10008000"), "interrupts"), 0);
    for (int i = 0; i < 9; i++) {
        char name[32];
        fdt64_t reg[2] = { cpu_to_fdt64(0x20000000ULL + 0x1000ULL * i), cpu_to_fdt64(0x1000) };
        int n;

        snprintf(name, sizeof(name), "virtio_mmio@%x", 0x20000000 + 0x1000 * i);
        n = fdt_add_subnode(tree, soc, name);
        assert_true(n >= 0);
        assert_int_equal(fdt_setprop_string(tree, n, "compatible", "virtio,mmio"), 0);
        assert_int_equal(fdt_setprop(tree, n, "reg", reg, sizeof(reg)), 0);
        assert_int_equal(fdt_setprop_u32(tree, n, "interrupts", 20 + (uint32_t)i), 0);
    }
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.plic.size, 0);
    assert_warned("plic@c000000: bad reg or riscv,ndev: PLIC skipped");
    assert_warned("virtio_mmio@10008000: bad reg or interrupts: skipped");
    assert_int_equal(bi.nr_virtio, BOOT_MAX_VIRTIO);
    assert_warned("more than 8 virtio-mmio nodes");
    for (unsigned int i = 0; i < bi.nr_virtio; i++)
        assert_true(bi.virtio_irq[i] != 8);
}

/* A PLIC whose context list names no hart controller keeps its registers
 * but no S-mode context; an M-mode-only list gives none either. */
static void test_plic_contexts(void **state)
{
    fdt32_t bad[2] = { cpu_to_fdt32(0x7777), cpu_to_fdt32(9) };
    int intc0 = node("/cpus/cpu@0/interrupt-controller");
    fdt32_t monly[4] = { cpu_to_fdt32(fdt_get_phandle(tree, intc0)), cpu_to_fdt32(11),
                         cpu_to_fdt32(fdt_get_phandle(tree, intc0)), cpu_to_fdt32(11) };

    assert_int_equal(fdt_setprop(tree, node("/soc/plic@c000000"), "interrupts-extended", bad,
                                 sizeof(bad)), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.plic.size, 0x600000);
    assert_int_equal(bi.nr_plic_s, 0);
    assert_warned("plic@c000000: bad interrupts-extended: device interrupts off");
    assert_int_equal(fdt_setprop(tree, node("/soc/plic@c000000"), "interrupts-extended", monly,
                                 sizeof(monly)), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_plic_s, 0);
    /* A trailing half entry is malformed too. */
    assert_int_equal(fdt_setprop(tree, node("/soc/plic@c000000"), "interrupts-extended", monly,
                                 sizeof(monly) - 4), 0);
    assert_int_equal(reparse(), 0);
    assert_int_equal(bi.nr_plic_s, 0);
}

/* ---- corruption sweep ---- */

/* Whatever parses must obey every bound the header promises. */
static void assert_sane(void)
{
    assert_true(bi.nr_mem >= 1 && bi.nr_mem <= BOOT_MAX_MEM_BANKS);
    assert_true(bi.nr_reserved <= BOOT_MAX_RESERVED);
    assert_true(bi.nr_harts >= 1 && bi.nr_harts <= BOOT_MAX_CPUS);
    assert_true(bi.nr_plic_s <= BOOT_MAX_CPUS);
    assert_true(bi.timebase_hz > 0);
    assert_true(bi.nr_virtio <= BOOT_MAX_VIRTIO);
    assert_true(bi.nr_modules <= BOOT_MAX_MODULES);
    assert_true(strnlen(bi.cmdline, sizeof(bi.cmdline)) < sizeof(bi.cmdline));
    for (unsigned int i = 0; i < bi.nr_modules; i++) {
        const struct boot_module *m = &bi.module[i];
        bool in_ram = false;

        assert_true(m->size > 0);
        assert_true(m->cmdline && strlen(m->cmdline) < BOOT_CMDLINE_MAX);
        for (unsigned int b = 0; b < bi.nr_mem; b++)
            in_ram |= m->start >= bi.mem[b].start &&
                      m->start - bi.mem[b].start + m->size <= bi.mem[b].size;
        assert_true(in_ram);
        for (unsigned int j = 0; j < i; j++)
            assert_true(m->start >= bi.module[j].start + bi.module[j].size ||
                        bi.module[j].start >= m->start + m->size);
        if (m->kind == BOOTMOD_RAMDISK) {
            bool owner = false;

            for (unsigned int k = 0; k < bi.nr_modules; k++)
                owner |= bi.module[k].kind == BOOTMOD_KERNEL && bi.module[k].start < m->start;
            assert_true(owner);
        }
    }
}

static void test_corruption_sweep(void **state)
{
    size_t size;
    void *good = load_dtb("virt", &size);
    unsigned long long seed = 99;
    int accepted = 0;

    host_log_quiet = true;
    for (int round = 0; round < 20000; round++) {
        uint8_t *fdt = malloc(size);
        int rc;

        memcpy(fdt, good, size);
        for (int f = 0; f < 1 + round % 4; f++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            /* Keep the first 8 header bytes (magic, totalsize) mostly intact:
             * corruption deeper in is where the parser's checks matter. */
            fdt[8 + (seed >> 33) % (size - 8)] ^= (uint8_t)(1u << ((seed >> 20) & 7));
        }
        host_log_reset();
        rc = fdt_parse_boot_info(fdt, &bi, err, sizeof(err));
        if (rc == 0) {
            accepted++;
            assert_sane();             /* the modules' command lines are in fdt */
        } else {
            assert_int_equal(rc, -EINVAL);
            assert_true(err[0] != '\0');
        }
        free(fdt);
    }
    host_log_quiet = false;
    free(good);
    assert_true(accepted > 1000);      /* most single flips are in strings */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt),
        cmocka_unit_test(test_alternatives),
        cmocka_unit_test(test_no_memory),
        cmocka_unit_test(test_no_harts),
        cmocka_unit_test(test_bad_modules),
        cmocka_unit_test(test_bad_header),
        cmocka_unit_test(test_structure_lengths),
        cmocka_unit_test_setup_teardown(test_too_many_reservations, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_wrapping_reservation_is_clipped, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_malformed_memory_reg, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_overlapping_and_wrapping_banks, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_unsupported_cells, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_malformed_reservation_is_fatal, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_unterminated_isa, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_duplicate_hart, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_too_many_harts, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_timebase, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_bootargs, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_module_bootargs, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_unplaceable_kernel_drops_ramdisks, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_too_many_modules, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_too_many_modules_other_order, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_uart_fallback_and_bad, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_plic_and_virtio_problems, open_tree, close_tree),
        cmocka_unit_test_setup_teardown(test_plic_contexts, open_tree, close_tree),
        cmocka_unit_test(test_corruption_sweep),
    };

    return cmocka_run_group_tests_name("fdt", tests, NULL, NULL);
}
