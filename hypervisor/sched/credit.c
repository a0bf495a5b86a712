/*
 * Credit: Xen's proportional fair-share scheduler (credit1), behind
 * struct scheduler_ops.
 *
 * Model.  Each domain has a weight (1..65535, default 256) and a cap (per
 * cent of one pCPU, 0 = none).  Every accounting period (one time slice,
 * 30 ms by default) the period's CPU time, nr_cpus x tslice, is handed out
 * as credit to the *active* VCPUs (those that ran recently) in proportion
 * to their domain's weight; weights count once per active VCPU, as in Xen
 * since 4.1.  A running VCPU burns credit at the rate it runs.  Credit is
 * kept in nanoseconds of CPU time, so charging is exact and no remainder
 * or rounding is carried (Xen counts 10 credits per ms and rounds shares
 * up; the observable semantics are the same, 1 Xen credit = 100 us here).
 *
 * Priorities: BOOST (woke while UNDER) > UNDER (credit >= 0) > OVER
 * (credit < 0) > IDLE.  Each pCPU has three FIFO run queues, one per
 * priority, so insertion and picking are O(1); a VCPU goes behind every
 * VCPU of its priority, which is Xen's order without its O(n) list walk.
 * Accounting changes credits only; each pCPU re-files its queued VCPUs
 * (and its running one) by their new priority at its next decision (Xen's
 * "re-sort at the next tick"), seen through the sort generation counter.
 * Between accountings a priority changes on wake (BOOST or not), when
 * BOOST ends, and when an UNDER VCPU has used up its credit while other
 * UNDER VCPUs wait: it then becomes OVER and gives way.  Otherwise, as in
 * Xen, a VCPU that went below zero keeps UNDER until the next accounting,
 * so OVER VCPUs (deep in debt, like a weight-1 VCPU) do not get a slice
 * each time a heavy VCPU dips just below zero.
 *
 * Xen adds last period's negative balance to the credit handed out, to
 * pay back what rounding lost; charging here is exact, and the balance is
 * negative mostly because of VCPUs held at the debt floor (a weight-1
 * VCPU), whose debt would then be paid to everyone: so it is not done.
 *
 * Bounds: credit is clipped at -tslice (one slice of debt); a VCPU with
 * more than +tslice leaves the active set and its credit is halved.  A
 * VCPU found blocked at accounting with more than a tick of credit also
 * leaves the active set (keeping its credit), so that sleepers do not hold
 * a weighted part of every period they cannot burn while CPU-bound VCPUs
 * go OVER: a departure from Xen, whose credit1 hands such VCPUs their
 * share until they reach +tslice (schedulers.md 1.11).  It rejoins the
 * set the next time it runs.
 *
 * Caps: a capped domain's income is at most cap% of a slice per period;
 * a VCPU whose credit falls below minus its share of that is parked
 * (taken off the run queue, want_park) at accounting, and unparked when
 * accounting brings its credit back to zero or more.
 *
 * Decisions: the running VCPU is charged; it keeps the pCPU while its
 * slice lasts and nothing of strictly higher priority waits, and always
 * for at least sched_ratelimit_us after it was switched in (unless it
 * yields or blocks).  A decision is due at the latest at the slice end,
 * the next 10 ms tick, the next accounting and, for an UNDER VCPU, when
 * its credit runs out (so that UNDER VCPUs get exactly their credit when
 * others wait: a departure from Xen, which notices only at the tick).
 *
 * Work stealing: a pCPU whose best local candidate is OVER, or that has
 * none, looks at the other pCPUs' queues (rotating start, trylock only,
 * at most once per ms when it has local work) and takes the best queued
 * VCPU that outranks its own candidate and whose state is saved.  On a
 * wake that does not preempt, one idle pCPU is tickled so it can steal.
 *
 * Known flaws of Xen's Credit (schedulers.md 1.5) and what this file does:
 * context-switch storms are bounded by sched_ratelimit_us; and against
 * "boosted VCPUs that then hold the core" (Bobtail) BOOST is given only to
 * a VCPU that wakes while UNDER (never on unpark or migration) and lasts at
 * most CSCHED_BOOST_NS of running, after which the VCPU goes behind the
 * other UNDER VCPUs, instead of until the next 10 ms tick.
 *
 * Locking: the core's lock of a pCPU (s->locks[cpu]) guards that pCPU's
 * struct csched_pcpu and the queue fields (pri, where, node, start, ...) of
 * every VCPU on it.  prv->lock guards the active lists, the weights and
 * caps, the totals and accounting; it nests inside a pCPU lock.  credit
 * and want_park are atomics: accounting writes them under prv->lock, the
 * VCPU's pCPU reads them and subtracts what it burns.  The boot options
 * are written with every pCPU lock held (adjust_global).
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/list.h>
#include <hv/sched.h>
#include <hv/timer.h>
#include <hv/xmalloc.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define CSCHED_DEFAULT_WEIGHT   256
#define CSCHED_TSLICE_MS        30
#define CSCHED_RATELIMIT_US     1000
#define CSCHED_MIN_TIMER        MICROSECS(100)
#define CSCHED_BOOST_NS         MILLISECS(1)
#define CSCHED_BALANCE_NS       MILLISECS(1)   /* load-balance ratelimit */
#define CSCHED_STEAL_DEPTH      8              /* queued VCPUs looked at per peer */

