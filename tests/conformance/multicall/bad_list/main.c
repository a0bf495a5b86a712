/*
 * Hostile lists.  A list the hypervisor cannot read, or whose results it
 * cannot write, is -EFAULT; a count that would run the list off the end of
 * the address space is refused before any entry runs (Xen's
 * guest_handle_okay), so a hostile count costs nothing.  An entry that was
 * read and run before the fault keeps its effect and its result, exactly
 * as Xen defines it.
 */
#include <public/event_channel.h>
#include "../../lib/multicall.h"
#include "../../lib/health.h"
#include "../../lib/test.h"

static multicall_entry_t mc[2];
static struct evtchn_alloc_unbound au = { .dom = DOMID_SELF, .remote_dom = 0 };

static const multicall_entry_t ro_list[1] = {
    { .op = __HYPERVISOR_event_channel_op, .result = MC_UNTOUCHED,
      .args = { EVTCHNOP_alloc_unbound, (unsigned long)&au } },
};

static long free_port_probe(void)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };
    struct evtchn_close cl;
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    if (rc)
        return rc;
    cl.port = a.port;
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
    return a.port;
}

/* Unmapped and non-canonical list pointers: -EFAULT. */
static void unreadable_list(void)
{
    EXPECT_EQ(HYPERVISOR_multicall((void *)UNMAPPED_VA, 1), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_multicall((void *)NONCANONICAL_VA, 1), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_multicall((void *)~0UL, 1), -XEN_EFAULT);
}

/* nr = 2^32 - 1 over a real list: -EFAULT with no entry run. */
static void hostile_count(void)
{
    long before = free_port_probe();

    mc_set(&mc[0], __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
           (unsigned long)&au, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 0xffffffffUL), -XEN_EFAULT);
    EXPECT_EQ_HEX(mc[0].result, MC_UNTOUCHED);
    EXPECT_EQ(free_port_probe(), before);
    /* A list reaching exactly to the top of the lower half is still fine to
     * describe, but one byte more is not. */
    EXPECT_EQ(HYPERVISOR_multicall((void *)((1UL << 38) - 64), 1), -XEN_EFAULT);
    EXPECT_EQ(HYPERVISOR_multicall((void *)((1UL << 38) - 64), 2), -XEN_EFAULT);
}

/* A read-only list: the entry runs (a port is allocated) but its result
 * cannot be written back: -EFAULT. */
static void read_only_list(void)
{
    struct evtchn_close cl;

    au.port = 0;
    EXPECT_EQ(HYPERVISOR_multicall((multicall_entry_t *)ro_list, 1), -XEN_EFAULT);
    EXPECT_EQ_HEX(ro_list[0].result, MC_UNTOUCHED);
    if (!EXPECT_NE(au.port, 0))
        return;
    cl.port = au.port;
    EXPECT_EQ(HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl), 0);
}

/* A list whose second entry lies on an unmapped page: the first runs and
 * gets its result, then -EFAULT. */
static void list_runs_off_mapped_memory(void)
{
    unsigned long end = (unsigned long)shared_info + PAGE_SIZE;
    multicall_entry_t *e = (multicall_entry_t *)(end - sizeof(*e));

    mc_set(e, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(e, 2), -XEN_EFAULT);
    EXPECT_EQ(e->result, HYPERVISOR_xen_version(XENVER_version, NULL));
}

/* Afterwards the domain is fine: a normal multicall works. */
static void still_works(void)
{
    mc_set(&mc[0], __HYPERVISOR_xen_version, XENVER_version, 0, 0);
    EXPECT_EQ(HYPERVISOR_multicall(mc, 1), 0);
    EXPECT_EQ(mc[0].result, HYPERVISOR_xen_version(XENVER_version, NULL));
}

static const struct test tests[] = {
    /* baselines: own tot_pages (and, as dom0, the machine's free memory). */
    TEST(health_begin),
    /* Unmapped, non-canonical and all-ones list pointers: -EFAULT. */
    TEST(unreadable_list),
    /* A count running past the address space: -EFAULT before any entry runs. */
    TEST(hostile_count),
    /* A read-only list: the entry's effect happens, its result cannot be written: -EFAULT. */
    TEST(read_only_list),
    /* A list running onto an unmapped page: the entries before it complete, then -EFAULT. */
    TEST(list_runs_off_mapped_memory),
    /* The domain still makes multicalls. */
    TEST(still_works),
    /* unharmed: tot_pages back (as dom0: free memory back, peers fine). */
    TEST(health_end),
};

int main(void)
{
    return run_tests("multicall/bad_list", tests, ARRAY_SIZE(tests));
}
