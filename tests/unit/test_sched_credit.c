/*
 * sched/credit.c through struct scheduler_ops on the simulated machine of
 * sched_sim.h: weights, caps, BOOST, ratelimit, work stealing, no
 * starvation, and the domctl/sysctl parameter checks.
 */
#include "sched_sim.h"

#define SEC SECONDS(1)

static const struct scheduler_ops *ops = &sched_credit_ops;

static int teardown(void **state)
{
    sim_fini();
    return 0;
}

static void test_identity(void **state)
{
    assert_string_equal(ops->opt_name, "credit");
    assert_int_equal(ops->sched_id, XEN_SCHEDULER_CREDIT);
    assert_non_null(ops->init_domain);
    assert_non_null(ops->adjust);
    assert_non_null(ops->adjust_global);
}

/* Weights 256:512:1024 on one pCPU: 1/7, 2/7, 4/7 within 1% relative. */
static void test_weights_1_2_4(void **state)
{
    static const uint16_t w[3] = { 256, 512, 1024 };
    struct sim_vcpu *x[3];

    sim_init(ops, 1, 30, 1000);
    for (unsigned int i = 0; i < 3; i++) {
        x[i] = sim_vcpu(i, 0);
        assert_int_equal(sim_put_credit(i, w[i], 0), 0);
    }
    sim_start();
    sim_run_until(10 * SEC);
    for (unsigned int i = 0; i < 3; i++) {
        double ideal = (double)(1u << i) / 7.0, got = share(x[i], 10 * SEC);

        print_message("weight %u: %.4f (ideal %.4f)\n", w[i], got, ideal);
        assert_true(got > ideal * 0.99 && got < ideal * 1.01);
    }
    assert_true(sim.busy[0] == 10 * SEC);          /* work conserving */
}

/* The same on 2 pCPUs with 2 VCPUs per domain. */
static void test_weights_smp(void **state)
{
    static const uint16_t w[3] = { 256, 512, 1024 };
    struct sim_vcpu *x[6];
    double total[3] = { 0 };

    sim_init(ops, 2, 30, 1000);
    for (unsigned int i = 0; i < 6; i++)
        x[i] = sim_vcpu(i / 2, i % 2);
    for (unsigned int i = 0; i < 3; i++)
        assert_int_equal(sim_put_credit(i, w[i], 0), 0);
    sim_start();
    sim_run_until(10 * SEC);
    for (unsigned int i = 0; i < 6; i++)
        total[i / 2] += share(x[i], 10 * SEC);
    for (unsigned int i = 0; i < 3; i++) {
        double ideal = 2.0 * (double)(1u << i) / 7.0;

        print_message("domain weight %u: %.4f pCPUs (ideal %.4f)\n", w[i], total[i], ideal);
        assert_true(total[i] > ideal * 0.97 && total[i] < ideal * 1.03);
    }
}

/* A 25% cap, alone and beside an uncapped domain: 25% +- 1 point. */
static void test_cap_25(void **state)
{
    struct sim_vcpu *capped, *other;

    sim_init(ops, 1, 30, 1000);
    capped = sim_vcpu(0, 0);
    assert_int_equal(sim_put_credit(0, 256, 25), 0);
    sim_start();
    sim_run_until(10 * SEC);
    print_message("alone: %.4f\n", share(capped, 10 * SEC));
    assert_true(share(capped, 10 * SEC) > 0.24 && share(capped, 10 * SEC) < 0.26);
    assert_true(sim.busy[0] < 3 * SEC);            /* not work conserving: capped */
    sim_fini();

    sim_init(ops, 1, 30, 1000);
    capped = sim_vcpu(0, 0);
    other = sim_vcpu(1, 0);
    assert_int_equal(sim_put_credit(0, 4096, 25), 0);   /* its weight alone asks more */
    sim_start();
    sim_run_until(10 * SEC);
    print_message("beside another: %.4f / %.4f\n", share(capped, 10 * SEC),
                  share(other, 10 * SEC));
    assert_true(share(capped, 10 * SEC) > 0.24 && share(capped, 10 * SEC) < 0.26);
    assert_true(share(other, 10 * SEC) > 0.74);
}