enum { PRI_BOOST, PRI_UNDER, PRI_OVER, PRI_IDLE, NR_QUEUES = PRI_IDLE };
enum { Q_NONE, Q_RUNQ, Q_PARKED };
/* Xen's numbers for the priorities, for the dump. */
static const int xen_pri[] = { 0, -1, -2, -64 };

struct csched_dom {
    struct domain *d;
    struct list_head active_node;     /* prv->lock: on prv->active_doms */
    struct list_head active_vcpus;    /* prv->lock */
    unsigned int nr_active;           /* prv->lock */
    uint16_t weight, cap;             /* prv->lock */
};

struct csched_vcpu {
    struct vcpu *v;
    struct csched_dom *sdom;
    struct list_head node;            /* cpu lock: on a run queue or parked */
    struct list_head active_node;     /* prv->lock: on sdom->active_vcpus */
    int64_t credit;                   /* atomic: ns of CPU time */
    s_time_t charged_to;              /* cpu lock: charged up to here while running */
    s_time_t run_start;               /* cpu lock: switched in at */
    uint8_t pri;                      /* cpu lock: PRI_* */
    uint8_t where;                    /* cpu lock: Q_* */
    bool yielded;                     /* cpu lock */
    bool active;                      /* prv->lock */
    bool want_park;                   /* atomic: set and cleared by accounting */
};

struct csched_pcpu {
    struct list_head runq[NR_QUEUES]; /* cpu lock */
    struct list_head parked;          /* cpu lock */
    unsigned int nr_queued;           /* cpu lock; read by stealers without it */
    unsigned int sort_gen;            /* cpu lock: accounting seen */
    s_time_t slice_end;               /* cpu lock */
    s_time_t last_balance;            /* cpu lock */
    struct vcpu *curr;                /* cpu lock: what do_schedule chose */
};

struct csched_priv {
    spinlock_t lock;
    struct list_head active_doms;     /* lock */
    uint64_t weight_total;            /* lock: sum of weight over active VCPUs */
    int64_t balance;                  /* lock: total credit after the last accounting */
    s_time_t next_acct;               /* lock; read without it as a hint */
    unsigned int sort_gen;            /* atomic: accountings done */
    unsigned long idle_mask;          /* atomic: pCPUs running their idle VCPU */
    unsigned int steal_rotor;         /* atomic */
    unsigned int tslice_ms, ratelimit_us;  /* every cpu lock */
    s_time_t tslice, tick, ratelimit;      /* every cpu lock */
    struct csched_pcpu pcpu[NR_CPUS];
};

static struct csched_priv *PRIV(const struct scheduler *s) { return s->priv; }
static struct csched_vcpu *CSV(const struct vcpu *v) { return v->sched_priv; }
static struct csched_dom *CSD(const struct domain *d) { return d->sched_priv; }

static int64_t credit_of(const struct csched_vcpu *sv)
{
    return __atomic_load_n(&sv->credit, __ATOMIC_RELAXED);
}

static uint8_t pri_of_credit(const struct csched_vcpu *sv)
{
    return credit_of(sv) >= 0 ? PRI_UNDER : PRI_OVER;
}

