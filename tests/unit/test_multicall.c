/*
 * core/multicall.c on the host, with a hypercall table of fake handlers
 * and guest memory simulated by a host buffer seen by the "guest" at
 * GUEST_BASE (an Sv39 address); the page at guest address `bad_page`
 * faults.  The preemption check is
 * scripted (preempt_after: the check says yes after that many calls).
 * A continuation is exercised the way the arch layer does it: -ERESTART
 * means "issue the same call again with args[] as updated".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/guest_access.h>
#include <hv/hypercall.h>
#include <public/xen.h>

#define OP_ADD      1   /* result args[0] + args[1] */
#define OP_SLOW     2   /* counts args[0] down by one per issue, then 42 */
#define OP_LOG      3   /* appends args[0] to a log, returns -args[0] */

#define GUEST_BASE 0x40000000UL
static uint8_t guest_mem[4 * 4096] __attribute__((aligned(4096)));
static uintptr_t bad_page;

/* The guest address of a host object inside guest_mem, and back. */
static uint64_t gva(const void *p) { return GUEST_BASE + (uint64_t)((const uint8_t *)p - guest_mem); }
static void *hva(uint64_t g) { return guest_mem + (g - GUEST_BASE); }
static bool in_guest(uint64_t g, size_t len)
{
    return g >= GUEST_BASE && g - GUEST_BASE <= sizeof(guest_mem) &&
           len <= sizeof(guest_mem) - (g - GUEST_BASE);
}
static long log_[64];
static unsigned int nlog, preempt_checks, preempt_after;
static struct domain dom;
static struct vcpu vc;

static long fake_add(struct vcpu *c, unsigned long a[]) { return (long)(a[0] + a[1]); }
static long fake_slow(struct vcpu *c, unsigned long a[])
{
    if (a[0] == 0)
        return 42;
    a[0]--;
    return -ERESTART;
}
static long fake_log(struct vcpu *c, unsigned long a[])
{
    log_[nlog++] = (long)a[0];
    return -(long)a[0];
}

const hypercall_fn_t hypercall_table[NR_HYPERCALLS] = {
    [OP_ADD] = fake_add, [OP_SLOW] = fake_slow, [OP_LOG] = fake_log,
    [__HYPERVISOR_multicall] = do_multicall,
};

s_time_t NOW(void)
{
    return 0;
}

bool hypercall_preempt_check(s_time_t start)
{
    return ++preempt_checks > preempt_after;
}

static bool faults(uint64_t g, size_t len)
{
    return !in_guest(g, len) || (bad_page && g + len > bad_page && g < bad_page + 4096);
}

size_t arch_copy_from_guest(void *dst, uint64_t g, size_t len)
{
    if (faults(g, len))
        return len;
    memcpy(dst, hva(g), len);
    return 0;
}

size_t arch_copy_to_guest(uint64_t g, const void *src, size_t len)
{
    if (faults(g, len))
        return len;
    memcpy(hva(g), src, len);
    return 0;
}

/* Issue multicall(list, nr) until it stops asking for a continuation;
 * *issues counts the issues. */
static long issue(multicall_entry_t *list, unsigned long nr, unsigned int *issues)
{
    unsigned long args[HYPERCALL_NR_ARGS] = { gva(list), nr };
    long rc;

    *issues = 0;
    do {
        preempt_checks = 0;
        rc = do_hypercall(&vc, __HYPERVISOR_multicall, args);
        (*issues)++;
    } while (rc == -ERESTART && *issues < 1000);
    return rc;
}

static void entry(multicall_entry_t *e, unsigned long op, unsigned long a0, unsigned long a1)
{
    memset(e, 0xee, sizeof(*e));
    e->op = op;
    e->args[0] = a0;
    e->args[1] = a1;
}

static int setup(void **state)
{
    memset(&dom, 0, sizeof(dom));
    memset(&vc, 0, sizeof(vc));
    vc.domain = &dom;
    bad_page = 0;
    nlog = 0;
    preempt_after = 1000;
    return 0;
}

