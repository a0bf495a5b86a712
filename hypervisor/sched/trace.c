/*
 * The scheduling trace: which VCPU ran on which pCPU, from when to when,
 * and why it stopped, for the last SCHED_TRACE_LEN runs of each pCPU.
 *
 * sched/core.c records one entry each time a VCPU is switched out (the
 * idle VCPU is not recorded: the gaps are idle time).  The ring is dumped
 * to the console by sched_trace_dump() (debug key 'r', XEN_SYSCTL_
 * debug_keys from dom0), one line a run, oldest first:
 *
 *   sched-trace: cpu C dD vV START END REASON
 *
 * with START and END in ns of system time and REASON blocked, preempted
 * (still runnable: its slice ended, or something outranked it), yield,
 * or offline (down, paused or shutting down); a last line per pCPU gives
 * the run in progress (running, END = now).  scripts/sched-trace.py
 * turns a console log with such lines into a PNG timeline.
 *
 * Locking: trace[cpu] belongs to the core's lock of that pCPU, held by
 * every caller of sched_trace_record(); the dump copies a ring under it
 * and prints outside it.
 */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/lib.h>
#include <hv/sched.h>
#include <hv/spinlock.h>
#include <hv/timer.h>
#include <hv/arch/time.h>

struct trace_ring {
    struct sched_trace_entry e[SCHED_TRACE_LEN];
    unsigned int next;                 /* total entries ever written */
};

static struct trace_ring trace[NR_CPUS];

static const char *const reason_names[] = {
    [SCHED_STOP_BLOCKED] = "blocked", [SCHED_STOP_PREEMPTED] = "preempted",
    [SCHED_STOP_YIELD] = "yield",     [SCHED_STOP_OFFLINE] = "offline",
    [SCHED_STOP_RUNNING] = "running",
};

void sched_trace_record(unsigned int cpu, const struct sched_trace_entry *e)
{
    struct trace_ring *r = &trace[cpu];

    r->e[r->next % SCHED_TRACE_LEN] = *e;
    r->next++;
}

unsigned int sched_trace_copy(unsigned int cpu, struct sched_trace_entry *out)
{
    const struct trace_ring *r = &trace[cpu];
    unsigned int n = MIN(r->next, (unsigned int)SCHED_TRACE_LEN);
    unsigned int first = r->next - n;

    for (unsigned int i = 0; i < n; i++)
        out[i] = r->e[(first + i) % SCHED_TRACE_LEN];
    return n;
}

/*
 * Print every CPU's ring, oldest first, then the run in progress on it
 * (reason "running", END = now).  curr[cpu] and the rings are read under
 * each CPU's lock; printing happens outside it.
 */
void sched_trace_dump(unsigned int nr_cpus, spinlock_t *locks, struct vcpu *const *curr)
{
    static struct sched_trace_entry copy[SCHED_TRACE_LEN + 1];
    static spinlock_t dump_lock = SPIN_LOCK_UNLOCKED;
    unsigned long outer = spin_lock_irqsave(&dump_lock);

    for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
        unsigned long flags = spin_lock_irqsave(&locks[cpu]);
        unsigned int n = sched_trace_copy(cpu, copy);
        const struct vcpu *v = curr[cpu];

        if (!v->is_idle)
            copy[n++] = (struct sched_trace_entry){
                .start = v->runstate_entry, .end = arch_now(), .domid = v->domain->domain_id,
                .vcpu = (uint8_t)v->vcpu_id, .reason = SCHED_STOP_RUNNING,
            };
        spin_unlock_irqrestore(&locks[cpu], flags);
        for (unsigned int i = 0; i < n; i++)
            printk("sched-trace: cpu %u d%u v%u %lld %lld %s\n", cpu, copy[i].domid,
                   copy[i].vcpu, (long long)copy[i].start, (long long)copy[i].end,
                   copy[i].reason < ARRAY_SIZE(reason_names) ? reason_names[copy[i].reason]
                                                             : "?");
    }
    spin_unlock_irqrestore(&dump_lock, outer);
}
