/*
 * A simulated machine for scheduler policy tests: several pCPUs, a
 * simulated clock (the host arch's), and VCPUs with scripted behaviour,
 * driven through struct scheduler_ops by a miniature of sched/core.c.
 *
 * The miniature keeps the core's rules: wake reaches the policy only for
 * a VCPU that is not running and not already runnable; a running VCPU that
 * blocks is dealt with at its pCPU's next decision; each pCPU's slice timer
 * fires at now + slice; a tickle or a wake's "reschedule" makes that pCPU
 * decide at the current instant.  Every decision is checked: the VCPU
 * returned is runnable, is on that pCPU (v->processor), and runs nowhere
 * else.
 *
 * VCPU behaviours: CPU-bound (always runnable), or periodic I/O: wakes
 * every `io_period` ns, runs `io_burst` ns of work, blocks.  The harness
 * records each VCPU's CPU time, optionally binned in windows, and the
 * wake-to-run latency of I/O VCPUs.
 *
 * A test includes this file once (it defines static state).
 */
#ifndef SCHED_SIM_H
#define SCHED_SIM_H

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
#include <public/sysctl.h>
#include <public/vcpu.h>
#include <asm/host.h>

#define SIM_MAX_CPUS 8
#define SIM_MAX_VCPUS 64
#define SIM_MAX_DOMS 64
#define SIM_MAX_BINS 10240
#define SIM_NEVER INT64_MAX

struct sim_vcpu {
    struct vcpu v;
    /* behaviour */
    bool io;                         /* periodic I/O instead of CPU-bound */
    s_time_t io_period, io_burst, io_phase;
    s_time_t next_wake;              /* I/O: when it wakes next */
    s_time_t work_left;              /* I/O: work left in this burst */
    s_time_t woke_at;                /* I/O: last wake, for latency */
    bool waiting_first_run;
    /* measurements */
    s_time_t ran;                    /* total CPU time */
    s_time_t run_since;              /* running since, on its pCPU */
    s_time_t bin_ns;                 /* 0: no binning */
    s_time_t bin[SIM_MAX_BINS];
    s_time_t lat_max, lat_sum;
    unsigned long lat_count;
    unsigned long preempted;         /* switched out while still runnable */
    s_time_t shortest_run;           /* shortest run ended by preemption */
    s_time_t run_began;
};

struct sim {
    const struct scheduler_ops *ops;
    struct scheduler s;
    unsigned int ncpu, nv;
    struct domain dom[SIM_MAX_DOMS], idle_dom;
    struct sim_vcpu sv[SIM_MAX_VCPUS];
    struct vcpu idle[SIM_MAX_CPUS];
    struct vcpu *idle_ptr[SIM_MAX_CPUS];
    struct vcpu *curr[SIM_MAX_CPUS];
    spinlock_t locks[SIM_MAX_CPUS];
    s_time_t timer[SIM_MAX_CPUS];
    bool resched[SIM_MAX_CPUS];
    s_time_t busy[SIM_MAX_CPUS];     /* non-idle time per pCPU */
    s_time_t now;
    unsigned long decisions;
};

static struct sim sim;

static void sim_tickle(unsigned int cpu)
{
    assert_true(cpu < sim.ncpu);
    sim.resched[cpu] = true;
}

static struct sim_vcpu *SIMV(struct vcpu *v)
{
    return container_of(v, struct sim_vcpu, v);
}

/* A machine of ncpu pCPUs; options as the core would pass them. */
static void sim_init(const struct scheduler_ops *ops, unsigned int ncpu,
                     unsigned int tslice_ms, int ratelimit_us)
{
    host_mm_setup(0x80000000ULL, 16ULL << 20);
    host_set_now(0);
    memset(&sim, 0, sizeof(sim));
    sim.ops = ops;
    sim.ncpu = ncpu;
    sim.idle_dom.domain_id = DOMID_IDLE;
    for (unsigned int c = 0; c < ncpu; c++) {
        sim.idle[c].is_idle = sim.idle[c].is_running = true;
        sim.idle[c].domain = &sim.idle_dom;
        sim.idle[c].processor = c;
        sim.idle_ptr[c] = sim.curr[c] = &sim.idle[c];
        spin_lock_init(&sim.locks[c]);
        sim.timer[c] = SIM_NEVER;
    }
    sim.s.ops = ops;
    sim.s.idle = sim.idle_ptr;
    sim.s.nr_cpus = ncpu;
    sim.s.locks = sim.locks;
    sim.s.tickle = sim_tickle;
    sim.s.opt_tslice_ms = tslice_ms;
    sim.s.opt_ratelimit_us = ratelimit_us < 0 ? 0 : (unsigned int)ratelimit_us;
    sim.s.opt_ratelimit_set = ratelimit_us >= 0;
    assert_int_equal(ops->init(&sim.s, ncpu), 0);
}

static void sim_fini(void)
{
    host_mm_teardown();
}

