/*
 * SEDF: Simple Earliest Deadline First, behind struct scheduler_ops.
 *
 * Model.  Each VCPU has a period and a slice: it is guaranteed `slice` ns
 * of CPU in every period, whose end is its deadline.  Each pCPU runs its
 * own VCPUs (partitioned EDF; v->processor never changes here), always the
 * one with the earliest deadline that still has budget.  A VCPU with
 * extratime may also run in slack time, when no VCPU of its pCPU has
 * budget; best-effort VCPUs (slice 0, Xen's default for a new domain since
 * 2012: period 100 ms, extratime on) run only then.
 *
 * Queues per pCPU: runq, a binary min-heap by deadline, of the runnable
 * VCPUs with budget; waitq, a min-heap by deadline too, of the runnable
 * VCPUs that used their slice and wait for their next period (which begins
 * at their deadline); extraq, a FIFO of the runnable extratime VCPUs not on
 * the runq, served round-robin in quanta of 500 us.  A decision is O(log n):
 * the heaps replace Xen's sorted lists (O(n) insertion).
 *
 * Admission: the reserved utilisation, sum of slice/period over a pCPU's
 * VCPUs, may not exceed 1 (in units of 2^-32): a parameter change that
 * would exceed it is refused (-EINVAL) and nothing changes.  EDF then meets
 * every deadline of a VCPU that wants its slice (Xen had no admission
 * control, see schedulers.md 2.3).
 *
 * Wake rule: the constant-bandwidth-server rule (as Linux SCHED_DEADLINE),
 * not Xen's "a short block forfeits the rest of the period".  A VCPU that
 * wakes keeps its deadline and remaining budget if that budget fits in
 * the time left at its reserved rate, budget <= (deadline - now) x
 * slice/period; otherwise a new period starts now with a full slice.  So a
 * VCPU that blocks briefly loses nothing, and none can use more than its
 * bandwidth by blocking and waking.
 *
 * Deadline misses: a VCPU on the runq (it wants its slice) whose deadline
 * passes with budget left has missed it: counted in `misses`, and its
 * next period starts with a full slice.  With admission this happens only
 * through parameter changes or lost timer interrupts.
 *
 * yield: the VCPU gives up the rest of its slice in this period (it said
 * it has nothing to do); with extratime it may still run in slack.
 * latency and weight are stored and reported, without effect (as in Xen's
 * last SEDF, where latency had none; the weight mode is not implemented).
 *
 * Locking: the core's lock of a pCPU (s->locks[cpu]) guards that pCPU's
 * struct sedf_pcpu and the sedf_vcpu of every VCPU on it; adjust runs with
 * every pCPU's lock held.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/list.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/xmalloc.h>
#include <hv/arch/time.h>
#include <public/domctl.h>

#define SEDF_DEFAULT_PERIOD   MILLISECS(100)
#define SEDF_EXTRA_QUANTUM    MICROSECS(500)
#define SEDF_PERIOD_MIN       MICROSECS(10)
#define SEDF_PERIOD_MAX       SECONDS(10)
#define SEDF_SLICE_MIN        MICROSECS(5)
#define SEDF_MIN_RUN          MICROSECS(1)
#define UTIL_ONE              (1ULL << 32)

enum { Q_NONE, Q_RUNQ, Q_WAITQ };

struct sedf_vcpu {
    struct vcpu *v;
    s_time_t period, slice, latency;  /* slice 0: best effort */
    bool extratime;
    uint32_t weight;
    uint64_t util;                    /* slice/period in units of 2^-32 */
    s_time_t deadline;                /* end of the current period */
    s_time_t budget;                  /* slice left in this period */
    s_time_t run_start;
    bool extra_run;                   /* the current run is slack time */
    bool yielded;                     /* yielded during the current run */
    uint8_t where;                    /* Q_*: which heap */
    unsigned int hidx;                /* index in that heap */
    bool on_extraq;
    struct list_head extra_node;
    uint64_t misses;                  /* deadlines missed */
};

struct heap {
    struct sedf_vcpu **e;
    unsigned int n, cap;
};

