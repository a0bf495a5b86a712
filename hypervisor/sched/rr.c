/*
 * Round-robin: the minimal reference policy behind struct scheduler_ops.
 *
 * Model: each physical CPU has a FIFO run queue of the runnable VCPUs
 * assigned to it (v->processor; VCPUs never migrate).  The VCPU running on
 * a CPU is not on its queue.  Every decision puts the previous VCPU, if it
 * is still runnable, at the tail and runs the head for a fixed RR_SLICE;
 * with nothing queued the CPU runs its idle VCPU with no time limit.  So
 * with n runnable VCPUs on a CPU each waits at most (n - 1) slices, and a
 * yield is simply "decide now" (the yielder goes to the tail).  A VCPU that
 * wakes joins the tail, and asks for a reschedule only when its CPU idles.
 *
 * Invariants: a VCPU is queued iff it is runnable, not running, and
 * inserted; rr_vcpu.queued says which.  curr[cpu] is what do_schedule last
 * chose for cpu (NULL before the first decision, which means idle).
 *
 * Locking: the core calls every hook with the scheduler lock of the CPU
 * concerned held; that lock guards runq[cpu], curr[cpu] and the rr_vcpu of
 * every VCPU on that CPU.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/list.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/xmalloc.h>
#include <public/domctl.h>

#define RR_SLICE MILLISECS(10)

struct rr_vcpu {
    struct list_head node;      /* on runq[v->processor] while queued */
    struct vcpu *v;
    bool queued;
};

struct rr_priv {
    struct list_head runq[NR_CPUS];
    struct vcpu *curr[NR_CPUS];
};

static struct rr_priv *rr_priv(const struct scheduler *s) { return s->priv; }
static struct rr_vcpu *rr_vcpu(const struct vcpu *v) { return v->sched_priv; }

static void enqueue_tail(struct scheduler *s, struct vcpu *v)
{
    struct rr_vcpu *rv = rr_vcpu(v);

    list_add_tail(&rv->node, &rr_priv(s)->runq[v->processor]);
    rv->queued = true;
}

static void dequeue(struct vcpu *v)
{
    struct rr_vcpu *rv = rr_vcpu(v);

    if (rv->queued) {
        list_del(&rv->node);
        rv->queued = false;
    }
}

static int rr_init(struct scheduler *s, unsigned int nr_cpus)
{
    struct rr_priv *p;

    if (nr_cpus == 0 || nr_cpus > NR_CPUS)
        return -EINVAL;
    if (!(p = xzalloc(struct rr_priv)))
        return -ENOMEM;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        list_init(&p->runq[cpu]);
    s->priv = p;
    return 0;
}

static int rr_insert_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct rr_vcpu *rv;

    if (v->processor >= s->nr_cpus)
        return -EINVAL;
    if (!(rv = xzalloc(struct rr_vcpu)))
        return -ENOMEM;
    list_init(&rv->node);
    rv->v = v;
    v->sched_priv = rv;
    return 0;
}

static void rr_remove_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct rr_priv *p = rr_priv(s);

    if (!rr_vcpu(v))
        return;
    dequeue(v);
    if (p->curr[v->processor] == v)
        p->curr[v->processor] = NULL;
    xfree(v->sched_priv);
    v->sched_priv = NULL;
}

static void rr_sleep(struct scheduler *s, struct vcpu *v)
{
    dequeue(v);
}

static bool rr_wake(struct scheduler *s, struct vcpu *v)
{
    struct vcpu *curr = rr_priv(s)->curr[v->processor];

    /* Already queued, or running: do_schedule will requeue it. */
    if (rr_vcpu(v)->queued || curr == v)
        return false;
    enqueue_tail(s, v);
    return !curr || curr->is_idle;
}

static void rr_yield(struct scheduler *s, struct vcpu *v)
{
    /* A running VCPU goes to the tail in do_schedule; a queued one now. */
    if (rr_vcpu(v)->queued) {
        dequeue(v);
        enqueue_tail(s, v);
    }
}

static struct sched_decision rr_do_schedule(struct scheduler *s, unsigned int cpu,
                                            struct vcpu *prev, s_time_t now)
{
    struct rr_priv *p = rr_priv(s);
    struct sched_decision d = { .next = s->idle[cpu], .slice = -1 };

    if (!prev->is_idle && vcpu_runnable(prev) && !rr_vcpu(prev)->queued) {
        ASSERT(prev->processor == cpu);
        enqueue_tail(s, prev);
    }
    if (!list_empty(&p->runq[cpu])) {
        struct rr_vcpu *rv = list_first_entry(&p->runq[cpu], struct rr_vcpu, node);

        dequeue(rv->v);
        d.next = rv->v;
        d.slice = RR_SLICE;
    }
    p->curr[cpu] = d.next;
    return d;
}

/* One line per CPU, built whole: the console prefixes every printk. */
static void rr_dump(struct scheduler *s)
{
    struct rr_priv *p = rr_priv(s);
    struct list_head *pos;

    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        struct vcpu *c = p->curr[cpu];
        char line[160];
        size_t n;

        if (!c || c->is_idle)
            n = (size_t)snprintf(line, sizeof(line), "rr: cpu%u: idle; queue:", cpu);
        else
            n = (size_t)snprintf(line, sizeof(line), "rr: cpu%u: d%uv%u; queue:", cpu,
                                 c->domain->domain_id, c->vcpu_id);
        list_for_each(pos, &p->runq[cpu]) {
            struct vcpu *v = list_entry(pos, struct rr_vcpu, node)->v;

            if (n < sizeof(line))
                n += (size_t)snprintf(line + n, sizeof(line) - n, " d%uv%u",
                                      v->domain->domain_id, v->vcpu_id);
        }
        printk("%s\n", line);
    }
}

const struct scheduler_ops sched_rr_ops = {
    .name = "Round-robin",
    .opt_name = "rr",
    .sched_id = XEN_SCHEDULER_RR,
    .init = rr_init,
    .insert_vcpu = rr_insert_vcpu,
    .remove_vcpu = rr_remove_vcpu,
    .sleep = rr_sleep,
    .wake = rr_wake,
    .yield = rr_yield,
    .do_schedule = rr_do_schedule,
    .dump = rr_dump,
};
