/*
 * A domU owns no physical interrupt and no device: every pirq is refused
 * to it (bind -EPERM or -EINVAL, EOI and status -EINVAL), it gets no
 * device tree, and the virtio-mmio slots' and the PLIC's registers cannot
 * be mapped (-EPERM from mmu_update).
 */
#include <public/physdev.h>
#include "../../lib/mmu.h"
#include "../../lib/test.h"

static void no_pirqs(void)
{
    for (uint32_t pirq = 0; pirq < 130; pirq++) {
        struct evtchn_bind_pirq bp = { .pirq = pirq };
        struct physdev_irq_status_query q = { .irq = pirq };
        long want = pirq < 128 ? -XEN_EPERM : -XEN_EINVAL;

        if (!EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bp), want) ||
            !EXPECT_EQ(pirq_eoi(pirq), -XEN_EINVAL) ||
            !EXPECT_EQ(HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q), -XEN_EINVAL))
            return;
    }
}

static void no_device_tree(void)
{
    EXPECT_TRUE(device_tree == NULL);
}

static void no_device_registers(void)
{
    static const uint64_t frames[] = {
        0x10001, 0x10007, 0x10008,            /* virtio-mmio slots */
        0xc000, 0xc200,                       /* the PLIC */
        0x10000,                              /* the UART */
    };

    if (mmu_scratch_setup())
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(frames); i++)
        EXPECT_EQ(pt_map(SCRATCH_VA, frames[i], PTE_R | PTE_W), -XEN_EPERM);
    EXPECT_EQ(pt_map(SCRATCH_VA, frames[2], PTE_R), -XEN_EPERM);
}

static const struct test tests[] = {
    /* pirqs 0..127: bind -EPERM, EOI -EINVAL, status -EINVAL; 128, 129:
     * bind -EINVAL. */
    TEST(no_pirqs),
    /* No device tree in a1. */
    TEST(no_device_tree),
    /* virtio-mmio, PLIC and UART registers: mapping them -EPERM. */
    TEST(no_device_registers),
};

int main(void)
{
    return run_tests("physdev/domu_refused", tests, ARRAY_SIZE(tests));
}