static bool want_park(const struct csched_vcpu *sv)
{
    return __atomic_load_n(&sv->want_park, __ATOMIC_RELAXED);
}

/* ---- run queues (cpu lock) ---- */

static void runq_add(struct csched_pcpu *pc, struct csched_vcpu *sv)
{
    list_add_tail(&sv->node, &pc->runq[sv->pri]);
    sv->where = Q_RUNQ;
    pc->nr_queued++;
}

static void park(struct csched_pcpu *pc, struct csched_vcpu *sv)
{
    list_add_tail(&sv->node, &pc->parked);
    sv->where = Q_PARKED;
}

static void dequeue(struct csched_pcpu *pc, struct csched_vcpu *sv)
{
    if (sv->where == Q_NONE)
        return;
    list_del(&sv->node);
    if (sv->where == Q_RUNQ)
        pc->nr_queued--;
    sv->where = Q_NONE;
}

/* File a runnable, not running VCPU: parked if accounting said so. */
static void file_vcpu(struct csched_pcpu *pc, struct csched_vcpu *sv)
{
    if (want_park(sv))
        park(pc, sv);
    else
        runq_add(pc, sv);
}

static struct csched_vcpu *runq_best(const struct csched_pcpu *pc)
{
    for (unsigned int p = 0; p < NR_QUEUES; p++)
        if (!list_empty(&pc->runq[p]))
            return list_first_entry(&pc->runq[p], struct csched_vcpu, node);
    return NULL;
}

static unsigned int best_pri(const struct csched_pcpu *pc)
{
    struct csched_vcpu *sv = runq_best(pc);

    return sv ? sv->pri : PRI_IDLE;
}

/* After an accounting: re-file queued VCPUs by their new credit, park and
 * unpark.  BOOST entries keep BOOST until they run. */
static void refile(struct csched_priv *prv, struct csched_pcpu *pc)
{
    struct list_head *pos, *n;

    for (unsigned int p = 0; p < NR_QUEUES; p++) {
        for (pos = pc->runq[p].next; pos != &pc->runq[p]; pos = n) {
            struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, node);
            uint8_t pri = p == PRI_BOOST ? PRI_BOOST : pri_of_credit(sv);

            n = pos->next;
            if (pri == p && !want_park(sv))
                continue;
            dequeue(pc, sv);
            sv->pri = pri;
            file_vcpu(pc, sv);
        }
    }
    for (pos = pc->parked.next; pos != &pc->parked; pos = n) {
        struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, node);

        n = pos->next;
        if (want_park(sv))
            continue;
        dequeue(pc, sv);
        sv->pri = pri_of_credit(sv);
        runq_add(pc, sv);
    }
    if (pc->curr && !pc->curr->is_idle && CSV(pc->curr)->pri != PRI_BOOST)
        CSV(pc->curr)->pri = pri_of_credit(CSV(pc->curr));
    pc->sort_gen = __atomic_load_n(&prv->sort_gen, __ATOMIC_ACQUIRE);
}

/* ---- the active set and accounting (prv->lock) ---- */

static void activate(struct csched_priv *prv, struct csched_vcpu *sv)
{
    struct csched_dom *sdom = sv->sdom;

    if (sv->active)
        return;
    if (!sdom->nr_active++)
        list_add_tail(&sdom->active_node, &prv->active_doms);
    list_add_tail(&sv->active_node, &sdom->active_vcpus);
    prv->weight_total += sdom->weight;
    sv->active = true;
}

static void deactivate(struct csched_priv *prv, struct csched_vcpu *sv)
{
    struct csched_dom *sdom = sv->sdom;

    if (!sv->active)
        return;
    list_del(&sv->active_node);
    prv->weight_total -= sdom->weight;
    sv->active = false;
    if (!--sdom->nr_active)
        list_del(&sdom->active_node);
}

/* What one domain receives this period: its weighted part of what is
 * left, but no more than its VCPUs can burn or its cap allows. */
static int64_t domain_share(const struct csched_priv *prv, const struct csched_dom *sdom,
                            int64_t credit_left, uint64_t weight_left, unsigned int nr_cpus,
                            bool *limited)
{
    uint64_t w = (uint64_t)sdom->weight * sdom->nr_active;
    int64_t fair = weight_left ? (int64_t)((uint64_t)credit_left * w / weight_left) : 0;
    int64_t peak = (int64_t)MIN(sdom->nr_active, nr_cpus) * prv->tslice;

    if (sdom->cap)
        peak = MIN(peak, prv->tslice * sdom->cap / 100);
    *limited = fair > peak;
    return MIN(fair, peak);
}

