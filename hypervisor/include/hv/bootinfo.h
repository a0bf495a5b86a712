/*
 * What the boot hart learns from the device tree (core/fdt.c), before any
 * allocation.  Everything here is plain data; parsing never allocates.
 */
#ifndef HV_BOOTINFO_H
#define HV_BOOTINFO_H

#include <hv/types.h>

#define BOOT_MAX_MEM_BANKS 8
#define BOOT_MAX_RESERVED 16
#define BOOT_MAX_CPUS 64
/*
 * Boot modules: dom0, the domUs and their ramdisks.  Past this many, the
 * modules at the highest addresses are refused by name (QEMU's
 * guest-loader and scripts/run.sh place them in command-line order, so the
 * last ones given): dom0, the first, always keeps its place.
 */
#define BOOT_MAX_MODULES 1024
#define BOOT_MAX_VIRTIO 8
#define BOOT_CMDLINE_MAX 1024

struct mem_region {
    paddr_t start;
    uint64_t size;
};

enum boot_module_kind {
    BOOTMOD_KERNEL,    /* "multiboot,kernel" */
    BOOTMOD_RAMDISK,   /* "multiboot,module" (or ramdisk): belongs to the kernel
                        * below it in address order (see core/fdt.c) */
};

struct boot_module {
    enum boot_module_kind kind;
    paddr_t start;
    uint64_t size;
    const char *cmdline;              /* the node's bootargs (in the device
                                         tree, which boot_mm keeps), or "" */
};

struct boot_info {
    struct mem_region mem[BOOT_MAX_MEM_BANKS];
    unsigned int nr_mem;
    /* /reserved-memory children and the FDT memory reservation block */
    struct mem_region reserved[BOOT_MAX_RESERVED];
    unsigned int nr_reserved;

    uint64_t hart_id[BOOT_MAX_CPUS];  /* enabled harts with riscv,isa containing 'h' */
    unsigned int nr_harts;
    bool has_sstc;                    /* every hart's riscv,isa lists sstc */
    uint64_t timebase_hz;

    struct mem_region uart;           /* the ns16550 at /chosen/stdout-path */
    uint32_t uart_reg_shift;
    struct mem_region plic;
    uint32_t plic_ndev;
    /* The PLIC contexts of the harts' S-mode external interrupt (from the
     * PLIC's interrupts-extended): context plic_s_context[i] interrupts
     * hart plic_s_hart[i]. */
    uint64_t plic_s_hart[BOOT_MAX_CPUS];
    uint32_t plic_s_context[BOOT_MAX_CPUS];
    unsigned int nr_plic_s;
    struct mem_region rtc;            /* google,goldfish-rtc, size 0 if absent */
    struct mem_region virtio[BOOT_MAX_VIRTIO];
    uint32_t virtio_irq[BOOT_MAX_VIRTIO];
    unsigned int nr_virtio;

    char cmdline[BOOT_CMDLINE_MAX];   /* /chosen/bootargs */
    struct boot_module module[BOOT_MAX_MODULES];
    unsigned int nr_modules;
    /*
     * Kernel modules that were skipped, by address (0 when the address
     * itself was unreadable).  They keep their place in the module order,
     * so that a bad dom0 kernel never turns the next kernel into dom0.
     */
    paddr_t skipped_kernel[BOOT_MAX_MODULES];
    unsigned int nr_skipped_kernels;
};

/*
 * Parse the flattened device tree at `fdt` into `bi`.  Returns 0, or a
 * negative errno with a message in `err` (size errlen) naming what is wrong.
 * Problems that affect one optional item (a malformed module node, a second
 * UART) are recorded as warnings through printk and skipped.
 */
int fdt_parse_boot_info(const void *fdt, struct boot_info *bi, char *err, size_t errlen);

#endif /* HV_BOOTINFO_H */