/* A cap of 150% on a 2-VCPU domain over 4 pCPUs. */
static void test_cap_multi_vcpu(void **state)
{
    struct sim_vcpu *a, *b;

    sim_init(ops, 4, 30, 1000);
    a = sim_vcpu(0, 0);
    b = sim_vcpu(0, 1);
    assert_int_equal(sim_put_credit(0, 256, 150), 0);
    sim_start();
    sim_run_until(10 * SEC);
    print_message("cap 150: %.4f\n", share(a, 10 * SEC) + share(b, 10 * SEC));
    assert_true(share(a, 10 * SEC) + share(b, 10 * SEC) > 1.48);
    assert_true(share(a, 10 * SEC) + share(b, 10 * SEC) < 1.52);
}

/*
 * No VCPU starves: weights 1, 256 and 65535 and an I/O VCPU (weight 65535,
 * 2% of demand) on one pCPU;
 * over 10 s each CPU-bound VCPU gets at least 90% of its ideal share (the
 * I/O one takes its 2% first; the rest is shared by weight), so even the
 * weight-1 VCPU runs.
 */
static void test_no_starvation(void **state)
{
    static const uint16_t w[3] = { 1, 256, 65535 };
    struct sim_vcpu *x[3], *io;

    sim_init(ops, 1, 30, 1000);
    for (unsigned int i = 0; i < 3; i++) {
        x[i] = sim_vcpu(i, 0);
        assert_int_equal(sim_put_credit(i, w[i], 0), 0);
    }
    io = sim_vcpu(3, 0);
    assert_int_equal(sim_put_credit(3, 65535, 0), 0);   /* its demand is below its share */
    sim_io(io, MILLISECS(10), MICROSECS(200), MICROSECS(777));
    sim_start();
    sim_run_until(10 * SEC);
    assert_true(share(io, 10 * SEC) > 0.0199);
    for (unsigned int i = 0; i < 3; i++) {
        double ideal = 0.98 * w[i] / (1.0 + 256 + 65535);

        print_message("weight %u: %.6f (ideal %.6f)\n", w[i], share(x[i], 10 * SEC), ideal);
        assert_true(share(x[i], 10 * SEC) >= 0.9 * ideal);
        if (i == 2)                        /* the heavy one: within 1 point */
            assert_true(share(x[i], 10 * SEC) > ideal - 0.01);
    }
}

/* All VCPUs start on pCPU 0; stealing must keep every pCPU busy. */
static void test_work_stealing(void **state)
{
    struct sim_vcpu *x[6];

    sim_init(ops, 4, 30, 1000);
    for (unsigned int i = 0; i < 6; i++)
        x[i] = sim_vcpu(i, 0);
    sim_start();
    sim_run_until(5 * SEC);
    for (unsigned int c = 0; c < 4; c++) {
        print_message("cpu%u busy %.4f\n", c, (double)sim.busy[c] / (double)(5 * SEC));
        assert_true(sim.busy[c] > 5 * SEC * 99 / 100);
    }
    for (unsigned int i = 0; i < 6; i++)            /* 4/6 each, roughly */
        assert_true(share(x[i], 5 * SEC) > 0.55 && share(x[i], 5 * SEC) < 0.78);
}

/* An idle pCPU is tickled when a VCPU wakes behind a busy one. */
static void test_wake_tickles_idle_cpu(void **state)
{
    struct sim_vcpu *a, *b;

    sim_init(ops, 2, 30, 1000);
    a = sim_vcpu(0, 0);
    b = sim_vcpu(1, 0);
    sim_wake(a);
    process_now();
    assert_ptr_equal(sim.curr[0], &a->v);
    assert_true(sim.curr[1]->is_idle);
    sim_wake(b);
    assert_true(sim.resched[1]);                    /* the idle one was tickled */
    process_now();
    assert_ptr_equal(sim.curr[1], &b->v);
    assert_int_equal(b->v.processor, 1);
}