struct sedf_pcpu {
    struct heap runq, waitq;
    struct list_head extraq;
    uint64_t util;                    /* sum of the VCPUs' util */
    unsigned int nr_vcpus;
    struct vcpu *curr;
};

struct sedf_priv {
    struct sedf_pcpu pcpu[NR_CPUS];
};

static struct sedf_priv *PRIV(const struct scheduler *s) { return s->priv; }
static struct sedf_vcpu *SV(const struct vcpu *v) { return v->sched_priv; }

/* ---- binary min-heap by deadline ---- */

/* EDF order; on equal deadlines the shorter period first (its VCPU has
 * the tighter latency need), so ties are broken the same way every time. */
static bool earlier(const struct sedf_vcpu *a, const struct sedf_vcpu *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->period < b->period);
}

static void heap_set(struct heap *h, unsigned int i, struct sedf_vcpu *sv)
{
    h->e[i] = sv;
    sv->hidx = i;
}

static void sift_up(struct heap *h, unsigned int i)
{
    struct sedf_vcpu *sv = h->e[i];

    while (i > 0) {
        unsigned int parent = (i - 1) / 2;

        if (!earlier(sv, h->e[parent]))
            break;
        heap_set(h, i, h->e[parent]);
        i = parent;
    }
    heap_set(h, i, sv);
}

static void sift_down(struct heap *h, unsigned int i)
{
    struct sedf_vcpu *sv = h->e[i];

    for (;;) {
        unsigned int c = 2 * i + 1;

        if (c >= h->n)
            break;
        if (c + 1 < h->n && earlier(h->e[c + 1], h->e[c]))
            c++;
        if (!earlier(h->e[c], sv))
            break;
        heap_set(h, i, h->e[c]);
        i = c;
    }
    heap_set(h, i, sv);
}

static void heap_push(struct heap *h, struct sedf_vcpu *sv)
{
    heap_set(h, h->n++, sv);
    sift_up(h, sv->hidx);
}

static void heap_remove(struct heap *h, struct sedf_vcpu *sv)
{
    unsigned int i = sv->hidx;
    struct sedf_vcpu *last = h->e[--h->n];

    if (i == h->n)
        return;
    heap_set(h, i, last);
    sift_up(h, i);
    sift_down(h, last->hidx);
}

static struct sedf_vcpu *heap_min(const struct heap *h)
{
    return h->n ? h->e[0] : NULL;
}

static int heap_reserve(struct heap *h, unsigned int want)
{
    struct sedf_vcpu **e;
    unsigned int cap = h->cap ? h->cap : 8;

    if (want <= h->cap)
        return 0;
    while (cap < want)
        cap *= 2;
    if (!(e = xzalloc_bytes(sizeof(*e) * (size_t)cap)))
        return -ENOMEM;
    if (h->n)
        memcpy(e, h->e, h->n * sizeof(*e));
    xfree(h->e);
    h->e = e;
    h->cap = cap;
    return 0;
}

/* ---- queue membership (cpu lock) ---- */

static struct heap *heap_of(struct sedf_pcpu *pc, const struct sedf_vcpu *sv)
{
    return sv->where == Q_RUNQ ? &pc->runq : &pc->waitq;
}

static void extraq_del(struct sedf_vcpu *sv)
{
    if (sv->on_extraq) {
        list_del(&sv->extra_node);
        sv->on_extraq = false;
    }
}

static void extraq_add(struct sedf_pcpu *pc, struct sedf_vcpu *sv)
{
    if (sv->extratime && !sv->on_extraq) {
        list_add_tail(&sv->extra_node, &pc->extraq);
        sv->on_extraq = true;
    }
}

static void dequeue(struct sedf_pcpu *pc, struct sedf_vcpu *sv)
{
    if (sv->where != Q_NONE)
        heap_remove(heap_of(pc, sv), sv);
    sv->where = Q_NONE;
    extraq_del(sv);
}

/* File a runnable, not running VCPU where its budget says. */
static void enqueue(struct sedf_pcpu *pc, struct sedf_vcpu *sv)
{
    if (sv->slice && sv->budget > 0) {
        sv->where = Q_RUNQ;
        heap_push(&pc->runq, sv);
        extraq_del(sv);
        return;
    }
    if (sv->slice) {
        sv->where = Q_WAITQ;
        heap_push(&pc->waitq, sv);
    }
    extraq_add(pc, sv);
}