static void results_in_order(void **state)
{
    multicall_entry_t *mc = (multicall_entry_t *)guest_mem;
    unsigned int n;

    entry(&mc[0], OP_ADD, 2, 3);
    entry(&mc[1], OP_LOG, 7, 0);
    entry(&mc[2], 40, 0, 0);            /* no handler */
    entry(&mc[3], 1UL << 40, 0, 0);     /* beyond the table */
    assert_int_equal(issue(mc, 4, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(mc[0].result, 5);
    assert_int_equal((long)mc[1].result, -7);
    assert_int_equal((long)mc[2].result, -ENOSYS);
    assert_int_equal((long)mc[3].result, -ENOSYS);
    assert_int_equal(mc[1].args[0], 7);    /* only result written */
}

static void nested_is_einval(void **state)
{
    multicall_entry_t *inner = (multicall_entry_t *)guest_mem, *outer = inner + 1;
    unsigned int n;

    entry(&inner[0], OP_LOG, 1, 0);
    entry(&outer[0], OP_LOG, 2, 0);
    entry(&outer[1], __HYPERVISOR_multicall, gva(inner), 1);
    entry(&outer[2], OP_LOG, 3, 0);
    assert_int_equal(issue(outer, 3, &n), 0);
    assert_int_equal((long)outer[1].result, -EINVAL);
    assert_int_equal(nlog, 2);
    assert_int_equal(log_[0], 2);
    assert_int_equal(log_[1], 3);
    entry(&inner[0], OP_LOG, 4, 0);     /* the flag was cleared */
    assert_int_equal(issue(inner, 1, &n), 0);
    assert_int_equal((long)inner[0].result, -4);
}

/* Preempted between entries: every entry runs exactly once. */
static void preempted_list_runs_each_once(void **state)
{
    multicall_entry_t *mc = (multicall_entry_t *)guest_mem;
    unsigned int n;

    for (unsigned int i = 0; i < 10; i++)
        entry(&mc[i], OP_LOG, i, 0);
    preempt_after = 2;                  /* 3 entries per issue */
    assert_int_equal(issue(mc, 10, &n), 0);
    assert_int_equal(n, 4);
    assert_int_equal(nlog, 10);
    for (unsigned int i = 0; i < 10; i++)
        assert_int_equal(log_[i], i);
}

/* A sub-call continuation: the entry is written back with its updated
 * arguments and resumed; the list continues after it completes. */
static void sub_call_continuation(void **state)
{
    multicall_entry_t *mc = (multicall_entry_t *)guest_mem;
    unsigned int n;

    entry(&mc[0], OP_LOG, 1, 0);
    entry(&mc[1], OP_SLOW, 5, 0);
    entry(&mc[2], OP_LOG, 2, 0);
    assert_int_equal(issue(mc, 3, &n), 0);
    assert_int_equal(n, 6);             /* 5 continuations of the slow entry */
    assert_int_equal(mc[1].result, 42);
    assert_int_equal(mc[1].args[0], 0);
    assert_int_equal(nlog, 2);
}

static void faults_are_efault(void **state)
{
    multicall_entry_t *mc = (multicall_entry_t *)guest_mem;
    multicall_entry_t *last = &mc[4096 / sizeof(multicall_entry_t) - 1];
    unsigned int n;

    entry(last, OP_LOG, 9, 0);
    bad_page = gva(mc) + 4096;
    assert_int_equal(issue(last, 2, &n), -EFAULT);   /* second entry unreadable */
    assert_int_equal(nlog, 1);
    assert_int_equal((long)last->result, -9);
    bad_page = gva(mc);
    assert_int_equal(issue(mc, 1, &n), -EFAULT);
    assert_int_equal(nlog, 1);
    /* A count running past the address space: nothing runs. */
    bad_page = 0;
    entry(&mc[0], OP_LOG, 5, 0);
    assert_int_equal(issue(mc, 0xffffffffUL, &n), -EFAULT);
    assert_int_equal(nlog, 1);
    /* Upper bits of nr ignored. */
    assert_int_equal(issue(mc, (1UL << 32) | 1, &n), 0);
    assert_int_equal(nlog, 2);
}

static void shutting_down_stops(void **state)
{
    multicall_entry_t *mc = (multicall_entry_t *)guest_mem;
    unsigned int n;

    for (unsigned int i = 0; i < 3; i++)
        entry(&mc[i], OP_LOG, i, 0);
    dom.is_shutting_down = true;
    assert_int_equal(issue(mc, 3, &n), 0);
    assert_int_equal(nlog, 1);          /* the first runs, then it stops */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(results_in_order, setup),
        cmocka_unit_test_setup(nested_is_einval, setup),
        cmocka_unit_test_setup(preempted_list_runs_each_once, setup),
        cmocka_unit_test_setup(sub_call_continuation, setup),
        cmocka_unit_test_setup(faults_are_efault, setup),
        cmocka_unit_test_setup(shutting_down_stops, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
