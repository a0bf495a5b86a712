/*
 * core/dom0_fdt.c: dom0's device tree, read back with Debian's libfdt.
 * It lists every virtio-mmio slot the boot information has, in order,
 * with its registers and its pirq, and nothing else; it refuses a buffer
 * too small rather than writing past it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include <hv/bootinfo.h>
#include <hv/dom0_fdt.h>
#include <hv/errno.h>

static struct boot_info bi;
static _Alignas(8) char buf[4096];

static void two_slots(void)
{
    memset(&bi, 0, sizeof(bi));
    bi.virtio[0] = (struct mem_region){ 0x10008000, 0x1000 };
    bi.virtio_irq[0] = 8;
    bi.virtio[1] = (struct mem_region){ 0x210007000ULL, 0x200 };
    bi.virtio_irq[1] = 7;
    bi.nr_virtio = 2;
    /* Things dom0 must not be told about. */
    bi.plic = (struct mem_region){ 0xc000000, 0x600000 };
    bi.uart = (struct mem_region){ 0x10000000, 0x100 };
}

static uint64_t cells64(const fdt32_t *c)
{
    return ((uint64_t)fdt32_to_cpu(c[0]) << 32) | fdt32_to_cpu(c[1]);
}

/* Each slot's node: compatible, 2+2-cell reg, its pirq; the root's
 * identity and cell sizes. */
static void lists_the_slots(void **state)
{
    const fdt32_t *reg;
    int node, len, n = 0;

    two_slots();
    assert_int_equal(dom0_fdt_build(&bi, buf, sizeof(buf)), 0);
    assert_int_equal(fdt_check_header(buf), 0);
    assert_true(fdt_totalsize(buf) <= sizeof(buf));
    assert_int_equal(fdt_node_check_compatible(buf, 0, "rvxen,dom0"), 0);
    assert_int_equal(fdt_address_cells(buf, 0), 2);
    assert_int_equal(fdt_size_cells(buf, 0), 2);

    fdt_for_each_subnode(node, buf, fdt_path_offset(buf, "/soc")) {
        assert_int_equal(fdt_node_check_compatible(buf, node, "virtio,mmio"), 0);
        reg = fdt_getprop(buf, node, "reg", &len);
        assert_non_null(reg);
        assert_int_equal(len, 16);
        assert_int_equal(cells64(reg), bi.virtio[n].start);
        assert_int_equal(cells64(reg + 2), bi.virtio[n].size);
        reg = fdt_getprop(buf, node, "interrupts", &len);
        assert_int_equal(len, 4);
        assert_int_equal(fdt32_to_cpu(*reg), bi.virtio_irq[n]);
        n++;
    }
    assert_int_equal(n, 2);
    assert_true(fdt_path_offset(buf, "/soc/virtio_mmio@210007000") >= 0);
    /* Only the root and /soc besides the slots. */
    assert_int_equal(fdt_node_offset_by_compatible(buf, -1, "sifive,plic-1.0.0"),
                     -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_path_offset(buf, "/cpus"), -FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_path_offset(buf, "/memory"), -FDT_ERR_NOTFOUND);
}

/* No slots: a valid tree with an empty /soc. */
static void no_slots(void **state)
{
    memset(&bi, 0, sizeof(bi));
    assert_int_equal(dom0_fdt_build(&bi, buf, sizeof(buf)), 0);
    assert_int_equal(fdt_check_header(buf), 0);
    assert_int_equal(fdt_first_subnode(buf, fdt_path_offset(buf, "/soc")), -FDT_ERR_NOTFOUND);
}

/* The most slots the boot information holds fit a page; a buffer too
 * small is refused at every size, and nothing past it is written. */
static void sizes(void **state)
{
    size_t need;

    memset(&bi, 0, sizeof(bi));
    for (unsigned int i = 0; i < BOOT_MAX_VIRTIO; i++) {
        bi.virtio[i] = (struct mem_region){ 0xfffff0001000ULL + 0x1000ULL * i, 0x1000 };
        bi.virtio_irq[i] = 100 + i;
    }
    bi.nr_virtio = BOOT_MAX_VIRTIO;
    assert_int_equal(dom0_fdt_build(&bi, buf, sizeof(buf)), 0);
    need = fdt_totalsize(buf);
    assert_true(need < 2048);
    for (size_t size = 0; size < need; size += 7) {
        memset(buf, 0x5a, sizeof(buf));
        assert_int_equal(dom0_fdt_build(&bi, buf, size), -ENOSPC);
        for (size_t i = size; i < sizeof(buf); i++)
            assert_int_equal((unsigned char)buf[i], 0x5a);
    }
    assert_int_equal(dom0_fdt_build(&bi, buf, need), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_the_slots),
        cmocka_unit_test(no_slots),
        cmocka_unit_test(sizes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
