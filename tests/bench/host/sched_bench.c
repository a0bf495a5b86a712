/*
 * Scheduler figures on the host (built with -O2, no sanitizers), driving
 * the real policy files through struct scheduler_ops.
 *
 *   sched_decision_<policy>_<n>   ns per scheduling decision on one pCPU
 *       with n runnable VCPUs (n = 4, 64, 1024), wall clock, median of 5
 *       runs of 200000 decisions.  Each decision is what happens when the
 *       running VCPU's turn ends: Credit, it yields (charged, queued at the
 *       tail, the head picked; simulated time moves 1 us per decision, so
 *       an accounting pass every 30000 decisions is included); SEDF, it
 *       has used its slice (each VCPU reserves 100 ms / n of every 100 ms,
 *       100% in all: charged, to the wait heap, periods that began
 *       released, earliest deadline picked).
 *   sched_credit_weights_10s_relerr_max_pct  weights 256:512:1024 on one
 *       pCPU, three CPU-bound VCPUs, 10 s simulated: largest |share -
 *       ideal| / ideal.
 *   sched_credit_weights_1s_err_max_pp       the same, largest error of a
 *       1 s window, in points of one pCPU.
 *   sched_credit_cap25_10s_pct / _1s_err_max_pp  one CPU-bound VCPU capped
 *       at 25%: its share over 10 s, and the largest 1 s window error.
 *
 * Wake-up latency is measured in QEMU (tests/bench/wake_latency.c), not
 * here: the simulated machine has no cost between a wake and the switch,
 * so its latency would read 0 whatever the policy did.
 *
 * The simulated machine is tests/unit/sched_sim.h (its checks are cmocka
 * assertions; a failing one ends the program).
 */
#include "../../unit/sched_sim.h"
#include <time.h>

#define SEC SECONDS(1)

static double wall_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* ---- decision cost: n VCPUs, each its own domain, on pCPU 0 ---- */

struct population {
    struct scheduler s;
    struct domain *dom;
    struct vcpu *v;
    struct vcpu idle;
    struct vcpu *idle_ptr[1];
    struct domain idle_dom;
    spinlock_t lock;
};

static void noop_tickle(unsigned int cpu) { (void)cpu; }

static void populate(struct population *p, const struct scheduler_ops *ops, unsigned int n,
                     s_time_t slice)
{
    memset(p, 0, sizeof(*p));
    p->dom = calloc(n, sizeof(*p->dom));
    p->v = calloc(n, sizeof(*p->v));
    p->idle_dom.domain_id = DOMID_IDLE;
    p->idle.is_idle = p->idle.is_running = true;
    p->idle.domain = &p->idle_dom;
    p->idle_ptr[0] = &p->idle;
    spin_lock_init(&p->lock);
    p->s = (struct scheduler){ .ops = ops, .idle = p->idle_ptr, .nr_cpus = 1, .locks = &p->lock,
                               .tickle = noop_tickle, .opt_ratelimit_set = true };
    if (ops->init(&p->s, 1))
        abort();
    for (unsigned int i = 0; i < n; i++) {
        struct xen_domctl_scheduler_op op = {
            .sched_id = XEN_SCHEDULER_SEDF, .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
            .u.sedf = { .period = (uint64_t)MILLISECS(100), .slice = (uint64_t)slice },
        };

        p->dom[i].domain_id = (domid_t)(i + 1);
        p->dom[i].max_vcpus = 1;
        p->dom[i].vcpu[0] = &p->v[i];
        p->v[i].domain = &p->dom[i];
        if (ops->init_domain && ops->init_domain(&p->s, &p->dom[i]))
            abort();
        if (ops->insert_vcpu(&p->s, &p->v[i]))
            abort();
        if (ops->sched_id == XEN_SCHEDULER_SEDF && ops->adjust(&p->s, &p->dom[i], &op, 0))
            abort();
        (void)ops->wake(&p->s, &p->v[i]);              /* pCPU 0 decides next */
    }
}