/* Domain `id` (1-based index into dom[]) with max_vcpus. */
static struct domain *sim_domain(unsigned int idx, unsigned int max_vcpus)
{
    struct domain *d = &sim.dom[idx];

    if (!d->max_vcpus) {
        d->domain_id = (domid_t)(idx + 1);
        d->max_vcpus = max_vcpus;
        if (sim.ops->init_domain)
            assert_int_equal(sim.ops->init_domain(&sim.s, d), 0);
    }
    return d;
}

/* A new VCPU of domain idx on cpu; not runnable until sim_start(). */
static struct sim_vcpu *sim_vcpu(unsigned int dom_idx, unsigned int cpu)
{
    struct domain *d = sim_domain(dom_idx, MAX_VIRT_CPUS);
    struct sim_vcpu *x = &sim.sv[sim.nv];
    unsigned int id = 0;

    while (d->vcpu[id])
        id++;
    assert_true(id < d->max_vcpus);
    x->v.domain = d;
    x->v.vcpu_id = id;
    x->v.processor = cpu;
    x->v.pause_flags = VPF_down;
    x->shortest_run = SIM_NEVER;
    d->vcpu[id] = &x->v;
    assert_int_equal(sim.ops->insert_vcpu(&sim.s, &x->v), 0);
    sim.nv++;
    return x;
}

static __attribute__((unused)) int sim_put_credit(unsigned int dom_idx, uint16_t weight, uint16_t cap)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_CREDIT, .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
        .u.credit = { .weight = weight, .cap = cap },
    };

    return sim.ops->adjust(&sim.s, &sim.dom[dom_idx], &op, sim.now);
}

static __attribute__((unused)) int sim_put_sedf(unsigned int dom_idx, s_time_t period, s_time_t slice, bool extra)
{
    struct xen_domctl_scheduler_op op = {
        .sched_id = XEN_SCHEDULER_SEDF, .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
        .u.sedf = { .period = (uint64_t)period, .slice = (uint64_t)slice, .extratime = extra },
    };

    return sim.ops->adjust(&sim.s, &sim.dom[dom_idx], &op, sim.now);
}

static __attribute__((unused)) void sim_io(struct sim_vcpu *x, s_time_t period, s_time_t burst, s_time_t phase)
{
    x->io = true;
    x->io_period = period;
    x->io_burst = burst;
    x->io_phase = phase;
}

static __attribute__((unused)) void sim_bin(struct sim_vcpu *x, s_time_t bin_ns)
{
    x->bin_ns = bin_ns;
}

/* ---- the miniature core ---- */

static void account_run(struct sim_vcpu *x, s_time_t from, s_time_t to)
{
    x->ran += to - from;
    if (x->io)
        x->work_left -= to - from;
    if (!x->bin_ns)
        return;
    while (from < to) {
        long k = (long)(from / x->bin_ns);
        s_time_t end = MIN(to, (k + 1) * x->bin_ns);

        if (k < SIM_MAX_BINS)
            x->bin[k] += end - from;
        from = end;
    }
}

static void sim_wake(struct sim_vcpu *x)
{
    struct vcpu *v = &x->v;

    __atomic_and_fetch(&v->pause_flags, ~(VPF_down | VPF_blocked), __ATOMIC_SEQ_CST);
    if (v->is_running || v->runstate == RUNSTATE_runnable)
        return;
    v->runstate = RUNSTATE_runnable;
    if (x->io) {
        x->woke_at = sim.now;
        x->waiting_first_run = true;
    }
    host_current_cpu = v->processor;
    if (sim.ops->wake(&sim.s, v))
        sim.resched[v->processor] = true;
}

/* The running VCPU x blocks (its pCPU decides now). */
static void sim_block_running(struct sim_vcpu *x)
{
    __atomic_or_fetch(&x->v.pause_flags, VPF_blocked, __ATOMIC_SEQ_CST);
    sim.resched[x->v.processor] = true;
}

static void sim_decide(unsigned int cpu)
{
    struct vcpu *prev = sim.curr[cpu], *next;
    struct sched_decision d;

    host_current_cpu = cpu;
    d = sim.ops->do_schedule(&sim.s, cpu, prev, sim.now);
    next = d.next;
    sim.decisions++;
    assert_non_null(next);
    if (next->is_idle) {
        assert_ptr_equal(next, sim.idle_ptr[cpu]);
    } else {
        assert_int_equal(next->processor, cpu);
        assert_true(vcpu_runnable(next));
        assert_true(next == prev || !next->is_running);   /* not running elsewhere */
    }
    if (!prev->is_idle) {
        struct sim_vcpu *px = SIMV(prev);

        account_run(px, px->run_since, sim.now);
        sim.busy[cpu] += sim.now - px->run_since;
        if (prev != next) {
            bool runnable = vcpu_runnable(prev);

            prev->runstate = runnable ? RUNSTATE_runnable : RUNSTATE_blocked;
            if (runnable) {
                px->preempted++;
                px->shortest_run = MIN(px->shortest_run, sim.now - px->run_began);
            }
        }
    }
    prev->is_running = false;
    next->is_running = true;
    if (!next->is_idle) {
        struct sim_vcpu *nx = SIMV(next);

        nx->run_since = sim.now;
        if (next != prev)
            nx->run_began = sim.now;
        next->runstate = RUNSTATE_running;
        if (nx->io && nx->waiting_first_run) {
            s_time_t lat = sim.now - nx->woke_at;

            nx->waiting_first_run = false;

            nx->lat_max = MAX(nx->lat_max, lat);
            nx->lat_sum += lat;
            nx->lat_count++;
        }
    }
    sim.curr[cpu] = next;
    sim.timer[cpu] = d.slice >= 0 ? sim.now + d.slice : SIM_NEVER;
    assert_true(d.slice < 0 || d.slice > 0);
}

