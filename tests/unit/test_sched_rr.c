/*
 * sched/rr.c through struct scheduler_ops, driven by a miniature of the
 * scheduler core: per-CPU current VCPU, is_running, and the same rules as
 * sched/core.c for when wake/sleep reach the policy.  Time is the host
 * arch's simulated clock, advanced by each decision's slice.
 *
 * Four VCPUs of two domains on two pCPUs: v0, v1, v2 on CPU 0 and v3 on
 * CPU 1, unless a test places them otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/arch/time.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/mm.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <public/domctl.h>
#include <asm/host.h>

#define NCPU 2
#define NV 4
#define SLICE MILLISECS(10)

static const struct scheduler_ops *ops = &sched_rr_ops;
static struct scheduler s;
static struct domain dom[2], idle_dom;
static struct vcpu v[NV], idle[NCPU];
static struct vcpu *idle_ptr[NCPU];
static struct vcpu *curr[NCPU];
static unsigned int waited[NV];   /* decisions waited while runnable */

/* ---- the miniature core ---- */

static void place(int i, unsigned int cpu)
{
    v[i].processor = cpu;
}

static int setup(void **state)
{
    host_mm_setup(0x80000000ULL, 4ULL << 20);
    host_set_now(0);
    memset(&s, 0, sizeof(s));
    memset(dom, 0, sizeof(dom));
    memset(v, 0, sizeof(v));
    memset(idle, 0, sizeof(idle));
    idle_dom.domain_id = 0x7fff;
    for (unsigned int c = 0; c < NCPU; c++) {
        idle[c].is_idle = idle[c].is_running = true;
        idle[c].domain = &idle_dom;
        idle[c].processor = c;
        idle_ptr[c] = curr[c] = &idle[c];
    }
    s.ops = ops;
    s.idle = idle_ptr;
    s.nr_cpus = NCPU;
    assert_int_equal(ops->init(&s, NCPU), 0);
    for (int i = 0; i < NV; i++) {
        dom[i / 2].domain_id = (domid_t)(1 + i / 2);
        v[i].domain = &dom[i / 2];
        v[i].vcpu_id = (unsigned int)(i % 2);
        v[i].pause_flags = VPF_down;                 /* not yet runnable */
        place(i, i < 3 ? 0 : 1);
    }
    return 0;
}

static int teardown(void **state)
{
    host_mm_teardown();
    return 0;
}

static void insert_all(void)
{
    for (int i = 0; i < NV; i++)
        assert_int_equal(ops->insert_vcpu(&s, &v[i]), 0);
}

/* As vcpu_wake(): the policy hears of it only if v is not running. */
static bool wake(int i)
{
    __atomic_and_fetch(&v[i].pause_flags, ~(VPF_down | VPF_blocked), __ATOMIC_SEQ_CST);
    return !v[i].is_running && ops->wake(&s, &v[i]);
}