/*
 * BOOST: an I/O VCPU (wakes every 10 ms, 200 us of work) beside three
 * CPU-bound ones on one pCPU runs within the 1 ms ratelimit of waking,
 * and takes no more than it asks.  Measured after a 1 s warm-up: before the
 * first accountings every VCPU starts from zero credit, and a waker that
 * has burnt some is OVER and gets no BOOST (as in Xen).
 */
static void test_boost_io_latency(void **state)
{
    struct sim_vcpu *io;

    sim_init(ops, 1, 30, 1000);
    io = sim_vcpu(0, 0);
    sim_io(io, MILLISECS(10), MICROSECS(200), MICROSECS(3333));
    for (unsigned int i = 1; i < 4; i++)
        sim_vcpu(i, 0);
    sim_start();
    sim_run_until(SEC);
    sim_reset_stats();
    sim_run_until(11 * SEC);
    print_message("io: latency max %lld us, mean %lld us, %lu wakes, share %.4f\n",
                  (long long)(io->lat_max / 1000),
                  (long long)(io->lat_sum / (s_time_t)io->lat_count / 1000), io->lat_count,
                  share(io, 10 * SEC));
    assert_true(io->lat_count >= 990);
    assert_true(io->lat_max <= MICROSECS(1000));
    assert_true(share(io, 10 * SEC) >= 0.0199 && share(io, 10 * SEC) <= 0.0201);
}

/* Without BOOST (an OVER waker) the I/O VCPU would wait: check the
 * ratelimit instead, a VCPU waking every 50 us for 5 us of work must not
 * preempt a CPU-bound one more than 1000 times a second. */
static void test_ratelimit(void **state)
{
    struct sim_vcpu *storm, *cpu;

    sim_init(ops, 1, 30, 1000);
    storm = sim_vcpu(0, 0);
    sim_io(storm, MICROSECS(50), MICROSECS(5), 0);
    cpu = sim_vcpu(1, 0);
    sim_start();
    sim_run_until(2 * SEC);
    print_message("preemptions %lu in 2 s, shortest run %lld us\n", cpu->preempted,
                  (long long)(cpu->shortest_run / 1000));
    assert_true(cpu->preempted <= 2000);
    assert_true(cpu->shortest_run >= MICROSECS(1000));
    sim_fini();

    /* With sched_ratelimit_us=0 the same storm preempts far more. */
    sim_init(ops, 1, 30, 0);
    storm = sim_vcpu(0, 0);
    sim_io(storm, MICROSECS(50), MICROSECS(5), 0);
    cpu = sim_vcpu(1, 0);
    sim_start();
    sim_run_until(2 * SEC);
    assert_true(cpu->preempted > 10000);
}

/* Yield gives the pCPU to an equal-priority VCPU at once. */
static void test_yield(void **state)
{
    struct sim_vcpu *a, *b;

    sim_init(ops, 1, 30, 0);
    a = sim_vcpu(0, 0);
    b = sim_vcpu(1, 0);
    sim_start();
    assert_ptr_equal(sim.curr[0], &a->v);
    ops->yield(&sim.s, &a->v);
    sim_decide(0);
    assert_ptr_equal(sim.curr[0], &b->v);
}

static void test_domctl_params(void **state)
{
    struct xen_domctl_scheduler_op get = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_DOMCTL_SCHEDOP_getinfo,
    };

    sim_init(ops, 1, 30, 1000);
    sim_vcpu(0, 0);
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &get, 0), 0);
    assert_int_equal(get.u.credit.weight, 256);
    assert_int_equal(get.u.credit.cap, 0);
    assert_int_equal(sim_put_credit(0, 1000, 50), 0);
    assert_int_equal(sim_put_credit(0, 0, 0xFFFF), 0);         /* both unchanged */
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &get, 0), 0);
    assert_int_equal(get.u.credit.weight, 1000);
    assert_int_equal(get.u.credit.cap, 50);
    /* cap above 100 x max_vcpus (8 here): refused, nothing changed */
    assert_int_equal(sim_put_credit(0, 2000, 801), -EINVAL);
    assert_int_equal(ops->adjust(&sim.s, &sim.dom[0], &get, 0), 0);
    assert_int_equal(get.u.credit.weight, 1000);
    assert_int_equal(sim_put_credit(0, 2000, 800), 0);
}

