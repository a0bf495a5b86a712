/*
 * Smoke checks of the page-table hypercalls that need dom0: MMIO it has
 * permission for (the virtio-mmio transports the device tree lists) is
 * mapped end to end - validator, iomem ranges, G-stage - and reads the
 * device's magic value; MMIO outside its ranges (the UART) is refused.
 */
#include "../../lib/test.h"

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)

#define VIRTIO_MMIO_MFN 0x10001UL     /* QEMU virt: the first transport */
#define UART_MFN        0x10000UL
#define VIRTIO_MAGIC    0x74726976U   /* "virt" */

static uint64_t pte(uint64_t mfn, uint64_t flags) { return (mfn << 10) | flags; }

static void permitted_mmio(void)
{
    void *p = alloc_page();
    unsigned long va = (unsigned long)p;

    if (!p) {
        xtf_error("out of pages");
        return;
    }
    if (!EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(VIRTIO_MMIO_MFN, PTE_V | PTE_R | PTE_A),
                                                UVMF_INVLPG), 0))
        return;
    EXPECT_EQ_HEX(*(volatile uint32_t *)p, VIRTIO_MAGIC);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(VIRTIO_MMIO_MFN,
                                                   PTE_V | PTE_R | PTE_W | PTE_A | PTE_D),
                                           UVMF_INVLPG), 0);
    EXPECT_EQ_HEX(*(volatile uint32_t *)p, VIRTIO_MAGIC);
    EXPECT_EQ(HYPERVISOR_update_va_mapping(va, pte(virt_to_mfn(p),
                                                   PTE_V | PTE_R | PTE_W | PTE_A | PTE_D),
                                           UVMF_INVLPG), 0);
    free_page(p);
}

static void unpermitted_mmio(void)
{
    void *p = alloc_page();

    if (!p) {
        xtf_error("out of pages");
        return;
    }
    EXPECT_EQ(HYPERVISOR_update_va_mapping((unsigned long)p, pte(UART_MFN, PTE_V | PTE_R | PTE_A),
                                           UVMF_INVLPG), -XEN_EPERM);
    EXPECT_EQ(_hypercall4(__HYPERVISOR_update_va_mapping_otherdomain, (unsigned long)p,
                          pte(UART_MFN, PTE_V | PTE_R | PTE_A), UVMF_INVLPG, DOMID_SELF),
              -XEN_EPERM);
    ((volatile uint8_t *)p)[3] = 3;             /* the page is still ours */
    EXPECT_EQ(((volatile uint8_t *)p)[3], 3);
    free_page(p);
}

static const struct test tests[] = {
    /* A virtio-mmio transport dom0 may map reads "virt", read-only or writable. */
    TEST(permitted_mmio),
    /* The UART is the hypervisor's: -EPERM, and nothing changes. */
    TEST(unpermitted_mmio),
};

int main(void)
{
    return run_tests("mmu/hv_smoke_dom0", tests, ARRAY_SIZE(tests));
}
