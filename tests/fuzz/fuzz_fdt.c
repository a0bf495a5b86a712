/*
 * core/fdt.c: fdt_parse_boot_info() on arbitrary device trees.
 *
 * Inputs are admitted the way arch/riscv/setup.c admits the firmware's
 * tree: fdt_check_header() first, and the tree (fdt_totalsize) must lie
 * inside what the fuzzer passed.  The parser then gets a copy of exactly
 * totalsize bytes, so that any read past the tree is an ASan report.
 *
 * Invariants: counts within the BOOT_MAX_* bounds whatever the result; on
 * failure a message; on success every range non-empty and not wrapping,
 * banks and modules disjoint, modules inside one bank and outside every
 * reservation, each ramdisk above some kernel, strings terminated.
 */
#include <libfdt.h>
#include <public/errno.h>
#include <hv/bootinfo.h>
#include <asm/host.h>
#include "fuzz.h"

static bool no_wrap(paddr_t start, uint64_t size)
{
    return size > 0 && size - 1 <= UINT64_MAX - start;
}

static bool disjoint(paddr_t a, uint64_t asz, paddr_t b, uint64_t bsz)
{
    return a + (asz - 1) < b || b + (bsz - 1) < a;
}

static bool terminated(const char *s, size_t n)
{
    return memchr(s, '\0', n) != NULL;
}

static void check_counts(const struct boot_info *bi)
{
    CHECK(bi->nr_mem <= BOOT_MAX_MEM_BANKS);
    CHECK(bi->nr_reserved <= BOOT_MAX_RESERVED);
    CHECK(bi->nr_harts <= BOOT_MAX_CPUS);
    CHECK(bi->nr_virtio <= BOOT_MAX_VIRTIO);
    CHECK(bi->nr_plic_s <= BOOT_MAX_CPUS);
    CHECK(bi->nr_modules <= BOOT_MAX_MODULES);
    CHECK(bi->nr_skipped_kernels <= BOOT_MAX_MODULES);
}

static void check_memory(const struct boot_info *bi)
{
    CHECK(bi->nr_mem >= 1);
    for (unsigned int i = 0; i < bi->nr_mem; i++) {
        CHECK(no_wrap(bi->mem[i].start, bi->mem[i].size));
        for (unsigned int j = 0; j < i; j++)
            CHECK(disjoint(bi->mem[i].start, bi->mem[i].size,
                           bi->mem[j].start, bi->mem[j].size));
    }
    for (unsigned int i = 0; i < bi->nr_reserved; i++)
        CHECK(no_wrap(bi->reserved[i].start, bi->reserved[i].size));
}

static void check_cpus_devices(const struct boot_info *bi)
{
    CHECK(bi->nr_harts >= 1 && bi->timebase_hz > 0);
    for (unsigned int i = 0; i < bi->nr_harts; i++)
        for (unsigned int j = 0; j < i; j++)
            CHECK(bi->hart_id[i] != bi->hart_id[j]);
    CHECK(!bi->uart.size || no_wrap(bi->uart.start, bi->uart.size));
    CHECK(bi->uart_reg_shift <= 3);
    CHECK(!bi->plic.size || (no_wrap(bi->plic.start, bi->plic.size) &&
                             bi->plic_ndev >= 1 && bi->plic_ndev <= 1023));
    CHECK(!bi->rtc.size || no_wrap(bi->rtc.start, bi->rtc.size));
    for (unsigned int i = 0; i < bi->nr_virtio; i++)
        CHECK(no_wrap(bi->virtio[i].start, bi->virtio[i].size));
}

static bool inside_one_bank(const struct boot_info *bi, const struct boot_module *m)
{
    for (unsigned int i = 0; i < bi->nr_mem; i++)
        if (m->start >= bi->mem[i].start && m->size <= bi->mem[i].size &&
            m->start - bi->mem[i].start <= bi->mem[i].size - m->size)
            return true;
    return false;
}

static bool has_kernel_below(const struct boot_info *bi, paddr_t start)
{
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (bi->module[i].kind == BOOTMOD_KERNEL && bi->module[i].start < start)
            return true;
    return false;
}

static void check_modules(const struct boot_info *bi)
{
    CHECK(terminated(bi->cmdline, sizeof(bi->cmdline)));
    for (unsigned int i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->module[i];

        CHECK(m->kind == BOOTMOD_KERNEL || m->kind == BOOTMOD_RAMDISK);
        CHECK(no_wrap(m->start, m->size));
        CHECK(inside_one_bank(bi, m));
        CHECK(m->cmdline && strlen(m->cmdline) < BOOT_CMDLINE_MAX);
        CHECK(m->kind == BOOTMOD_KERNEL || has_kernel_below(bi, m->start));
        for (unsigned int j = 0; j < bi->nr_reserved; j++)
            CHECK(disjoint(m->start, m->size, bi->reserved[j].start, bi->reserved[j].size));
        for (unsigned int j = 0; j < i; j++)
            CHECK(disjoint(m->start, m->size, bi->module[j].start, bi->module[j].size));
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    host_log_quiet = true;     /* the parser's warnings would drown the fuzzer's output */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct boot_info bi;
    char err[ERR_LEN];
    void *fdt;
    int rc;

    if (size < sizeof(struct fdt_header) || fdt_check_header(data) ||
        fdt_totalsize(data) > size)
        return -1;             /* setup.c would not get this far: not worth keeping */
    fdt = malloc(fdt_totalsize(data));
    CHECK(fdt);
    memcpy(fdt, data, fdt_totalsize(data));

    host_log_reset();
    fill_err(err);
    memset(&bi, 0xa5, sizeof(bi));
    rc = fdt_parse_boot_info(fdt, &bi, err, sizeof(err));
    check_counts(&bi);
    if (rc) {
        CHECK(rc == -XEN_EINVAL);
        check_err(err);
    } else {
        check_memory(&bi);
        check_cpus_devices(&bi);
        check_modules(&bi);
    }
    free(fdt);
    return 0;
}