static int put_global(uint32_t tslice, uint32_t rl, uint32_t migr)
{
    struct xen_sysctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_SYSCTL_SCHEDOP_putinfo,
        .u.sched_credit = { tslice, rl, migr },
    };

    return ops->adjust_global(&sim.s, &op);
}

static void test_sysctl_params(void **state)
{
    struct xen_sysctl_scheduler_op get = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_SYSCTL_SCHEDOP_getinfo,
    };

    sim_init(ops, 1, 0, -1);                          /* defaults */
    assert_int_equal(ops->adjust_global(&sim.s, &get), 0);
    assert_int_equal(get.u.sched_credit.tslice_ms, 30);
    assert_int_equal(get.u.sched_credit.ratelimit_us, 1000);
    assert_int_equal(put_global(0, 1000, 0), -EINVAL);
    assert_int_equal(put_global(1001, 1000, 0), -EINVAL);
    assert_int_equal(put_global(30, 99, 0), -EINVAL);
    assert_int_equal(put_global(30, 500001, 0), -EINVAL);
    assert_int_equal(put_global(5, 6000, 0), -EINVAL);         /* ratelimit > slice */
    assert_int_equal(put_global(30, 1000, 100001), -EINVAL);
    assert_int_equal(put_global(10, 0, 0), 0);
    assert_int_equal(ops->adjust_global(&sim.s, &get), 0);
    assert_int_equal(get.u.sched_credit.tslice_ms, 10);
    assert_int_equal(get.u.sched_credit.ratelimit_us, 0);
    sim_fini();

    /* Boot options: a ratelimit above the slice is cut to the slice. */
    sim_init(ops, 1, 2, 5000);
    assert_int_equal(ops->adjust_global(&sim.s, &get), 0);
    assert_int_equal(get.u.sched_credit.tslice_ms, 2);
    assert_int_equal(get.u.sched_credit.ratelimit_us, 2000);
}

/* A 10 ms slice set at run time takes effect: round robin in 10 ms runs. */
static void test_tslice_changes_runs(void **state)
{
    struct sim_vcpu *a, *b;

    sim_init(ops, 1, 30, 1000);
    a = sim_vcpu(0, 0);
    b = sim_vcpu(1, 0);
    assert_int_equal(put_global(10, 1000, 0), 0);
    sim_start();
    sim_run_until(SEC);
    assert_true(a->preempted >= 40 && b->preempted >= 40);
    assert_true(share(a, SEC) > 0.49 && share(a, SEC) < 0.51);
}

static void test_dump(void **state)
{
    sim_init(ops, 2, 30, 1000);
    sim_vcpu(0, 0);
    sim_vcpu(1, 0);
    sim_start();
    host_log_reset();
    ops->dump(&sim.s);
    assert_true(host_log_contains("credit: tslice 30 ms, ratelimit 1000 us"));
    assert_true(host_log_contains("credit: cpu0: 0 queued:"));
    assert_true(host_log_contains("credit: cpu1: 0 queued:"));
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity),
        T(test_weights_1_2_4),
        T(test_weights_smp),
        T(test_cap_25),
        T(test_cap_multi_vcpu),
        T(test_no_starvation),
        T(test_work_stealing),
        T(test_wake_tickles_idle_cpu),
        T(test_boost_io_latency),
        T(test_ratelimit),
        T(test_yield),
        T(test_domctl_params),
        T(test_sysctl_params),
        T(test_tslice_changes_runs),
        T(test_dump),
    };

    return cmocka_run_group_tests_name("sched_credit", tests, NULL, NULL);
}
