/*
 * Hypercall numbers nobody implements, and unknown sub-ops of the
 * multiplexing hypercalls, return -ENOSYS and do nothing else.
 */
#include <public/event_channel.h>
#include "../../lib/test.h"

static void unassigned_numbers(void)
{
    static const unsigned long nrs[] = { 11, 43, 44, 45, 46, 47, 56, 63, 64, 1000, ~0UL };

    for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++)
        if (!EXPECT_EQ(_hypercall5(nrs[i], 1, 2, 3, 4, 5), -XEN_ENOSYS))
            printk("  (hypercall %lu)\n", nrs[i]);
}

static void x86_only_numbers(void)
{
    static const unsigned long nrs[] = {
        __HYPERVISOR_set_trap_table, __HYPERVISOR_set_gdt, __HYPERVISOR_stack_switch,
        __HYPERVISOR_set_callbacks, __HYPERVISOR_fpu_taskswitch, __HYPERVISOR_set_debugreg,
        __HYPERVISOR_get_debugreg, __HYPERVISOR_update_descriptor, __HYPERVISOR_iret,
        __HYPERVISOR_set_segment_base,
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++)
        if (!EXPECT_EQ(_hypercall5(nrs[i], 0, 0, 0, 0, 0), -XEN_ENOSYS))
            printk("  (hypercall %lu)\n", nrs[i]);
}

static void sched_subops(void)
{
    EXPECT_EQ(HYPERVISOR_sched_op(1000, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_sched_op(-1, NULL), -XEN_ENOSYS);
}

/* The FIFO ABI is documented as absent; 1000 is no op at all. */
static void evtchn_subops(void)
{
    static struct evtchn_init_control init = { .control_gfn = 0 };
    static struct evtchn_expand_array expand = { .array_gfn = 0 };
    static struct evtchn_set_priority prio = { .port = 1, .priority = 1 };

    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &init), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &expand), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &prio), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_event_channel_op(1000, NULL), -XEN_ENOSYS);
}

static void console_and_version_subops(void)
{
    EXPECT_EQ(HYPERVISOR_console_io(2, 0, NULL), -XEN_ENOSYS);
    EXPECT_EQ(HYPERVISOR_xen_version(1000, NULL), -XEN_ENOSYS);
}

static const struct test tests[] = {
    /* Unassigned numbers 11, 43..47, 56, 63, 64, 1000 and ~0 are -ENOSYS. */
    TEST(unassigned_numbers),
    /* x86-only hypercalls (set_trap_table, iret, ...) are -ENOSYS on RISC-V. */
    TEST(x86_only_numbers),
    /* Unknown sched_op sub-ops are -ENOSYS. */
    TEST(sched_subops),
    /* FIFO event-channel ops and unknown ones are -ENOSYS. */
    TEST(evtchn_subops),
    /* Unknown console_io and xen_version sub-ops are -ENOSYS. */
    TEST(console_and_version_subops),
};

int main(void)
{
    return run_tests("hypercall/enosys", tests, ARRAY_SIZE(tests));
}
