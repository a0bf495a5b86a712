/*
 * multicall: run a list of hypercalls in one guest entry (Xen's model).
 *
 * Each entry's op and args[0..4] go through the ordinary dispatch
 * (do_hypercall), exactly as if the guest had issued them one by one; its
 * return value is written to that entry's `result` and nothing else is
 * written back.  The multicall itself returns 0, or -EFAULT when the list
 * cannot be read or a result cannot be written (the entries before it have
 * run).  A multicall issued from inside a multicall is refused with
 * -EINVAL, which becomes that entry's result; the outer list goes on.
 *
 * Continuations.  Between two entries (never before the first, so every
 * issue makes progress) the hypervisor may hand the CPU back: it points
 * the call at the next entry and the remaining count and returns -ERESTART,
 * so the guest re-issues it transparently.  An entry that itself asks for a
 * continuation (its handler returned -ERESTART with its arguments updated)
 * is written back whole with those arguments, and the multicall is
 * continued from that entry: the sub-call resumes where it stopped.
 *
 * No rvxen hypercall changes the guest's privilege mode (Xen's XSA-213
 * case, an iret inside a multicall), so no entry ends the list early; a
 * domain that shut itself down stops at the next entry boundary.
 *
 * Locking: none.  The in-multicall flag is per CPU: a hypercall runs to
 * completion (or to its continuation) on the CPU it entered on, and nothing
 * else runs there meanwhile.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/timer.h>
#include <hv/arch/cpu.h>
#include <public/xen.h>

static bool in_multicall[NR_CPUS];

/* Stop the list and continue it from `list` with `left` entries. */
static long continue_at(unsigned long args[], uint64_t list, uint32_t left)
{
    args[0] = list;
    args[1] = left;
    return -ERESTART;
}

/* One entry at guest address `at`: 1 to go on, 0 if it must be continued
 * from this entry, or -EFAULT. */
static int run_entry(struct vcpu *curr, uint64_t at)
{
    struct multicall_entry e;
    unsigned long a[HYPERCALL_NR_ARGS];
    long ret;

    if (copy_from_guest(&e, at, sizeof(e)))
        return -EFAULT;
    for (unsigned int i = 0; i < HYPERCALL_NR_ARGS; i++)
        a[i] = e.args[i];
    ret = do_hypercall(curr, e.op, a);
    if (ret == -ERESTART) {
        for (unsigned int i = 0; i < HYPERCALL_NR_ARGS; i++)
            e.args[i] = a[i];
        return copy_to_guest(at, &e, sizeof(e)) ? -EFAULT : 0;
    }
    e.result = (xen_ulong_t)ret;
    if (copy_to_guest(at + offsetof(struct multicall_entry, result), &e.result,
                      sizeof(e.result)))
        return -EFAULT;
    return 1;
}

static long run_list(struct vcpu *curr, unsigned long args[], uint64_t list, uint32_t nr)
{
    s_time_t start = NOW();

    for (uint32_t i = 0; i < nr; i++, list += sizeof(struct multicall_entry)) {
        int rc;

        if (i && (curr->domain->is_shutting_down || hypercall_preempt_check(start)))
            return curr->domain->is_shutting_down ? 0 : continue_at(args, list, nr - i);
        rc = run_entry(curr, list);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return continue_at(args, list, nr - i);
    }
    return 0;
}

long do_multicall(struct vcpu *curr, unsigned long args[])
{
    unsigned int cpu = smp_processor_id();
    uint64_t list = args[0];
    uint32_t nr = (uint32_t)args[1];    /* Xen's uint32_t nr_calls */
    long rc;

    if (in_multicall[cpu])
        return -EINVAL;
    if (!guest_handle_okay(list, nr, sizeof(struct multicall_entry)))
        return -EFAULT;
    in_multicall[cpu] = true;
    rc = run_list(curr, args, list, nr);
    in_multicall[cpu] = false;
    return rc;
}
