/*
 * sched/sedf.c through struct scheduler_ops on the simulated machine of
 * sched_sim.h: every deadline met up to utilisation 1.0 per pCPU (checked
 * by the harness's own per-period bins, not only by the policy's miss
 * counter), admission refusing more, the wake rule for VCPUs that block
 * within their period, extra time and best effort, parameter checks.
 */
#include "sched_sim.h"

#define SEC SECONDS(1)
#define MS(x) MILLISECS(x)

static const struct scheduler_ops *ops = &sched_sedf_ops;

static int teardown(void **state)
{
    sim_fini();
    return 0;
}

/* Every period k of x (aligned to time 0) got at least `slice`. */
static void assert_every_period_served(const struct sim_vcpu *x, s_time_t slice,
                                       s_time_t until)
{
    long periods = (long)(until / x->bin_ns);

    for (long k = 0; k < periods; k++) {
        if (x->bin[k] < slice)
            print_message("d%u period %ld: %lld of %lld\n", x->v.domain->domain_id, k,
                          (long long)x->bin[k], (long long)slice);
        assert_true(x->bin[k] >= slice);
    }
}

static void test_identity(void **state)
{
    assert_string_equal(ops->opt_name, "sedf");
    assert_int_equal(ops->sched_id, XEN_SCHEDULER_SEDF);
    assert_non_null(ops->adjust);
}

/* U = 0.2 + 0.25 + 0.4 + 0.15 = 1.0 on one pCPU, CPU-bound, no extra time. */
static void test_full_utilisation_meets_every_deadline(void **state)
{
    static const s_time_t p[4] = { MS(10), MS(20), MS(50), MS(100) };
    static const s_time_t sl[4] = { MS(2), MS(5), MS(20), MS(15) };
    struct sim_vcpu *x[4];

    sim_init(ops, 1, 0, -1);
    for (unsigned int i = 0; i < 4; i++) {
        x[i] = sim_vcpu(i, 0);
        assert_int_equal(sim_put_sedf(i, p[i], sl[i], false), 0);
        sim_bin(x[i], p[i]);
    }
    sim_start();
    sim_run_until(10 * SEC);
    for (unsigned int i = 0; i < 4; i++) {
        assert_int_equal(sedf_vcpu_misses(&x[i]->v), 0);
        assert_every_period_served(x[i], sl[i], 10 * SEC);
        /* no extra time: exactly the reservation */
        assert_true(x[i]->ran == 10 * SEC / p[i] * sl[i]);
    }
    assert_true(sim.busy[0] == 10 * SEC);
}

/* A small deterministic generator for the random task sets. */
static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/*
 * Random sets on 2 pCPUs: 5 VCPUs per pCPU, periods 1..100 ms (whole ms,
 * so that bins align), utilisations summing to at most 1.0 per pCPU
 * (UUniFast-like split of U = 0.6 .. 1.0).  No miss, every period served.
 */
static void test_random_sets(void **state)
{
    for (unsigned int set = 0; set < 8; set++) {
        struct sim_vcpu *x[10];
        s_time_t sl[10];
        double u_total = 0.6 + 0.05 * set;

        sim_init(ops, 2, 0, -1);
        for (unsigned int cpu = 0; cpu < 2; cpu++) {
            double left = u_total;

            for (unsigned int j = 0; j < 5; j++) {
                unsigned int i = cpu * 5 + j;
                s_time_t period = MS(1 + next_rand() % 100);
                double u = j == 4 ? left : left * (double)(next_rand() % 1000) / 2000.0;

                left -= u;
                sl[i] = (s_time_t)((double)period * u);
                sl[i] -= sl[i] % 1000;                       /* whole us, rounded down */
                if (sl[i] < MICROSECS(5))
                    sl[i] = MICROSECS(5);
                x[i] = sim_vcpu(i, cpu);
                assert_int_equal(sim_put_sedf(i, period, sl[i], j % 2), 0);
                sim_bin(x[i], period);
            }
        }
        sim_start();
        sim_run_until(4 * SEC);
        for (unsigned int i = 0; i < 10; i++) {
            assert_int_equal(sedf_vcpu_misses(&x[i]->v), 0);
            assert_every_period_served(x[i], sl[i], 4 * SEC);
        }
        sim_fini();
    }
    sim_init(ops, 1, 0, -1);                             /* for the teardown */
}