/* One VCPU's new credit: clip, park, unpark, leave the active set. */
static bool account_vcpu(struct csched_priv *prv, struct csched_vcpu *sv, int64_t share,
                         int64_t park_below)
{
    int64_t c = __atomic_add_fetch(&sv->credit, share, __ATOMIC_RELAXED);
    bool was_parked = want_park(sv), park_it = was_parked;

    if (c < 0) {
        if (sv->sdom->cap && c < -park_below)
            park_it = true;
        if (c < -prv->tslice)
            __atomic_store_n(&sv->credit, -prv->tslice, __ATOMIC_RELAXED);
    } else {
        park_it = false;
        if (c > prv->tslice) {
            deactivate(prv, sv);
            __atomic_store_n(&sv->credit, c / 2, __ATOMIC_RELAXED);
        }
    }
    __atomic_store_n(&sv->want_park, park_it, __ATOMIC_RELAXED);
    return park_it != was_parked;
}

/* Sleepers with more than a tick of credit leave the active set before
 * the period's credit is shared out. */
static void drop_sleepers(struct csched_priv *prv)
{
    struct list_head *dpos, *dn, *vpos, *vn;

    for (dpos = prv->active_doms.next; dpos != &prv->active_doms; dpos = dn) {
        struct csched_dom *sdom = list_entry(dpos, struct csched_dom, active_node);

        dn = dpos->next;
        for (vpos = sdom->active_vcpus.next; vpos != &sdom->active_vcpus; vpos = vn) {
            struct csched_vcpu *sv = list_entry(vpos, struct csched_vcpu, active_node);

            vn = vpos->next;
            if (credit_of(sv) > prv->tick && !vcpu_runnable(sv->v))
                deactivate(prv, sv);
        }
    }
}

static void account(struct scheduler *s, struct csched_priv *prv, s_time_t now)
{
    int64_t credit_left = prv->tslice * s->nr_cpus;
    uint64_t weight_left;
    unsigned long tickle = 0;
    struct list_head *dpos, *dn, *vpos, *vn;
    int64_t balance = 0;

    drop_sleepers(prv);
    weight_left = prv->weight_total;

    for (dpos = prv->active_doms.next; dpos != &prv->active_doms; dpos = dn) {
        struct csched_dom *sdom = list_entry(dpos, struct csched_dom, active_node);
        uint64_t w = (uint64_t)sdom->weight * sdom->nr_active;
        bool limited;
        int64_t share = domain_share(prv, sdom, credit_left, weight_left, s->nr_cpus,
                                     &limited);
        int64_t per_vcpu = share / sdom->nr_active;
        int64_t park_below = sdom->cap ? prv->tslice * sdom->cap / 100 / sdom->nr_active : 0;

        dn = dpos->next;
        credit_left -= share;
        weight_left -= w;
        /* Held back by its cap or its VCPUs: what it leaves goes to the
         * domains after it; next period it is served first (as Xen). */
        if (limited) {
            list_del(&sdom->active_node);
            list_add(&sdom->active_node, &prv->active_doms);
        }
        for (vpos = sdom->active_vcpus.next; vpos != &sdom->active_vcpus; vpos = vn) {
            struct csched_vcpu *sv = list_entry(vpos, struct csched_vcpu, active_node);

            vn = vpos->next;
            if (account_vcpu(prv, sv, per_vcpu, park_below))
                tickle |= 1UL << __atomic_load_n(&sv->v->processor, __ATOMIC_RELAXED);
            balance += credit_of(sv);
        }
    }
    prv->balance = balance;
    prv->next_acct += prv->tslice;
    if (prv->next_acct <= now)
        prv->next_acct = now + prv->tslice;
    __atomic_add_fetch(&prv->sort_gen, 1, __ATOMIC_RELEASE);
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++)
        if (tickle & (1UL << cpu))
            s->tickle(cpu);
}