static void new_period(struct sedf_vcpu *sv, s_time_t start)
{
    sv->deadline = start + sv->period;
    sv->budget = sv->slice;
}

/* Periods that have begun: their VCPUs get a fresh slice. */
static void release_waiting(struct sedf_pcpu *pc, s_time_t now)
{
    struct sedf_vcpu *sv;

    while ((sv = heap_min(&pc->waitq)) && sv->deadline <= now) {
        heap_remove(&pc->waitq, sv);
        sv->where = Q_NONE;
        /* The new period begins at the old deadline, unless that is more
         * than a period ago (the VCPU was not waiting for it). */
        new_period(sv, sv->deadline + sv->period > now ? sv->deadline : now);
        enqueue(pc, sv);
    }
}

/* VCPUs that wanted their slice and did not get it by the deadline. */
static void catch_misses(struct sedf_pcpu *pc, s_time_t now)
{
    struct sedf_vcpu *sv;

    while ((sv = heap_min(&pc->runq)) && sv->deadline <= now) {
        sv->misses++;
        new_period(sv, now);
        sift_down(&pc->runq, 0);
    }
}

/* Account the run of prev that ends now. */
static void charge(struct sedf_vcpu *sv, s_time_t now)
{
    bool yielded = sv->yielded;

    sv->yielded = false;
    if (sv->extra_run)
        return;
    sv->budget = yielded ? 0 : sv->budget - (now - sv->run_start);
    if (sv->budget > 0 && sv->deadline <= now) {
        sv->misses++;
        new_period(sv, now);
    }
}

/* ---- the hooks ---- */

static int sedf_init(struct scheduler *s, unsigned int nr_cpus)
{
    struct sedf_priv *prv;

    if (nr_cpus == 0 || nr_cpus > NR_CPUS)
        return -EINVAL;
    if (!(prv = xzalloc(struct sedf_priv)))
        return -ENOMEM;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        list_init(&prv->pcpu[cpu].extraq);
    s->priv = prv;
    return 0;
}

static int sedf_insert_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct sedf_pcpu *pc;
    struct sedf_vcpu *sv;

    if (v->processor >= s->nr_cpus)
        return -EINVAL;
    pc = &PRIV(s)->pcpu[v->processor];
    if (heap_reserve(&pc->runq, pc->nr_vcpus + 1) ||
        heap_reserve(&pc->waitq, pc->nr_vcpus + 1) || !(sv = xzalloc(struct sedf_vcpu)))
        return -ENOMEM;
    sv->v = v;
    sv->period = SEDF_DEFAULT_PERIOD;
    sv->extratime = true;
    list_init(&sv->extra_node);
    pc->nr_vcpus++;
    v->sched_priv = sv;
    return 0;
}

static void sedf_remove_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct sedf_pcpu *pc = &PRIV(s)->pcpu[v->processor];
    struct sedf_vcpu *sv = SV(v);

    if (!sv)
        return;
    dequeue(pc, sv);
    pc->util -= sv->util;
    pc->nr_vcpus--;
    if (pc->curr == v)
        pc->curr = NULL;
    xfree(sv);
    v->sched_priv = NULL;
}

static void sedf_sleep(struct scheduler *s, struct vcpu *v)
{
    dequeue(&PRIV(s)->pcpu[v->processor], SV(v));
}

/* budget <= (deadline - now) * slice / period, without overflow. */
static bool budget_fits(const struct sedf_vcpu *sv, s_time_t now)
{
    if (sv->deadline <= now)
        return false;
    return (unsigned __int128)sv->budget * (uint64_t)sv->period <=
           (unsigned __int128)(uint64_t)(sv->deadline - now) * (uint64_t)sv->slice;
}

/* Would `sv`, now queued, rather run than what runs on its pCPU? */
static bool preempts(const struct sedf_vcpu *sv, const struct vcpu *curr)
{
    const struct sedf_vcpu *c;

    if (!curr || curr->is_idle)
        return true;
    c = SV(curr);
    if (sv->where != Q_RUNQ)
        return false;
    return c->extra_run || earlier(sv, c);
}