static double time_decisions(const struct scheduler_ops *ops, unsigned int n)
{
    struct population p;
    struct vcpu *curr;
    const int iters = 200000;
    s_time_t slice = MILLISECS(100) / n;       /* SEDF: together 100% of the pCPU */
    s_time_t now = 0, step = ops->sched_id == XEN_SCHEDULER_SEDF ? slice : 1000;
    double t0 = 0, t1 = 0;

    host_set_now(0);
    populate(&p, ops, n, slice);
    curr = ops->do_schedule(&p.s, 0, &p.idle, now).next;
    for (int warm = 0; warm < 2; warm++) {
        t0 = wall_ns();
        for (int i = 0; i < iters; i++) {
            struct vcpu *next;

            now += step;
            host_set_now(now);
            if (ops->sched_id == XEN_SCHEDULER_CREDIT)
                ops->yield(&p.s, curr);
            next = ops->do_schedule(&p.s, 0, curr, now).next;
            curr->is_running = false;
            next->is_running = true;
            curr = next;
        }
        t1 = wall_ns();
    }
    for (unsigned int i = 0; i < n; i++)
        ops->remove_vcpu(&p.s, &p.v[i]);
    free(p.v);
    free(p.dom);
    return (t1 - t0) / iters;
}

static void bench_decisions(const char *name, const struct scheduler_ops *ops)
{
    static const unsigned int sizes[] = { 4, 64, 1024 };

    for (unsigned int k = 0; k < 3; k++) {
        double runs[5];

        for (int r = 0; r < 5; r++) {
            host_mm_setup(0x80000000ULL, 64ULL << 20);
            runs[r] = time_decisions(ops, sizes[k]);
            host_mm_teardown();
        }
        qsort(runs, 5, sizeof(runs[0]), cmp_double);
        printf("BENCH sched_decision_%s_%u %.1f ns\n", name, sizes[k], runs[2]);
    }
}

/* ---- accuracy in simulation ---- */

static double worst_window_pp(const struct sim_vcpu *x, double ideal, unsigned int windows)
{
    double worst = 0;

    for (unsigned int k = 0; k < windows; k++) {
        double err = ((double)x->bin[k] / (double)SEC - ideal) * 100.0;

        worst = MAX(worst, err < 0 ? -err : err);
    }
    return worst;
}

static void bench_weights(void)
{
    static const uint16_t w[3] = { 256, 512, 1024 };
    struct sim_vcpu *x[3];
    double rel = 0, pp = 0;

    sim_init(&sched_credit_ops, 1, 30, 1000);
    for (unsigned int i = 0; i < 3; i++) {
        x[i] = sim_vcpu(i, 0);
        sim_bin(x[i], SEC);
        sim_put_credit(i, w[i], 0);
    }
    sim_start();
    sim_run_until(10 * SEC);
    for (unsigned int i = 0; i < 3; i++) {
        double ideal = (double)(1u << i) / 7.0, got = share(x[i], 10 * SEC);

        rel = MAX(rel, (got > ideal ? got - ideal : ideal - got) / ideal * 100.0);
        pp = MAX(pp, worst_window_pp(x[i], ideal, 10));
    }
    sim_fini();
    printf("BENCH sched_credit_weights_10s_relerr_max_pct %.3f %%\n", rel);
    printf("BENCH sched_credit_weights_1s_err_max_pp %.3f pp\n", pp);
}

static void bench_cap(void)
{
    struct sim_vcpu *x;

    sim_init(&sched_credit_ops, 1, 30, 1000);
    x = sim_vcpu(0, 0);
    sim_bin(x, SEC);
    sim_put_credit(0, 256, 25);
    sim_start();
    sim_run_until(10 * SEC);
    printf("BENCH sched_credit_cap25_10s_pct %.3f %%\n", share(x, 10 * SEC) * 100.0);
    printf("BENCH sched_credit_cap25_1s_err_max_pp %.3f pp\n", worst_window_pp(x, 0.25, 10));
    sim_fini();
}

int main(void)
{
    bench_decisions("credit", &sched_credit_ops);
    bench_decisions("sedf", &sched_sedf_ops);
    bench_weights();
    bench_cap();
    return 0;
}