static void maybe_account(struct scheduler *s, struct csched_priv *prv, s_time_t now)
{
    if (now < __atomic_load_n(&prv->next_acct, __ATOMIC_RELAXED))
        return;
    spin_lock(&prv->lock);
    if (now >= prv->next_acct)
        account(s, prv, now);
    spin_unlock(&prv->lock);
}

/* Charge the running VCPU up to now; it rejoins the active set if it had
 * left it. */
static void charge(struct csched_priv *prv, struct csched_vcpu *sv, s_time_t now)
{
    s_time_t ran = now - sv->charged_to;

    if (ran > 0)
        __atomic_sub_fetch(&sv->credit, ran, __ATOMIC_RELAXED);
    sv->charged_to = now;
    if (!__atomic_load_n(&sv->active, __ATOMIC_RELAXED)) {
        spin_lock(&prv->lock);
        activate(prv, sv);
        spin_unlock(&prv->lock);
    }
}

/* ---- stealing ---- */

static struct csched_vcpu *steal_from(struct scheduler *s, struct csched_pcpu *peer,
                                      unsigned int below)
{
    for (unsigned int p = 0; p < below; p++) {
        struct list_head *pos;
        unsigned int looked = 0;

        list_for_each(pos, &peer->runq[p]) {
            struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, node);

            if (++looked > CSCHED_STEAL_DEPTH)
                break;
            if (!sv->yielded && !__atomic_load_n(&sv->v->context_busy, __ATOMIC_ACQUIRE))
                return sv;
        }
    }
    return NULL;
}

/* A queued VCPU from another pCPU that outranks `pri`, moved to cpu. */
static struct csched_vcpu *steal(struct scheduler *s, struct csched_priv *prv,
                                 unsigned int cpu, unsigned int pri)
{
    unsigned int start = __atomic_fetch_add(&prv->steal_rotor, 1, __ATOMIC_RELAXED);

    for (unsigned int i = 0; i < s->nr_cpus; i++) {
        unsigned int peer = (start + i) % s->nr_cpus;
        struct csched_pcpu *pp = &prv->pcpu[peer];
        struct csched_vcpu *sv;

        if (peer == cpu || !__atomic_load_n(&pp->nr_queued, __ATOMIC_RELAXED))
            continue;
        if (!spin_trylock(&s->locks[peer]))
            continue;
        sv = steal_from(s, pp, pri);
        if (sv) {
            dequeue(pp, sv);
            __atomic_store_n(&sv->v->processor, cpu, __ATOMIC_RELEASE);
        }
        spin_unlock(&s->locks[peer]);
        if (sv)
            return sv;
    }
    return NULL;
}

static void tickle_idle(struct scheduler *s, struct csched_priv *prv, unsigned int not_cpu)
{
    unsigned long mask = __atomic_load_n(&prv->idle_mask, __ATOMIC_RELAXED) & ~(1UL << not_cpu);

    while (mask) {
        unsigned int cpu = (unsigned int)__builtin_ctzl(mask);
        unsigned long bit = 1UL << cpu;

        /* Off the mask at once, so two wakers do not pick the same one. */
        if (__atomic_fetch_and(&prv->idle_mask, ~bit, __ATOMIC_RELAXED) & bit) {
            s->tickle(cpu);
            return;
        }
        mask &= ~bit;
    }
}

/* ---- the hooks ---- */

static void set_params(struct csched_priv *prv, unsigned int tslice_ms, unsigned int rl_us)
{
    prv->tslice_ms = tslice_ms;
    prv->ratelimit_us = rl_us;
    prv->tslice = MILLISECS(tslice_ms);
    prv->tick = tslice_ms >= 3 ? prv->tslice / 3 : prv->tslice;
    prv->ratelimit = MICROSECS(rl_us);
}

static bool params_ok(uint32_t tslice_ms, uint32_t rl_us)
{
    if (tslice_ms < 1 || tslice_ms > 1000)
        return false;
    if (rl_us && (rl_us < 100 || rl_us > 500000))
        return false;
    return MICROSECS((s_time_t)rl_us) <= MILLISECS((s_time_t)tslice_ms);
}