/* As vcpu_sleep_nosync(): a running VCPU is dealt with at the next decision. */
static void block(int i)
{
    waited[i] = 0;                   /* a new wait starts at the next wake */
    __atomic_or_fetch(&v[i].pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    if (!v[i].is_running)
        ops->sleep(&s, &v[i]);
}

static struct vcpu *decide_slice(unsigned int cpu, s_time_t *slice)
{
    struct sched_decision d = ops->do_schedule(&s, cpu, curr[cpu], arch_now());

    assert_non_null(d.next);
    assert_true(d.next->is_idle || d.next->processor == cpu);   /* no migration */
    assert_true(d.next->is_idle || vcpu_runnable(d.next));
    if (d.next->is_idle)
        assert_ptr_equal(d.next, idle_ptr[cpu]);
    curr[cpu]->is_running = false;
    d.next->is_running = true;
    curr[cpu] = d.next;
    if (slice)
        *slice = d.slice;
    return d.next;
}

static struct vcpu *decide(unsigned int cpu) { return decide_slice(cpu, NULL); }

/* ---- tests ---- */

static void test_identity(void **state)
{
    assert_string_equal(ops->opt_name, "rr");
    assert_int_equal(ops->sched_id, XEN_SCHEDULER_RR);
    assert_non_null(ops->name);
    assert_non_null(ops->init);
    assert_non_null(ops->insert_vcpu);
    assert_non_null(ops->remove_vcpu);
    assert_non_null(ops->sleep);
    assert_non_null(ops->wake);
    assert_non_null(ops->yield);
    assert_non_null(ops->do_schedule);
    assert_non_null(ops->dump);
}

static void test_init_and_insert_checks(void **state)
{
    struct scheduler other = { .ops = ops, .idle = idle_ptr, .nr_cpus = NCPU };

    assert_int_equal(ops->init(&other, 0), -EINVAL);
    assert_int_equal(ops->init(&other, NR_CPUS + 1), -EINVAL);
    place(0, NCPU);                                   /* no such CPU */
    assert_int_equal(ops->insert_vcpu(&s, &v[0]), -EINVAL);
    assert_null(v[0].sched_priv);
}

static void test_idle_when_nothing_runnable(void **state)
{
    s_time_t slice;

    insert_all();                                     /* inserted, but all down */
    assert_true(decide_slice(0, &slice)->is_idle);
    assert_true(slice < 0);                           /* idle runs without a limit */
    assert_true(decide(1)->is_idle);
    assert_true(decide(0)->is_idle);
}

static void test_wake_reschedules_only_idle_cpu(void **state)
{
    s_time_t slice;

    insert_all();
    assert_true(wake(0));                             /* CPU 0 idles */
    assert_ptr_equal(decide_slice(0, &slice), &v[0]);
    assert_int_equal(slice, SLICE);
    assert_false(wake(1));                            /* CPU 0 busy with v0 */
    assert_true(wake(3));                             /* CPU 1 idles */
}

static void test_fifo_order(void **state)
{
    insert_all();
    wake(0);
    wake(1);
    wake(2);
    for (int round = 0; round < 5; round++) {
        assert_ptr_equal(decide(0), &v[0]);
        assert_ptr_equal(decide(0), &v[1]);
        assert_ptr_equal(decide(0), &v[2]);
    }
}

static void test_fairness_over_many_decisions(void **state)
{
    s_time_t run[NV] = { 0 };
    const int steps = 3000;

    insert_all();
    for (int i = 0; i < NV; i++)
        wake(i);
    for (int step = 0; step < steps; step++) {
        s_time_t slice0, slice1;
        struct vcpu *a = decide_slice(0, &slice0), *b = decide_slice(1, &slice1);

        assert_false(a->is_idle);
        assert_false(b->is_idle);
        assert_int_equal(slice0, SLICE);
        run[a - v] += slice0;
        run[b - v] += slice1;
        host_advance_now(SLICE);
    }
    /* CPU 0: three-way split, to within one slice; CPU 1: all v3's. */
    for (int i = 0; i < 3; i++) {
        s_time_t diff = run[i] - (s_time_t)steps * SLICE / 3;

        assert_true(diff >= -SLICE && diff <= SLICE);
    }
    assert_int_equal(run[3], (s_time_t)steps * SLICE);
    assert_int_equal(arch_now(), (s_time_t)steps * SLICE);
}

static void test_yield(void **state)
{
    insert_all();
    wake(0);
    wake(1);
    wake(2);
    assert_ptr_equal(decide(0), &v[0]);
    ops->yield(&s, &v[0]);                            /* running: to the tail */
    assert_ptr_equal(decide(0), &v[1]);               /* queue now v2 v0 */
    assert_ptr_equal(decide(0), &v[2]);               /* queue now v0 v1 */
    ops->yield(&s, &v[0]);                            /* queued: to the tail */
    assert_ptr_equal(decide(0), &v[1]);               /* v2 joined behind v0 */
    assert_ptr_equal(decide(0), &v[0]);
    assert_ptr_equal(decide(0), &v[2]);
    /* Alone on its CPU, a yielder runs again, with a full slice. */
    {
        s_time_t slice;

        wake(3);
        assert_ptr_equal(decide(1), &v[3]);
        ops->yield(&s, &v[3]);
        assert_ptr_equal(decide_slice(1, &slice), &v[3]);
        assert_int_equal(slice, SLICE);
    }
}

static void test_sleep_and_wake(void **state)
{
    insert_all();
    wake(0);
    wake(1);
    assert_ptr_equal(decide(0), &v[0]);
    block(0);                                         /* running: not requeued */
    assert_ptr_equal(decide(0), &v[1]);
    assert_ptr_equal(decide(0), &v[1]);               /* v0 still blocked */
    assert_false(wake(0));                            /* CPU busy: no reschedule */
    assert_ptr_equal(decide(0), &v[0]);
    block(1);                                         /* queued: leaves the queue */
    assert_ptr_equal(decide(0), &v[0]);
    assert_ptr_equal(decide(0), &v[0]);
    block(0);
    assert_true(decide(0)->is_idle);
    assert_true(decide(0)->is_idle);
    assert_true(wake(1));                             /* idle CPU: reschedule */
    assert_ptr_equal(decide(0), &v[1]);
}

static void test_blocked_and_woken_before_decision(void **state)
{
    /* Blocks and is woken again while still current: requeued once. */
    insert_all();
    wake(0);
    wake(1);
    assert_ptr_equal(decide(0), &v[0]);
    block(0);
    assert_false(wake(0));                            /* running: policy not told */
    assert_ptr_equal(decide(0), &v[1]);
    assert_ptr_equal(decide(0), &v[0]);
    assert_ptr_equal(decide(0), &v[1]);
}

static void test_repeated_wakes_do_not_duplicate(void **state)
{
    insert_all();
    wake(0);
    wake(1);
    assert_false(ops->wake(&s, &v[1]));               /* already queued */
    assert_false(ops->wake(&s, &v[1]));
    assert_ptr_equal(decide(0), &v[0]);
    assert_false(ops->wake(&s, &v[0]));               /* current on its CPU */
    for (int i = 0; i < 6; i++)
        assert_ptr_equal(decide(0), &v[1 - i % 2]);   /* strictly alternating */
    ops->sleep(&s, &v[2]);                            /* sleeping a non-queued VCPU */
    assert_ptr_equal(decide(0), &v[1]);
}

static void test_paused_and_shutting_down_domains(void **state)
{
    insert_all();
    wake(0);
    wake(2);
    assert_ptr_equal(decide(0), &v[0]);
    dom[0].pause_count = 1;                           /* v0's domain paused */
    assert_ptr_equal(decide(0), &v[2]);
    assert_ptr_equal(decide(0), &v[2]);
    dom[0].pause_count = 0;
    wake(0);
    assert_ptr_equal(decide(0), &v[0]);
    dom[0].is_shutting_down = true;
    assert_ptr_equal(decide(0), &v[2]);
    assert_ptr_equal(decide(0), &v[2]);
}

static void test_vcpus_stay_on_their_cpu(void **state)
{
    place(0, 1);
    place(1, 1);
    place(2, 1);
    place(3, 1);
    insert_all();
    for (int i = 0; i < NV; i++)
        wake(i);
    for (int step = 0; step < 50; step++) {
        assert_true(decide(0)->is_idle);
        assert_false(decide(1)->is_idle);
    }
}

static void test_remove_vcpu(void **state)
{
    uint64_t free_before;

    insert_all();
    wake(0);
    wake(1);
    wake(2);
    assert_ptr_equal(decide(0), &v[0]);
    ops->remove_vcpu(&s, &v[1]);                      /* queued */
    assert_null(v[1].sched_priv);
    for (int i = 0; i < 4; i++)
        assert_true(decide(0) != &v[1]);
    /* Insert/remove cycles give their memory back. */
    free_before = page_alloc_free_pages();
    for (int i = 0; i < 5000; i++) {
        assert_int_equal(ops->insert_vcpu(&s, &v[1]), 0);
        ops->remove_vcpu(&s, &v[1]);
    }
    assert_int_equal(page_alloc_free_pages(), free_before);
}

/*
 * Random blocks, wakes and yields.  A runnable VCPU waits at most n - 1
 * decisions of its CPU, n being the VCPUs there (a VCPU alone never waits);
 * the CPU idles only when none of its VCPUs is runnable.
 */
static void test_no_starvation_under_churn(void **state)
{
    unsigned long long seed = 2024;

    insert_all();
    memset(waited, 0, sizeof(waited));
    for (int i = 0; i < NV; i++)
        wake(i);
    for (int step = 0; step < 20000; step++) {
        unsigned int cpu = step & 1, on_cpu = cpu == 0 ? 3 : 1;
        int i, any = 0;
        struct vcpu *next;

        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        i = (int)((seed >> 33) % NV);
        switch ((seed >> 40) % 8) {
        case 0: block(i); break;
        case 1: case 2: case 3: wake(i); break;
        case 4:         /* only a running VCPU yields (SCHEDOP_yield) */
            if (!curr[cpu]->is_idle)
                ops->yield(&s, curr[cpu]);
            break;
        default: break;
        }
        for (int k = 0; k < NV; k++)
            any |= v[k].processor == cpu && vcpu_runnable(&v[k]);
        next = decide(cpu);
        assert_int_equal(next->is_idle, !any);
        for (int k = 0; k < NV; k++) {
            if (v[k].processor != cpu)
                continue;
            if (&v[k] == next || !vcpu_runnable(&v[k]))
                waited[k] = 0;
            else if (++waited[k] > on_cpu - 1)
                fail_msg("step %d: v%d waited %u decisions on cpu%u", step, k, waited[k], cpu);
        }
        host_advance_now(SLICE);
    }
}

static void test_dump(void **state)
{
    insert_all();
    wake(0);
    wake(1);
    wake(2);
    decide(0);
    host_log_reset();
    ops->dump(&s);
    assert_true(host_log_contains("rr: cpu0: d1v0; queue: d1v1 d2v0\n"));
    assert_true(host_log_contains("rr: cpu1: idle; queue:\n"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        T(test_init_and_insert_checks),
        T(test_idle_when_nothing_runnable),
        T(test_wake_reschedules_only_idle_cpu),
        T(test_fifo_order),
        T(test_fairness_over_many_decisions),
        T(test_yield),
        T(test_sleep_and_wake),
        T(test_blocked_and_woken_before_decision),
        T(test_repeated_wakes_do_not_duplicate),
        T(test_paused_and_shutting_down_domains),
        T(test_vcpus_stay_on_their_cpu),
        T(test_remove_vcpu),
        T(test_no_starvation_under_churn),
        T(test_dump),
    };

    return cmocka_run_group_tests_name("sched_rr", tests, NULL, NULL);
}
