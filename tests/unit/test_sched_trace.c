/*
 * sched/trace.c: the per-pCPU ring of runs keeps the last SCHED_TRACE_LEN
 * entries in order, rings of different pCPUs are separate, and the dump
 * prints one line per run plus the run in progress.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/sched.h>
#include <asm/host.h>

static struct sched_trace_entry out[SCHED_TRACE_LEN];

static struct sched_trace_entry entry(s_time_t start, uint16_t dom, uint8_t reason)
{
    return (struct sched_trace_entry){ .start = start, .end = start + 10, .domid = dom,
                                       .vcpu = 0, .reason = reason };
}

static void test_ring_keeps_last_in_order(void **state)
{
    unsigned int n;

    assert_int_equal(sched_trace_copy(3, out), 0);
    for (s_time_t t = 0; t < 3 * SCHED_TRACE_LEN + 7; t++) {
        struct sched_trace_entry e = entry(t * 100, 1, SCHED_STOP_PREEMPTED);

        sched_trace_record(3, &e);
    }
    n = sched_trace_copy(3, out);
    assert_int_equal(n, SCHED_TRACE_LEN);
    for (unsigned int i = 0; i < n; i++)
        assert_int_equal(out[i].start, (2 * SCHED_TRACE_LEN + 7 + i) * 100);
    assert_int_equal(sched_trace_copy(2, out), 0);      /* other pCPUs untouched */
}

static void test_dump_lines(void **state)
{
    struct domain d = { .domain_id = 4 };
    struct vcpu running = { .domain = &d, .vcpu_id = 1, .runstate_entry = 500 };
    struct vcpu idle = { .is_idle = true };
    struct vcpu *curr[2] = { &idle, &running };
    spinlock_t locks[2] = { SPIN_LOCK_UNLOCKED, SPIN_LOCK_UNLOCKED };
    struct sched_trace_entry a = entry(100, 2, SCHED_STOP_BLOCKED);
    struct sched_trace_entry b = entry(200, 3, SCHED_STOP_YIELD);

    sched_trace_record(0, &a);
    sched_trace_record(1, &b);
    host_set_now(900);
    host_log_reset();
    sched_trace_dump(2, locks, curr);
    assert_true(host_log_contains("sched-trace: cpu 0 d2 v0 100 110 blocked\n"));
    assert_true(host_log_contains("sched-trace: cpu 1 d3 v0 200 210 yield\n"));
    assert_true(host_log_contains("sched-trace: cpu 1 d4 v1 500 900 running\n"));
    assert_int_equal(host_log_count(), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_keeps_last_in_order),
        cmocka_unit_test(test_dump_lines),
    };

    return cmocka_run_group_tests_name("sched_trace", tests, NULL, NULL);
}