static int csched_init(struct scheduler *s, unsigned int nr_cpus)
{
    struct csched_priv *prv;
    unsigned int tslice = s->opt_tslice_ms ? s->opt_tslice_ms : CSCHED_TSLICE_MS;
    unsigned int rl = s->opt_ratelimit_set ? s->opt_ratelimit_us : CSCHED_RATELIMIT_US;

    if (nr_cpus == 0 || nr_cpus > NR_CPUS || nr_cpus > 8 * sizeof(unsigned long))
        return -EINVAL;
    if (!(prv = xzalloc(struct csched_priv)))
        return -ENOMEM;
    spin_lock_init(&prv->lock);
    list_init(&prv->active_doms);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        for (unsigned int p = 0; p < NR_QUEUES; p++)
            list_init(&prv->pcpu[cpu].runq[p]);
        list_init(&prv->pcpu[cpu].parked);
    }
    if (tslice > 1000)
        tslice = CSCHED_TSLICE_MS;
    if (rl && rl < 100)
        rl = 100;                          /* Xen's minimum */
    if (MICROSECS((s_time_t)rl) > MILLISECS((s_time_t)tslice))
        rl = tslice * 1000;                /* never longer than a slice */
    set_params(prv, tslice, rl);
    prv->next_acct = prv->tslice;
    prv->idle_mask = nr_cpus == 8 * sizeof(unsigned long) ? ~0UL : (1UL << nr_cpus) - 1;
    s->priv = prv;
    return 0;
}

static int csched_init_domain(struct scheduler *s, struct domain *d)
{
    struct csched_dom *sdom = xzalloc(struct csched_dom);

    if (!sdom)
        return -ENOMEM;
    sdom->d = d;
    sdom->weight = CSCHED_DEFAULT_WEIGHT;
    list_init(&sdom->active_vcpus);
    d->sched_priv = sdom;
    return 0;
}

static void csched_destroy_domain(struct scheduler *s, struct domain *d)
{
    xfree(d->sched_priv);
    d->sched_priv = NULL;
}

static int csched_insert_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct csched_vcpu *sv;

    if (v->processor >= s->nr_cpus || !CSD(v->domain))
        return -EINVAL;
    if (!(sv = xzalloc(struct csched_vcpu)))
        return -ENOMEM;
    sv->v = v;
    sv->sdom = CSD(v->domain);
    sv->pri = PRI_UNDER;
    list_init(&sv->node);
    list_init(&sv->active_node);
    v->sched_priv = sv;
    return 0;
}

static void csched_remove_vcpu(struct scheduler *s, struct vcpu *v)
{
    struct csched_priv *prv = PRIV(s);
    struct csched_vcpu *sv = CSV(v);

    if (!sv)
        return;
    dequeue(&prv->pcpu[v->processor], sv);
    if (prv->pcpu[v->processor].curr == v)
        prv->pcpu[v->processor].curr = NULL;
    spin_lock(&prv->lock);
    deactivate(prv, sv);
    spin_unlock(&prv->lock);
    xfree(sv);
    v->sched_priv = NULL;
}

static void csched_sleep(struct scheduler *s, struct vcpu *v)
{
    dequeue(&PRIV(s)->pcpu[v->processor], CSV(v));
}

static bool csched_wake(struct scheduler *s, struct vcpu *v)
{
    struct csched_priv *prv = PRIV(s);
    struct csched_pcpu *pc = &prv->pcpu[v->processor];
    struct csched_vcpu *sv = CSV(v);
    struct vcpu *curr = pc->curr;

    if (sv->where != Q_NONE || curr == v)
        return false;
    if (want_park(sv)) {
        park(pc, sv);
        return false;
    }
    /* BOOST only for a VCPU that wakes with credit left (Xen's rule). */
    sv->pri = pri_of_credit(sv) == PRI_UNDER ? PRI_BOOST : PRI_OVER;
    sv->yielded = false;
    runq_add(pc, sv);
    if (!curr || curr->is_idle || sv->pri < CSV(curr)->pri) {
        if (pc->nr_queued > 1)             /* more than this pCPU takes now */
            tickle_idle(s, prv, v->processor);
        return true;
    }
    tickle_idle(s, prv, v->processor);
    return false;
}

static void csched_yield(struct scheduler *s, struct vcpu *v)
{
    struct csched_pcpu *pc = &PRIV(s)->pcpu[v->processor];
    struct csched_vcpu *sv = CSV(v);

    sv->yielded = true;
    if (sv->where == Q_RUNQ) {
        dequeue(pc, sv);
        runq_add(pc, sv);
    }
}