/* Admission: a set above 1.0 on a pCPU is refused, and nothing changes. */
static void test_admission(void **state)
{
    struct xen_domctl_scheduler_op get = {
        .sched_id = XEN_SCHEDULER_SEDF, .cmd = XEN_DOMCTL_SCHEDOP_getinfo,
    };

    sim_init(ops, 2, 0, -1);
    sim_vcpu(0, 0);
    sim_vcpu(1, 0);
    sim_vcpu(2, 1);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(6), false), 0);
    assert_int_equal(sim_put_sedf(1, MS(100), MS(41), false), -EINVAL);   /* 1.01 */
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[1], &get, 0), 0);
    assert_int_equal(get.u.sedf.slice, 0);                                /* unchanged */
    assert_int_equal(get.u.sedf.period, MS(100));
    assert_int_equal(sim_put_sedf(1, MS(100), MS(40), false), 0);         /* exactly 1.0 */
    assert_int_equal(sim_put_sedf(2, MS(100), MS(90), false), 0);         /* other pCPU */
    /* Lowering one's own reservation is always possible. */
    assert_int_equal(sim_put_sedf(0, MS(10), MS(7), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(1), false), 0);
    assert_int_equal(sim_put_sedf(1, MS(100), MS(90), false), 0);
}

/* A 2-VCPU domain whose two VCPUs share a pCPU counts twice. */
static void test_admission_counts_every_vcpu(void **state)
{
    sim_init(ops, 1, 0, -1);
    sim_vcpu(0, 0);
    sim_vcpu(0, 0);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(6), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(5), false), 0);
}

/*
 * The wake rule: a VCPU of 10 ms every 50 ms that works 4 ms, blocks 1 ms,
 * and so on, beside a CPU-bound VCPU reserving the other 80% (80 ms every
 * 100 ms), still gets its 10 ms in every period: it keeps its budget and
 * deadline over each short block.  (Xen's rule would forfeit the rest of
 * the period at the first block: 4 ms a period.)
 */
static void test_short_blocks_keep_the_period(void **state)
{
    struct sim_vcpu *io, *hog;

    sim_init(ops, 1, 0, -1);
    io = sim_vcpu(0, 0);
    sim_io(io, MS(5), MS(4), 0);
    hog = sim_vcpu(1, 0);
    assert_int_equal(sim_put_sedf(0, MS(50), MS(10), false), 0);
    assert_int_equal(sim_put_sedf(1, MS(100), MS(80), false), 0);
    sim_bin(io, MS(50));
    sim_bin(hog, MS(100));
    sim_start();
    sim_run_until(5 * SEC);
    assert_int_equal(sedf_vcpu_misses(&io->v), 0);
    assert_int_equal(sedf_vcpu_misses(&hog->v), 0);
    assert_every_period_served(io, MS(10), 5 * SEC);
    assert_every_period_served(hog, MS(80), 5 * SEC);
}

/* A briefly blocked VCPU cannot use the rule to take more than its rate. */
static void test_wake_rule_bounds_bandwidth(void **state)
{
    struct sim_vcpu *io, *hog;

    sim_init(ops, 1, 0, -1);
    io = sim_vcpu(0, 0);
    sim_io(io, MICROSECS(500), MICROSECS(400), 0); /* wants 80% */
    hog = sim_vcpu(1, 0);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(2), false), 0);
    assert_int_equal(sim_put_sedf(1, MS(10), MS(8), false), 0);
    sim_bin(hog, MS(10));
    sim_start();
    sim_run_until(2 * SEC);
    assert_true(share(io, 2 * SEC) <= 0.2 + 0.001);
    assert_every_period_served(hog, MS(8), 2 * SEC);
    assert_int_equal(sedf_vcpu_misses(&hog->v), 0);
}

/* Slack: best-effort VCPUs share what the reservation leaves; no one
 * starves and the pCPU never idles. */