/* When the running I/O VCPU x finishes its burst. */
static s_time_t burst_end(const struct sim_vcpu *x)
{
    return x->run_since + x->work_left;
}

static s_time_t next_event(void)
{
    s_time_t t = SIM_NEVER;

    for (unsigned int c = 0; c < sim.ncpu; c++) {
        t = MIN(t, sim.timer[c]);
        if (!sim.curr[c]->is_idle && SIMV(sim.curr[c])->io)
            t = MIN(t, burst_end(SIMV(sim.curr[c])));
    }
    for (unsigned int i = 0; i < sim.nv; i++)
        if (sim.sv[i].io && (sim.sv[i].v.pause_flags & VPF_blocked))
            t = MIN(t, sim.sv[i].next_wake);
    return t;
}

/* Everything due at sim.now: I/O ends and wakes, timers, then decisions
 * until no pCPU wants one. */
static void process_now(void)
{
    bool again;

    for (unsigned int c = 0; c < sim.ncpu; c++) {
        struct vcpu *v = sim.curr[c];

        if (!v->is_idle && SIMV(v)->io && !(v->pause_flags & VPF_blocked) &&
            burst_end(SIMV(v)) <= sim.now) {
            struct sim_vcpu *x = SIMV(v);

            account_run(x, x->run_since, sim.now);
            sim.busy[c] += sim.now - x->run_since;
            x->run_since = sim.now;
            while (x->next_wake <= sim.now)
                x->next_wake += x->io_period;
            sim_block_running(x);
        }
        if (sim.timer[c] <= sim.now)
            sim.resched[c] = true;
    }
    for (unsigned int i = 0; i < sim.nv; i++) {
        struct sim_vcpu *x = &sim.sv[i];

        if (x->io && (x->v.pause_flags & VPF_blocked) && x->next_wake <= sim.now &&
            !x->v.is_running) {
            x->work_left = x->io_burst;
            sim_wake(x);
        }
    }
    do {
        again = false;
        for (unsigned int c = 0; c < sim.ncpu; c++)
            if (sim.resched[c]) {
                sim.resched[c] = false;
                sim_decide(c);
                again = true;
            }
    } while (again);
}

/* Make every VCPU runnable at the current time (I/O ones at their phase). */
static void sim_start(void)
{
    for (unsigned int i = 0; i < sim.nv; i++) {
        struct sim_vcpu *x = &sim.sv[i];

        if (x->io) {
            x->v.pause_flags = VPF_blocked;
            x->next_wake = sim.now + x->io_phase;
        } else {
            sim_wake(x);
        }
    }
    process_now();
}

static void sim_run_until(s_time_t end)
{
    for (;;) {
        s_time_t t = next_event();

        if (t > end) {
            sim.now = end;
            host_set_now(end);
            break;
        }
        assert_true(t >= sim.now);
        sim.now = t;
        host_set_now(t);
        process_now();
    }
    /* Close the books on what runs now. */
    for (unsigned int c = 0; c < sim.ncpu; c++) {
        struct vcpu *v = sim.curr[c];

        if (!v->is_idle) {
            account_run(SIMV(v), SIMV(v)->run_since, sim.now);
            sim.busy[c] += sim.now - SIMV(v)->run_since;
            SIMV(v)->run_since = sim.now;
        }
    }
}

/* Forget the measurements so far (after a warm-up). */
static __attribute__((unused)) void sim_reset_stats(void)
{
    for (unsigned int i = 0; i < sim.nv; i++) {
        struct sim_vcpu *x = &sim.sv[i];

        x->ran = x->lat_max = x->lat_sum = 0;
        x->lat_count = x->preempted = 0;
        x->shortest_run = SIM_NEVER;
    }
    memset(sim.busy, 0, sizeof(sim.busy));
}

static __attribute__((unused)) double share(const struct sim_vcpu *x, s_time_t over)
{
    return (double)x->ran / (double)over;
}

#endif /* SCHED_SIM_H */
