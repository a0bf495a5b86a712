/*
 * The start of day of an auto-translated domain (public/arch-riscv.h,
 * "Auto-translated domains"): the entry registers, the device tree the
 * builder wrote, and the guest-physical layout it describes.
 */
#include "pvh.h"

/* VCPU 0 enters with a0 = hart id 0, a1 = a device tree inside its RAM,
 * translation off and interrupts off. */
static void entry_registers(void)
{
    unsigned long fdt = (unsigned long)pvh_fdt;
    unsigned int len;

    EXPECT_EQ(pvh_boot_hartid, 0);
    EXPECT_TRUE(fdt >= RAM_BASE && fdt < RAM_BASE + (16UL << 20) && !(fdt & 7));
    EXPECT_EQ(be32(pvh_fdt), 0xd00dfeed);
    EXPECT_EQ(csr_read(satp), 0);
    EXPECT_EQ(csr_read(sstatus) & 2, 0);
    EXPECT_TRUE(fdt_prop(pvh_fdt, "/", "#address-cells", &len) != NULL);
}

/* /hypervisor: Xen's compatible strings, the grant-table window as reg,
 * the upcall as VCPU 0's local interrupt 1. */
static void hypervisor_node(void)
{
    unsigned int len = 0;
    const char *compat = fdt_prop(pvh_fdt, "/hypervisor", "compatible", &len);
    const uint8_t *reg = fdt_prop(pvh_fdt, "/hypervisor", "reg", &len);
    const uint8_t *irq;

    EXPECT_TRUE(compat && !strcmp(compat, "xen,xen-4.20") &&
                !strcmp(compat + strlen(compat) + 1, "xen,xen"));
    EXPECT_TRUE(reg && len == 16);
    if (reg) {
        EXPECT_EQ(((uint64_t)be32(reg) << 32) | be32(reg + 4), GUEST_GNTTAB_BASE);
        EXPECT_EQ(((uint64_t)be32(reg + 8) << 32) | be32(reg + 12), GUEST_GNTTAB_SIZE);
    }
    irq = fdt_prop(pvh_fdt, "/hypervisor", "interrupts-extended", &len);
    EXPECT_TRUE(irq && len == 8);
    if (irq)
        EXPECT_EQ(be32(irq + 4), 1);
}

/* /memory@80000000 is the description's memory=16, /chosen the extra=,
 * /cpus one cpu@0 with its interrupt controller and the timebase. */
static void memory_cpus_chosen(void)
{
    unsigned int len = 0;
    const uint8_t *reg = fdt_prop(pvh_fdt, "/memory@80000000", "reg", &len);
    const uint8_t *tb = fdt_prop(pvh_fdt, "/cpus", "timebase-frequency", &len);
    const char *isa = fdt_prop(pvh_fdt, "/cpus/cpu@0", "riscv,isa", &len);
    const char *intc = fdt_prop(pvh_fdt, "/cpus/cpu@0/interrupt-controller", "compatible", &len);

    EXPECT_TRUE(reg != NULL);
    if (reg) {
        EXPECT_EQ(((uint64_t)be32(reg) << 32) | be32(reg + 4), RAM_BASE);
        EXPECT_EQ(((uint64_t)be32(reg + 8) << 32) | be32(reg + 12), 16UL << 20);
    }
    EXPECT_TRUE(tb && be32(tb) == 10000000);
    EXPECT_TRUE(isa && !strcmp(isa, "rv64imafdc"));
    EXPECT_TRUE(intc && !strcmp(intc, "riscv,cpu-intc"));
    EXPECT_TRUE(fdt_prop(pvh_fdt, "/chosen", "bootargs", &len) != NULL);
    EXPECT_TRUE(fdt_prop(pvh_fdt, "/cpus/cpu@1", "reg", &len) == NULL);
}

/* The image runs where the builder put it, and all of RAM is there: the
 * first and the last page (under the device tree) read and write. */
static void ram_present(void)
{
    unsigned long last = RAM_BASE + (16UL << 20) - 64 * 1024;

    EXPECT_EQ((unsigned long)&entry_registers >> 31, 1);
    probe_write(last, 0x1234);
    EXPECT_EQ(probe_read(last), 0x1234);
    EXPECT_EQ(*(volatile uint32_t *)RAM_BASE != 0, 1);   /* our own first instruction */
}

static const struct pvh_test tests[] = {
    PVH_TEST(entry_registers),
    PVH_TEST(hypervisor_node),
    PVH_TEST(memory_cpus_chosen),
    PVH_TEST(ram_present),
};

void pvh_main(void)
{
    pvh_run("pvh/boot", tests, ARRAY_SIZE(tests));
}
