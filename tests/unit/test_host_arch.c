/*
 * hypervisor/arch/host: the simulated machine every other host test
 * stands on.  If these are wrong, the other tests prove nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/console.h>
#include <hv/arch/domain.h>
#include <hv/arch/machine.h>
#include <hv/arch/time.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <asm/host.h>

/* Run stmt; expect panic()/arch_machine_off() to longjmp with `val`. */
#define EXPECT_JUMP(stmt, val)                                          \
    do {                                                                \
        jmp_buf jb_;                                                    \
        int r_;                                                         \
        host_panic_jmp = &jb_;                                          \
        if ((r_ = setjmp(jb_)) == 0) {                                  \
            stmt;                                                       \
            host_panic_jmp = NULL;                                      \
            fail_msg("no jump from: %s", #stmt);                        \
        }                                                               \
        host_panic_jmp = NULL;                                          \
        assert_int_equal(r_, (val));                                    \
    } while (0)

static void test_ram_translation(void **state)
{
    uint8_t *ram = host_ram_init(0x80000000ULL, 64 * PAGE_SIZE);

    assert_ptr_equal(maddr_to_virt(0x80000000ULL), ram);
    assert_ptr_equal(maddr_to_virt(0x80001234ULL), ram + 0x1234);
    assert_int_equal(virt_to_maddr(ram + 0x2000), 0x80002000ULL);
    assert_ptr_equal(mfn_to_virt(_mfn(0x80003)), ram + 0x3000);
    assert_int_equal((uintptr_t)ram & (PAGE_SIZE - 1), 0);
    assert_int_equal(host_ram_base(), 0x80000000ULL);
    assert_int_equal(host_ram_size(), 64 * PAGE_SIZE);
    /* One past the end is allowed (end pointers); beyond it is a bug. */
    assert_ptr_equal(maddr_to_virt(0x80000000ULL + 64 * PAGE_SIZE), ram + 64 * PAGE_SIZE);
    EXPECT_JUMP(maddr_to_virt(0x80000000ULL + 64 * PAGE_SIZE + 1), 1);
    assert_non_null(strstr(host_panic_msg, "not simulated RAM"));
    EXPECT_JUMP(maddr_to_virt(0x7fffffffULL), 1);
    EXPECT_JUMP(virt_to_maddr(&ram), 1);
    host_ram_free();
    EXPECT_JUMP(maddr_to_virt(0x80000000ULL), 1);
}

static void test_mm_setup(void **state)
{
    host_mm_setup(0x90000000ULL, 32 * PAGE_SIZE);
    assert_int_equal(frame_table_base_mfn, 0x90000);
    assert_int_equal(frame_table_nr, 32);
    assert_int_equal(page_alloc_total_pages(), 32);
    assert_int_equal(page_alloc_free_pages(), 32);
    host_mm_setup(0x90000000ULL, 16 * PAGE_SIZE);          /* again: replaces */
    assert_int_equal(page_alloc_total_pages(), 16);
    host_mm_teardown();
}

static void test_clock(void **state)
{
    host_set_now(0);
    assert_int_equal(arch_now(), 0);
    host_advance_now(MILLISECS(3));
    assert_int_equal(arch_now(), 3000000);
    assert_int_equal(arch_ticks(), 30000);                 /* 10 MHz */
    assert_int_equal(arch_ticks_hz(), HOST_TICKS_HZ);
    host_current_cpu = 1;
    arch_set_timer(12345);
    assert_int_equal(host_timer_deadline[1], 12345);
    assert_int_equal(smp_processor_id(), 1);
    host_current_cpu = 0;
}

static void test_printk_capture(void **state)
{
    host_log_reset();
    host_log_quiet = true;
    printk(XENLOG_WARNING "warn %d\n", 7);
    printk(XENLOG_ERR "err %s\n", "x");
    printk("plain %#x\n", 255u);
    host_log_quiet = false;
    assert_int_equal(host_log_count(), 3);
    assert_int_equal(host_log_count_level(0), 1);
    assert_int_equal(host_log_count_level(1), 1);
    assert_int_equal(host_log_count_level(2), 1);          /* no prefix: INFO */
    assert_int_equal(host_log_count_level(9), 0);
    assert_string_equal(host_log_text(), "warn 7\nerr x\nplain 0xff\n");
    assert_true(host_log_contains("err x"));
    assert_false(host_log_contains("<1>"));                /* prefix stripped */
    host_log_reset();
    assert_string_equal(host_log_text(), "");
}

static void test_panic_and_machine_off(void **state)
{
    EXPECT_JUMP(panic("boom %d", 42), 1);
    assert_string_equal(host_panic_msg, "boom 42");
    EXPECT_JUMP(BUG_ON(1 + 1 == 2), 1);
    assert_non_null(strstr(host_panic_msg, "BUG_ON(1 + 1 == 2)"));
    EXPECT_JUMP(arch_machine_off(MACHINE_REBOOT), 2);
    assert_int_equal(host_machine_off_how, MACHINE_REBOOT);
}

static void test_ipis_and_console(void **state)
{
    unsigned long before = host_resched_ipis[3];

    arch_smp_send_reschedule(3);
    arch_smp_send_reschedule(3);
    assert_int_equal(host_resched_ipis[3], before + 2);
    host_console_reset();
    arch_console_putc('h');
    arch_console_putc('i');
    assert_string_equal(host_console_output(), "hi");
    assert_int_equal(arch_console_getc(), -1);
    host_console_feed("ab\xff", 3);
    assert_int_equal(arch_console_getc(), 'a');
    assert_int_equal(arch_console_getc(), 'b');
    assert_int_equal(arch_console_getc(), 0xff);           /* a byte, not -1 */
    assert_int_equal(arch_console_getc(), -1);
}

static void test_gstage_and_vcpu(void **state)
{
    static struct domain d;
    struct vcpu a = { .domain = &d }, b = { .domain = &d, .vcpu_id = 1 };

    assert_int_equal(arch_domain_init(&d), 0);
    assert_int_equal(host_gstage(&d, _mfn(5)), -1);
    assert_int_equal(arch_gstage_map(&d, _mfn(5), true), 0);
    assert_int_equal(host_gstage(&d, _mfn(5)), 1);
    assert_int_equal(arch_gstage_map(&d, _mfn(5), false), 0);   /* remap: now RO */
    assert_int_equal(host_gstage(&d, _mfn(5)), 0);
    assert_int_equal(arch_gstage_map(&d, _mfn(6), true), 0);
    arch_gstage_unmap(&d, _mfn(5));
    assert_int_equal(host_gstage(&d, _mfn(5)), -1);
    assert_int_equal(host_gstage(&d, _mfn(6)), 1);
    arch_gstage_unmap(&d, _mfn(99));                            /* not mapped: no-op */
    arch_gstage_flush(&d);
    assert_int_equal(d.arch.gstage_flushes, 1);
    for (uint64_t m = 100; d.arch.gstage_nr < HOST_GSTAGE_MAX; m++)
        assert_int_equal(arch_gstage_map(&d, _mfn(m), false), 0);
    assert_int_equal(arch_gstage_map(&d, _mfn(1), false), -ENOMEM);
    assert_int_equal(arch_gstage_map(&d, _mfn(6), false), 0);   /* existing: fine */

    arch_vcpu_init(&a, 0x200000, 0x1234, 0x5678, NULL);
    assert_true(a.arch.initialised);
    assert_int_equal(a.arch.entry, 0x200000);
    assert_int_equal(a.arch.arg, 0x1234);
    assert_int_equal(a.arch.arg1, 0x5678);
    arch_context_switch(&a, &b);
    arch_context_switch(&b, &a);
    arch_context_switch(&a, &b);
    assert_int_equal(a.arch.switched_out, 2);
    assert_int_equal(a.arch.switched_in, 1);
    assert_int_equal(b.arch.switched_in, 2);
    arch_vcpu_unmask_upcall(&a);
    arch_vcpu_kick_upcall(&a);
    arch_vcpu_kick_upcall(&a);
    assert_int_equal(a.arch.upcall_unmasks, 1);
    assert_int_equal(a.arch.upcall_kicks, 2);
    host_log_reset();
    host_log_quiet = true;
    arch_vcpu_dump(&a);
    host_log_quiet = false;
    assert_true(host_log_contains("entry 0x200000"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ram_translation),
        cmocka_unit_test(test_mm_setup),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_printk_capture),
        cmocka_unit_test(test_panic_and_machine_off),
        cmocka_unit_test(test_ipis_and_console),
        cmocka_unit_test(test_gstage_and_vcpu),
    };

    return cmocka_run_group_tests_name("host_arch", tests, NULL, NULL);
}