/* Should prev keep the pCPU?  Fills *until with when to look again. */
static bool keep_running(struct csched_priv *prv, struct csched_pcpu *pc,
                         struct csched_vcpu *sv, s_time_t now, s_time_t *until)
{
    if (sv->yielded || want_park(sv))
        return false;
    if (prv->ratelimit && now - sv->run_start < prv->ratelimit) {
        *until = sv->run_start + prv->ratelimit;
        return true;
    }
    /* Its credit is used up and UNDER VCPUs wait: it is OVER from now. */
    if (sv->pri == PRI_UNDER && credit_of(sv) < 0 && !list_empty(&pc->runq[PRI_UNDER])) {
        sv->pri = PRI_OVER;
        return false;
    }
    if (now >= pc->slice_end || best_pri(pc) < sv->pri)
        return false;
    *until = pc->slice_end;
    return true;
}

/* How long `sv` may run from now before the next decision. */
static s_time_t run_limit(struct csched_priv *prv, struct csched_vcpu *sv, s_time_t now,
                          s_time_t until)
{
    s_time_t end = MIN(until, now + prv->tick);

    end = MIN(end, __atomic_load_n(&prv->next_acct, __ATOMIC_RELAXED));
    if (sv->pri == PRI_UNDER && credit_of(sv) >= 0)
        end = MIN(end, now + credit_of(sv));
    return MAX(end - now, CSCHED_MIN_TIMER);
}

/* The best candidate for cpu: local, or stolen when local is OVER or none. */
static struct csched_vcpu *pick(struct scheduler *s, struct csched_priv *prv,
                                unsigned int cpu, s_time_t now)
{
    struct csched_pcpu *pc = &prv->pcpu[cpu];
    struct csched_vcpu *sv = runq_best(pc), *stolen = NULL;

    if ((!sv || (sv->pri >= PRI_OVER && now - pc->last_balance >= CSCHED_BALANCE_NS)) &&
        s->nr_cpus > 1) {
        pc->last_balance = now;
        stolen = steal(s, prv, cpu, sv ? sv->pri : PRI_IDLE);
    }
    if (stolen)
        return stolen;
    if (sv)
        dequeue(pc, sv);
    return sv;
}

static struct sched_decision csched_do_schedule(struct scheduler *s, unsigned int cpu,
                                                struct vcpu *prev, s_time_t now)
{
    struct csched_priv *prv = PRIV(s);
    struct csched_pcpu *pc = &prv->pcpu[cpu];
    struct sched_decision d = { .next = s->idle[cpu], .slice = -1 };
    struct csched_vcpu *sv;
    s_time_t until;

    maybe_account(s, prv, now);
    if (pc->sort_gen != __atomic_load_n(&prv->sort_gen, __ATOMIC_ACQUIRE))
        refile(prv, pc);
    if (!prev->is_idle && CSV(prev)) {
        sv = CSV(prev);
        charge(prv, sv, now);
        if (vcpu_runnable(prev) && sv->where == Q_NONE) {
            if (keep_running(prv, pc, sv, now, &until)) {
                d = (struct sched_decision){ prev, run_limit(prv, sv, now, until) };
                pc->curr = prev;
                return d;
            }
            if (sv->pri == PRI_BOOST)      /* BOOST ends when it is switched out */
                sv->pri = pri_of_credit(sv);
            file_vcpu(pc, sv);
        }
    }
    sv = pick(s, prv, cpu, now);
    if (sv) {
        sv->run_start = sv->charged_to = now;
        sv->yielded = false;
        pc->slice_end = now + (sv->pri == PRI_BOOST ? CSCHED_BOOST_NS : prv->tslice);
        d = (struct sched_decision){ sv->v, run_limit(prv, sv, now, pc->slice_end) };
        __atomic_fetch_and(&prv->idle_mask, ~(1UL << cpu), __ATOMIC_RELAXED);
        if (pc->nr_queued)                 /* work left here: an idle pCPU may take it */
            tickle_idle(s, prv, cpu);
    } else {
        __atomic_fetch_or(&prv->idle_mask, 1UL << cpu, __ATOMIC_RELAXED);
        if (!list_empty(&pc->parked))      /* accounting will unpark them */
            d.slice = MAX(__atomic_load_n(&prv->next_acct, __ATOMIC_RELAXED) - now,
                          CSCHED_MIN_TIMER);
    }
    pc->curr = d.next;
    return d;
}