static bool sedf_wake(struct scheduler *s, struct vcpu *v)
{
    struct sedf_pcpu *pc = &PRIV(s)->pcpu[v->processor];
    struct sedf_vcpu *sv = SV(v);
    s_time_t now = arch_now();

    if (sv->where != Q_NONE || sv->on_extraq || pc->curr == v)
        return false;
    if (sv->slice && !budget_fits(sv, now))
        new_period(sv, now);
    enqueue(pc, sv);
    return preempts(sv, pc->curr);
}

static void sedf_yield(struct scheduler *s, struct vcpu *v)
{
    struct sedf_pcpu *pc = &PRIV(s)->pcpu[v->processor];
    struct sedf_vcpu *sv = SV(v);

    if (sv->where == Q_RUNQ) {
        dequeue(pc, sv);
        sv->budget = 0;
        enqueue(pc, sv);
    } else if (pc->curr == v) {
        sv->yielded = true;               /* charge() drops the budget */
    }
}

/* How long the next EDF or slack run may last: until the first waiting
 * period begins, when an earlier deadline may arrive. */
static s_time_t bound_by_waitq(const struct sedf_pcpu *pc, s_time_t end)
{
    const struct sedf_vcpu *w = heap_min(&pc->waitq);

    return w ? MIN(end, w->deadline) : end;
}

static struct sched_decision sedf_do_schedule(struct scheduler *s, unsigned int cpu,
                                              struct vcpu *prev, s_time_t now)
{
    struct sedf_pcpu *pc = &PRIV(s)->pcpu[cpu];
    struct sched_decision d = { .next = s->idle[cpu], .slice = -1 };
    struct sedf_vcpu *sv;
    s_time_t end;

    if (!prev->is_idle && SV(prev)) {
        sv = SV(prev);
        charge(sv, now);
        if (vcpu_runnable(prev) && sv->where == Q_NONE && !sv->on_extraq)
            enqueue(pc, sv);
    }
    release_waiting(pc, now);
    catch_misses(pc, now);
    if ((sv = heap_min(&pc->runq))) {
        dequeue(pc, sv);
        sv->extra_run = false;
        end = bound_by_waitq(pc, now + sv->budget);
    } else if (!list_empty(&pc->extraq)) {
        sv = list_first_entry(&pc->extraq, struct sedf_vcpu, extra_node);
        extraq_del(sv);                   /* it rejoins the tail afterwards */
        sv->extra_run = true;
        end = bound_by_waitq(pc, now + SEDF_EXTRA_QUANTUM);
    } else {
        const struct sedf_vcpu *w = heap_min(&pc->waitq);

        if (w)
            d.slice = MAX(w->deadline - now, SEDF_MIN_RUN);
        pc->curr = d.next;
        return d;
    }
    /* A VCPU on the waitq stays there while it runs in slack time. */
    if (sv->where == Q_WAITQ) {
        heap_remove(&pc->waitq, sv);
        sv->where = Q_NONE;
    }
    sv->run_start = now;
    d = (struct sched_decision){ sv->v, MAX(end - now, SEDF_MIN_RUN) };
    pc->curr = d.next;
    return d;
}

/* ---- parameters ---- */

struct sedf_params {
    s_time_t period, slice, latency;
    bool extratime;
    uint32_t weight;
};

static int check_params(const struct xen_domctl_sched_sedf *in, struct sedf_params *p)
{
    p->extratime = in->extratime & 1;
    p->weight = in->weight;
    p->latency = (s_time_t)MIN(in->latency, (uint64_t)SEDF_PERIOD_MAX);
    if (in->weight && (in->period || in->slice))
        return -EINVAL;                   /* weight excludes period/slice, as xl */
    if (in->weight || (!in->period && !in->slice)) {
        p->period = SEDF_DEFAULT_PERIOD;  /* best effort */
        p->slice = 0;
        return p->extratime ? 0 : -EINVAL;
    }
    if (in->period < (uint64_t)SEDF_PERIOD_MIN || in->period > (uint64_t)SEDF_PERIOD_MAX)
        return -EINVAL;
    if (in->slice > in->period || (in->slice && in->slice < (uint64_t)SEDF_SLICE_MIN))
        return -EINVAL;
    if (!in->slice && !p->extratime)
        return -EINVAL;                   /* it would never run */
    p->period = (s_time_t)in->period;
    p->slice = (s_time_t)in->slice;
    return 0;
}