static void test_extra_time(void **state)
{
    struct sim_vcpu *rt, *be1, *be2;

    sim_init(ops, 1, 0, -1);
    rt = sim_vcpu(0, 0);
    be1 = sim_vcpu(1, 0);                          /* defaults: best effort */
    be2 = sim_vcpu(2, 0);
    assert_int_equal(sim_put_sedf(0, MS(20), MS(10), false), 0);
    sim_bin(rt, MS(20));
    sim_start();
    sim_run_until(10 * SEC);
    assert_every_period_served(rt, MS(10), 10 * SEC);
    assert_true(share(rt, 10 * SEC) > 0.499 && share(rt, 10 * SEC) < 0.501);
    assert_true(share(be1, 10 * SEC) > 0.24 && share(be2, 10 * SEC) > 0.24);
    assert_true(sim.busy[0] == 10 * SEC);
}

/* With extratime a reserved VCPU also uses the slack. */
static void test_reservation_with_extratime(void **state)
{
    struct sim_vcpu *a;

    sim_init(ops, 1, 0, -1);
    a = sim_vcpu(0, 0);
    assert_int_equal(sim_put_sedf(0, MS(100), MS(10), true), 0);
    sim_start();
    sim_run_until(SEC);
    assert_true(a->ran == SEC);
}

/* An EDF VCPU that becomes runnable preempts slack time at once. */
static void test_wake_preempts_extra_time(void **state)
{
    struct sim_vcpu *rt, *be;

    sim_init(ops, 1, 0, -1);
    rt = sim_vcpu(0, 0);
    sim_io(rt, MS(50), MS(1), MS(7));
    be = sim_vcpu(1, 0);
    assert_int_equal(sim_put_sedf(0, MS(50), MS(5), false), 0);
    sim_start();
    sim_run_until(2 * SEC);
    assert_true(rt->lat_count >= 39);
    assert_true(rt->lat_max == 0);
    assert_true(share(be, 2 * SEC) > 0.97);
}

static void test_domctl_checks(void **state)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_SEDF, .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
    };

    sim_init(ops, 1, 0, -1);
    sim_vcpu(0, 0);
    assert_int_equal(sim_put_sedf(0, MICROSECS(9), MICROSECS(5), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, SECONDS(10) + 1, MS(1), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, MS(10), MS(11), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, MS(10), MICROSECS(4), false), -EINVAL);
    assert_int_equal(sim_put_sedf(0, MS(10), 0, false), -EINVAL);     /* would never run */
    assert_int_equal(sim_put_sedf(0, MS(10), 0, true), 0);            /* best effort */
    assert_int_equal(sim_put_sedf(0, MICROSECS(10), MICROSECS(5), false), 0);
    assert_int_equal(sim_put_sedf(0, SECONDS(10), MS(1), false), 0);
    op.u.sedf = (struct xen_domctl_sched_sedf){ .period = MS(10), .slice = MS(1), .weight = 2 };
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &op, 0), -EINVAL);
    op.u.sedf = (struct xen_domctl_sched_sedf){ .weight = 2, .extratime = 1 };
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &op, 0), 0);
    op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &op, 0), 0);
    assert_int_equal(op.u.sedf.weight, 2);
    assert_int_equal(op.u.sedf.slice, 0);
    assert_int_equal(op.u.sedf.extratime, 1);
}

static void test_dump(void **state)
{
    sim_init(ops, 1, 0, -1);
    sim_vcpu(0, 0);
    assert_int_equal(sim_put_sedf(0, MS(100), MS(25), false), 0);
    host_log_reset();
    ops->dump(&sim.s);
    assert_true(host_log_contains("sedf: cpu0: utilisation 250/1000"));
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        T(test_full_utilisation_meets_every_deadline),
        T(test_random_sets),
        T(test_admission),
        T(test_admission_counts_every_vcpu),
        T(test_short_blocks_keep_the_period),
        T(test_wake_rule_bounds_bandwidth),
        T(test_extra_time),
        T(test_reservation_with_extratime),
        T(test_wake_preempts_extra_time),
        T(test_domctl_checks),
        T(test_dump),
    };

    return cmocka_run_group_tests_name("sched_sedf", tests, NULL, NULL);
}