static int csched_adjust(struct scheduler *s, struct domain *d,
                         struct xen_domctl_scheduler_op *op, s_time_t now)
{
    struct csched_priv *prv = PRIV(s);
    struct csched_dom *sdom = CSD(d);
    uint16_t weight = op->u.credit.weight, cap = op->u.credit.cap;

    if (!sdom)
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        spin_lock(&prv->lock);
        op->u.credit.weight = sdom->weight;
        op->u.credit.cap = sdom->cap;
        spin_unlock(&prv->lock);
        return 0;
    }
    /* weight 0 and cap 0xFFFF leave the value as it is. */
    if (cap != 0xFFFF && cap > 100 * d->max_vcpus)
        return -EINVAL;
    spin_lock(&prv->lock);
    if (weight) {
        prv->weight_total += (uint64_t)sdom->nr_active * weight;
        prv->weight_total -= (uint64_t)sdom->nr_active * sdom->weight;
        sdom->weight = weight;
    }
    if (cap != 0xFFFF)
        sdom->cap = cap;
    spin_unlock(&prv->lock);
    return 0;
}

static int csched_adjust_global(struct scheduler *s, struct xen_sysctl_scheduler_op *op)
{
    struct csched_priv *prv = PRIV(s);
    struct xen_sysctl_credit_schedule *p = &op->u.sched_credit;

    if (op->cmd == XEN_SYSCTL_SCHEDOP_getinfo) {
        p->tslice_ms = prv->tslice_ms;
        p->ratelimit_us = prv->ratelimit_us;
        p->vcpu_migr_delay_us = 0;
        return 0;
    }
    if (!params_ok(p->tslice_ms, p->ratelimit_us) || p->vcpu_migr_delay_us > 100000)
        return -EINVAL;
    spin_lock(&prv->lock);
    set_params(prv, p->tslice_ms, p->ratelimit_us);
    spin_unlock(&prv->lock);
    return 0;
}

/* One line per pCPU and per domain, each built whole (printk prefixes). */
static void csched_dump(struct scheduler *s)
{
    struct csched_priv *prv = PRIV(s);
    struct list_head *pos;

    printk("credit: tslice %u ms, ratelimit %u us, total weight %llu, balance %lld\n",
           prv->tslice_ms, prv->ratelimit_us, (unsigned long long)prv->weight_total,
           (long long)(prv->balance / MICROSECS(100)));
    for (unsigned int cpu = 0; cpu < s->nr_cpus; cpu++) {
        struct csched_pcpu *pc = &prv->pcpu[cpu];
        char line[200];
        size_t n = (size_t)snprintf(line, sizeof(line), "credit: cpu%u: %u queued:",
                                    cpu, pc->nr_queued);

        for (unsigned int p = 0; p < NR_QUEUES; p++)
            list_for_each(pos, &pc->runq[p]) {
                struct csched_vcpu *sv = list_entry(pos, struct csched_vcpu, node);

                if (n < sizeof(line))
                    n += (size_t)snprintf(line + n, sizeof(line) - n, " d%uv%u(pri %d, %lld)",
                                          sv->v->domain->domain_id, sv->v->vcpu_id,
                                          xen_pri[p],
                                          (long long)(credit_of(sv) / MICROSECS(100)));
            }
        printk("%s\n", line);
    }
}

const struct scheduler_ops sched_credit_ops = {
    .name = "SMP Credit Scheduler",
    .opt_name = "credit",
    .sched_id = XEN_SCHEDULER_CREDIT,
    .init = csched_init,
    .insert_vcpu = csched_insert_vcpu,
    .remove_vcpu = csched_remove_vcpu,
    .sleep = csched_sleep,
    .wake = csched_wake,
    .yield = csched_yield,
    .do_schedule = csched_do_schedule,
    .dump = csched_dump,
    .init_domain = csched_init_domain,
    .destroy_domain = csched_destroy_domain,
    .adjust = csched_adjust,
    .adjust_global = csched_adjust_global,
};
