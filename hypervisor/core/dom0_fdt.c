/*
 * dom0's device tree: the devices dom0 may drive, as a flattened device
 * tree the domain builder places in dom0's memory (public/arch-riscv.h,
 * "Start of day").  It is built afresh, not copied from the firmware's:
 * dom0 must see exactly what it was given - each virtio-mmio slot's
 * registers (which it may map) and its interrupt as a pirq - and nothing
 * of the hypervisor's own (memory, harts, PLIC, UART, boot modules).
 *
 *   / {
 *       #address-cells = <2>; #size-cells = <2>;
 *       compatible = "rvxen,dom0";
 *       soc {
 *           #address-cells = <2>; #size-cells = <2>;
 *           compatible = "simple-bus"; ranges;
 *           virtio_mmio@10008000 {
 *               compatible = "virtio,mmio";
 *               reg = <0x0 0x10008000 0x0 0x1000>;
 *               interrupts = <8>;          the pirq (physdev.h)
 *           };
 *           ...
 *       };
 *   };
 *
 * The nodes keep the firmware tree's order.
 */
#include <libfdt.h>
#include <hv/bootinfo.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/dom0_fdt.h>

static int prop_cells(void *fdt, const char *name, uint64_t a, uint64_t b)
{
    fdt32_t cells[4] = { cpu_to_fdt32((uint32_t)(a >> 32)), cpu_to_fdt32((uint32_t)a),
                         cpu_to_fdt32((uint32_t)(b >> 32)), cpu_to_fdt32((uint32_t)b) };

    return fdt_property(fdt, name, cells, sizeof(cells));
}

static int bus_cells(void *fdt)
{
    int rc = fdt_property_u32(fdt, "#address-cells", 2);

    return rc ? rc : fdt_property_u32(fdt, "#size-cells", 2);
}

static int virtio_node(void *fdt, const struct mem_region *r, uint32_t pirq)
{
    char name[40];
    int rc;

    snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)r->start);
    if ((rc = fdt_begin_node(fdt, name)) ||
        (rc = fdt_property_string(fdt, "compatible", "virtio,mmio")) ||
        (rc = prop_cells(fdt, "reg", r->start, r->size)) ||
        (rc = fdt_property_u32(fdt, "interrupts", pirq)))
        return rc;
    return fdt_end_node(fdt);
}

int dom0_fdt_build(const struct boot_info *bi, void *buf, size_t size)
{
    int rc;

    if ((rc = fdt_create(buf, (int)size)) || (rc = fdt_finish_reservemap(buf)) ||
        (rc = fdt_begin_node(buf, "")) || (rc = bus_cells(buf)) ||
        (rc = fdt_property_string(buf, "compatible", "rvxen,dom0")) ||
        (rc = fdt_begin_node(buf, "soc")) || (rc = bus_cells(buf)) ||
        (rc = fdt_property_string(buf, "compatible", "simple-bus")) ||
        (rc = fdt_property(buf, "ranges", NULL, 0)))
        goto out;
    for (unsigned int i = 0; i < bi->nr_virtio; i++)
        if ((rc = virtio_node(buf, &bi->virtio[i], bi->virtio_irq[i])))
            goto out;
    if (!(rc = fdt_end_node(buf)) && !(rc = fdt_end_node(buf)))
        rc = fdt_finish(buf);
 out:
    return rc ? -ENOSPC : 0;
}