static uint64_t util_of(s_time_t slice, s_time_t period)
{
    return (uint64_t)(((unsigned __int128)(uint64_t)slice << 32) / (uint64_t)period);
}

/* Would every pCPU still have utilisation <= 1 with d's VCPUs at p? */
static bool admissible(struct sedf_priv *prv, const struct domain *d, const struct sedf_params *p)
{
    uint64_t util[NR_CPUS];
    uint64_t u = util_of(p->slice, p->period);

    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        util[cpu] = prv->pcpu[cpu].util;
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v || !SV(v))
            continue;
        util[v->processor] += u - SV(v)->util;
        if (util[v->processor] > UTIL_ONE)
            return false;
    }
    return true;
}

static void apply_params(struct scheduler *s, struct vcpu *v, const struct sedf_params *p,
                         s_time_t now)
{
    struct sedf_pcpu *pc = &PRIV(s)->pcpu[v->processor];
    struct sedf_vcpu *sv = SV(v);
    bool queued = sv->where != Q_NONE || sv->on_extraq;

    if (queued)
        dequeue(pc, sv);
    pc->util += util_of(p->slice, p->period) - sv->util;
    sv->util = util_of(p->slice, p->period);
    sv->period = p->period;
    sv->slice = p->slice;
    sv->latency = p->latency;
    sv->extratime = p->extratime;
    sv->weight = p->weight;
    new_period(sv, now);
    if (pc->curr == v) {
        sv->run_start = now;              /* the new period starts fresh */
        sv->extra_run = !sv->slice;
    }
    if (queued)
        enqueue(pc, sv);
    if (pc->curr == v || queued)
        s->tickle(v->processor);
}

static int sedf_adjust(struct scheduler *s, struct domain *d,
                       struct xen_domctl_scheduler_op *op, s_time_t now)
{
    struct sedf_priv *prv = PRIV(s);
    struct sedf_params p;
    int rc;

    if (!d->vcpu[0] || !SV(d->vcpu[0]))
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        const struct sedf_vcpu *sv = SV(d->vcpu[0]);

        op->u.sedf.period = (uint64_t)sv->period;
        op->u.sedf.slice = (uint64_t)sv->slice;
        op->u.sedf.latency = (uint64_t)sv->latency;
        op->u.sedf.extratime = sv->extratime;
        op->u.sedf.weight = sv->weight;
        return 0;
    }
    rc = check_params(&op->u.sedf, &p);
    if (rc)
        return rc;
    if (!admissible(prv, d, &p))
        return -EINVAL;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && SV(d->vcpu[i]))
            apply_params(s, d->vcpu[i], &p, now);
    return 0;
}

/* One line per VCPU, built whole. */
static void sedf_dump(struct scheduler *s)
{
    struct sedf_priv *prv = PRIV(s);

    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        struct sedf_pcpu *pc = &prv->pcpu[cpu];

        printk("sedf: cpu%u: utilisation %llu/1000, %u on runq, %u waiting\n", cpu,
               (unsigned long long)((pc->util * 1000) >> 32), pc->runq.n, pc->waitq.n);
    }
}

uint64_t sedf_vcpu_misses(const struct vcpu *v)
{
    return SV(v) ? SV(v)->misses : 0;
}

const struct scheduler_ops sched_sedf_ops = {
    .name = "Simple EDF Scheduler",
    .opt_name = "sedf",
    .sched_id = XEN_SCHEDULER_SEDF,
    .init = sedf_init,
    .insert_vcpu = sedf_insert_vcpu,
    .remove_vcpu = sedf_remove_vcpu,
    .sleep = sedf_sleep,
    .wake = sedf_wake,
    .yield = sedf_yield,
    .do_schedule = sedf_do_schedule,
    .dump = sedf_dump,
    .adjust = sedf_adjust,
};
