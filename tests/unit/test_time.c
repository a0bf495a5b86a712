/*
 * core/time.c: the vcpu_time_info scale (mul/shift from the counter
 * frequency), the time info a VCPU sees, and the wall clock in shared_info.
 *
 * The scale is checked the way a guest uses it: one second of ticks must
 * come out as one second of ns (to 1 ns in 10^8, or exactly where the
 * frequency allows), and mul must keep its top bit for precision.  The
 * time info must satisfy the guest's equation exactly at tsc_timestamp and
 * be published as a seqlock (version bumped twice, even at rest).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/time.h>
#include <hv/domain.h>
#include <hv/sched.h>
#include <hv/time.h>
#include <hv/timer.h>
#include <public/xen.h>
#include <asm/host.h>

/* What core/time.c needs from the rest of the hypervisor. */
struct vcpu *sched_curr[NR_CPUS];
void timer_kick_cpu(unsigned int cpu) {}
s_time_t NOW(void) { return arch_now(); }

static void check_hz(uint64_t hz, uint64_t max_err_ns)
{
    uint32_t mul;
    int8_t shift;
    uint64_t ns;

    time_scale_from_hz(hz, &mul, &shift);
    assert_true(mul >= (1u << 31));
    ns = time_scale_ticks(hz, mul, shift);
    assert_true(ns <= 1000000000ULL);
    assert_true(1000000000ULL - ns <= max_err_ns);
}

/* QEMU virt's 10 MHz is exact: 100 ns a tick, mul = 0.78125 * 2^32, shift 7. */
static void scale_10mhz_exact(void **state)
{
    uint32_t mul;
    int8_t shift;

    time_scale_from_hz(10000000, &mul, &shift);
    assert_int_equal(mul, 3355443200u);
    assert_int_equal(shift, 7);
    assert_int_equal(time_scale_ticks(1, mul, shift), 100);
    assert_int_equal(time_scale_ticks(123456789, mul, shift), 12345678900ULL);
}

/* Other counter frequencies: one second of ticks is one second, closely;
 * frequencies above 1 GHz need a negative shift. */
static void scale_other_frequencies(void **state)
{
    uint32_t mul;
    int8_t shift;

    check_hz(1, 1);
    check_hz(32768, 1);
    check_hz(1000000, 1);
    check_hz(24000000, 10);
    check_hz(19200000, 10);
    check_hz(1000000000, 1);
    check_hz(3000000000ULL, 10);
    time_scale_from_hz(4000000000ULL, &mul, &shift);
    assert_true(shift < 0);
}

/* update_vcpu_system_time: system_time is the hypervisor's time at exactly
 * tsc_timestamp; version goes up by two and stays even. */
static void vcpu_time_info_consistent(void **state)
{
    static struct shared_info si;
    static struct vcpu v;
    struct vcpu_time_info *t = &si.vcpu_info[0].time;

    memset(&si, 0, sizeof(si));
    v.vcpu_info = &si.vcpu_info[0];
    host_set_now(SECONDS(5) + 300);
    update_vcpu_system_time(&v);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->tsc_timestamp, arch_ticks());
    assert_int_equal(t->system_time, (uint64_t)arch_ticks_to_ns(t->tsc_timestamp));
    assert_int_equal(t->tsc_to_system_mul, 3355443200u);
    assert_int_equal(t->tsc_shift, 7);
    assert_int_equal(t->flags, XEN_PVCLOCK_TSC_STABLE_BIT);
    /* The guest's extrapolation 1 s later lands on the hypervisor's clock. */
    host_advance_now(SECONDS(1));
    assert_int_equal(t->system_time + time_scale_ticks(arch_ticks() - t->tsc_timestamp,
                                                       t->tsc_to_system_mul, t->tsc_shift),
                     (uint64_t)arch_ticks_to_ns(arch_ticks()));
    update_vcpu_system_time(&v);
    assert_int_equal(t->version, 4);
}

/* The wall clock is the RTC's time less the system time it was read at. */
static void wallclock_from_rtc(void **state)
{
    static struct domain d;
    static struct shared_info si;
    const uint64_t rtc = 1764574200ULL * 1000000000ULL + 250000000ULL;   /* 2025-12-01 */

    memset(&si, 0, sizeof(si));
    d.shared_info = &si;
    host_set_now(SECONDS(2));
    host_wallclock_ns = rtc;
    domain_set_wallclock(&d);
    assert_int_equal(si.wc_version, 2);
    assert_int_equal(si.wc_sec, 1764574198u);
    assert_int_equal(si.wc_sec_hi, 0);
    assert_int_equal(si.wc_nsec, 250000000u);
    assert_int_equal(wallclock_boot_ns(), rtc - SECONDS(2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scale_10mhz_exact),
        cmocka_unit_test(scale_other_frequencies),
        cmocka_unit_test(vcpu_time_info_consistent),
        cmocka_unit_test(wallclock_from_rtc),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
